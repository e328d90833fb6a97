"""What prospects can browse: the published courses, searched, filtered, paged and summarized.

Each answer takes a fixed number of queries however many courses and lessons there are: a page
of the catalog is a count, the page's courses with their sizes, and their topics; the topics to
filter by are one more.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Select, func, or_, select

from app.core.columns import live
from app.core.extensions import LAST_PAGE, db
from app.courses import search
from app.courses.models import Course, CourseStatus, Lesson, Module, Topic, lesson_topics

PER_PAGE = 12
# The catalog's own order, after a search's ranking: featured first, then the author's order.
CATALOG_ORDER = (Course.featured.desc(), Course.catalog_position, Course.title, Course.id)
PRICES = {"free": _l("Free"), "paid": lazy_pgettext("a course one pays for", "Paid")}
# Length filters, by the minutes of a course's live lessons: [at least, at most].
LENGTHS = {"short": (_l("Under 1 hour"), None, 59), "medium": (_l("1 to 3 hours"), 60, 180),
           "long": (_l("Over 3 hours"), 181, None)}


@dataclass
class CatalogEntry:
    """A course card: the course, its size and what it is about."""

    course: Course
    lessons: int = 0
    minutes: int = 0
    topics: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    """What a visitor asked the catalog for; empty values mean "any"."""

    search: str = ""
    topic: str = ""
    price: str = ""  # a key of PRICES
    length: str = ""  # a key of LENGTHS

    @classmethod
    def read(cls, args: Mapping[str, str]) -> Filters:
        """From query arguments (q, topic, price, length): the search and topic cleaned of control
        characters and cut short, an unknown price or length read as "any"."""
        price, length = args.get("price", ""), args.get("length", "")
        return cls(search.clean(args.get("q")), search.clean(args.get("topic"))[:60],
                   price if price in PRICES else "", length if length in LENGTHS else "")

    @property
    def narrowed(self) -> bool:
        """Whether anything is asked beyond "every course"."""
        return bool(self.search or self.topic or self.price or self.length)

    def args(self, **changed: str) -> dict[str, str]:
        """The filters as query arguments, for links that keep them (empty ones left out)."""
        values = {"q": self.search, "topic": self.topic, "price": self.price, "length": self.length, **changed}
        return {key: value for key, value in values.items() if value}


@dataclass
class CatalogPage:
    """One page of the catalog's answer, and where it stands among the others."""

    entries: list[CatalogEntry]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and those near this one; None for a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.page - around), min(self.pages, self.page + around) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:  # type: ignore[operator]
                numbers.append(None)
            numbers.append(number)
        return numbers


def find_courses(filters: Filters, page: int = 1, *, per_page: int = PER_PAGE) -> CatalogPage:
    """A page of the published courses the filters find: ranked by the search if there is one
    (courses.search), then featured first and in the catalog's order. A page past the last
    shows the last. Three queries (one when nothing is found)."""
    query, order = _catalog_query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages, LAST_PAGE)
    entries = _entries(query.order_by(*order).limit(per_page).offset((page - 1) * per_page)) if total else []
    return CatalogPage(entries, total, page, per_page)


def published_courses(search_text: str | None = None, *, limit: int | None = None) -> list[CatalogEntry]:
    """The published courses (the first `limit` of them), as `find_courses` orders them, without
    counting them: the front page's list. Two queries."""
    query, order = _catalog_query(Filters(search=search.clean(search_text)))
    return _entries(query.order_by(*order).limit(limit))


def first_course() -> CatalogEntry | None:
    """The course the catalog shows first — its first featured one, else the first in the author's
    order —, to suggest to a newcomer; None when nothing is published. Two queries."""
    entries = published_courses(limit=1)
    return entries[0] if entries else None


def _catalog_query(filters: Filters) -> tuple[Select, list]:
    """The published courses the filters find, each with its live lessons counted and their
    minutes summed; and the order to list them in."""
    live_lessons = select(Lesson.course_id, Lesson.minutes).join(Module, Lesson.module_id == Module.id) \
        .where(live(Lesson, Module)).subquery()
    sizes = select(live_lessons.c.course_id, func.count().label("lessons"),
                   func.sum(live_lessons.c.minutes).label("minutes")).group_by(live_lessons.c.course_id).subquery()
    lessons, minutes = func.coalesce(sizes.c.lessons, 0), func.coalesce(sizes.c.minutes, 0)
    query = select(Course, lessons, minutes).outerjoin(sizes, sizes.c.course_id == Course.id) \
        .where(Course.status == CourseStatus.PUBLISHED)
    if filters.topic:
        query = query.where(Course.id.in_(_carrying(filters.topic)))
    if filters.price == "free":
        query = query.where(or_(Course.price_amount.is_(None), Course.price_amount <= 0))
    elif filters.price == "paid":
        query = query.where(Course.price_amount > 0)
    if filters.length:
        _, least, most = LENGTHS[filters.length]
        query = query.where(*([minutes >= least] if least is not None else []),
                            *([minutes <= most] if most is not None else []))
    order = list(CATALOG_ORDER)
    if filters.search:
        found = search.match(filters.search)
        query, order = found.apply(query), found.order() + order
    return query, order


def _carrying(topic: str) -> Select:
    """The ids of courses with a live lesson tagged `topic`."""
    return (select(Lesson.course_id).join(Module, Lesson.module_id == Module.id)
            .join(lesson_topics, lesson_topics.c.lesson_id == Lesson.id)
            .join(Topic, Topic.id == lesson_topics.c.topic_id)
            .where(live(Lesson, Module), Topic.name == topic))


def _entries(query: Select) -> list[CatalogEntry]:
    entries = [CatalogEntry(course, lessons, int(minutes)) for course, lessons, minutes in db.session.execute(query)]
    by_id = {entry.course.id: entry for entry in entries}
    for course_id, names in course_topics(list(by_id)).items():
        by_id[course_id].topics = names
    return entries


def course_topics(course_ids: list[int]) -> dict[int, list[str]]:
    """Per course, the topics its live lessons carry, by name, in one query."""
    if not course_ids:
        return {}
    rows = db.session.execute(
        select(Lesson.course_id, Topic.name).distinct()
        .join(Module, Lesson.module_id == Module.id)
        .join(lesson_topics, lesson_topics.c.lesson_id == Lesson.id)
        .join(Topic, Topic.id == lesson_topics.c.topic_id)
        .where(Lesson.course_id.in_(course_ids), live(Lesson, Module))
        .order_by(Lesson.course_id, Topic.name)
    )
    topics: dict[int, list[str]] = {}
    for course_id, name in rows:
        topics.setdefault(course_id, []).append(name)
    return topics


def filter_topics() -> list[str]:
    """The topics the published courses' live lessons carry, by name: the catalog's topic filter."""
    return list(db.session.scalars(
        select(Topic.name).distinct()
        .join(lesson_topics, lesson_topics.c.topic_id == Topic.id)
        .join(Lesson, Lesson.id == lesson_topics.c.lesson_id)
        .join(Module, Lesson.module_id == Module.id)
        .join(Course, Course.id == Lesson.course_id)
        .where(Course.status == CourseStatus.PUBLISHED, live(Lesson, Module))
        .order_by(Topic.name)
    ))
