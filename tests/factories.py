"""Small factories for test data. Passwords are hashed once per distinct password and cost."""
from __future__ import annotations

import itertools
from functools import lru_cache

from flask import current_app

from app.accounts import sessions
from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.core.extensions import db
from app.core.time import utcnow

DEFAULT_PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def _hash(password: str) -> str:
    settings = current_app.config
    return _hash_at(password, (settings["ARGON2_TIME_COST"], settings["ARGON2_MEMORY_COST_KIB"],
                               settings["ARGON2_PARALLELISM"]))


@lru_cache(maxsize=16)
def _hash_at(password: str, cost: tuple[int, int, int]) -> str:
    """Keyed by the cost too: a test's app with other settings must not get (or leave) a hash of another cost."""
    return hash_password(password)


def user(role: str | Role = "learner", *, password: str = DEFAULT_PASSWORD, commit: bool = True, **fields) -> User:
    n = next(_counter)
    values = dict(
        email=f"person{n}@example.com", first_name=f"Pat{n}", last_name="Tester",
        company="Example Corp", job_title="Engineer", email_verified_at=utcnow(),
    )
    values.update(fields)
    values["email"] = values["email"].lower()
    person = User(role=Role(role), password_hash=_hash(password), **values)
    db.session.add(person)
    if commit:
        db.session.commit()
    return person


def sign_in(client, person: User) -> str:
    """Open a login session for `person` in the test client without going through the form."""
    key = sessions.start(person)
    db.session.commit()
    with client.session_transaction() as s:
        s["_user_id"] = key
        s["_fresh"] = True
    return key


def course(
    slug: str | None = None, *, modules: int = 2, lessons_per_module: int = 2, quiz: bool = True,
    price: int | None = None, published: bool = True, topics: tuple[str, ...] = ("overview",), commit: bool = True,
    title: str | None = None, summary: str = "A course for tests.", minutes: int = 5,
):
    """A course with `modules` modules of `lessons_per_module` lessons of `minutes` each, and a
    2-question quiz per module, indexed for search as an import would.

    Quiz question 1 has one right answer (index 1); question 2 has two (indexes 0 and 2).
    """
    from app.core.time import utcnow
    from app.courses.models import Course, CourseStatus, Lesson, Module, Question, Quiz, Topic
    from app.courses.search import index_course

    n = next(_counter)
    slug = slug or f"course-{n}"
    topic_rows = []
    for name in topics:
        row = db.session.scalar(db.select(Topic).where(Topic.name == name)) or Topic(name=name)
        topic_rows.append(row)
    built = Course(
        slug=slug, title=title or f"Course {n}", summary=summary,
        price_amount=price, price_currency="usd" if price else None,
        status=CourseStatus.PUBLISHED if published else CourseStatus.DRAFT,
        published_at=utcnow() if published else None,
    )
    db.session.add(built)
    for m in range(modules):
        module = Module(position=m + 1, title=f"Module {m + 1}")
        built.modules.append(module)
        for k in range(lessons_per_module):
            lesson = Lesson(course=built, position=k + 1, slug=f"lesson-{m + 1}-{k + 1}", title=f"Lesson {m + 1}.{k + 1}",
                            minutes=minutes, body=f"Body of lesson {m + 1}.{k + 1}",
                            body_html=f"<p>Body of lesson {m + 1}.{k + 1}</p>", topics=list(topic_rows))
            module.lessons.append(lesson)
        if quiz:
            module.quiz = Quiz(pass_percent=50, questions=[
                Question(position=1, prompt="Which is right?", choices=["A", "B", "C"], correct=[1]),
                Question(position=2, prompt="Which two are right?", choices=["X", "Y", "Z"], correct=[0, 2]),
            ])
    index_course(built)
    if commit:
        db.session.commit()
    return built


def prospects() -> dict:
    """Four prospects, strongest first, with two courses ("analytics" on pricing, "security" on
    security and SSO): Dana, a VP in Norway who may be contacted, finished analytics (every lesson
    and quiz); Max, a head of data, read one lesson of it; Lee, an engineer, read two lessons of
    security; Sam, a student on free mail whose company is a spreadsheet formula, only signed up
    60 days ago. Scored with tests/scoring/conftest.py's MODEL, which must be in force."""
    from datetime import timedelta

    from app.learning import queries
    from app.learning import service as learning
    from app.learning.events import Verb

    analytics = course(slug="analytics", topics=("pricing",))
    security = course(slug="security", topics=("security", "sso"))
    dana = user(email="dana@acme.example", first_name="Dana", last_name="Adams", company="Acme",
                job_title="VP Sales", country="Norway", consent_contact=True, consent_contact_at=utcnow())
    max_ = user(email="max@initech.example", first_name="Max", last_name="Brown", company="Initech",
                job_title="Head of Data")
    lee = user(email="lee@globex.example", first_name="Lee", last_name="Chen", company="Globex",
               job_title="Engineer")
    sam = user(email="sam@gmail.com", first_name="Sam", last_name="Diaz", company="=cmd()", job_title="Student")
    for person, taken in ((dana, analytics), (max_, analytics), (lee, security)):
        learning.enroll(person, taken)
    for lesson in queries.course_lessons(analytics.id):
        learning.complete_lesson(dana, lesson)
    for quiz in queries.course_quizzes(analytics.id):
        learning.submit_quiz(dana, quiz, {q.id: list(q.correct) for q in quiz.live_questions})
    learning.complete_lesson(max_, queries.course_lessons(analytics.id)[0])
    for lesson in queries.course_lessons(security.id)[:2]:
        learning.complete_lesson(lee, lesson)
    learning.record_event(sam.id, Verb.SIGNED_UP, occurred_at=utcnow() - timedelta(days=60))
    db.session.commit()
    return {"dana": dana, "max": max_, "lee": lee, "sam": sam, "analytics": analytics, "security": security}


def consenting(n: int, *, prefix: str = "p", **fields) -> list[User]:
    """`n` learners at acme-corp.com (prefix0@…, prefix1@…) who may be contacted."""
    return [user(email=f"{prefix}{i}@acme-corp.com", consent_contact=True, **fields) for i in range(n)]


def qualify(person: User, *, to: str = "mql") -> None:
    """Learning events worth 40+ points (mql) under tests/scoring/conftest.py's MODEL; with
    `to="sql"` 80+."""
    from app.learning import service as learning
    from app.learning.events import Verb

    for _ in range(2):
        learning.record_event(person.id, Verb.LESSON_COMPLETED, topics=["pricing"])
    if to == "sql":
        learning.record_event(person.id, Verb.COURSE_PURCHASED)
