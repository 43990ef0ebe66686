"""Admin accounts: argon2id password hashes, the password policy, and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry, User

ROLES = ("admin", "staff")
MIN_PASSWORD_LENGTH = 12
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
# argon2-cffi's defaults are argon2id with OWASP's recommended cost.
_hasher = PasswordHasher()
# Verified against when the account does not exist, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """A request about an account that cannot be done; the message says why, for the person."""


@cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, email: str = "") -> str | None:
    """Say what is wrong with a new password, or None when it may be used."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > 256:
        return "Use at most 256 characters."
    folded = password.casefold()
    if folded in _common_passwords() or (email and email.split("@")[0].casefold() in folded):
        return "This password is too common or too easy to guess. Choose another."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalize_email(email))).first()


def normalize_email(email: str) -> str:
    return email.strip().casefold()


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user with this email and password, else None (in constant-ish time)."""
    user = find_user(session, email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


@dataclass(frozen=True)
class Actor:
    """Who an audited action is by: an admin user's email, or the command line."""

    name: str


CLI = Actor("cli")


def audit(session: Session, actor: Actor | None, action: str, target: str | None = None,
          **details: Any) -> None:  # fmt: skip
    session.add(AuditEntry(actor=actor.name if actor else None, action=action, target=target,
                           details=details))  # fmt: skip


def create_user(session: Session, actor: Actor, email: str, role: str, password: str) -> User:
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("Give an email address.")
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if find_user(session, email) is not None:
        raise AccountError(f"There is already an account for {email}.")
    user = User(email=email, role=role, password_hash=hash_password(password))
    session.add(user)
    audit(session, actor, "user_created", email, role=role)
    return user


def set_password(session: Session, actor: Actor, user: User, password: str) -> None:
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.session_version += 1  # every session signed in with the old password ends
    audit(session, actor, "password_changed", user.email)


def disable_user(session: Session, actor: Actor, user: User) -> None:
    user.active = False
    user.session_version += 1
    audit(session, actor, "user_disabled", user.email)
