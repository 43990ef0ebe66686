"""/admin/stats: who the hotline reaches, for administrators, with small counts hidden."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from hotline import db
from hotline.admin.auth import admin_required
from hotline.admin.views import bp
from hotline.conversation.state import STATS_TIMEZONE
from hotline.i18n import LANGUAGES
from hotline.referrals.places import MASSACHUSETTS_COUNTIES

from .hiding import Table
from .report import OUTSIDE, Query, Report, as_csv, build, last_days

RANGES = (7, 30, 90)
# Longer ranges are for the CSV and the command; a page of a year of daily bars helps no one.
MAX_DAYS = 366


def today() -> date:
    return datetime.now(UTC).astimezone(STATS_TIMEZONE).date()


def _query() -> tuple[Query, str | None]:
    """The range and filters from the page's form; a problem to show when they cannot be read."""
    args = request.args
    language = args.get("language") if args.get("language") in LANGUAGES else None
    county = args.get("county") or None
    if county is not None and county not in MASSACHUSETTS_COUNTIES:
        county = "" if county == OUTSIDE else None
    problem = None
    if args.get("since") or args.get("until"):
        try:
            since = date.fromisoformat(args.get("since") or args.get("until") or "")
            until = date.fromisoformat(args.get("until") or args.get("since") or "")
        except ValueError:
            since, until = last_days(30, today()).since, today()
            problem = _("Give dates as YYYY-MM-DD; showing the last 30 days.")
        else:
            if until < since:
                since, until = until, since
            if (until - since).days >= MAX_DAYS:
                since = until.fromordinal(until.toordinal() - MAX_DAYS + 1)
                problem = _("At most a year at a time; showing the year up to the end date.")
        return Query(since, until, language, county), problem
    days = int(args["range"]) if args.get("range", "").isdigit() else 30
    days = days if days in RANGES else 30
    found = last_days(days, today())
    return Query(found.since, found.until, language, county), problem


def min_count() -> int:
    found: int = current_app.config["HOTLINE_STATS_MIN_COUNT"]
    return found


def _labels() -> dict[str, dict[str, str]]:
    return {
        "total_labels": {
            "first_texts": _("First texts (new numbers)"), "texts": _("Texts answered"),
            "topics": _("Topics opened"), "places": _("Lists of help sent"),
            "referrals": _("Referrals shown"), "more": _("MORE"),
            "not_understood": _("Not understood"), "opt_outs": _("Opt-outs (STOP)"),
            "opt_ins": _("Opt-ins (START)"), "deletes": _("Deletes (DELETE)"),
            "help": _("HELP"), "languages_chosen": _("Languages chosen"),
            "errors": _("Errors (apology sent)"),
        },
        "topic_labels": {
            "release_day": _("Release day & detainers"), "find_someone": _("Find someone"),
            "rights": _("Rights, what not to sign"), "bond": _("Bond"),
            "legal_help": _("Legal help asked for"),
        },
        "channel_labels": {"sms": "SMS", "whatsapp": "WhatsApp"},
    }  # fmt: skip


def _funnel(report: Report) -> Table[str]:
    names = {
        "first texts": _("First texts"), "read a topic": _("Read a topic"),
        "asked for legal help": _("Asked for legal help"), "got a list": _("Got a list"),
        "asked for MORE": _("Asked for MORE on a list"),
    }  # fmt: skip
    return Table({names[step]: count for step, count in report.funnel.items()}, None)


@bp.get("/stats")
def stats() -> ResponseReturnValue:
    admin_required()
    query, problem = _query()
    report = build(db.session(), query, min_count())
    return render_template(
        "admin/stats.html", report=report, problem=problem, ranges=RANGES,
        languages=LANGUAGES, counties=[*MASSACHUSETTS_COUNTIES, OUTSIDE], args=request.args,
        funnel_table=_funnel(report), **_labels(),
    )  # fmt: skip


@bp.get("/stats.csv")
def stats_csv() -> ResponseReturnValue:
    admin_required()
    query, _problem = _query()
    report = build(db.session(), query, min_count())
    name = f"hotline-usage-{query.since.isoformat()}-{query.until.isoformat()}.csv"
    return Response(as_csv(report), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})  # fmt: skip
