"""A second factor for the admin: TOTP codes from an authenticator app (RFC 6238, through pyotp),
enrolled with a QR code, with ten single-use recovery codes.

Required for administrators when HOTLINE_ADMIN_MFA=required (the default in production), optional
for everyone else. A code is accepted once (its time step is remembered) and one step either side
of now, for a phone's clock that drifts. Recovery codes are kept only as SHA-256 digests: they are
long random strings, shown once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import pyotp
from sqlalchemy.orm import Session

from .accounts import AccountError, Actor, audit
from .models import User

ISSUER = "Family ICE Hotline admin"
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
STEP_SECONDS = 30


def required(setting: str, user: User) -> bool:
    """Whether this account must have a second factor before it may do anything else."""
    return setting == "required" and user.role == "admin"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code(uri: str) -> bytes:
    """The enrollment QR code as an SVG image, drawn here: no request leaves the server for it."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", border=2, dark="#000", scale=5)
    return out.getvalue()


def _digest(code: str) -> str:
    return hashlib.sha256(_plain(code).encode()).hexdigest()


def _plain(code: str) -> str:
    return "".join(ch for ch in code.strip().lower() if ch.isalnum())


def _new_recovery_codes() -> list[str]:
    def one() -> str:
        letters = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        return f"{letters[:5]}-{letters[5:]}"

    return [one() for _ in range(RECOVERY_CODES)]


def _code_step(secret: str, code: str, now: datetime, after: int | None) -> int | None:
    """The time step a 6-digit code belongs to (now, or one step either side), if it is one not
    used before."""
    code = _plain(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current, current - 1, current + 1):
        if (after is None or step > after) and secrets.compare_digest(
            totp.at(step * STEP_SECONDS), code
        ):
            return step
    return None


def enroll(session: Session, user: User, secret: str, code: str, now: datetime) -> list[str]:
    """Turn the second factor on with the code the app shows; return the recovery codes."""
    step = _code_step(secret, code, now, None)
    if step is None:
        raise AccountError("That code is not right. Type the 6 digits your app shows now.")
    codes = _new_recovery_codes()
    user.totp_secret, user.totp_last_step = secret, step
    user.recovery_codes = [_digest(one) for one in codes]
    audit(session, Actor(user.email), "mfa_enrolled", user.email)
    return codes


def check(session: Session, user: User, code: str, now: datetime) -> bool:
    """A sign-in's second step: a current code from the app, or an unused recovery code."""
    if user.totp_secret is None:
        return False
    step = _code_step(user.totp_secret, code, now, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return True
    digest = _digest(code)
    if len(_plain(code)) == 10 and digest in user.recovery_codes:
        user.recovery_codes = [kept for kept in user.recovery_codes if kept != digest]
        audit(session, Actor(user.email), "recovery_code_used", user.email,
              left=len(user.recovery_codes))  # fmt: skip
        return True
    return False


def turn_off(session: Session, actor: Actor, user: User) -> None:
    """Remove an account's second factor (its owner, where it is optional; or `hotline users
    reset-mfa` for an administrator who lost the device): its sessions end."""
    if user.totp_secret is None:
        raise AccountError("This account has no second factor.")
    user.totp_secret, user.totp_last_step, user.recovery_codes = None, None, []
    user.session_version += 1
    audit(session, actor, "mfa_reset", user.email)
