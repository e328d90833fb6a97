"""The author area's course pages: the course list and catalog curation, a course's editor and
settings, publishing, and course files in and out (the CLI's format and rules)."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.roles import Role
from app.authoring import courses, structure
from app.authoring.errors import AuthoringError, BadCourseFile
from app.authoring.web import bp
from app.authoring.web.forms import CourseForm, UploadForm, VersionForm
from app.authoring.web.helpers import attempt, button_action, course_or_404, step_from_form
from app.core.formatting import major_units
from app.core.security import accepts_upload, role_required
from app.core.uow import unit_of_work


@bp.before_request
@role_required(Role.AUTHOR)
def require_author():
    """Every page of the author area, its exports and CSVs, is for L&D authors (and admins) only."""


@bp.route("/")
def index():
    return render_template("authoring/index.html", rows=courses.course_rows())


@bp.route("/courses/new", methods=["GET", "POST"])
def new_course():
    form = CourseForm()
    if form.validate_on_submit():
        outcome = attempt(form, courses.create_course, form.header())
        if outcome.ok:
            flash(_("Created the draft course “%(title)s”. Add its first module.", title=outcome.value.title),
                  "success")
            return redirect(url_for("authoring.course", slug=outcome.value.slug))
        return render_template("authoring/course_form.html", form=form, course=None), outcome.status
    return render_template("authoring/course_form.html", form=form, course=None), 422 if form.errors else 200


@bp.route("/courses/<slug>")
def course(slug: str):
    found = course_or_404(slug)
    return render_template("authoring/course.html", course=found, modules=structure.course_tree(found),
                           form=VersionForm(version=found.version))


@bp.route("/courses/<slug>/edit", methods=["GET", "POST"])
def edit_course(slug: str):
    found = course_or_404(slug)
    if request.method == "GET":
        form = CourseForm(obj=found, version=found.version, price=major_units(found.price_amount, found.price_currency),
                          currency=found.price_currency or "usd", image=found.image_url or "")
        return render_template("authoring/course_form.html", form=form, course=found)
    form = CourseForm()
    if not form.validate():
        return render_template("authoring/course_form.html", form=form, course=found), 422
    outcome = attempt(form, courses.update_course, found, form.version.data, form.header())
    if not outcome.ok:
        return render_template("authoring/course_form.html", form=form, course=found), outcome.status
    flash(_("Saved the course's details."), "success")
    return redirect(url_for("authoring.course", slug=found.slug))


@bp.route("/courses/<slug>/publish", methods=["POST"])
def publish(slug: str):
    found = course_or_404(slug)
    return button_action(found, courses.publish, found, VersionForm().version.data,
                         done=_("Published: the course is in the catalog."))


@bp.route("/courses/<slug>/unpublish", methods=["POST"])
def unpublish(slug: str):
    found = course_or_404(slug)
    return button_action(found, courses.unpublish, found, VersionForm().version.data,
                         done=_("Unpublished: the course is hidden from the catalog; learners' progress is kept."))


# --- catalog curation ------------------------------------------------------------------------

@bp.route("/courses/<slug>/feature", methods=["POST"])
def feature(slug: str):
    found = course_or_404(slug)
    featured = request.form.get("featured") == "1"
    with unit_of_work():
        courses.set_featured(found, featured)
    flash(_("“%(title)s” is now featured in the catalog.", title=found.title) if featured
          else _("“%(title)s” is no longer featured in the catalog.", title=found.title), "success")
    return redirect(url_for("authoring.index", _anchor=f"course-{found.id}"))


@bp.route("/courses/<slug>/catalog-move", methods=["POST"])
def catalog_move(slug: str):
    found = course_or_404(slug)
    with unit_of_work():
        moved = courses.move_in_catalog(found, step_from_form())
    if moved:
        flash(_("Moved “%(title)s” up in the catalog.", title=found.title) if request.form["direction"] == "up"
              else _("Moved “%(title)s” down in the catalog.", title=found.title), "success")
    return redirect(url_for("authoring.index", _anchor=f"course-{found.id}"))


# --- course files ----------------------------------------------------------------------------

@bp.route("/upload", methods=["GET", "POST"])
@accepts_upload("COURSE_FILE_MAX_BYTES")  # a course file may be larger than other requests
def upload():
    form = UploadForm()
    if request.method == "GET" and request.args.get("course"):  # opened from the course's page
        found = course_or_404(request.args["course"])
        form.course.data, form.version.data = found.slug, found.version
    if not form.validate_on_submit():
        return render_template("authoring/upload.html", form=form), 422 if form.errors else 200
    name = form.file.data.filename or "upload"
    with unit_of_work(AuthoringError) as work:
        done = courses.import_upload(form.file.data.read(), name, draft=form.draft.data,
                                     loaded=form.loaded(), replace=form.replace.data)
    if not work.ok:
        return _refused(form, work.error, name)
    values = {"slug": done.course.slug, "status": done.course.status.value, "version": done.course.version,
              "contents": done.contents}
    flash(_("Created %(slug)s (%(status)s, version %(version)s): %(contents)s.", **values) if done.created
          else _("Updated %(slug)s (%(status)s, version %(version)s): %(contents)s.", **values), "success")
    return redirect(url_for("authoring.course", slug=done.course.slug))


def _refused(form: UploadForm, error: AuthoringError, filename: str):
    """The upload page saying why nothing was imported: 422 for a bad file (its first problems,
    the rest counted), 409 for a course that changed since the page was loaded."""
    if isinstance(error, BadCourseFile):
        return render_template("authoring/upload.html", form=form, problems=error.problems, filename=filename,
                               problem_count=error.count), 422
    return render_template("authoring/upload.html", form=form, problems=[str(error)], filename=filename,
                           problem_count=1), 409


@bp.route("/courses/<slug>/export.yaml", defaults={"fmt": "yaml"})
@bp.route("/courses/<slug>/export.json", defaults={"fmt": "json"}, endpoint="export_json")
def export(slug: str, fmt: str):
    found = course_or_404(slug)
    if fmt not in ("yaml", "json"):
        abort(404)
    mimetype = "application/json" if fmt == "json" else "application/yaml"
    return Response(courses.course_file(found, fmt), content_type=f"{mimetype}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{found.slug}.{fmt}"'})
