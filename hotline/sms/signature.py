"""Refuse webhook requests that Twilio did not sign."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Flask, abort, current_app, request
from twilio.request_validator import RequestValidator, compare

log = logging.getLogger(__name__)
P = ParamSpec("P")


def warn_if_unsigned(app: Flask) -> None:
    """Say once, loudly, that /sms takes unsigned requests. gunicorn (gunicorn.conf.py) and
    `hotline run` say it as they start; an app served some other way says it at its first text."""
    if app.config.get("TWILIO_AUTH_TOKEN") or app.extensions.get("hotline.warned_unsigned"):
        return
    app.extensions["hotline.warned_unsigned"] = True
    log.warning(
        "TWILIO_AUTH_TOKEN is not set: /sms accepts UNSIGNED requests. "
        "Set it before this hotline takes real texts."
    )


R = TypeVar("R")


def called_url() -> str:
    """The URL Twilio called: behind a proxy, HOTLINE_PUBLIC_URL plus the path and query."""
    public = current_app.config.get("HOTLINE_PUBLIC_URL")
    if not public:
        return request.url
    query = request.query_string.decode()
    return f"{public.rstrip('/')}{request.path}" + (f"?{query}" if query else "")


def _signed(validator: RequestValidator, url: str, signature: str) -> bool:
    """Whether Twilio signed this request: first against the URL exactly as called (one HMAC, as
    Twilio signs it), then as the SDK's `validate` does, with and without the port."""
    # request.form itself, not .to_dict(): repeated keys are part of what Twilio signed.
    if compare(validator.compute_signature(url, request.form), signature):
        return True
    return bool(validator.validate(url, request.form, signature))


def validate_twilio_request(view: Callable[P, R]) -> Callable[P, R]:
    """Answer 403 unless X-Twilio-Signature matches the URL and the form as Twilio sent them.

    Only an unset TWILIO_AUTH_TOKEN skips the check (development); no debug flag does.
    """

    @wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        token = current_app.config.get("TWILIO_AUTH_TOKEN")
        if not token:
            warn_if_unsigned(current_app)
            return view(*args, **kwargs)
        url = called_url()
        signature = request.headers.get("X-Twilio-Signature", "")
        if not _signed(RequestValidator(token), url, signature):
            # The URL, never the parameters: a wrong HOTLINE_PUBLIC_URL fails every check, and
            # this line says so at once.
            log.warning("refused a request whose signature does not match %s", url)
            abort(403)
        return view(*args, **kwargs)

    return checked
