"""Rate limits for the admin's sign-in (Flask-Limiter; Redis via HOTLINE_RATELIMIT_STORAGE_URL)."""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)

# Failed sign-ins allowed before the form answers "too many attempts".
PER_ADDRESS = "20 per 15 minutes"
PER_ACCOUNT = "5 per 15 minutes"


def account_key() -> str:
    return "account:" + request.form.get("email", "").strip().casefold()
