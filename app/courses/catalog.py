"""What prospects can browse: the published courses, searched and summarized for the catalog.

Each answer takes a fixed number of queries however many courses and lessons there are.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from app.core.columns import live
from app.core.extensions import db
from app.courses.models import Course, CourseStatus, Lesson, Module, Topic, lesson_topics


@dataclass
class CatalogEntry:
    """A course card: the course, its size and what it is about."""

    course: Course
    lessons: int = 0
    minutes: int = 0
    topics: list[str] = field(default_factory=list)


def _live_lessons():
    return (select(Lesson.course_id, Lesson.id, Lesson.minutes).join(Module, Lesson.module_id == Module.id)
            .where(live(Lesson, Module)))


def published_courses(search: str | None = None, *, limit: int | None = None) -> list[CatalogEntry]:
    """Published courses, featured first, then in the author's catalog order, then by title.

    `search` matches words of the title or the name of a topic the course's lessons carry.
    """
    query = select(Course).where(Course.status == CourseStatus.PUBLISHED)
    term = (search or "").strip()
    if term:
        live = _live_lessons().subquery()
        tagged = (select(live.c.course_id).join(lesson_topics, lesson_topics.c.lesson_id == live.c.id)
                  .join(Topic, Topic.id == lesson_topics.c.topic_id)
                  .where(Topic.name.icontains(term, autoescape=True)))
        query = query.where(or_(Course.title.icontains(term, autoescape=True), Course.id.in_(tagged)))
    query = query.order_by(Course.featured.desc(), Course.catalog_position, Course.title, Course.id).limit(limit)
    entries = [CatalogEntry(course) for course in db.session.scalars(query)]
    if not entries:
        return entries
    by_id = {entry.course.id: entry for entry in entries}
    live = _live_lessons().where(Lesson.course_id.in_(by_id)).subquery()
    sizes = db.session.execute(select(live.c.course_id, func.count(), func.coalesce(func.sum(live.c.minutes), 0))
                               .group_by(live.c.course_id))
    for course_id, lessons, minutes in sizes:
        by_id[course_id].lessons, by_id[course_id].minutes = lessons, int(minutes)
    for course_id, names in course_topics(list(by_id)).items():
        by_id[course_id].topics = names
    return entries


def course_topics(course_ids: list[int]) -> dict[int, list[str]]:
    """Per course, the topics its live lessons carry, by name, in one query."""
    if not course_ids:
        return {}
    live = _live_lessons().where(Lesson.course_id.in_(course_ids)).subquery()
    rows = db.session.execute(
        select(live.c.course_id, Topic.name).distinct()
        .join(lesson_topics, lesson_topics.c.lesson_id == live.c.id)
        .join(Topic, Topic.id == lesson_topics.c.topic_id)
        .order_by(live.c.course_id, Topic.name)
    )
    topics: dict[int, list[str]] = {}
    for course_id, name in rows:
        topics.setdefault(course_id, []).append(name)
    return topics
