"""Learning pages. Everything is keyed by current_user: nobody sees another learner's progress.

Views build a plain outline (learning.outline) before they commit, so a page renders after the
commit without reloading what the commit expired.
"""
from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.core.extensions import limiter
from app.core.links import external_url
from app.core.uow import unit_of_work
from app.learning import certificates, landing, queries, results, service
from app.learning.models import Enrollment
from app.learning.outline import LessonItem, Outline, QuizItem, course_outline
from app.learning.resume import my_buttons, outline_button
from app.learning.service import LearningError
from app.learning.web import bp
from app.learning.web.forms import quiz_answers

NOT_ENROLLED = _l("Enroll in this course to start learning.")
NOT_BOUGHT = _l("This course is paid: buy it to start learning.")
ACCESS_ENDED = _l("Your access to this course has ended. Buy it again to continue.")


@bp.route("/my")
@login_required
def my_learning():
    cards = queries.my_courses(current_user.id)
    buttons = my_buttons(current_user.id, [card.enrollment for card in cards])
    return render_template("learning/my.html", cards=cards, buttons=buttons)


@bp.route("/courses/<slug>")
def course_page(slug: str):
    """The course's landing page in the catalog: what it teaches, and enroll, buy, or the
    learner's Start, Continue or Review button."""
    found = landing.course_landing(slug, current_user.id if current_user.is_authenticated else None)
    if found is None:
        abort(404)
    return render_template("learning/landing.html", course=found.course, outline=found.outline,
                           enrollment=found.enrollment, topics=found.topics, button=found.button)


@bp.route("/learn/<slug>")
@login_required
def course(slug: str):
    _, outline, enrollment = _learner_outline(slug)
    return render_template("learning/course.html", outline=outline, enrollment=enrollment,
                           button=outline_button(outline, enrollment, on_outline=True),
                           certificate=queries.certificate_of(current_user.id, outline.course_id))


@bp.route("/learn/<slug>/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    _, outline, enrollment = _learner_outline(slug)
    item = outline.lesson(lesson_slug) or abort(404)
    content = outline.content(item)
    # Where the learner left off is a convenience (see commit_convenience). What this request
    # loaded stays loaded, so rendering does not read the signed-in user again: the page shows
    # nothing this commit changed, and the session ends with the request.
    with unit_of_work(convenience=True, expire_on_commit=False):
        service.open_lesson(enrollment, item.id)
    return render_template("learning/lesson.html", outline=outline, lesson=item, content=content)


@bp.route("/learn/<slug>/<lesson_slug>/complete", methods=["POST"])
def complete(slug: str, lesson_slug: str):
    if not current_user.is_authenticated:  # back to the lesson, which takes a GET
        return redirect(url_for("accounts.login", next=url_for("learning.lesson", slug=slug, lesson_slug=lesson_slug)))
    course, outline = _learner_outline(slug)[:2]  # the course stays loaded for the service
    item = outline.lesson(lesson_slug) or abort(404)
    with unit_of_work(LearningError, flash_error=True) as work:
        service.complete_lesson(current_user, outline.lesson_ref(item))
    if not work.ok:
        return redirect(url_for("learning.course_page", slug=slug))
    if outline.completed_by(item):
        flash(_("You completed %(title)s. Your certificate is ready.", title=outline.title), "success")
        return redirect(url_for("learning.course", slug=slug))
    return redirect(_step_url(slug, outline.step_after(item)))


@bp.route("/learn/<slug>/quiz/<int:number>", methods=["GET", "POST"])
@login_required
def quiz(slug: str, number: int):
    course, outline = _learner_outline(slug)[:2]  # the course stays loaded for the service
    module = outline.module(number)
    if module is None or module.quiz is None:
        abort(404)
    page = {"outline": outline, "module": module, "questions": outline.questions(module.quiz)}
    if request.method == "GET":
        return render_template("learning/quiz.html", **page, chosen={})
    answers = quiz_answers(request.form, [question.id for question in page["questions"]])
    with unit_of_work(LearningError) as work:  # unanswered questions: nothing is recorded
        grade = service.submit_quiz(current_user, outline.quiz_row(module.quiz), answers)
        # Read before the commit expires the attempt. The results are this POST's answer: they need
        # no address of their own, and a reload asks before it submits again.
        result = results.quiz_result(grade, outline, module, page["questions"], answers)
    if not work.ok:
        return render_template("learning/quiz.html", **page, chosen=answers, error=str(work.error)), 422
    certificate = queries.certificate_of(current_user.id, outline.course_id) if result.quiz_passed else None
    return render_template("learning/quiz_result.html", **page, result=result, certificate=certificate)


@bp.route("/certificates/<public_id>")
def certificate(public_id: str):
    """Public: anyone with the link can check the certificate (and print it, or add it to LinkedIn)."""
    found = queries.certificate_by_public_id(public_id) or abort(404)
    verify_url = external_url("learning.certificate", public_id=found.public_id)
    return render_template("learning/certificate.html", certificate=found, verify_url=verify_url,
                           issued_on=certificates.issued_on(found),
                           linkedin_url=certificates.linkedin_url(found, verify_url))


def _pdf_limit() -> str:
    return current_app.config["RATELIMIT_CERTIFICATE_PDF"]


@bp.route("/certificates/<public_id>.pdf")
@limiter.limit(_pdf_limit)  # drawing one takes a quarter of a second: not for anyone to repeat at will
def certificate_pdf(public_id: str):
    """The certificate as a PDF file to keep, print or send."""
    found = queries.certificate_by_public_id(public_id) or abort(404)
    pdf = certificates.certificate_pdf(found, external_url("learning.certificate", public_id=found.public_id))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{found.public_id}.pdf"'})


def _learner_outline(slug: str) -> tuple[object, Outline, Enrollment]:
    """The course, its outline with the learner's marks, and their enrollment; a draft or unknown
    course is a 404 (unless the learner bought it before it was unpublished), no access sends them
    to the course page to enroll (or buy).

    A view that calls the learning service keeps the course: the session holds what it loaded
    only while something else does, and the service reads the course again otherwise."""
    course, enrollment = queries.learner_course_for(slug, current_user.id)
    if course is None:
        abort(404)
    if not service.has_access(enrollment):
        flash(str(ACCESS_ENDED if enrollment else NOT_ENROLLED if course.is_free else NOT_BOUGHT), "error")
        abort(redirect(url_for("learning.course_page", slug=slug)))
    return course, course_outline(course, current_user.id), enrollment


def _step_url(slug: str, step: LessonItem | QuizItem | None) -> str:
    if isinstance(step, QuizItem):
        return url_for("learning.quiz", slug=slug, number=step.module)
    if isinstance(step, LessonItem):
        return url_for("learning.lesson", slug=slug, lesson_slug=step.slug)
    return url_for("learning.course", slug=slug)
