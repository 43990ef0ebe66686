"""Configuration: safe development defaults, and a refusal to run production without its secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline import create_app
from hotline.config import ConfigError, from_environment

STRONG = "s" * 64


def test_production_refuses_to_start_naming_every_missing_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        from_environment({"HOTLINE_ENV": "production", "HOTLINE_SECRET_KEY": STRONG}, tmp_path)
    assert "HOTLINE_PHONE_KEY" in str(refused.value)
    assert "TWILIO_AUTH_TOKEN" in str(refused.value)
    assert "HOTLINE_SECRET_KEY" not in str(refused.value)
    assert not list(tmp_path.iterdir())  # no development secret was made for production


def test_production_starts_with_its_secrets(tmp_path: Path) -> None:
    config = from_environment(
        {
            "HOTLINE_ENV": "production",
            "HOTLINE_SECRET_KEY": STRONG,
            "HOTLINE_PHONE_KEY": STRONG,
            "TWILIO_AUTH_TOKEN": "token",
            "HOTLINE_DATABASE_URL": "postgresql+psycopg://db/hotline",
        },
        tmp_path,
    )
    assert config["HOTLINE_PHONE_KEY"] == STRONG
    assert config["HOTLINE_DATABASE_URL"] == "postgresql+psycopg://db/hotline"


def test_development_keeps_generated_secrets_in_the_instance_folder(tmp_path: Path) -> None:
    first = from_environment({}, tmp_path)
    second = from_environment({}, tmp_path)
    assert first["HOTLINE_PHONE_KEY"] == second["HOTLINE_PHONE_KEY"]
    assert len(first["HOTLINE_PHONE_KEY"]) == 64
    assert first["SECRET_KEY"] != first["HOTLINE_PHONE_KEY"]
    assert (tmp_path / "phone_key").stat().st_mode & 0o077 == 0
    assert first["HOTLINE_DATABASE_URL"] == f"sqlite:///{tmp_path / 'hotline.sqlite3'}"
    assert first["TWILIO_AUTH_TOKEN"] is None


def test_a_short_phone_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        from_environment({"HOTLINE_PHONE_KEY": "short"}, tmp_path)


def test_an_unknown_environment_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="HOTLINE_ENV"):
        from_environment({"HOTLINE_ENV": "prod"}, tmp_path)


def test_the_app_starts_from_the_environment_while_the_database_is_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOTLINE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("HOTLINE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    app = create_app()
    assert app.config["HOTLINE_DATABASE_URL"].endswith(":1/nothing")
    assert app.test_client().get("/healthz").status_code == 503
