"""A course's landing page as the person looking at it sees it: the course, its topics, its
outline (with their progress, once enrolled), and their Start, Continue or Review button."""
from __future__ import annotations

from dataclasses import dataclass

from app.courses.catalog import course_topics
from app.courses.models import Course
from app.learning import queries
from app.learning.models import Enrollment
from app.learning.outline import Outline, course_outline
from app.learning.resume import CourseButton, outline_button
from app.learning.service import has_access


@dataclass(frozen=True)
class Landing:
    course: Course
    enrollment: Enrollment | None  # None when not enrolled, or nobody is signed in
    outline: Outline
    topics: list[str]
    button: CourseButton | None  # Start, Continue or Review; None without access


def course_landing(slug: str, learner_id: int | None) -> Landing | None:
    """The landing page of the published course `slug` for `learner_id` (None: nobody signed in),
    or None when no such course is in the catalog."""
    course, enrollment = queries.published_course_for(slug, learner_id)
    if course is None:
        return None
    outline = course_outline(course, learner_id if enrollment else None)
    return Landing(course, enrollment, outline, course_topics([course.id]).get(course.id, []),
                   outline_button(outline, enrollment) if has_access(enrollment) else None)
