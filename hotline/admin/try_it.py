"""/admin/try: text the hotline from the browser, in any language, without counting it anywhere.

The conversation (the engine's state and a capped transcript) is kept in a row for the signed-in
account, never in the session cookie: a cookie passes 4 KB after a few replies and then silently
stops updating. The row holds staff's own test texts, never a family's, and goes at sign-out.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import delete
from sqlalchemy.orm import Session

from hotline import db
from hotline.content_reviews import SqlRecords
from hotline.conversation import Inbound, LanguageSource, State, respond
from hotline.conversation.state import from_record, to_record
from hotline.i18n import LANGUAGES
from hotline.models import TryItSession
from hotline.referrals.directory import DEFAULT_MAX_AGE_DAYS, SqlDirectory
from hotline.segments import count_segments

from .views import bp

# The transcript keeps this many turns, each text at most a long SMS: the row stays small.
TRANSCRIPT_LENGTH = 12
TEXT_LENGTH = 1600
# A try-it conversation left this long is forgotten.
FORGET_AFTER = timedelta(days=1)


def _load(database: Session, now: datetime) -> TryItSession | None:
    found = database.get(TryItSession, current_user.user.id)
    if found is not None and now - found.updated_at > FORGET_AFTER:
        database.delete(found)
        return None
    return found


def _state(found: TryItSession | None) -> State | None:
    if found is None or found.state is None:
        return None
    record = dict(found.state)
    record["last_seen"] = (
        datetime.fromisoformat(record["last_seen"]) if record["last_seen"] else None
    )
    return from_record(record)


def _saved(state: State | None) -> dict[str, Any] | None:
    if state is None:
        return None
    record = to_record(state)
    record["last_seen"] = state.last_seen.isoformat() if state.last_seen else None
    return record


def forget(database: Session, user_id: int) -> None:
    """Drop an account's try-it conversation (at sign-out, or "New conversation")."""
    database.execute(delete(TryItSession).where(TryItSession.user_id == user_id))


@bp.route("/try", methods=["GET", "POST"])
def try_it() -> ResponseReturnValue:
    database = db.session()
    now = datetime.now(UTC)
    found = _load(database, now)
    if request.method == "GET":
        database.commit()
        state = _state(found)
        return render_template(
            "admin/try.html", transcript=found.transcript if found else [], languages=LANGUAGES,
            language=state.language if state else "",
        )  # fmt: skip
    if request.form.get("reset"):
        forget(database, current_user.user.id)
        database.commit()
        return redirect(url_for("admin.try_it"))
    state = _state(found)
    language = request.form.get("language", "")
    # A language picked here is the staff member's choice, as LANG would be a texter's.
    chosen = LanguageSource.CHOSEN
    if language in LANGUAGES and state is not None and state.language != language:
        state = replace(state, language=language, language_source=chosen)
    elif language in LANGUAGES and state is None:
        state = State(language, last_seen=now, language_source=chosen)
    text = request.form.get("text", "")[:TEXT_LENGTH]
    max_age = current_app.config.get("HOTLINE_REFERRAL_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)
    # The same engine a texter reaches; no usage is counted.
    outcome = respond(state, Inbound(text), now, SqlDirectory(database, max_age),
                      SqlRecords(database))  # fmt: skip
    replies = [
        {"text": reply, "segments": count_segments(reply).count,
         "encoding": count_segments(reply).encoding}
        for reply in outcome.replies
    ]  # fmt: skip
    if found is None:
        found = TryItSession(user_id=current_user.user.id, transcript=[])
        database.add(found)
    found.state = _saved(outcome.state)
    found.transcript = [*found.transcript, {"sent": text, "replies": replies}][-TRANSCRIPT_LENGTH:]
    found.updated_at = now
    database.commit()
    return redirect(url_for("admin.try_it"))
