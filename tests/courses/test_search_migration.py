"""Migration 0008 indexes the courses already in the database, on a database of its own (a
fresh SQLite file, or a second PostgreSQL database beside the test one)."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

from app import create_app
from app.core.extensions import db as _db
from app.courses import search
from app.courses.catalog import Filters, find_courses
from tests.conftest import _fresh_postgres

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")
NOW = "2026-01-01 00:00:00+00:00"


@pytest.fixture
def other_database(database_url, tmp_path) -> str:
    if database_url.startswith("postgresql"):
        url = make_url(database_url)
        return _fresh_postgres(url.set(database=f"{url.database}_migration").render_as_string(hide_password=False))
    return f"sqlite:///{tmp_path / 'migration.sqlite3'}"


def add_course(conn, course_id: int, title: str, *, status: str = "published", lessons=()) -> None:
    conn.execute(sa.text(
        "INSERT INTO courses (id, slug, title, summary, status, featured, catalog_position, version, created_at, "
        "updated_at) VALUES (:id, :slug, :title, 'Older summary.', :status, false, :id, 1, :now, :now)"),
        {"id": course_id, "slug": f"course-{course_id}", "title": title, "status": status, "now": NOW})
    conn.execute(sa.text("INSERT INTO modules (id, course_id, position, title) VALUES (:id, :id, 1, 'Module')"),
                 {"id": course_id})
    for n, (lesson_title, body, retired) in enumerate(lessons, start=1):
        conn.execute(sa.text(
            "INSERT INTO lessons (course_id, module_id, position, slug, title, minutes, body, body_html, revision, "
            "retired_at) VALUES (:course, :course, :n, :slug, :title, 5, :body, '', 1, :retired)"),
            {"course": course_id, "n": n, "slug": f"lesson-{n}", "title": lesson_title, "body": body,
             "retired": NOW if retired else None})


def test_the_migration_indexes_the_courses_already_there(other_database):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=other_database)
    with app.app_context():
        try:
            upgrade(directory=MIGRATIONS, revision="0012")
            with _db.engine.begin() as conn:
                add_course(conn, 1, "Zephyr basics", lessons=[("Gusts", "A tornado.", False), ("Old", "Hail.", True)])
                add_course(conn, 2, "Mistral draft", status="draft", lessons=[("Calm", "Drizzle.", False)])
            upgrade(directory=MIGRATIONS)

            def found(query: str) -> list[str]:
                return [e.course.slug for e in find_courses(Filters(search=search.clean(query))).entries]

            assert found("zephyr") == found("tornado") == found("gusts") == found("older") == ["course-1"]
            assert found("hail") == [] and found("mistral") == []  # a retired lesson; a draft
            _db.session.execute(sa.text("UPDATE courses SET status = 'published' WHERE id = 2"))
            assert found("drizzle") == ["course-2"]  # drafts were indexed too
            _db.session.rollback()

            downgrade(directory=MIGRATIONS, revision="0012")  # and back, cleanly
            assert "course_search" not in sa.inspect(_db.engine).get_table_names()
            upgrade(directory=MIGRATIONS)
            assert found("zephyr") == ["course-1"]
        finally:
            _db.session.remove()
            _db.engine.dispose()
