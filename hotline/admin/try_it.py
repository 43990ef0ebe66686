"""/admin/try: text the hotline from the browser, in any language, without counting it anywhere."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

from flask import current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from hotline import db
from hotline.content_reviews import SqlRecords
from hotline.conversation import Inbound, LanguageSource, State, Step, respond
from hotline.i18n import LANGUAGES
from hotline.referrals.directory import DEFAULT_MAX_AGE_DAYS, SqlDirectory
from hotline.segments import count_segments

from .views import bp

TRANSCRIPT_LENGTH = 12


def _state() -> State | None:
    saved = session.get("try_state")
    if not saved:
        return None
    saved = dict(saved, step=Step(saved["step"]))
    saved["language_source"] = LanguageSource(saved.get("language_source", "detected"))
    saved["last_seen"] = datetime.fromisoformat(saved["last_seen"]) if saved["last_seen"] else None
    return State(**saved)


def _keep(state: State | None) -> None:
    if state is None:
        session.pop("try_state", None)
        return
    saved: dict[str, Any] = asdict(state)
    saved["step"] = state.step.value
    saved["language_source"] = state.language_source.value
    saved["last_seen"] = state.last_seen.isoformat() if state.last_seen else None
    session["try_state"] = saved


@bp.route("/try", methods=["GET", "POST"])
def try_it() -> ResponseReturnValue:
    transcript: list[dict[str, Any]] = session.get("try_transcript", [])
    if request.method == "POST":
        if request.form.get("reset"):
            session.pop("try_state", None)
            session.pop("try_transcript", None)
            return redirect(url_for("admin.try_it"))
        state = _state()
        language = request.form.get("language", "")
        # A language picked here is the staff member's choice, as LANG would be a texter's.
        chosen = LanguageSource.CHOSEN
        if language in LANGUAGES and state is not None and state.language != language:
            state = replace(state, language=language, language_source=chosen)
        elif language in LANGUAGES and state is None:
            state = State(language, last_seen=datetime.now(UTC), language_source=chosen)
        text = request.form.get("text", "")[:1600]
        max_age = current_app.config.get("HOTLINE_REFERRAL_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)
        directory = SqlDirectory(db.session(), max_age)
        # The same engine a texter reaches; nothing is stored and no event is counted.
        records = SqlRecords(db.session())
        outcome = respond(state, Inbound(text), datetime.now(UTC), directory, records)
        _keep(outcome.state)
        replies = [
            {"text": reply, "segments": count_segments(reply).count,
             "encoding": count_segments(reply).encoding}
            for reply in outcome.replies
        ]  # fmt: skip
        transcript = [*transcript, {"sent": text, "replies": replies}][-TRANSCRIPT_LENGTH:]
        session["try_transcript"] = transcript
        return redirect(url_for("admin.try_it"))
    state = _state()
    return render_template("admin/try.html", transcript=transcript, languages=LANGUAGES,
                           language=state.language if state else "")  # fmt: skip
