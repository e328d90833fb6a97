"""Writes a validated course file into the database, updating an existing course in place.

Learners' progress, quiz answers and events point at lesson and question rows, so an update
never deletes anything: modules are matched by position, lessons by slug anywhere in the
course (a lesson can move to another module and keep its id), questions by position. What the
new file leaves out is retired (`retired_at`), and comes back if a later file lists it again.
The course's search document is rebuilt in the same transaction (courses.search).
Everything is flushed, nothing committed: the caller commits once, or rolls back.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select

from app.core.extensions import db
from app.core.time import utcnow
from app.core.markdown import render_markdown
from app.courses.models import Course, CourseStatus, Lesson, Module, Question, Quiz, Topic, lesson_topics
from app.courses.search import index_course


def write_course(data: dict[str, Any], *, draft: bool) -> tuple[Course, bool]:
    """Create or update the course described by `data` (already validated); returns (course, created)."""
    now = utcnow()
    # Lock the row, so two imports of one course on PostgreSQL apply one after the other.
    course = db.session.scalar(select(Course).where(Course.slug == data["slug"]).with_for_update())
    created = course is None
    with db.session.no_autoflush:  # half-built rows must not be flushed by a lazy load
        if course is None:
            course = Course(slug=data["slug"], version=1)
            db.session.add(course)
            old_lessons: dict[str, Lesson] = {}
        else:
            course.version += 1
            old_lessons = {lesson.slug: lesson for lesson in
                           db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))}
        _write_header(course, data, draft=draft, now=now)

        topics = _topics({name for module in data["modules"] for lesson in module["lessons"]
                          for name in lesson["topics"]})
        old_modules = {module.position: module for module in course.modules}
        placed: list[tuple[Lesson, list[Topic]]] = []
        written: list[tuple[Module, dict[str, Any]]] = []
        for number, module_data in enumerate(data["modules"], start=1):
            module = old_modules.pop(number, None) or _new(Module(course=course, position=number))
            module.title, module.retired_at = module_data["title"], None
            for position, lesson_data in enumerate(module_data["lessons"], start=1):
                lesson = old_lessons.pop(lesson_data["slug"], None)
                lesson = _write_lesson(lesson, lesson_data, course=course, module=module, position=position)
                placed.append((lesson, [topics[name] for name in lesson_data["topics"]]))
            written.append((module, module_data))
        # Quizzes last: a question may name a lesson of any module, a later one too.
        lessons = {lesson.slug: lesson for lesson, _ in placed}
        for module, module_data in written:
            _write_quiz(module, module_data.get("quiz"), lessons, now=now)

        for module in old_modules.values():  # positions past the new file's last module
            _retire(module, now)
            if module.quiz is not None:
                _retire(module.quiz, now)
        for lesson in old_lessons.values():  # slugs the new file no longer lists
            _retire(lesson, now)
    db.session.flush()
    _write_topics(placed)
    index_course(course)
    return course, created


def _write_header(course: Course, data: dict[str, Any], *, draft: bool, now: datetime) -> None:
    course.title, course.summary, course.image_url = data["title"], data["summary"], data.get("image")
    price = data.get("price")
    course.price_amount = price["amount"] if price else None
    course.price_currency = price["currency"] if price else None
    if draft:
        course.status, course.published_at = CourseStatus.DRAFT, None
    elif course.status is not CourseStatus.PUBLISHED or course.published_at is None:
        course.status, course.published_at = CourseStatus.PUBLISHED, now


def _topics(names: set[str]) -> dict[str, Topic]:
    """The shared Topic rows for `names`, creating the missing ones."""
    found = {t.name: t for t in db.session.scalars(select(Topic).where(Topic.name.in_(names)))} if names else {}
    for name in sorted(names - found.keys()):
        found[name] = Topic(name=name)
        db.session.add(found[name])
    return found


def _write_lesson(lesson: Lesson | None, data: dict[str, Any], *, course: Course, module: Module,
                  position: int) -> Lesson:
    """Fill a new lesson or update an old one; the body is re-rendered only when it changed."""
    if lesson is None:
        lesson = _new(Lesson(course=course, slug=data["slug"], body=data["body"],
                             body_html=render_markdown(data["body"]), revision=1))
    elif lesson.body != data["body"]:
        lesson.body, lesson.body_html = data["body"], render_markdown(data["body"])
        lesson.revision += 1
    lesson.title, lesson.minutes, lesson.media_url = data["title"], data["minutes"], data.get("media")
    lesson.position, lesson.retired_at = position, None
    lesson.module = module
    return lesson


def _write_quiz(module: Module, data: dict[str, Any] | None, lessons: dict[str, Lesson], *,
                now: datetime) -> None:
    quiz = module.quiz
    if data is None:
        if quiz is not None:
            _retire(quiz, now)
        return
    if quiz is None:
        quiz = _new(Quiz(module=module))
    quiz.pass_percent, quiz.retired_at = data["pass_percent"], None
    old_questions = {question.position: question for question in quiz.questions}
    for number, question_data in enumerate(data["questions"], start=1):
        question = old_questions.pop(number, None) or _new(Question(quiz=quiz, position=number))
        question.prompt = question_data["prompt"]
        question.choices, question.correct = list(question_data["choices"]), list(question_data["correct"])
        explanation = question_data.get("explanation", "")
        if question.explanation != explanation:  # rendered again only when it changed
            question.explanation, question.explanation_html = explanation, render_markdown(explanation)
        question.lesson = lessons[question_data["lesson"]] if "lesson" in question_data else None
        question.retired_at = None
    for question in old_questions.values():
        _retire(question, now)


def _new(row):
    """Add a new row to the session (SQLAlchemy 2 no longer cascades along many-to-one backrefs)."""
    db.session.add(row)
    return row


def _retire(row: Module | Lesson | Quiz | Question, now: datetime) -> None:
    if row.retired_at is None:
        row.retired_at = now


def _write_topics(placed: list[tuple[Lesson, list[Topic]]]) -> None:
    """Store each lesson's topics in the file's order, rewriting only the lessons that changed.

    Written as rows of the association table because the ORM collection cannot carry the
    position column.
    """
    ids = [lesson.id for lesson, _ in placed]
    current: dict[int, list[int]] = {lesson_id: [] for lesson_id in ids}
    rows = db.session.execute(
        select(lesson_topics.c.lesson_id, lesson_topics.c.topic_id)
        .where(lesson_topics.c.lesson_id.in_(ids))
        .order_by(lesson_topics.c.lesson_id, lesson_topics.c.position, lesson_topics.c.topic_id)
    )
    for lesson_id, topic_id in rows:
        current[lesson_id].append(topic_id)
    changed = [(lesson, topics) for lesson, topics in placed if current[lesson.id] != [t.id for t in topics]]
    if not changed:
        return
    db.session.execute(delete(lesson_topics).where(lesson_topics.c.lesson_id.in_([l.id for l, _ in changed])))
    new_rows = [{"lesson_id": lesson.id, "topic_id": topic.id, "position": position}
                for lesson, topics in changed for position, topic in enumerate(topics, start=1)]
    if new_rows:
        db.session.execute(insert(lesson_topics), new_rows)
    for lesson, _ in changed:
        db.session.expire(lesson, ["topics"])
