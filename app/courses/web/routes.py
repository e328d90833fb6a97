from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.billing import gateway
from app.billing import service as billing
from app.billing.service import CheckoutError
from app.core.links import external_url
from app.core.uow import unit_of_work
from app.courses import catalog
from app.courses.web import bp
from app.learning import queries, service
from app.learning.outline import course_outline
from app.learning.service import LearningError

@bp.route("/courses")
def courses():
    search = request.args.get("q", "").strip()[:100]
    return render_template("courses/courses.html", entries=catalog.published_courses(search), search=search)


@bp.route("/courses/<slug>")
def course(slug: str):
    learner_id = current_user.id if current_user.is_authenticated else None
    course, enrollment = queries.published_course_for(slug, learner_id)
    if course is None:
        abort(404)
    outline = course_outline(course, learner_id if enrollment else None)
    return render_template(
        "courses/course.html", course=course, outline=outline, enrollment=enrollment,
        topics=catalog.course_topics([course.id]).get(course.id, []),
        resume=outline.resume(enrollment.last_lesson_id) if service.has_access(enrollment) else None,
        can_checkout=bool(current_app.config.get("STRIPE_SECRET_KEY")),
    )


@bp.route("/courses/<slug>/enroll", methods=["POST"])
def enroll(slug: str):
    if not current_user.is_authenticated:
        # Back to the course page after logging in: this URL only takes a POST.
        flash("Log in or create a free account to enroll.", "info")
        return redirect(url_for("accounts.login", next=url_for("courses.course", slug=slug)))
    course = queries.published_course(slug) or abort(404)
    if not course.is_free:
        return _checkout(course)
    with unit_of_work(LearningError, flash_error=True) as work:
        service.enroll(current_user, course)
        flash(f"You are enrolled in {course.title}.", "success")  # before the commit expires the course
    if not work.ok:
        return redirect(url_for("courses.course", slug=slug))
    return redirect(url_for("learning.course", slug=slug))


def _checkout(course):
    """A paid course: make the order and its Stripe Checkout Session, then send the buyer there."""
    # A refused checkout keeps its failed order: the admin orders page shows what happened.
    with unit_of_work(keep=CheckoutError) as work:
        order = billing.start_checkout(
            gateway.current(), current_user, course,
            success_url=external_url("billing.success") + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=lambda order_id: external_url("billing.cancel", order_id=order_id))
    if work.error:
        flash(str(work.error), "error")
        return redirect(url_for("courses.course", slug=course.slug))
    return redirect(order.checkout_url, code=303)
