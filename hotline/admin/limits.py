"""Rate limits for the admin's sign-in (Flask-Limiter; Redis via HOTLINE_RATELIMIT_STORAGE_URL)."""

from __future__ import annotations

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from hotline.accounts import normalize_email

limiter = Limiter(key_func=get_remote_address)

# Failed sign-ins allowed before the form answers "too many attempts".
PER_ADDRESS = "20 per 15 minutes"
PER_ACCOUNT = "5 per 15 minutes"


def account_key() -> str:
    return "account:" + normalize_email(request.form.get("email", ""))[:254]


def lift_sign_in_lock(email: str) -> None:
    """Forget an account's failed sign-ins (an administrator reset its password).

    The per-address count stays: it is about the address, not the account.
    """
    from limits import parse

    try:
        limiter.limiter.clear(parse(PER_ACCOUNT), "account:" + email, "admin.login")
    except Exception:  # no storage yet in this process (a command), or it cannot be reached
        return
