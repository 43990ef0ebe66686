"""Directory pages: find, create, edit, pause, retire, verify, import and export entries.

The form is drawn from the one description of an entry (referrals/fields.py): kinds of help,
counties, states, languages, the fee, the status and the time zone are chosen from lists, and the
form's cells go through the same check as a CSV row.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hotline import db
from hotline.accounts import audit
from hotline.conversation.engine import preview_listing
from hotline.i18n import LANGUAGES
from hotline.models import PendingImport, Referral
from hotline.referrals.csvfile import (
    COLUMNS,
    LIST_SEPARATOR,
    CsvError,
    ImportResult,
    as_cells,
    cell,
    check_row,
    plain,
    preview,
    read_rows,
    store,
    write_rows,
)
from hotline.referrals.directory import (
    area_tier,
    configured_max_age,
    listing_for,
    needs_review,
)
from hotline.referrals.fields import FIELDS, STAFF_LANGUAGES, column
from hotline.referrals.kinds import KINDS, STATUSES
from hotline.referrals.places import HOME_STATE, MASSACHUSETTS_COUNTIES
from hotline.segments import count_segments
from hotline.text import without_controls

from .translation import say
from .views import bp

# The one limit on an import, stated on the page and on the 413 page.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_LABEL = "2 MB"
# A previewed file waits this long for its importer to confirm it.
KEEP_PENDING = timedelta(hours=1)
# Fields the form does not offer: the verification is the signed-in user's, by a checkbox.
VERIFICATION = ("last_verified", "verified_by")


def _entry(entry_id: int) -> Referral:
    found = db.session().get(Referral, entry_id)
    if found is None:
        abort(404)
    return found


@bp.get("/referrals")
def referrals() -> str:
    args = request.args
    today = datetime.now(UTC).date()
    query = args.get("q", "").strip().casefold()
    county = args.get("county", "")
    entries = []
    for entry in db.session().scalars(select(Referral).order_by(Referral.organization)):
        if (
            query
            and query
            not in f"{entry.organization} {entry.service_name or ''} {entry.phone}".casefold()
        ):
            continue
        # The rule a text follows: the county, the whole state, or the whole country.
        if county in MASSACHUSETTS_COUNTIES and area_tier(entry, HOME_STATE, county) is None:
            continue
        if args.get("lang") and args["lang"] not in entry.languages:
            continue
        if args.get("kind") and args["kind"] not in entry.services:
            continue
        if args.get("status") and entry.status != args["status"]:
            continue
        if args.get("stale") and not needs_review(entry, today):
            continue
        entries.append(entry)
    return render_template(
        "admin/referrals.html", entries=entries, args=args, counties=MASSACHUSETTS_COUNTIES,
        languages=STAFF_LANGUAGES, kinds=KINDS, statuses=STATUSES, needs_review=needs_review,
        today=today,
    )  # fmt: skip


def _form_cells(entry: Referral | None) -> dict[str, str]:
    """The form as CSV cells: lists from their checkboxes, yes/no from checkboxes, the rest as typed.

    The verification is never typed: it is the entry's own, or today's by the signed-in user.
    """
    form = request.form
    cells = {name: form.get(name, "") for name in COLUMNS}
    for found in FIELDS:
        name = column(found)
        if found.kind in ("codes", "counties"):
            chosen = form.getlist(name)
            if found.kind == "counties":  # counties outside Massachusetts are typed
                chosen += [part.strip() for part in form.get("counties_other", "").split(";")]
            cells[name] = f"{LIST_SEPARATOR} ".join(part for part in chosen if part)
        elif found.kind == "bool":
            cells[name] = "yes" if form.get(name) else "no"
    kept = as_cells(entry) if entry is not None else {}
    for name in VERIFICATION:
        cells[name] = kept.get(name, "")
    if form.get("verified_now"):
        cells["last_verified"] = datetime.now(UTC).date().isoformat()
        cells["verified_by"] = current_user.email
    return cells


def _previews(cells: dict[str, str]) -> list[tuple[str, str, str, int]]:
    """How the entry reads in a text right now, per language: (code, name, line, segments).

    Built from the form as it stands (saved or not), with its hours, closed dates and languages,
    at the moment of viewing: what a family texting now would see.
    """
    row, _problems = check_row(cells)
    sample = Referral(
        id=0,
        organization=row["organization"] or "?",
        phone=row["phone"] or "?",
        hours=row.get("hours", ""),
        timezone=row["timezone"],
        closed_dates=row["closed_dates"],
        languages=row["languages"],
        interpretation=row["interpretation"],
        services=row["services"],
        last_verified=row["last_verified"],
        descriptions=row.get("descriptions") or {},
    )
    now = datetime.now(UTC)
    rows = []
    for code, name in LANGUAGES.items():
        line = preview_listing(listing_for(sample, code, now, _max_age_days()), code)
        rows.append((code, name, line, count_segments(line).count))
    return rows


def _max_age_days() -> int:
    return configured_max_age()


def _render_form(entry: Referral | None, cells: dict[str, str], problems: Sequence[str]) -> str:
    chosen = {column(found): {part.strip() for part in cells[column(found)].split(LIST_SEPARATOR)}
              for found in FIELDS if found.kind in ("codes", "counties")}  # fmt: skip
    home = f"{HOME_STATE}:"
    other_counties = [c for c in chosen["counties"] if c and not c.startswith(home)]
    return render_template(
        "admin/referral_form.html", entry=entry, cells=cells, problems=problems,
        previews=_previews(cells), fields=FIELDS, chosen=chosen, statuses=STATUSES,
        other_counties="; ".join(sorted(other_counties)), languages=LANGUAGES,
        verification=VERIFICATION,
        groups=list(dict.fromkeys(found.group for found in FIELDS if found.name not in VERIFICATION)),
    )  # fmt: skip


@bp.route("/referrals/new", methods=["GET", "POST"])
def new_referral() -> ResponseReturnValue:
    if request.method == "GET":
        cells = {name: "" for name in COLUMNS}
        cells.update({column(found): cell(found.default) for found in FIELDS})
        return _render_form(None, cells, [])
    cells = _form_cells(None)
    row, found = check_row(cells)
    problems: list[str] = [*found]
    database = db.session()
    if not problems and _by_external_id(database, row["external_id"]) is not None:
        problems.append(_("Another entry already has this id."))
    if problems:
        return _render_form(None, cells, problems), 400
    store(database, [row], current_user.actor)
    database.commit()
    flash(_("Saved."))
    entry = _by_external_id(database, row["external_id"])
    assert entry is not None
    return redirect(url_for("admin.edit_referral", entry_id=entry.id))


def _by_external_id(database: Session, external_id: str) -> Referral | None:
    return database.scalars(select(Referral).where(Referral.external_id == external_id)).first()


@bp.route("/referrals/<int(max=2147483647):entry_id>", methods=["GET", "POST"])
def edit_referral(entry_id: int) -> ResponseReturnValue:
    entry = _entry(entry_id)
    if request.method == "GET":
        return _render_form(entry, as_cells(entry), [])
    cells = _form_cells(entry)
    # The id is what imports match on: it never changes here.
    cells["external_id"] = entry.external_id
    row, problems = check_row(cells)
    if problems:
        return _render_form(entry, cells, problems), 400
    database = db.session()
    result = store(database, [row], current_user.actor)
    database.commit()
    flash(_("Saved.") if result.changed else _("Nothing changed."))
    return redirect(url_for("admin.edit_referral", entry_id=entry.id))


@bp.post("/referrals/<int(max=2147483647):entry_id>/status")
def set_status(entry_id: int) -> ResponseReturnValue:
    entry = _entry(entry_id)
    status = request.form.get("status", "")
    if status not in STATUSES:
        abort(400)
    if status != entry.status:
        database = db.session()
        audit(database, current_user.actor, "referral_changed", entry.external_id,
              status=[entry.status, status])  # fmt: skip
        entry.status = status
        database.commit()
    flash(_("Saved."))
    return redirect(url_for("admin.edit_referral", entry_id=entry.id))


@bp.post("/referrals/<int(max=2147483647):entry_id>/verify")
def verify(entry_id: int) -> ResponseReturnValue:
    entry = _entry(entry_id)
    today = datetime.now(UTC).date()
    database = db.session()
    audit(database, current_user.actor, "referral_verified", entry.external_id,
          last_verified=[plain(entry.last_verified), today.isoformat()],
          verified_by=[entry.verified_by, current_user.email])  # fmt: skip
    entry.last_verified = today
    entry.verified_by = current_user.email
    database.commit()
    flash(_("Marked verified today."))
    return redirect(url_for("admin.edit_referral", entry_id=entry.id))


@bp.get("/referrals/export")
def export() -> Response:
    database = db.session()
    text = write_rows(database.scalars(select(Referral)))
    audit(database, current_user.actor, "directory_exported", None)
    database.commit()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=directory-{stamp}.csv"})  # fmt: skip


def _import_page(status: int = 200, **values: Any) -> ResponseReturnValue:
    values = {"checked": None, "pending": None, "error": None, "changes": None, **values}
    page = render_template("admin/import.html", limit=MAX_IMPORT_LABEL, **values)
    return page, status


def _forget_old_imports(database: Session, now: datetime) -> None:
    """Previews not imported within KEEP_PENDING go, as do the importer's earlier ones."""
    database.execute(delete(PendingImport).where(
        (PendingImport.created_at < now - KEEP_PENDING)
        | (PendingImport.user_id == current_user.user.id)
    ))  # fmt: skip


@bp.route("/referrals/import", methods=["GET", "POST"])
def import_csv() -> ResponseReturnValue:
    """Upload checks the file and keeps it on the server, with a preview naming every bad row;
    "Import" confirms the kept file by its id. Nothing is saved if any row is bad."""
    if request.method == "GET":
        return _import_page()
    database = db.session()
    pending_id = request.form.get("pending", "")
    if pending_id:
        return _confirm_import(database, pending_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _import_page(400, error=_("Choose a CSV file to preview."))
    with upload.stream:  # a large upload is a temporary file: close it now, whatever follows
        raw = upload.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        abort(413)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _import_page(400, error=_("Save the file as CSV UTF-8 and try again."))
    try:
        checked = read_rows(text)
    except CsvError as problem:
        return _import_page(400, error=say(problem))
    if checked.problems:
        return _import_page(400, checked=checked)
    now = datetime.now(UTC)
    _forget_old_imports(database, now)
    pending = PendingImport(id=secrets.token_hex(16), user_id=current_user.user.id,
                            filename=without_controls(upload.filename)[:200], text=text, created_at=now)  # fmt: skip
    database.add(pending)
    database.commit()
    return _import_page(checked=checked, pending=pending, changes=preview(database, checked.rows))


# SQLite has one writer for the whole file: a 10,000-row import written in one transaction held it
# for 1.4 s, and a family's text waited that long. There, an import is written in turns of this many
# rows, each committed, so a text waits at most one turn. An interrupted import leaves the turns
# before it written; confirming the same preview again finishes it (rows already there are
# unchanged). PostgreSQL writes it in one transaction: texts never wait on directory rows there.
IMPORT_TURN_ROWS = 250


def _store_in_turns(database: Session, rows: list[dict[str, object]], source: str) -> ImportResult:
    if database.get_bind().dialect.name != "sqlite":
        return store(database, rows, current_user.actor, source)
    added = changed = unchanged = 0
    for start in range(0, len(rows), IMPORT_TURN_ROWS):
        turn = store(database, rows[start : start + IMPORT_TURN_ROWS], current_user.actor, source)
        database.commit()
        added, changed, unchanged = (added + turn.added, changed + turn.changed,
                                     unchanged + turn.unchanged)  # fmt: skip
    return ImportResult(added, changed, unchanged)


def _confirm_import(database: Session, pending_id: str) -> ResponseReturnValue:
    now = datetime.now(UTC)
    pending = database.get(PendingImport, pending_id[:32])
    if (pending is None or pending.user_id != current_user.user.id
            or now - pending.created_at > KEEP_PENDING):  # fmt: skip
        return _import_page(400, error=_("That preview is no longer kept. Choose the file again."))
    checked = read_rows(pending.text)
    if checked.problems:  # a date may have come due since the preview: check again
        database.delete(pending)
        database.commit()
        return _import_page(400, checked=checked)
    result = _store_in_turns(database, checked.rows, pending.filename)
    audit(database, current_user.actor, "import", pending.filename, added=result.added,
          changed=result.changed, unchanged=result.unchanged)  # fmt: skip
    database.delete(pending)
    database.commit()
    flash(_("Imported: %(added)s added, %(changed)s changed, %(unchanged)s unchanged.",
            added=result.added, changed=result.changed, unchanged=result.unchanged))  # fmt: skip
    return redirect(url_for("admin.referrals"))
