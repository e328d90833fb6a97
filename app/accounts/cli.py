"""`flask users …`."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.accounts import service
from app.accounts.models import Role, User
from app.accounts.service import AccountError, Profile
from app.core.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")

ROLE_NAMES = [r.value for r in Role]


def _read_password() -> str:
    """Prompt twice on a terminal; read one line when the password is piped in."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise click.ClickException("No password given on standard input.")
    return line.rstrip("\r\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLE_NAMES), default="learner", show_default=True)
@click.option("--first-name", default="")
@click.option("--last-name", default="")
def create_user(email: str, role: str, first_name: str, last_name: str) -> None:
    """Create an account; the password is asked for (or read from piped stdin)."""
    password = _read_password()
    try:
        user = service.create_user(email, password, role=Role(role), profile=Profile(first_name, last_name),
                                   verified=True)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.value}).")


@users_cli.command("list")
def list_users() -> None:
    """List accounts with their roles."""
    for user in db.session.scalars(select(User).order_by(User.id)):
        click.echo(f"{user.id:>6}  {user.role.value:<8} {user.email}")
