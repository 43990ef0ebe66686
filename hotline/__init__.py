"""The hotline: a text-message line for families of people handed from MA prisons to ICE."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from . import config

log = logging.getLogger(__name__)

# A phone sends at most 1,600 characters; anything far larger is not a text message.
MAX_REQUEST_BYTES = 256 * 1024


def _log_to_stderr() -> None:
    """Show the hotline's own log lines (which never carry a number or a text) where none go yet."""
    hotline_log = logging.getLogger("hotline")
    if hotline_log.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    hotline_log.addHandler(handler)
    hotline_log.setLevel(logging.INFO)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then the environment, then the test mapping. Never touches the database."""
    app = Flask(__name__, instance_path=os.environ.get("HOTLINE_INSTANCE_PATH") or None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    _log_to_stderr()
    app.config.from_mapping(config.DEFAULTS)
    if test_config is None:
        app.config.from_mapping(config.from_environment(os.environ, Path(app.instance_path)))
    else:
        app.config.from_mapping(test_config)

    if not app.config.get("TWILIO_AUTH_TOKEN"):
        log.warning(
            "TWILIO_AUTH_TOKEN is not set: /sms accepts UNSIGNED requests. "
            "Set it before this hotline takes real texts."
        )

    from . import admin, cli, db, health
    from .sms import webhook

    db.init_app(app)
    app.register_blueprint(webhook.bp)
    app.register_blueprint(health.bp)
    admin.init_app(app)
    cli.init_app(app)
    return app
