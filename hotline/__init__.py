"""The hotline: a text-message line for families of people handed from MA prisons to ICE."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, g, has_request_context
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config

log = logging.getLogger(__name__)

# A phone sends at most 1,600 characters; anything far larger is not a text message.
# The largest body the app reads: the admin's CSV import (2 MB) with its form. /sms refuses more
# than 64 KiB on its own (hotline/sms/webhook.py).
MAX_REQUEST_BYTES = 3 * 1024 * 1024

# A log line names its request only by a random id, drawn anew for every request: it ties together
# the lines of one request and nothing else, so two texts from one family never share anything.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
# No digit and no letter a-f: an id can never be, or hold, a piece of a (hex) conversation key,
# so anyone reading the logs can check that no key is in them. 8 of 16 letters: 32 random bits.
REQUEST_ID_ALPHABET = "ghjkmnpqrstvwxyz"
REQUEST_ID_LENGTH = 8


def new_request_id() -> str:
    """A random id for one request, unrelated to anything else about it."""
    drawn = int.from_bytes(secrets.token_bytes(REQUEST_ID_LENGTH // 2), "big")
    return "".join(REQUEST_ID_ALPHABET[drawn >> (4 * n) & 15] for n in range(REQUEST_ID_LENGTH))


class RequestIdFilter(logging.Filter):
    """Stamp each record with its request's random id ('-' outside a request), for LOG_FORMAT.

    The id is drawn when a request first logs: most requests log nothing and draw nothing.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = g.setdefault("request_id", new_request_id())
        else:
            record.request_id = "-"
        return True


def _log_to_stderr() -> None:
    """Show the hotline's own log lines (which never carry a number or a text) where none go yet."""
    hotline_log = logging.getLogger("hotline")
    if hotline_log.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler()
    # On the handler, not the logger: a logger's filters skip the records of its children.
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
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

    from . import admin, cli, db, health
    from .admin import csrf
    from .admin.limits import limiter
    from .sms import receipts, webhook

    db.init_app(app)
    # CSRF protects the admin's forms; Twilio signs its requests and sends no token.
    csrf.init_app(app)
    csrf.exempt(webhook.bp)
    limiter.exempt(webhook.bp)
    limiter.exempt(health.bp)
    app.register_blueprint(webhook.bp)
    app.register_blueprint(receipts.bp)
    app.register_blueprint(health.bp)
    admin.init_app(app)
    cli.init_app(app)
    if app.config["HOTLINE_TRUSTED_PROXIES"]:
        # Behind N proxies, the client's address, scheme and host are the ones they forwarded:
        # the admin's sign-in limits see each person, and the webhook checks the URL Twilio called.
        hops = int(app.config["HOTLINE_TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app
