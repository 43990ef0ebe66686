"""`hotline users create|list|disable|set-password`: accounts from a terminal."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from hotline import db, mfa
from hotline.accounts import (
    CLI,
    ROLES,
    AccountError,
    create_user,
    disable_user,
    enable_user,
    find_user,
    normalize_email,
    set_password,
    set_role,
)
from hotline.admin.limits import lift_sign_in_lock
from hotline.models import User


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group("users")
def users() -> None:
    """Create and manage admin accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="staff", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create(email: str, role: str, password_stdin: bool) -> None:
    """Create an account (at least 12 characters, not a common password)."""
    session = db.session()
    try:
        with session.begin():
            user = create_user(session, CLI, email, role, _password(password_stdin))
    except AccountError as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"Created {user.email} ({user.role}).")


@users.command("list")
@with_appcontext
def list_users() -> None:
    """Print every account."""
    for user in db.session().scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "disabled"
        click.echo(f"{user.email}\t{user.role}\t{state}")


def _existing(email: str) -> User:
    user = find_user(db.session(), email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


@users.command("disable")
@click.argument("email")
@with_appcontext
def disable(email: str) -> None:
    """Disable an account and end its sessions (never the last active administrator)."""
    session = db.session()
    try:
        with session.begin():
            disable_user(session, CLI, _existing(email))
    except AccountError as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"Disabled {email}.")


@users.command("enable")
@click.argument("email")
@with_appcontext
def enable(email: str) -> None:
    """Enable a disabled account again."""
    session = db.session()
    with session.begin():
        enable_user(session, CLI, _existing(email))
    click.echo(f"Enabled {email}.")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def set_role_command(email: str, role: str) -> None:
    """Make an account an administrator or staff (never demote the last administrator)."""
    session = db.session()
    try:
        with session.begin():
            set_role(session, CLI, _existing(email), role)
    except AccountError as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"{email} is {role}.")


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def set_password_command(email: str, password_stdin: bool) -> None:
    """Set an account's password and end its sessions."""
    session = db.session()
    try:
        with session.begin():
            set_password(session, CLI, _existing(email), _password(password_stdin))
    except AccountError as problem:
        raise click.ClickException(str(problem)) from problem
    lift_sign_in_lock(normalize_email(email))
    click.echo(f"Password set for {email}.")


@users.command("reset-mfa")
@click.argument("email")
@with_appcontext
def reset_mfa(email: str) -> None:
    """Remove an account's second factor (it lost its phone and its recovery codes): its
    sessions end, and it sets up a new one at its next sign-in. Audited."""
    session = db.session()
    try:
        with session.begin():
            mfa.turn_off(session, CLI, _existing(email))
    except AccountError as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"{email} has no second factor now; it sets up a new one after signing in.")
