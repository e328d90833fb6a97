from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.catalog import bp
from app.extensions import db
from app.learning import catalog, queries, service
from app.learning.outline import course_outline
from app.learning.service import LearningError

# Paid checkout is built by the billing area; until its endpoint exists, say so plainly.
CHECKOUT_ENDPOINT = "billing.checkout"


@bp.route("/courses")
def courses():
    search = request.args.get("q", "").strip()[:100]
    return render_template("catalog/courses.html", entries=catalog.published_courses(search), search=search)


@bp.route("/courses/<slug>")
def course(slug: str):
    learner_id = current_user.id if current_user.is_authenticated else None
    course, enrollment = queries.published_course_for(slug, learner_id)
    if course is None:
        abort(404)
    outline = course_outline(course, learner_id if enrollment else None)
    return render_template(
        "catalog/course.html", course=course, outline=outline, enrollment=enrollment,
        topics=catalog.course_topics([course.id]).get(course.id, []),
        resume=outline.resume(enrollment.last_lesson_id) if service.has_access(enrollment) else None,
        can_checkout=CHECKOUT_ENDPOINT in current_app.view_functions,
    )


@bp.route("/courses/<slug>/enroll", methods=["POST"])
def enroll(slug: str):
    if not current_user.is_authenticated:
        # Back to the course page after logging in: this URL only takes a POST.
        flash("Log in or create a free account to enroll.", "info")
        return redirect(url_for("auth.login", next=url_for("catalog.course", slug=slug)))
    course = queries.published_course(slug) or abort(404)
    try:
        service.enroll(current_user, course)
    except LearningError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("catalog.course", slug=slug))
    flash(f"You are enrolled in {course.title}.", "success")
    db.session.commit()
    return redirect(url_for("learn.course", slug=slug))
