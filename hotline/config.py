"""Read the hotline's configuration from the environment, with safe development defaults."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PRODUCTION = "production"
DEVELOPMENT = "development"
# Without these a production hotline would leak or accept forged texts: refuse to start.
REQUIRED_IN_PRODUCTION = ("HOTLINE_SECRET_KEY", "HOTLINE_PHONE_KEY", "TWILIO_AUTH_TOKEN")
MIN_PHONE_KEY_BYTES = 32
MIN_SECRET_KEY_LENGTH = 32


# Settings with a safe default: applied first, so the environment and a test mapping override them
# and no module keeps its own fallback.
DEFAULTS: dict[str, Any] = {
    "HOTLINE_ENV": DEVELOPMENT,
    "HOTLINE_PUBLIC_URL": None,
    "HOTLINE_RETENTION_DAYS": 30,
    "HOTLINE_RATELIMIT_STORAGE_URL": None,
    "HOTLINE_REFERRAL_MAX_AGE_DAYS": 365,
    "HOTLINE_STATS_MIN_COUNT": 11,
    "HOTLINE_SENDER_LIMIT": 20,
    "HOTLINE_TRUSTED_PROXIES": 0,
    "TWILIO_ACCOUNT_SID": None,
    "HOTLINE_TWILIO_SCRUB_MINUTES": 60,
    "HOTLINE_ADMIN_MFA": "optional",
    "HOTLINE_ADMIN_SLOTS": 8,
    "HOTLINE_CALLBACK_HOURS": 72,
}
MFA_CHOICES = ("required", "optional")


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the message says what to set."""


def _instance_secret(instance_path: Path, name: str) -> str:
    """Return a development secret kept in the instance folder, making it on first use.

    Several workers may start at once: the file is created exclusively, and a loser reads the winner's.
    """
    path = instance_path / name
    instance_path.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as file:
        value = secrets.token_hex(32)
        file.write(value)
    return value


def from_environment(environ: Mapping[str, str], instance_path: Path) -> dict[str, Any]:
    """Build the Flask config mapping from HOTLINE_* and TWILIO_* variables."""
    env = environ.get("HOTLINE_ENV", DEVELOPMENT).strip().lower() or DEVELOPMENT
    if env not in (PRODUCTION, DEVELOPMENT):
        raise ConfigError(f"HOTLINE_ENV must be 'production' or 'development', not {env!r}.")
    if env == PRODUCTION:
        missing = [name for name in REQUIRED_IN_PRODUCTION if not environ.get(name)]
        if missing:
            raise ConfigError("Refusing to start in production without " + ", ".join(missing) + ".")
        if len(environ["HOTLINE_SECRET_KEY"]) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                f"HOTLINE_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters in "
                "production (try: python3 -c 'import secrets; print(secrets.token_hex(32))')."
            )
    database_url = environ.get("HOTLINE_DATABASE_URL") or (
        f"sqlite:///{instance_path / 'hotline.sqlite3'}"
    )
    phone_key = environ.get("HOTLINE_PHONE_KEY") or _instance_secret(instance_path, "phone_key")
    if len(phone_key.encode()) < MIN_PHONE_KEY_BYTES:
        raise ConfigError(
            f"HOTLINE_PHONE_KEY must be at least {MIN_PHONE_KEY_BYTES} bytes "
            "(try: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    return {
        "HOTLINE_ENV": env,
        "SECRET_KEY": environ.get("HOTLINE_SECRET_KEY")
        or _instance_secret(instance_path, "secret_key"),
        "HOTLINE_PHONE_KEY": phone_key,
        "HOTLINE_DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": environ.get("TWILIO_AUTH_TOKEN") or None,
        "HOTLINE_PUBLIC_URL": (environ.get("HOTLINE_PUBLIC_URL") or "").rstrip("/") or None,
        "HOTLINE_RETENTION_DAYS": _whole(environ, "HOTLINE_RETENTION_DAYS", 30, least=1),
        "HOTLINE_RATELIMIT_STORAGE_URL": environ.get("HOTLINE_RATELIMIT_STORAGE_URL") or None,
        "HOTLINE_REFERRAL_MAX_AGE_DAYS": _whole(
            environ, "HOTLINE_REFERRAL_MAX_AGE_DAYS", 365, least=1
        ),
        "HOTLINE_STATS_MIN_COUNT": _min_count(environ.get("HOTLINE_STATS_MIN_COUNT")),
        "HOTLINE_SENDER_LIMIT": _whole(environ, "HOTLINE_SENDER_LIMIT", 20, least=1),
        "HOTLINE_TRUSTED_PROXIES": _whole(environ, "HOTLINE_TRUSTED_PROXIES", 0, least=0),
        "HOTLINE_ADMIN_SLOTS": _whole(environ, "HOTLINE_ADMIN_SLOTS", 8, least=1),
        "HOTLINE_CALLBACK_HOURS": _whole(environ, "HOTLINE_CALLBACK_HOURS", 72, least=1),
        "TWILIO_ACCOUNT_SID": environ.get("TWILIO_ACCOUNT_SID") or None,
        "HOTLINE_TWILIO_SCRUB_MINUTES": _whole(
            environ, "HOTLINE_TWILIO_SCRUB_MINUTES", 60, least=1
        ),
        "HOTLINE_ADMIN_MFA": _mfa(environ, env),
    }


def _mfa(environ: Mapping[str, str], env: str) -> str:
    """Whether administrators must use a second factor: required in production unless set."""
    value = (environ.get("HOTLINE_ADMIN_MFA") or "").strip().lower()
    if not value:
        return "required" if env == PRODUCTION else "optional"
    if value not in MFA_CHOICES:
        raise ConfigError(f"HOTLINE_ADMIN_MFA must be 'required' or 'optional', not {value!r}.")
    return value


def _whole(environ: Mapping[str, str], name: str, default: int, *, least: int) -> int:
    value = environ.get(name)
    try:
        found = int(value) if value else default
    except ValueError as problem:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from problem
    if found < least:
        raise ConfigError(f"{name} must be at least {least}.")
    return found


def _min_count(value: str | None) -> int:
    """The smallest count statistics show (CMS: 11); smaller ones read "<11"."""
    try:
        found = int(value) if value else 11
    except ValueError as problem:
        raise ConfigError(
            f"HOTLINE_STATS_MIN_COUNT must be a whole number, not {value!r}."
        ) from problem
    if found < 3:
        raise ConfigError(
            "HOTLINE_STATS_MIN_COUNT must be at least 3: '<2' would tell a hidden count is 1."
        )
    return found
