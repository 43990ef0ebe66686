"""Directory pages: find, create, edit, pause, retire, verify, import and export entries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hotline import db
from hotline.accounts import audit
from hotline.conversation.engine import preview_listing
from hotline.i18n import LANGUAGES
from hotline.models import Referral
from hotline.referrals.csvfile import (
    COLUMNS,
    CsvError,
    as_cells,
    check_row,
    read_rows,
    store,
    write_rows,
)
from hotline.referrals.directory import DEFAULT_MAX_AGE_DAYS, listing_for, needs_review
from hotline.referrals.kinds import KINDS, STATUSES
from hotline.referrals.places import MASSACHUSETTS_COUNTIES
from hotline.segments import count_segments

from .views import bp

BOOLEAN_FIELDS = ("national", "interpretation", "accepting_new_cases", "serves_detained",
                  "serves_not_detained", "accredited", "published", "demo")  # fmt: skip
MAX_IMPORT_BYTES = 2 * 1024 * 1024


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
    entries = []
    for entry in db.session().scalars(select(Referral).order_by(Referral.organization)):
        if (
            query
            and query
            not in f"{entry.organization} {entry.service_name or ''} {entry.phone}".casefold()
        ):
            continue
        if (
            args.get("county")
            and f"MA:{args['county']}" not in entry.counties
            and "MA" not in entry.states
        ):
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
        languages=LANGUAGES, kinds=KINDS, statuses=STATUSES, needs_review=needs_review, today=today,
    )  # fmt: skip


def _form_cells() -> dict[str, str]:
    cells = {name: request.form.get(name, "") for name in COLUMNS}
    for name in BOOLEAN_FIELDS:
        cells[name] = "yes" if request.form.get(name) else "no"
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
        timezone=row["timezone"] if _is_zone(row["timezone"]) else "America/New_York",
        closed_dates=row["closed_dates"],
        languages=row["languages"],
        interpretation=row["interpretation"],
        services=row["services"],
        last_verified=row["last_verified"],
    )
    now = datetime.now(UTC)
    rows = []
    for code, name in LANGUAGES.items():
        line = preview_listing(listing_for(sample, code, now, _max_age_days()), code)
        rows.append((code, name, line, count_segments(line).count))
    return rows


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _max_age_days() -> int:
    found: int = current_app.config.get("HOTLINE_REFERRAL_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)
    return found


def _render_form(entry: Referral | None, cells: dict[str, str], problems: list[str]) -> str:
    return render_template(
        "admin/referral_form.html", entry=entry, cells=cells, problems=problems,
        previews=_previews(cells), kinds=KINDS, statuses=STATUSES, languages=LANGUAGES,
        boolean_fields=BOOLEAN_FIELDS, counties=MASSACHUSETTS_COUNTIES,
    )  # fmt: skip


@bp.route("/referrals/new", methods=["GET", "POST"])
def new_referral() -> ResponseReturnValue:
    if request.method == "GET":
        cells = {name: "" for name in COLUMNS}
        cells.update(timezone="America/New_York", fee="free", status="active", published="yes",
                     accepting_new_cases="yes", serves_detained="yes", serves_not_detained="yes")  # fmt: skip
        return _render_form(None, cells, [])
    cells = _form_cells()
    row, problems = check_row(cells)
    database = db.session()
    if (
        not problems
        and database.scalars(
            select(Referral).where(Referral.external_id == row["external_id"])
        ).first()
    ):
        problems.append(_("Another entry already has this id."))
    if problems:
        return _render_form(None, cells, problems), 400
    entry = Referral(**row)
    database.add(entry)
    audit(database, current_user.actor, "referral_created", row["external_id"],
          **{name: [None, _plain(value)] for name, value in row.items()})  # fmt: skip
    database.commit()
    flash(_("Saved."))
    return redirect(url_for("admin.edit_referral", entry_id=entry.id))


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@bp.route("/referrals/<int(max=2147483647):entry_id>", methods=["GET", "POST"])
def edit_referral(entry_id: int) -> ResponseReturnValue:
    entry = _entry(entry_id)
    if request.method == "GET":
        return _render_form(entry, as_cells(entry), [])
    cells = _form_cells()
    cells["external_id"] = (
        entry.external_id
    )  # the id is what imports match on: it never changes here
    row, problems = check_row(cells)
    if problems:
        return _render_form(entry, cells, problems), 400
    changes = {name: [_plain(getattr(entry, name)), _plain(value)] for name, value in row.items()
               if getattr(entry, name) != value}  # fmt: skip
    database = db.session()
    for name, value in row.items():
        setattr(entry, name, value)
    if changes:
        audit(database, current_user.actor, "referral_changed", entry.external_id, **changes)
    database.commit()
    flash(_("Saved.") if changes else _("Nothing changed."))
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
          last_verified=[_plain(entry.last_verified), today.isoformat()],
          verified_by=[entry.verified_by, current_user.email])  # fmt: skip
    entry.last_verified = today
    entry.verified_by = current_user.email
    database.commit()
    flash(_("Marked verified today."))
    return redirect(url_for("admin.edit_referral", entry_id=entry.id))


@bp.get("/referrals/export")
def export() -> Response:
    text = write_rows(db.session().scalars(select(Referral)))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=directory-{stamp}.csv"})  # fmt: skip


@bp.route("/referrals/import", methods=["GET", "POST"])
def import_csv() -> ResponseReturnValue:
    """Upload shows a preview naming every bad row; only "Import" (with no bad rows) saves."""
    if request.method == "GET":
        return render_template("admin/import.html", checked=None, text="", error=None)
    upload = request.files.get("file")
    text = request.form.get("text", "")
    if upload is not None and upload.filename:
        raw = upload.read(MAX_IMPORT_BYTES + 1)
        if len(raw) > MAX_IMPORT_BYTES:
            return render_template("admin/import.html", checked=None, text="",
                                   error=_("The file is larger than 2 MB.")), 400  # fmt: skip
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return render_template("admin/import.html", checked=None, text="",
                                   error=_("Save the file as CSV UTF-8 and try again.")), 400  # fmt: skip
    try:
        checked = read_rows(text)
    except CsvError as problem:
        return render_template("admin/import.html", checked=None, text="", error=str(problem)), 400
    if request.form.get("confirm") != "yes" or checked.problems:
        status = 400 if checked.problems else 200
        return render_template("admin/import.html", checked=checked, text=text, error=None), status
    database = db.session()
    result = store(database, checked.rows)
    audit(database, current_user.actor, "import", None, added=result.added, changed=result.changed,
          unchanged=result.unchanged)  # fmt: skip
    database.commit()
    flash(_("Imported: %(added)s added, %(changed)s changed, %(unchanged)s unchanged.",
            added=result.added, changed=result.changed, unchanged=result.unchanged))  # fmt: skip
    return redirect(url_for("admin.referrals"))
