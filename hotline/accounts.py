"""Admin accounts: argon2id password hashes, the password policy, and the audit log."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from .models import AuditEntry, User
from .said import N_, Said, SaidError

# admin: everything; editor: staff's work, and what the hotline says (texts, news); staff: the
# directory, flyers and the try-it page.
ROLES = ("admin", "editor", "staff")
MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn: 3 is "safely unguessable" against an offline attack on a slow hash
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
# argon2-cffi's defaults are argon2id with OWASP's recommended cost.
_hasher = PasswordHasher()
# Verified against when the account does not exist, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(SaidError):
    """A request about an account that cannot be done; the message says why, for the person."""


@cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


def normalize_password(password: str) -> str:
    """NFKC, so a password typed on another keyboard (full-width, composed accents) still works."""
    return unicodedata.normalize("NFKC", password)


def _visible(password: str) -> int:
    """How many characters one can see: no spaces, no zero-width or control characters."""
    return sum(1 for ch in password if unicodedata.category(ch)[0] not in ("Z", "C"))


def _hidden(text: str) -> bool:
    """Whether a text holds characters no one sees: controls (NUL, line breaks), zero-width
    characters, bidi controls, private-use and unpaired surrogate code points."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in text)


# zxcvbn measures at most this many characters; a longer password is scored on its start.
_SCORED = 72
MAX_PASSWORD_LENGTH = 256


def password_problem(password: str, email: str = "") -> str | None:
    """Say what is wrong with a new password, or None when it may be used.

    At least 12 visible characters, not on the bundled list, not built on the email's name, and
    hard to guess as zxcvbn measures it offline (score 3 of 4): zxcvbn knows 30,000 common and
    breached passwords, English words, names, keyboard walks, repeats and dates.
    """
    password = normalize_password(password)
    if len(password) > MAX_PASSWORD_LENGTH:
        return Said(N_("Use at most %(most)s characters."), most=MAX_PASSWORD_LENGTH)
    if _visible(password) < MIN_PASSWORD_LENGTH:
        return Said(N_("Use at least %(least)s characters you can see (spaces do not count)."),
                    least=MIN_PASSWORD_LENGTH)  # fmt: skip
    if _hidden(password):
        # password1234 with zero-width characters between its letters is still password1234.
        return Said(N_("Type the password without invisible or control characters."))
    folded = password.casefold()
    name = email.split("@")[0].casefold()
    # A password built on the email's name ("maria2026!"), when the name is long enough to mean
    # one: "a@example.org" must not refuse every password holding an "a".
    if folded in _common_passwords() or (len(name) >= 4 and name in folded):
        return Said(N_("This password is too common or too easy to guess. Choose another."))
    guessed = zxcvbn(password[:_SCORED], user_inputs=[name] if name else [])
    if guessed["score"] < MIN_PASSWORD_SCORE:
        warning = guessed["feedback"].get("warning") or "It would be easy to guess."
        return Said(
            N_("This password is too common or too easy to guess (%(warning)s). Choose another."),
            warning=warning,
        )
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalize_email(email))).first()


def normalize_email(email: str) -> str:
    """The one form of an address that sign-in, its throttling, account creation and lookups all
    use: NFKC then case-folded (a full-width look-alike of an address is that address), with
    controls and invisible characters dropped, so every variant counts against the same account.
    An address typed with them is refused (`email_hidden`); it is still counted as this one."""
    folded = unicodedata.normalize("NFKC", email).strip().casefold()
    return "".join(ch for ch in folded if not _hidden(ch))


def email_hidden(email: str) -> bool:
    """Whether an address as typed holds controls or invisible characters (refused)."""
    return _hidden(unicodedata.normalize("NFKC", email).strip())


_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def email_problem(email: str) -> str | None:
    """Say what is wrong with an account's email (already normalized), or None."""
    if len(email) > 254 or not _EMAIL.match(email) or any(not ch.isprintable() for ch in email):
        return Said(N_("Give an email address like name@example.org."))
    return None


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user with this email and password, else None (in constant-ish time)."""
    user = find_user(session, email)
    stored = user.password_hash if user else _DUMMY_HASH
    normalized = normalize_password(password)
    # A password set before passwords were normalized was hashed as typed: try that too.
    tries = [normalized] if normalized == password else [normalized, password]
    with _CHECKING:
        if not any(_verifies(stored, attempt) for attempt in tries):
            return None
    if user is None or not user.active:
        return None
    if normalized != password or _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(normalized)
    return user


# One password is checked at a time per process. An argon2id check takes about 0.1 s of every core
# it can use (its 4 lanes run in parallel): a burst of sign-in attempts checked side by side held
# both cores of a small server, and a family's text waited 1.5 s behind them
# (bench/signin_burst_vs_text.py). In turn, each waits its 0.1 s and texts go between.
_CHECKING = threading.Semaphore(1)


def _verifies(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Actor:
    """Who an audited action is by: an admin user's email, or the command line."""

    name: str


CLI = Actor("cli")


def audit(session: Session, actor: Actor | None, action: str, target: str | None = None,
          **details: Any) -> None:  # fmt: skip
    session.add(AuditEntry(actor=actor.name if actor else None, action=action, target=target,
                           details=details))  # fmt: skip


# Anonymous events (refused sign-ins, throttled ones, forms without a token from no one signed in)
# are kept as one row per action, address and minute, with a count: traffic from outside cannot
# grow the log without bound. At most this many distinct emails are named in a row.
_EMAILS_NAMED = 5


def audit_anonymous(session: Session, action: str, address: str, email: str | None = None) -> None:
    now = datetime.now(UTC)
    minute = now.replace(second=0, microsecond=0)
    recent = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == action, AuditEntry.actor.is_(None), AuditEntry.at >= minute)
        .order_by(AuditEntry.id.desc())
        .limit(50)
    )
    row = next((entry for entry in recent if entry.details.get("address") == address), None)
    if row is None:
        details: dict[str, Any] = {"address": address, "count": 1}
        if email is not None:
            details["email"], details["emails"] = email, [email]
        session.add(AuditEntry(actor=None, action=action, target=email or address, details=details))
        return
    details = dict(row.details)
    details["count"] = int(details.get("count", 1)) + 1
    details["last"] = now.isoformat(timespec="seconds")
    named = list(details.get("emails", []))
    if email is not None and email not in named and len(named) < _EMAILS_NAMED:
        details["emails"] = [*named, email]
    row.details = details  # a new dict: the JSON column sees the change


def create_user(session: Session, actor: Actor, email: str, role: str, password: str) -> User:
    if email_hidden(email):
        raise AccountError(
            Said(N_("The email holds invisible or control characters: type it again."))
        )
    email = normalize_email(email)
    problem = email_problem(email)
    if problem:
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(Said(N_("The role must be one of: %(roles)s."), roles=", ".join(ROLES)))
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if find_user(session, email) is not None:
        raise AccountError(Said(N_("There is already an account for %(email)s."), email=email))
    user = User(email=email, role=role, password_hash=hash_password(normalize_password(password)))
    session.add(user)
    audit(session, actor, "user_created", email, role=role)
    return user


def set_password(session: Session, actor: Actor, user: User, password: str) -> None:
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(normalize_password(password))
    user.session_version += 1  # every session signed in with the old password ends
    audit(session, actor, "password_changed", user.email)


_LAST_ADMIN = Said(
    N_("This is the last active administrator: make another account an administrator first.")
)
_AT_ONCE = Said(
    N_("Another change to the administrators was made at the same moment. Look again and retry.")
)


def change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """A signed-in person changes their own password: only with the one they have now."""
    tries = {normalize_password(current), current}
    if len(current) > MAX_PASSWORD_LENGTH or not any(
        _verifies(user.password_hash, t) for t in tries
    ):
        raise AccountError(Said(N_("Your current password is not right.")))
    set_password(session, Actor(user.email), user, new)


def _other_active_admins(session: Session, user: User) -> int:
    """The active administrators besides this one, counted while no one else may change them.

    Two administrators demoting or disabling each other at once must not both succeed: first every
    active administrator's row is written (unchanged), which takes PostgreSQL's row locks on them
    and SQLite's write lock, so the second change waits for the first and then counts what it left.
    On SQLite a change whose transaction read before the other committed cannot take the lock at
    all: it is refused, to be tried again.
    """
    try:
        session.execute(
            update(User)
            .where(User.role == "admin", User.active.is_(True))
            .values(role=User.role)
            .execution_options(synchronize_session=False)
        )
    except OperationalError as problem:  # SQLite: another write committed since this one read
        raise AccountError(_AT_ONCE) from problem
    found = (
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active.is_(True), User.id != user.id)
    )
    return int(session.scalar(found) or 0)


def disable_user(session: Session, actor: Actor, user: User) -> None:
    """Disable an account and end its sessions; never the last active administrator."""
    if user.role == "admin" and user.active and not _other_active_admins(session, user):
        raise AccountError(_LAST_ADMIN)
    user.active = False
    user.session_version += 1
    audit(session, actor, "user_disabled", user.email)


def enable_user(session: Session, actor: Actor, user: User) -> None:
    if not user.active:
        user.active = True
        audit(session, actor, "user_enabled", user.email)


def set_role(session: Session, actor: Actor, user: User, role: str) -> None:
    """Change an account's role; never demote the last active administrator."""
    if role not in ROLES:
        raise AccountError(Said(N_("The role must be one of: %(roles)s."), roles=", ".join(ROLES)))
    if role == user.role:
        return
    if user.role == "admin" and user.active and not _other_active_admins(session, user):
        raise AccountError(_LAST_ADMIN)
    audit(session, actor, "role_changed", user.email, role=[user.role, role])
    user.role = role
    user.session_version += 1  # what the account may do changes now, in every session
