"""`flask demo seed`: staff accounts, the demo courses, the default scoring model and prospects."""
from __future__ import annotations

import secrets

import click
from flask.cli import AppGroup

from app.accounts import service
from app.accounts.models import Role
from app.accounts.service import Profile
from app.core.extensions import db
from app.courses.formatting import describe
from app.demo.content import DEMO_BRAND, seed_brand, seed_prospects, seed_scoring_model
from app.demo.courses import seed_demo_courses
from app.demo.library import seed_library

demo_cli = AppGroup("demo", help="Demo content for trying Primer out.")


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
    """Add demo staff accounts (passwords printed once), the demo courses and brand, each only once."""
    created = seed_staff()
    brand = seed_brand()
    courses = seed_demo_courses()
    model = seed_scoring_model()
    prospects = seed_prospects()
    items = seed_library(DEMO_STAFF[1][0])
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
        click.echo("Installed the default scoring model (edit it at /author/scoring).")
    if brand:
        click.echo(f"Branded the portal as {DEMO_BRAND.name} (change it at /admin/branding).")
    if prospects:
        click.echo(f"Added {len(prospects)} demo prospects who took the free course (see /sales/leads).")
    if items:
        click.echo(f"Added {len(items)} approved library items (see /library; curate them at /author/library).")
