"""/admin/users: administrators create accounts, reset passwords and disable accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import (
    Response,
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
from flask_login import current_user
from sqlalchemy import select

from hotline import db, mfa
from hotline.accounts import (
    ROLES,
    AccountError,
    change_own_password,
    create_user,
    disable_user,
    enable_user,
    set_password,
    set_role,
)
from hotline.models import User

from .auth import admin_required
from .limits import lift_sign_in_lock
from .translation import say
from .views import bp


@bp.get("/users")
def users() -> str:
    admin_required()
    accounts = db.session().scalars(select(User).order_by(User.email)).all()
    return render_template("admin/users.html", accounts=accounts, roles=ROLES)


@bp.post("/users")
def create_account() -> ResponseReturnValue:
    admin_required()
    database = db.session()
    try:
        create_user(database, current_user.actor, request.form.get("email", ""),
                    request.form.get("role", ""), request.form.get("password", ""))  # fmt: skip
    except AccountError as problem:
        database.rollback()
        flash(say(problem), "error")
        accounts = database.scalars(select(User).order_by(User.email)).all()
        return render_template("admin/users.html", accounts=accounts, roles=ROLES,
                               email=request.form.get("email", ""),
                               role=request.form.get("role", "staff")), 400  # fmt: skip
    database.commit()
    flash(_("Account created."))
    return redirect(url_for("admin.users"))


def _account(user_id: int) -> User:
    found = db.session().get(User, user_id)
    if found is None:
        abort(404)
    return found


@bp.post("/users/<int(max=2147483647):user_id>/disable")
def disable_account(user_id: int) -> ResponseReturnValue:
    admin_required()
    account = _account(user_id)
    if account.id == current_user.user.id:
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for("admin.users"))
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that %(email)s should be disabled.", email=account.email),
              "error")  # fmt: skip
        return redirect(url_for("admin.users"))
    return _change(
        lambda: disable_user(db.session(), current_user.actor, account),
        _("Account disabled; its sessions have ended."),
    )


def _change(change: Callable[[], object], done: str) -> ResponseReturnValue:
    """Make one audited change to an account: saved and `done` said, or nothing saved and why."""
    database = db.session()
    try:
        change()
    except AccountError as problem:
        database.rollback()
        flash(say(problem), "error")
    else:
        database.commit()
        flash(done)
    return redirect(url_for("admin.users"))


@bp.post("/users/<int(max=2147483647):user_id>/enable")
def enable_account(user_id: int) -> ResponseReturnValue:
    admin_required()
    account = _account(user_id)
    return _change(lambda: enable_user(db.session(), current_user.actor, account),
                   _("Account enabled."))  # fmt: skip


@bp.post("/users/<int(max=2147483647):user_id>/role")
def change_role(user_id: int) -> ResponseReturnValue:
    admin_required()
    account, role = _account(user_id), request.form.get("role", "")
    return _change(lambda: set_role(db.session(), current_user.actor, account, role),
                   _("Role changed; the account's sessions have ended."))  # fmt: skip


@bp.post("/users/<int(max=2147483647):user_id>/password")
def reset_password(user_id: int) -> ResponseReturnValue:
    admin_required()
    account, password = _account(user_id), request.form.get("password", "")
    if account.id == current_user.user.id:  # your own: with your current password
        flash(_("Change your own password here, with your current one."), "error")
        return redirect(url_for("admin.my_account"))

    def reset() -> None:
        set_password(db.session(), current_user.actor, account, password)
        lift_sign_in_lock(account.email)  # the lock the 429 page told them to ask a reset for

    return _change(
        reset,
        _("Password changed; the account's sessions have ended and its sign-in lock is lifted."),
    )


@bp.route("/account", methods=["GET", "POST"])
def my_account() -> ResponseReturnValue:
    """Every signed-in person changes their own password here, with the one they have now."""
    if request.method == "GET":
        return render_template("admin/account.html")
    database = db.session()
    user = database.get(User, current_user.user.id)
    if user is None:
        abort(404)
    new = request.form.get("new_password", "")
    if new != request.form.get("repeat_password", ""):
        flash(_("The two new passwords differ."), "error")
        return render_template("admin/account.html"), 400
    try:
        change_own_password(database, user, request.form.get("current_password", ""), new)
    except AccountError as problem:
        database.rollback()
        flash(say(problem), "error")
        return render_template("admin/account.html"), 400
    database.commit()
    flash(_("Password changed. Sign in again with it."))
    return redirect(url_for("admin.login"))


@bp.route("/account/second-factor", methods=["GET", "POST"])
def second_factor() -> ResponseReturnValue:
    """Set up a second factor (a code from an authenticator app), or turn it off where optional."""
    database = db.session()
    user = database.get(User, current_user.user.id)
    if user is None:
        abort(404)
    setting = current_app.config["HOTLINE_ADMIN_MFA"]
    now = datetime.now(UTC)
    if request.method == "POST" and request.form.get("action") == "off":
        if mfa.required(setting, user):
            flash(_("Administrators must keep a second factor."), "error")
        elif not mfa.check(database, user, request.form.get("code", ""), now):
            flash(_("That code is not right, or was already used."), "error")
        else:
            mfa.turn_off(database, current_user.actor, user)
            database.commit()
            flash(_("Second factor turned off. Sign in again."))
            return redirect(url_for("admin.login"))
        return redirect(url_for("admin.second_factor"))
    if user.totp_secret is not None:
        return render_template("admin/second_factor.html", enrolled=True,
                               optional=not mfa.required(setting, user))  # fmt: skip
    secret = session.get("mfa_pending")
    if not isinstance(secret, str):  # kept in the signed session until the code confirms it
        secret = session["mfa_pending"] = mfa.new_secret()
    if request.method == "POST":
        try:
            codes = mfa.enroll(database, user, secret, request.form.get("code", ""), now)
        except AccountError as problem:
            database.rollback()
            flash(say(problem), "error")
            return render_template("admin/second_factor.html", enrolled=False, secret=secret), 400
        database.commit()
        session.pop("mfa_pending", None)
        return render_template("admin/second_factor.html", enrolled=True, codes=codes,
                               optional=not mfa.required(setting, user))  # fmt: skip
    return render_template("admin/second_factor.html", enrolled=False, secret=secret)


@bp.get("/account/second-factor/qr.svg")
def second_factor_qr() -> ResponseReturnValue:
    """The QR code of the secret being set up (from this session only), never cached."""
    secret = session.get("mfa_pending")
    if not isinstance(secret, str):
        abort(404)
    image = mfa.qr_code(mfa.provisioning_uri(secret, current_user.email))
    return Response(image, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})
