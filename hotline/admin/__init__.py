"""The staff and administrator web app, under /admin: sign-in, the directory, try-it, users, audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from hotline.text import fit

from . import slots
from .limits import DATABASE_STORAGE, limiter
from .translation import AdminDomain, say, select_locale

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
babel.domain_instance = AdminDomain()

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)

# Everything an admin page needs is served from here: no CDN, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def init_app(app: Flask) -> None:
    production = app.config.get("HOTLINE_ENV") == "production"
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_NAME="hotline_session",
        PERMANENT_SESSION_LIFETIME=ABSOLUTE_TIMEOUT,
        REMEMBER_COOKIE_DURATION=timedelta(0),
        WTF_CSRF_TIME_LIMIT=None,  # the session's own timeouts bound a token's life
        # CSRF is checked by the admin blueprint's own hook, never on a text (see _protect_forms).
        WTF_CSRF_CHECK_DEFAULT=False,
        # Sign-in counts are shared by every worker: in Redis when configured, else the database.
        RATELIMIT_STORAGE_URI=app.config.get("HOTLINE_RATELIMIT_STORAGE_URL") or DATABASE_STORAGE,
        RATELIMIT_HEADERS_ENABLED=True,
    )
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.session_protection = "basic"
    limiter.init_app(app)
    _admin_only(app, limiter)
    _admin_only(app, login_manager)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["fit"] = fit
    app.jinja_env.filters["say"] = say  # a refusal in the staff member's language

    from hotline.outreach import views as outreach_views
    from hotline.stats import views as stats_views

    from . import audit_log, auth, content, directory, news, privacy, texts, try_it, users, views

    del (
        audit_log,
        content,
        directory,
        news,
        outreach_views,
        privacy,
        stats_views,
        texts,
        try_it,
        users,
    )
    app.register_blueprint(views.bp)
    auth.init_app(app)
    slots.init_app(app)  # last: its hook goes first


def _admin_only(app: Flask, extension: object) -> None:
    """Run an extension's request hooks on the admin's requests only, not on every text.

    Flask-Limiter and Flask-Login hang their hooks on the whole app; a text would pay for them
    although none applies to it. Flask runs a blueprint's hooks only for its own requests: move
    them there.
    """

    def belongs(hook: object) -> bool:
        bound_to = getattr(hook, "__self__", None)
        partial_of = (getattr(hook, "args", None) or (None,))[0]
        return bound_to is extension or partial_of is extension

    hook_lists = cast(
        list[dict[str | None, list[Any]]], [app.before_request_funcs, app.after_request_funcs]
    )
    for hooks in hook_lists:
        for hook in [hook for hook in hooks.get(None, []) if belongs(hook)]:
            hooks[None].remove(hook)
            hooks.setdefault("admin", []).insert(0, hook)
