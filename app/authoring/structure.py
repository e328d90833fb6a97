"""Modules and lessons: add, edit, reorder, retire. Lessons keep their ids through every edit
and move, so learners' progress (which points at lesson ids) is never lost.

Every change to what the catalog searches (a lesson's title, body or topics; retiring) rebuilds
the course's search document in the same transaction (courses.search.index_course).

Positions: a course's live modules are numbered 1..n in reading order and retired ones come
after them, the layout an import of the course's own export produces, so the two agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import selectinload

from app.core.columns import live
from app.authoring import rules
from app.authoring.checks import keep_publishable
from app.authoring.errors import Invalid
from app.authoring.ordering import renumber, swap
from app.authoring.versioning import claim
from app.core.extensions import db
from app.core.time import utcnow
from app.core.markdown import render_markdown
from app.courses.models import Course, Lesson, Module, Quiz, Topic, lesson_topics
from app.courses import topics
from app.courses.search import index_course


def course_tree(course: Course) -> list[Module]:
    """The live modules in order, with lessons, topics, quiz and questions loaded (5 queries)."""
    return list(db.session.scalars(
        select(Module).where(Module.course_id == course.id, live(Module)).order_by(Module.position)
        .options(selectinload(Module.lessons).selectinload(Lesson.topics),
                 selectinload(Module.quiz).selectinload(Quiz.questions))
    ))


def live_modules(course: Course) -> list[Module]:
    return sorted(course.live_modules, key=lambda m: m.position)


def _live_lessons(module: Module) -> list[Lesson]:
    return sorted(module.live_lessons, key=lambda lesson: lesson.position)


# --- modules ---------------------------------------------------------------------------------

def _check_module_title(title: str) -> None:
    errors = rules.module_errors({"title": title})
    if errors:
        raise Invalid(errors)


def add_module(course: Course, version: int | None, title: str) -> Module:
    claim(course, version)
    _check_module_title(title)
    live = live_modules(course)
    module = Module(course=course, title=title, position=len(course.modules) + 1)
    db.session.add(module)
    renumber(course.modules, live + [module])
    keep_publishable(course)
    return module


def rename_module(course: Course, version: int | None, module: Module, title: str) -> None:
    claim(course, version)
    _check_module_title(title)
    module.title = title
    keep_publishable(course)


def move_module(course: Course, version: int | None, module: Module, step: int) -> None:
    claim(course, version)
    live = live_modules(course)
    if swap(live, module, step):
        renumber(course.modules, live)
    db.session.flush()


def retire_module(course: Course, version: int | None, module: Module) -> None:
    """Hide the module, its lessons and its quiz; progress and answers on them are kept."""
    claim(course, version)
    now = utcnow()
    module.retired_at = now
    for lesson in module.live_lessons:
        lesson.retired_at = now
    if module.quiz is not None and module.quiz.retired_at is None:
        module.quiz.retired_at = now
    renumber(course.modules, live_modules(course))
    keep_publishable(course)
    index_course(course)


# --- lessons ---------------------------------------------------------------------------------

@dataclass
class LessonDraft:
    """A lesson as the editor sends it: checked topics by name, new ones typed in."""

    title: str
    slug: str = ""
    minutes: int | None = 0
    body: str = ""
    media: str = ""
    topics: list[str] = field(default_factory=list)
    new_topics: list[str] = field(default_factory=list)

    def topic_names(self, current: list[str]) -> list[str]:
        """The lesson's current topics that stay, in their order, then the added ones."""
        typed = ["-".join(name.strip().lower().split()) for name in self.new_topics]
        wanted = [name for name in self.topics + typed if name]
        names = [name for name in current if name in wanted]
        for name in wanted:
            if name not in names:
                names.append(name)
        return names


def _checked(course: Course, draft: LessonDraft, lesson: Lesson | None) -> dict:
    """The lesson as course-file data, after the course-file rules and a unique slug."""
    data = {"slug": draft.slug.strip() or rules.slugify(draft.title), "title": draft.title,
            "minutes": draft.minutes, "topics": draft.topic_names(lesson.topic_names if lesson else []),
            "body": draft.body}
    if draft.media.strip():
        data["media"] = draft.media.strip()
    errors = rules.lesson_errors(data)
    if "topics" in errors:
        errors["new_topics"] = errors.pop("topics")
    if "slug" not in errors:
        other = db.session.scalar(select(Lesson).where(Lesson.course_id == course.id, Lesson.slug == data["slug"]))
        if other is not None and other is not lesson:
            errors["slug"] = [gettext('"%(title)s" (a retired lesson) already uses this slug in this course.',
                                      title=other.title) if other.retired_at
                              else gettext('"%(title)s" already uses this slug in this course.', title=other.title)]
    if errors:
        raise Invalid(errors)
    return data


def add_lesson(course: Course, version: int | None, module: Module, draft: LessonDraft) -> Lesson:
    claim(course, version)
    data = _checked(course, draft, None)
    live = _live_lessons(module)
    lesson = Lesson(course=course, module=module, slug=data["slug"], position=len(module.lessons) + 1,
                    body=data["body"], body_html=render_markdown(data["body"]), revision=1)
    db.session.add(lesson)
    _write_lesson(lesson, data)
    renumber(module.lessons, live + [lesson])
    keep_publishable(course)
    index_course(course)
    return lesson


def update_lesson(course: Course, version: int | None, lesson: Lesson, draft: LessonDraft) -> None:
    """Save the editor's lesson over the same row (same id); the body is re-rendered if it changed."""
    claim(course, version)
    data = _checked(course, draft, lesson)
    if lesson.body != data["body"]:
        lesson.body, lesson.body_html = data["body"], render_markdown(data["body"])
        lesson.revision += 1
    lesson.slug = data["slug"]
    _write_lesson(lesson, data)
    keep_publishable(course)
    index_course(course)


def _write_lesson(lesson: Lesson, data: dict) -> None:
    lesson.title, lesson.minutes, lesson.media_url = data["title"], data["minutes"], data.get("media")
    db.session.flush()
    _set_topics(lesson, data["topics"])


def _set_topics(lesson: Lesson, names: list[str]) -> None:
    """Store the lesson's topics in order (as rows: the ORM collection cannot carry the position)."""
    found = topics.named(names)
    if lesson.topic_names == names:
        return
    db.session.execute(delete(lesson_topics).where(lesson_topics.c.lesson_id == lesson.id))
    if names:
        db.session.execute(insert(lesson_topics), [{"lesson_id": lesson.id, "topic_id": found[name].id,
                                                    "position": n} for n, name in enumerate(names, start=1)])
    db.session.expire(lesson, ["topics"])


def move_lesson(course: Course, version: int | None, lesson: Lesson, step: int) -> None:
    """Up or down within its module; past the module's edge, into the neighbouring module."""
    claim(course, version)
    module, modules = lesson.module, live_modules(course)
    live = _live_lessons(module)
    if swap(live, lesson, step):
        renumber(module.lessons, live)
    else:
        m = modules.index(module) + step
        if not 0 <= m < len(modules):
            return
        target = modules[m]
        target_live = _live_lessons(target)
        lesson.module = target
        renumber(module.lessons, [x for x in live if x is not lesson])
        # Down past the end: first of the next module; up past the start: last of the previous one.
        renumber(target.lessons, [lesson] + target_live if step > 0 else target_live + [lesson])
    db.session.flush()


def retire_lesson(course: Course, version: int | None, lesson: Lesson) -> None:
    """Hide the lesson from learners; its id, progress and events stay."""
    claim(course, version)
    lesson.retired_at = utcnow()
    renumber(lesson.module.lessons, [x for x in _live_lessons(lesson.module) if x is not lesson])
    keep_publishable(course)
    index_course(course)


def lesson_choices(course: Course) -> list[tuple[int, str]]:
    """The course's live lessons in reading order as (id, "Title (module n)"), in one query: what
    a question may name as the lesson that teaches it."""
    rows = db.session.execute(
        select(Lesson.id, Lesson.title, Module.id).join(Module, Lesson.module_id == Module.id)
        .where(Lesson.course_id == course.id, live(Lesson, Module)).order_by(Module.position, Lesson.position)
    ).all()
    numbers: dict[int, int] = {}
    for _, _, module_id in rows:
        numbers.setdefault(module_id, len(numbers) + 1)
    return [(lesson_id, gettext("%(title)s (module %(number)s)", title=title, number=numbers[module_id]))
            for lesson_id, title, module_id in rows]


def all_topics() -> list[str]:
    return list(db.session.scalars(select(Topic.name).order_by(Topic.name)))

