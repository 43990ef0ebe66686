"""Refuse webhook requests that Twilio did not sign."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

P = ParamSpec("P")
R = TypeVar("R")


def called_url() -> str:
    """The URL Twilio called: behind a proxy, HOTLINE_PUBLIC_URL plus the path and query."""
    public = current_app.config.get("HOTLINE_PUBLIC_URL")
    if not public:
        return request.url
    query = request.query_string.decode()
    return f"{public.rstrip('/')}{request.path}" + (f"?{query}" if query else "")


def validate_twilio_request(view: Callable[P, R]) -> Callable[P, R]:
    """Answer 403 unless X-Twilio-Signature matches the URL and the form as Twilio sent them.

    Only an unset TWILIO_AUTH_TOKEN skips the check (development); no debug flag does.
    """

    @wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        token = current_app.config.get("TWILIO_AUTH_TOKEN")
        if token:
            signature = request.headers.get("X-Twilio-Signature", "")
            # request.form itself, not .to_dict(): repeated keys are part of what Twilio signed.
            if not RequestValidator(token).validate(called_url(), request.form, signature):
                abort(403)
        return view(*args, **kwargs)

    return checked
