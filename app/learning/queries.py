"""Read-side questions about learning: which courses a learner may see, their lessons in
order, and how far a learner has got. Each answers in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Integer, String, and_, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import aliased, joinedload

from app.core.columns import live
from app.core.extensions import db
from app.courses.models import Course, CourseStatus, Lesson, Module, Question, Quiz, Topic, lesson_topics
from app.learning.items import Step
from app.learning.models import Certificate, Enrollment, EnrollmentStatus, LearningEvent, LessonProgress, QuizAttempt


def published_course(slug: str) -> Course | None:
    """A course learners may see; drafts are invisible to them."""
    return db.session.scalar(select(Course).where(Course.slug == slug, Course.status == CourseStatus.PUBLISHED))


def published_course_for(slug: str, user_id: int | None) -> tuple[Course | None, Enrollment | None]:
    """A published course and the learner's enrollment in it (None if not enrolled, or nobody is
    signed in: user_id None), in one query."""
    if user_id is None:
        return published_course(slug), None
    row = db.session.execute(
        select(Course, Enrollment)
        .outerjoin(Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.user_id == user_id))
        .where(Course.slug == slug, Course.status == CourseStatus.PUBLISHED)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def learner_course_for(slug: str, user_id: int) -> tuple[Course | None, Enrollment | None]:
    """As `published_course_for`, and also a course unpublished since the learner bought it: a
    buyer keeps what they paid for while the catalog hides it. In one query."""
    row = db.session.execute(
        select(Course, Enrollment)
        .outerjoin(Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.user_id == user_id))
        .where(Course.slug == slug, or_(
            Course.status == CourseStatus.PUBLISHED,
            and_(Enrollment.source == "purchase", Enrollment.status == EnrollmentStatus.ACTIVE)))
    ).first()
    return (row[0], row[1]) if row else (None, None)


def course_lessons(course_id: int) -> list[Lesson]:
    """The course's live lessons in reading order, in one query whatever the course size."""
    return list(db.session.scalars(
        select(Lesson).join(Module, Lesson.module_id == Module.id)
        .where(Lesson.course_id == course_id, live(Lesson, Module))
        .order_by(Module.position, Lesson.position)
    ))


def outline_lessons(course_id: int):
    """The course's live lessons in reading order as light rows (id, slug, title, minutes,
    module_id): what an outline shows, without building a model object or reading a body per lesson."""
    return db.session.execute(
        select(Lesson.id, Lesson.slug, Lesson.title, Lesson.minutes, Lesson.module_id)
        .join(Module, Lesson.module_id == Module.id)
        .where(Lesson.course_id == course_id, live(Lesson, Module))
        .order_by(Module.position, Lesson.position)
    ).all()


def course_quizzes(course_id: int) -> list[Quiz]:
    """The course's live quizzes (with at least one question), in module order."""
    live_question = select(Question.id).where(Question.quiz_id == Quiz.id, live(Question)).exists()
    return list(db.session.scalars(
        select(Quiz).join(Module, Quiz.module_id == Module.id)
        .where(Module.course_id == course_id, live(Module, Quiz), live_question)
        .order_by(Module.position)
    ))


def marks_in(user_id: int, course_id: int) -> tuple[set[int], set[int]]:
    """The ids of the lessons the learner has done and the quizzes they have passed in the
    course (retired ones included: callers keep the live ones), in one query."""
    rows = db.session.execute(union_all(
        select(LessonProgress.lesson_id, literal(False))
        .where(LessonProgress.user_id == user_id, LessonProgress.course_id == course_id),
        select(QuizAttempt.quiz_id, literal(True)).distinct()
        .where(QuizAttempt.user_id == user_id, QuizAttempt.course_id == course_id, QuizAttempt.passed.is_(True)),
    ))
    done: set[int] = set()
    passed: set[int] = set()
    for item_id, is_quiz in rows:
        (passed if is_quiz else done).add(item_id)
    return done, passed


def module_topics(module_id: int) -> list[str]:
    """The topic names of the module's live lessons, sorted, in one query (a quiz's topics)."""
    return list(db.session.scalars(
        select(Topic.name).distinct().join(lesson_topics, lesson_topics.c.topic_id == Topic.id)
        .join(Lesson, Lesson.id == lesson_topics.c.lesson_id)
        .where(Lesson.module_id == module_id, live(Lesson)).order_by(Topic.name)
    ))


def certificate_by_public_id(public_id: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))


def certificate_of(user_id: int, course_id: int) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.user_id == user_id,
                                                       Certificate.course_id == course_id))


def course_modules(course_id: int) -> list[tuple[Module, Quiz | None]]:
    """The course's live modules in order, each with its live quiz (None without one), in one query.

    A quiz counts only with at least one live question, as in `course_quizzes`.
    """
    has_questions = Quiz.id.in_(select(Question.quiz_id).where(live(Question)))
    rows = db.session.execute(
        select(Module, Quiz)
        .outerjoin(Quiz, and_(Quiz.module_id == Module.id, live(Quiz), has_questions))
        .where(Module.course_id == course_id, live(Module))
        .order_by(Module.position)
    ).all()
    return [(module, quiz) for module, quiz in rows]


def step_marks(user_id: int, course_ids: list[int]) -> dict[int, list[Step]]:
    """Per course, its live lessons and quizzes in reading order (a module's quiz after its
    lessons) with the learner's marks, in one query."""
    if not course_ids:
        return {}
    lesson_done = (select(LessonProgress.lesson_id).where(LessonProgress.user_id == user_id,
                                                          LessonProgress.lesson_id == Lesson.id).exists())
    lessons = (
        select(Lesson.course_id, Module.position.label("module_at"), literal(0).label("kind"),
               Lesson.position.label("at"), Lesson.id.label("lesson_id"), Lesson.slug, Lesson.title,
               cast(null(), Integer).label("number"), lesson_done.label("done"))
        .join(Module, Lesson.module_id == Module.id)
        .where(Lesson.course_id.in_(course_ids), live(Lesson, Module))
    )
    earlier = aliased(Module)
    number = (select(func.count()).select_from(earlier)  # a quiz's n in /learn/<slug>/quiz/<n>
              .where(earlier.course_id == Module.course_id, earlier.position <= Module.position, live(earlier))
              .correlate(Module).scalar_subquery())
    passed = (select(QuizAttempt.id).where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_id == Quiz.id,
                                           QuizAttempt.passed.is_(True)).exists())
    quizzes = (
        select(Module.course_id, Module.position, literal(1), literal(0), cast(null(), Integer),
               cast(null(), String), cast(null(), String), number, passed)
        .join(Quiz, Quiz.module_id == Module.id)
        .where(Module.course_id.in_(course_ids), live(Module, Quiz),
               select(Question.id).where(Question.quiz_id == Quiz.id, live(Question)).exists())
    )
    rows = union_all(lessons, quizzes).subquery()
    marks: dict[int, list[Step]] = {}
    for row in db.session.execute(select(rows).order_by(rows.c.course_id, rows.c.module_at, rows.c.kind, rows.c.at)):
        step = (Step(row.lesson_id, row.title, bool(row.done), slug=row.slug) if row.kind == 0
                else Step(None, _("Module %(number)s quiz", number=row.number), bool(row.done), quiz_number=row.number))
        marks.setdefault(row.course_id, []).append(step)
    return marks


def lessons_done(user_id: int, course_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(live lessons the learner completed, live lessons) for each course, in two queries."""
    lessons = (select(Lesson.course_id, Lesson.id).join(Module, Lesson.module_id == Module.id)
            .where(Lesson.course_id.in_(course_ids), live(Lesson, Module))
            .subquery())
    totals = dict(db.session.execute(select(lessons.c.course_id, func.count()).group_by(lessons.c.course_id)).all())
    done = dict(db.session.execute(
        select(lessons.c.course_id, func.count()).join(LessonProgress, LessonProgress.lesson_id == lessons.c.id)
        .where(LessonProgress.user_id == user_id).group_by(lessons.c.course_id)
    ).all())
    return {course_id: (done.get(course_id, 0), totals.get(course_id, 0)) for course_id in course_ids}


@dataclass
class CourseCard:
    """One course on "My learning": steps are lessons plus quizzes, as in Progress."""

    enrollment: Enrollment
    done: int
    total: int
    certificate: Certificate | None

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0


def my_courses(user_id: int) -> list[CourseCard]:
    """The learner's courses with progress and certificates, in a fixed number of queries."""
    enrollments = list(db.session.scalars(
        select(Enrollment).options(joinedload(Enrollment.course))
        .where(Enrollment.user_id == user_id).order_by(Enrollment.last_activity_at.desc())
    ))
    course_ids = [e.course_id for e in enrollments]
    if not course_ids:
        return []
    lessons = lessons_done(user_id, course_ids)
    done = {course_id: n for course_id, (n, _) in lessons.items()}
    totals = {course_id: n for course_id, (_, n) in lessons.items()}
    quizzes = (select(Module.course_id, Quiz.id).join(Quiz, Quiz.module_id == Module.id)
               .where(Module.course_id.in_(course_ids), live(Module, Quiz),
                      select(Question.id).where(Question.quiz_id == Quiz.id, live(Question)).exists())
               .subquery())
    for course_id, n in db.session.execute(select(quizzes.c.course_id, func.count()).group_by(quizzes.c.course_id)):
        totals[course_id] = totals.get(course_id, 0) + n
    passed = db.session.execute(
        select(quizzes.c.course_id, func.count(func.distinct(QuizAttempt.quiz_id)))
        .join(QuizAttempt, QuizAttempt.quiz_id == quizzes.c.id)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.passed.is_(True)).group_by(quizzes.c.course_id)
    )
    for course_id, n in passed:
        done[course_id] = done.get(course_id, 0) + n
    certificates = {c.course_id: c for c in db.session.scalars(
        select(Certificate).where(Certificate.user_id == user_id, Certificate.course_id.in_(course_ids)))}
    return [CourseCard(e, done.get(e.course_id, 0), totals.get(e.course_id, 0), certificates.get(e.course_id))
            for e in enrollments]


def recorded(dedupe_key: str) -> bool:
    """Whether a once-only event with this key is in the log: one indexed read, where recording
    it again would lock the learner's score and try an insert bound to fail."""
    return db.session.scalar(select(LearningEvent.id).where(LearningEvent.dedupe_key == dedupe_key)) is not None
