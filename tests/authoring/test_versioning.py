"""The optimistic lock: a save names the version it was loaded with."""
import pytest
from sqlalchemy import select

from app.authoring import structure
from app.authoring.errors import StaleCourse
from app.authoring.versioning import claim
from app.courses.models import Course, Module
from tests import factories


def test_claim_bumps_the_version_once(db):
    course = factories.course()
    claim(course, 1)
    assert course.version == 2
    with pytest.raises(StaleCourse):
        claim(course, 1)
    with pytest.raises(StaleCourse):
        claim(course, None)


def test_a_stale_save_writes_nothing(app, db):
    course = factories.course(published=False)
    structure.add_module(course, 1, "Third")
    db.session.commit()
    with pytest.raises(StaleCourse):
        structure.add_module(course, 1, "Fourth, from an old form")
    db.session.rollback()
    assert db.session.scalars(select(Module.title).order_by(Module.position)).all() == [
        "Module 1", "Module 2", "Third"]
    assert db.session.scalar(select(Course.version)) == 2


def test_an_import_makes_open_forms_stale(db):
    from app.courses.files import export_course, import_course

    course = factories.course()
    data = export_course(course)
    data["title"] = "Changed by a file"
    import_course(data)
    db.session.commit()
    with pytest.raises(StaleCourse):
        structure.rename_module(course, 1, course.modules[0], "From a form opened before the import")


def test_two_authors_saving_the_same_version_at_once(app, db):
    """Real transactions in threads: exactly one save wins, the others are told they are stale."""
    from tests.concurrency import run_together

    course = factories.course(published=False)
    course_id, module_id = course.id, course.modules[0].id

    def rename(title):
        def action():
            row = db.session.get(Course, course_id)
            structure.rename_module(row, 1, db.session.get(Module, module_id), title)
        return action

    errors = run_together(app, [rename(f"Title {n}") for n in range(4)])
    assert len(errors) == 3 and all(isinstance(e, StaleCourse) for e in errors), errors
    db.session.expire_all()
    assert db.session.scalar(select(Course.version)) == 2
    assert db.session.get(Module, module_id).title.startswith("Title ")
