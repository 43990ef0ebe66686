"""/admin/stats: who the hotline reaches, from weekly releases with noise, for administrators."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from flask import Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from hotline import db
from hotline.accounts import audit
from hotline.admin.auth import admin_required
from hotline.admin.views import bp
from hotline.conversation.state import STATS_TIMEZONE
from hotline.conversation.topics import TOPICS
from hotline.i18n import LANGUAGES, translations

from .cells import EPSILON, WEEKLY_UNITS, monday
from .hiding import Table
from .report import Query, Report, as_csv, build, last_weeks, released_weeks

# Choices of whole released weeks: about a month, a quarter, a year.
RANGES = (4, 13, 52)


def today() -> date:
    return datetime.now(UTC).astimezone(STATS_TIMEZONE).date()


def query_from(args: Mapping[str, str], released: list[date]) -> tuple[Query | None, str | None]:
    """The weeks asked for (snapped to released weeks); a problem to show when they cannot be read."""
    problem = None
    if not released:
        return None, None
    if args.get("since") or args.get("until"):
        try:
            since = date.fromisoformat(args.get("since") or args.get("until") or "")
            until = date.fromisoformat(args.get("until") or args.get("since") or "")
        except ValueError:
            problem = _("Give dates as YYYY-MM-DD; showing the last 4 released weeks.")
        else:
            first, last = sorted((monday(since), monday(until)))
            first, last = max(first, released[0]), min(last, released[-1])
            if first <= last:
                return Query(first, last), None
            problem = _(
                "No week in that range has been released; showing the last 4 released weeks."
            )
    weeks = int(args["range"]) if args.get("range", "").isdigit() else 4
    return last_weeks(weeks if weeks in RANGES else 4, released), problem


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
            "errors": _("Errors (apology sent)"), "replies_delivered": _("Replies delivered"),
            "replies_not_delivered": _("Replies not delivered"),
        },
        # Each topic by its menu line (topics.TOPICS), in the admin's language.
        "topic_labels": {
            entry.topic.value: translations(str(get_locale())).gettext(entry.label)
            for entry in TOPICS
        } | {"news": _("NEWS read")},
        "channel_labels": {"sms": "SMS", "whatsapp": "WhatsApp"},
        # Twilio's error codes in plain words (cells.ERROR_CODES, and "other" for the rest).
        "reason_labels": {
            "30007": _("filtered by the carrier as spam"), "30003": _("phone unreachable"),
            "21610": _("the number sent STOP to Twilio"),
            "30005": _("unknown or inactive number"), "30006": _("landline or unreachable carrier"),
            "30008": _("unknown error"), "30004": _("blocked"),
            "30034": _("unregistered A2P 10DLC number"), "21614": _("not a mobile number"),
            "other": _("another error, or none given"),
        },
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
    session = db.session()
    released = released_weeks(session)
    query, problem = query_from(request.args, released)
    report = build(session, query, min_count()) if query is not None else None
    if query is not None:  # who read which weeks of usage
        audit(session, current_user.actor, "stats_viewed", f"{query.first}..{query.until}")
        session.commit()
    return render_template(
        "admin/stats.html", report=report, problem=problem, ranges=RANGES, released=released,
        languages=LANGUAGES, args=request.args, this_week=monday(today()), epsilon=EPSILON,
        units=WEEKLY_UNITS, funnel_table=_funnel(report) if report else None, **_labels(),
    )  # fmt: skip


@bp.get("/stats.csv")
def stats_csv() -> ResponseReturnValue:
    admin_required()
    session = db.session()
    query, _problem = query_from(request.args, released_weeks(session))
    if query is None:
        return Response(_("No week has been released yet."), status=404, mimetype="text/plain")
    report = build(session, query, min_count())
    audit(session, current_user.actor, "stats_downloaded", f"{query.first}..{query.until}")
    session.commit()
    name = f"hotline-usage-{query.first.isoformat()}-{query.until.isoformat()}.csv"
    return Response(as_csv(report), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})  # fmt: skip
