"""A course's structure as plain data, kept in memory by each process between requests.

Every page of a course needs its modules, lessons and quizzes; reading them for each request
cost a long course most of its page time. The structure changes only when an author saves,
and every save bumps the course's `version` and `updated_at` (`authoring.versioning.claim`,
the importer), so a map is valid while those two match the course row the request read. A
save that is rolled back leaves a version with an `updated_at` no later save can repeat, so a
map built from it is never reused. Learners' marks are not part of a map: `outline` adds them.

Lesson bodies are loaded one at a time, when a page first shows them, then kept with the map.
"""
from __future__ import annotations

import threading
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.core.extensions import db
from app.core.markdown import media_embed
from app.courses.models import Course, Lesson, Topic, lesson_topics
from app.learning import queries
from app.learning.items import LessonContent, LessonItem, ModuleItem, QuizItem

# Courses kept per process, with the bodies of the lessons shown (a 200-lesson course of 3.5 KB
# lessons is under 1 MB); past this, the course whose map is oldest goes first.
MAX_COURSES = 64
_lock = threading.Lock()


@dataclass(frozen=True)
class _ModuleShape:
    number: int
    title: str
    todo: tuple[LessonItem, ...]  # the lessons as a learner who has not done them sees them
    done: tuple[LessonItem, ...]  # the same, done: built once, so an outline only picks
    quiz: QuizItem | None
    quiz_passed: QuizItem | None


@dataclass(frozen=True)
class CourseMap:
    course_id: int
    stamp: tuple[int, datetime]  # the course's (version, updated_at) it was read at
    modules: tuple[_ModuleShape, ...]
    lesson_ids: frozenset[int]
    quiz_ids: frozenset[int]
    topics: dict[int, tuple[str, ...]]  # lesson id -> its topic names, in the author's order
    _contents: dict[int, LessonContent] = field(default_factory=dict, repr=False, compare=False)
    # What pages derive from the structure alone (rendered outline lines), kept while the map is.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def marked(self, done: Set[int], passed: Set[int]) -> tuple[ModuleItem, ...]:
        """The modules with a learner's done lessons and passed quizzes marked."""
        return tuple(
            ModuleItem(shape.number, shape.title,
                       tuple(d if d.id in done else t for t, d in zip(shape.todo, shape.done)),
                       shape.quiz_passed if shape.quiz and shape.quiz.id in passed else shape.quiz)
            for shape in self.modules
        )

    def finished(self, done: Set[int], passed: Set[int]) -> bool:
        """Whether these marks cover every live lesson and quiz of the course."""
        return self.lesson_ids <= done and self.quiz_ids <= passed

    def content(self, lesson_id: int) -> LessonContent:
        """The lesson's sanitized body and media embed (one query the first time, then none)."""
        found = self._contents.get(lesson_id)
        if found is None:
            body_html, media_url = db.session.execute(
                select(Lesson.body_html, Lesson.media_url).where(Lesson.id == lesson_id)).one()
            found = self._contents[lesson_id] = LessonContent(body_html, media_embed(media_url))
        return found


def course_map(course: Course) -> CourseMap:
    """The course's map, built (three queries) only when the course changed since the last one."""
    maps: dict[int, CourseMap] = current_app.extensions.setdefault("primer.course_maps", {})
    stamp = (course.version, course.updated_at)
    found = maps.get(course.id)
    if found is not None and found.stamp == stamp:
        return found
    found = _build(course.id, stamp)
    with _lock:
        maps.pop(course.id, None)
        while len(maps) >= MAX_COURSES:
            maps.pop(next(iter(maps)))
        maps[course.id] = found
    return found


def _build(course_id: int, stamp: tuple[int, datetime]) -> CourseMap:
    modules = queries.course_modules(course_id)
    by_module: dict[int, list] = {}
    for lesson in queries.outline_lessons(course_id):
        by_module.setdefault(lesson.module_id, []).append(lesson)
    shapes = []
    for number, (module, quiz) in enumerate(modules, 1):
        todo = tuple(LessonItem(lesson.id, lesson.slug, lesson.title, lesson.minutes, number)
                     for lesson in by_module.get(module.id, ()))
        done = tuple(LessonItem(item.id, item.slug, item.title, item.minutes, number, True) for item in todo)
        quiz_item = QuizItem(quiz.id, number, quiz.pass_percent) if quiz else None
        passed = QuizItem(quiz.id, number, quiz.pass_percent, True) if quiz else None
        shapes.append(_ModuleShape(number, module.title, todo, done, quiz_item, passed))
    lesson_ids = frozenset(item.id for shape in shapes for item in shape.todo)
    return CourseMap(
        course_id, stamp, tuple(shapes), lesson_ids,
        frozenset(shape.quiz.id for shape in shapes if shape.quiz), _topics(course_id),
    )


def _topics(course_id: int) -> dict[int, tuple[str, ...]]:
    rows = db.session.execute(
        select(lesson_topics.c.lesson_id, Topic.name).join(Topic, Topic.id == lesson_topics.c.topic_id)
        .join(Lesson, Lesson.id == lesson_topics.c.lesson_id).where(Lesson.course_id == course_id)
        .order_by(lesson_topics.c.lesson_id, lesson_topics.c.position, Topic.name)
    )
    topics: dict[int, list[str]] = {}
    for lesson_id, name in rows:
        topics.setdefault(lesson_id, []).append(name)
    return {lesson_id: tuple(names) for lesson_id, names in topics.items()}
