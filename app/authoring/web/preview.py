"""Preview as a learner: the course outline, its lessons and quizzes as learners get them (the
same outline, the same sanitized HTML and media embeds), read-only and marked "Preview".
Works for drafts; nothing is recorded."""
from __future__ import annotations

from flask import abort, render_template

from app.authoring import preview as learner_preview
from app.authoring.web import bp
from app.authoring.web.helpers import course_or_404


def _outline(slug: str):
    course = course_or_404(slug)
    return course, learner_preview.as_learner(course)


@bp.route("/courses/<slug>/preview")
def preview(slug: str):
    course, outline = _outline(slug)
    return render_template("authoring/preview/course.html", course=course, outline=outline)


@bp.route("/courses/<slug>/preview/<lesson_slug>")
def preview_lesson(slug: str, lesson_slug: str):
    course, outline = _outline(slug)
    item = outline.lesson(lesson_slug) or abort(404)
    return render_template("authoring/preview/lesson.html", course=course, outline=outline, lesson=item,
                           content=outline.content(item), module=outline.module(item.module))


@bp.route("/courses/<slug>/preview/quiz/<int:number>")
def preview_quiz(slug: str, number: int):
    course, outline = _outline(slug)
    module = outline.module(number)
    if module is None or module.quiz is None:
        abort(404)
    return render_template("authoring/preview/quiz.html", course=course, outline=outline, module=module,
                           questions=outline.questions(module.quiz))
