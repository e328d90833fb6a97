"""What "Preview as a learner" shows: the course through the learning area's own outline, so an
author sees exactly the pages, sanitized HTML, media embeds and quizzes a learner would get."""
from __future__ import annotations

from app.courses.models import Course
from app.learning.outline import Outline, course_outline


def as_learner(course: Course) -> Outline:
    """The outline of `course` (a draft too) as someone who has not started it sees it; read-only."""
    return course_outline(course)
