"""Every admin error as an admin page, with the admin's security headers, and the ones worth
knowing about in the audit log: throttled sign-ins, refused CSRF tokens, pages refused (403).

A request is the admin's by its path (/admin...), so an address no route knows is answered the same
way as one that exists. A 500 page asks nothing of the database: it may be what failed.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from hotline import db
from hotline.accounts import audit, audit_anonymous, normalize_email

from .directory import MAX_IMPORT_LABEL
from .views import security_headers

log = logging.getLogger(__name__)
PAGES = (400, 403, 404, 405, 413, 500)


def is_admin_request() -> bool:
    return request.path == "/admin" or request.path.startswith("/admin/")


def client_address() -> str:
    """The client's address (the real one behind HOTLINE_TRUSTED_PROXIES), for the audit log."""
    return (request.remote_addr or "")[:64]


def record(action: str, email: str | None = None, **details: object) -> None:
    """Audit an event from an error handler; never let the audit turn the error into a 500.
    From no one signed in, it joins the row for its action, address and minute (a count)."""
    session = db.session()
    try:
        if current_user.is_authenticated:
            if email is not None:
                details["email"] = email
            audit(session, current_user.actor, action, request.path[:254],
                  address=client_address(), **details)  # fmt: skip
        else:
            audit_anonymous(session, action, client_address(), email)
        session.commit()
    except Exception:
        session.rollback()
        log.warning("could not audit %s", action)


def _messages(code: int) -> tuple[str, str]:
    return {
        400: (_("Something in the request was not right"),
              _("Go back, check the form and try again.")),
        403: (_("Not allowed"), _("Only administrators can open this page.")),
        404: (_("Not found"), _("This page or entry does not exist.")),
        405: (_("Not allowed here"), _("This page cannot be used that way. Go back and try again.")),
        413: (_("Too large"), _("The file is larger than %(limit)s, the most an import takes. Split it and import each part.", limit=MAX_IMPORT_LABEL)),
    }.get(code, (_("Something went wrong"), _("Nothing was saved. Try again in a moment.")))  # fmt: skip


def _page(code: int) -> Response:
    title, message = _messages(code)
    try:
        body = render_template("admin/error.html", title=title, message=message)
    except Exception:  # the page's own navigation needs the database: fall back to a bare one
        body = render_template("admin/failure.html", title=title, message=message)
    return security_headers(make_response(body, code))


def error_page(error: HTTPException) -> ResponseReturnValue:
    if not is_admin_request():
        return error
    code = error.code or 500
    if code == 403:
        record("forbidden")
    return _page(code)


def csrf_refused(error: CSRFError) -> ResponseReturnValue:
    if not is_admin_request():
        return error
    record("csrf_refused", reason=str(error.description)[:200])
    return _page(400)


def too_many(error: Exception) -> ResponseReturnValue:
    if not is_admin_request():
        return "Too many requests", 429
    record("login_throttled", email=normalize_email(request.form.get("email", ""))[:254])
    page = render_template("admin/too_many.html")
    return security_headers(make_response(page, 429))


def failed(error: InternalServerError) -> ResponseReturnValue:
    if not is_admin_request():
        return error
    title, message = _messages(500)
    page = render_template("admin/failure.html", title=title, message=message)
    return security_headers(make_response(page, 500))


def busy(error: HTTPException) -> ResponseReturnValue:
    """No admin slot was free (slots.AdminSlots): a bare page that asks nothing of the database."""
    if not is_admin_request():
        return error
    page = render_template("admin/failure.html", title=_("The admin is busy"),
                           message=_("Nothing was saved. Try again in a moment."))  # fmt: skip
    response = security_headers(make_response(page, 503))
    response.headers["Retry-After"] = "2"
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(503, busy)
    app.register_error_handler(CSRFError, csrf_refused)
    app.register_error_handler(429, too_many)
    app.register_error_handler(500, failed)
    for code in PAGES:
        if code != 500:
            app.register_error_handler(code, error_page)
