"""Sign-in and sessions: argon2id passwords, throttled attempts, timeouts, one switch to end them all."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_user, logout_user
from sqlalchemy.orm import Session

from hotline import db, mfa
from hotline.accounts import (
    Actor,
    audit,
    audit_anonymous,
    authenticate,
    email_hidden,
    normalize_email,
)
from hotline.models import User

from . import ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, login_manager
from .errors import client_address
from .limits import PER_ACCOUNT, PER_ADDRESS, account_key, limiter, refund
from .try_it import forget as forget_try_it
from .views import bp


class SignedIn(UserMixin):
    """The signed-in user as Flask-Login sees it: its session id carries the session version."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.email = user.email
        self.role = user.role
        self.language = user.language

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_editor(self) -> bool:
        """May edit and publish what the hotline says: editors and administrators."""
        return self.role in ("admin", "editor")

    @property
    def actor(self) -> Actor:
        return Actor(self.email)


@login_manager.user_loader
def _load(session_id: str) -> SignedIn | None:
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session().get(User, int(user_id))
    # A raised version (logout, disabled account, new password) ends this session everywhere.
    if user is None or not user.active or user.session_version != int(version):
        return None
    return SignedIn(user)


def _now() -> float:
    return datetime.now(UTC).timestamp()


@bp.before_request
def _check_session() -> ResponseReturnValue | None:
    """End a session idle for 30 minutes or older than 12 hours."""
    if not current_user.is_authenticated:
        return None
    now = _now()
    started, seen = session.get("started", 0.0), session.get("seen", 0.0)
    if (
        now - seen > IDLE_TIMEOUT.total_seconds()
        or now - started > ABSOLUTE_TIMEOUT.total_seconds()
    ):
        logout_user()
        session.clear()
        flash(_("Your session ended. Please sign in again."))
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    session["seen"] = now
    return None


_OPEN = frozenset({"admin.login", "admin.login_code", "admin.static"})


@bp.before_request
def _require_sign_in() -> ResponseReturnValue | None:
    """Every admin page but the sign-in form needs a signed-in staff member or administrator."""
    if request.endpoint in _OPEN or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def admin_required() -> None:
    """Administrators only: staff get 403."""
    if not current_user.is_admin:
        abort(403)


def editor_required() -> None:
    """Editors and administrators: other staff get 403."""
    if not current_user.is_editor:
        abort(403)


def _safe_next(target: str | None) -> str:
    # Only a path inside the admin: never another host, never a line break in a header.
    if (
        target
        and target.startswith("/admin")
        and not urlsplit(target).netloc
        and target.isprintable()
        and len(target) <= 2000
    ):
        return target
    return url_for("admin.start")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(PER_ADDRESS, methods=["POST"])
@limiter.limit(PER_ACCOUNT, key_func=account_key, methods=["POST"])
def login() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("admin/login.html", next=request.args.get("next", ""))
    typed = request.form.get("email", "")
    email = normalize_email(typed)[:254]
    database = db.session()
    # An address typed with invisible or control characters never signs in; its failure still
    # counts against the account it hides (limits.account_key reads the same normal form).
    user = (
        None
        if email_hidden(typed)
        else authenticate(database, email, request.form.get("password", ""))
    )
    if user is None:
        audit_anonymous(database, "login_failed", client_address(), email[:254])
        database.commit()
        flash(_("Wrong email or password."), "error")
        return render_template("admin/login.html", next=request.form.get("next", ""),
                               email=request.form.get("email", "")[:254]), 401  # fmt: skip
    if user.totp_secret is not None:  # the password was right: now the second factor
        database.commit()
        refund()  # the password was right: its attempt does not count
        session.clear()
        session["mfa_user"], session["mfa_version"] = user.id, user.session_version
        session["mfa_since"] = _now()
        return redirect(url_for("admin.login_code", next=request.form.get("next", "")))
    return _signed_in(database, user, second_factor=False)


def _signed_in(database: Session, user: User, *, second_factor: bool) -> ResponseReturnValue:
    user.last_login_at = datetime.now(UTC)
    audit(database, Actor(user.email), "login", user.email, address=client_address(),
          second_factor=second_factor)  # fmt: skip
    database.commit()
    refund()  # a sign-in that succeeded does not count against the limits
    next_page = request.form.get("next") or request.args.get("next")
    session.clear()  # a fresh session id on sign-in
    login_user(SignedIn(user), remember=False)
    session.permanent = True
    session["started"] = session["seen"] = _now()
    return redirect(_safe_next(next_page))


# A password's second step must follow within this many seconds.
CODE_WINDOW_SECONDS = 300


def _code_account() -> str:
    return f"code:{session.get('mfa_user', '')}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(PER_ACCOUNT, key_func=_code_account, methods=["POST"])
def login_code() -> ResponseReturnValue:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    database = db.session()
    user_id = session.get("mfa_user")
    user = database.get(User, user_id) if isinstance(user_id, int) else None
    if (
        user is None
        or not user.active
        or user.session_version != session.get("mfa_version")
        or _now() - float(session.get("mfa_since", 0.0)) > CODE_WINDOW_SECONDS
    ):
        session.clear()
        flash(_("Sign in again: the code must follow the password within 5 minutes."), "error")
        return redirect(url_for("admin.login"))
    next_page = request.values.get("next", "")
    if request.method == "GET":
        return render_template("admin/login_code.html", next=next_page)
    if not mfa.check(database, user, request.form.get("code", ""), datetime.now(UTC)):
        audit_anonymous(database, "login_code_failed", client_address(), user.email)
        database.commit()
        flash(_("That code is not right, or was already used."), "error")
        return render_template("admin/login_code.html", next=next_page), 401
    return _signed_in(database, user, second_factor=True)


@bp.before_request
def _require_second_factor() -> ResponseReturnValue | None:
    """Where HOTLINE_ADMIN_MFA=required, an administrator without a second factor can only set
    one up (or sign out) before anything else."""
    if not current_user.is_authenticated or request.endpoint in _BEFORE_SECOND_FACTOR:
        return None
    user = current_user.user
    if mfa.required(current_app.config["HOTLINE_ADMIN_MFA"], user) and user.totp_secret is None:
        flash(_("Administrators must set up a second factor first."), "error")
        return redirect(url_for("admin.second_factor"))
    return None


_BEFORE_SECOND_FACTOR = frozenset(
    {
        "admin.second_factor",
        "admin.second_factor_qr",
        "admin.logout",
        "admin.static",
        "admin.choose_language",
    }
)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    database = db.session()
    user = database.get(User, current_user.user.id)
    if user is not None:
        user.session_version += 1  # signing out here signs out everywhere
        forget_try_it(database, user.id)
        audit(database, current_user.actor, "logout", user.email)
        database.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."))
    return redirect(url_for("admin.login"))


def init_app(app: Flask) -> None:
    from . import errors

    errors.init_app(app)
