"""`flask users …` and `flask demo seed`."""
from __future__ import annotations

import secrets
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.accounts import service
from app.accounts.models import Role, User
from app.accounts.service import AccountError, Profile
from app.courses.cli import describe
from app.courses.demo import seed_demo_courses
from app.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo content for trying Primer out.")

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


DEMO_STAFF = [
    ("admin@primer.example", Role.ADMIN, "Ada", "Admin"),
    ("author@primer.example", Role.AUTHOR, "Lena", "Author"),
    ("sales@primer.example", Role.SALES, "Sam", "Sales"),
]


def seed_staff() -> list[tuple[str, str, str]]:
    """Create one staff account per role with a generated password; returns those created."""
    created = []
    for email, role, first, last in DEMO_STAFF:
        if service.find_by_email(email):
            continue
        password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
        service.create_user(email, password, role=role, profile=Profile(first, last, "Primer"), verified=True)
        created.append((role.value, email, password))
    return created


@demo_cli.command("seed")
def seed() -> None:
    """Add demo staff accounts (passwords printed once) and the demo courses, each only once."""
    from app.demo import seed_prospects, seed_scoring_model

    created = seed_staff()
    courses = seed_demo_courses()
    model = seed_scoring_model()
    prospects = seed_prospects()
    db.session.commit()
    if not created:
        click.echo("Demo accounts already exist; their passwords were shown when they were created.")
        click.echo("Reset one with: flask --app wsgi users create … or the 'Forgot password' link.")
    else:
        click.echo("Demo staff accounts (shown once; write them down):")
        for role, email, password in created:
            click.echo(f"  {role:<7} {email:<28} {password}")
    if not courses:
        click.echo("Demo courses already exist.")
    for course in courses:
        click.echo(f"Added demo course {course.slug}: {describe(course)}.")
    if model:
        click.echo("Installed the default scoring model (edit it at /sales/scoring).")
    if prospects:
        click.echo(f"Added {len(prospects)} demo prospects who took the free course (see /sales/leads).")
