"""Editing a course's content: modules, lessons (with a preview) and quizzes (moving and retiring
them: see buttons).

Every form carries the course version it was loaded with; a refused save re-renders the form
with what the author typed, the problems next to their fields, and nothing written.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.authoring.web import bp
from app.authoring.web.forms import LessonForm, ModuleForm, NewQuizForm, QuestionForm, QuizForm
from app.authoring.web.helpers import attempt, course_or_404, lesson_of, module_of, question_of, quiz_of
from app.authoring import quizzes, structure
from app.core.markdown import media_embed, render_markdown

# --- modules ---------------------------------------------------------------------------------


@bp.route("/courses/<slug>/modules/new", methods=["GET", "POST"])
def new_module(slug: str):
    course = course_or_404(slug)
    form = ModuleForm() if request.method == "POST" else ModuleForm(version=course.version)
    if form.validate_on_submit():
        outcome = attempt(form, structure.add_module, course, form.version.data, (form.title.data or "").strip())
        if outcome.ok:
            flash(_("Added the module “%(title)s”.", title=outcome.value.title), "success")
            return redirect(url_for("authoring.course", slug=course.slug, _anchor=f"module-{outcome.value.id}"))
        return render_template("authoring/module_form.html", course=course, module=None, form=form), outcome.status
    return render_template("authoring/module_form.html", course=course, module=None, form=form)


@bp.route("/courses/<slug>/modules/<int:module_id>", methods=["GET", "POST"])
def edit_module(slug: str, module_id: int):
    course = course_or_404(slug)
    module = module_of(course, module_id)
    form = ModuleForm() if request.method == "POST" else ModuleForm(version=course.version, title=module.title)
    if form.validate_on_submit():
        outcome = attempt(form, structure.rename_module, course, form.version.data, module,
                          (form.title.data or "").strip())
        if outcome.ok:
            flash(_("Renamed the module."), "success")
            return redirect(url_for("authoring.course", slug=course.slug, _anchor=f"module-{module.id}"))
        return render_template("authoring/module_form.html", course=course, module=module, form=form), outcome.status
    return render_template("authoring/module_form.html", course=course, module=module, form=form)


# --- lessons ---------------------------------------------------------------------------------

def _lesson_page(course, module, lesson, form: LessonForm, status: int = 200):
    preview = None
    if "preview" in request.form:
        media_url = (form.media.data or "").strip()
        embed = media_embed(media_url)
        problem = _("This link cannot be played: use a YouTube or Vimeo page, or an http(s) link to a .mp4, .webm, "
                    ".ogg, .mp3, .m4a or .wav file.") if media_url and not embed else ""
        preview = {"body_html": render_markdown(form.body.data or ""), "media": embed, "media_problem": problem,
                   "title": (form.title.data or "").strip() or _("Untitled lesson")}
    return render_template("authoring/lesson_form.html", course=course, module=module, lesson=lesson, form=form,
                           preview=preview), status


def _lesson_form(lesson=None, version: int | None = None) -> LessonForm:
    if request.method == "POST":
        form = LessonForm()
    elif lesson is None:
        form = LessonForm(version=version)
    else:
        form = LessonForm(version=version, title=lesson.title, slug=lesson.slug, minutes=lesson.minutes,
                          body=lesson.body, media=lesson.media_url or "", topics=lesson.topic_names)
    form.topics.choices = [(name, name) for name in structure.all_topics()]
    return form


@bp.route("/courses/<slug>/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
def new_lesson(slug: str, module_id: int):
    course = course_or_404(slug)
    module = module_of(course, module_id)
    form = _lesson_form(version=course.version)
    if request.method == "GET" or "preview" in request.form:
        return _lesson_page(course, module, None, form)
    if not form.validate():
        return _lesson_page(course, module, None, form, 422)
    outcome = attempt(form, structure.add_lesson, course, form.version.data, module, form.draft())
    if not outcome.ok:
        return _lesson_page(course, module, None, form, outcome.status)
    flash(_("Added the lesson “%(title)s”.", title=outcome.value.title), "success")
    return redirect(url_for("authoring.course", slug=course.slug, _anchor=f"lesson-{outcome.value.id}"))


@bp.route("/courses/<slug>/lessons/<int:lesson_id>", methods=["GET", "POST"])
def edit_lesson(slug: str, lesson_id: int):
    course = course_or_404(slug)
    lesson = lesson_of(course, lesson_id)
    form = _lesson_form(lesson, course.version)
    if request.method == "GET" or "preview" in request.form:
        return _lesson_page(course, lesson.module, lesson, form)
    if not form.validate():
        return _lesson_page(course, lesson.module, lesson, form, 422)
    outcome = attempt(form, structure.update_lesson, course, form.version.data, lesson, form.draft())
    if not outcome.ok:
        return _lesson_page(course, lesson.module, lesson, form, outcome.status)
    flash(_("Saved the lesson “%(title)s”.", title=lesson.title), "success")
    return redirect(url_for("authoring.course", slug=course.slug, _anchor=f"lesson-{lesson.id}"))


# --- quizzes ---------------------------------------------------------------------------------

def _quiz_page(course, module, status: int = 200, **forms):
    quiz = module.quiz if module.quiz is not None and module.quiz.retired_at is None else None
    if quiz is None:
        forms.setdefault("new_form", NewQuizForm(version=course.version, formdata=None))
    else:
        forms.setdefault("pass_form", QuizForm(version=course.version, pass_percent=quiz.pass_percent,
                                               formdata=None))
        forms.setdefault("question_form", QuestionForm(version=course.version, formdata=None))
    lessons = structure.lesson_choices(course)
    for form in forms.values():
        if isinstance(form, QuestionForm):
            form.with_lessons(lessons)
    number = structure.live_modules(course).index(module) + 1
    return render_template("authoring/quiz.html", course=course, module=module, quiz=quiz, number=number,
                           questions=sorted(quiz.live_questions, key=lambda q: q.position) if quiz else [],
                           lesson_names=dict(lessons), **forms), status


@bp.route("/courses/<slug>/modules/<int:module_id>/quiz")
def quiz(slug: str, module_id: int):
    course = course_or_404(slug)
    return _quiz_page(course, module_of(course, module_id))


@bp.route("/courses/<slug>/modules/<int:module_id>/quiz/new", methods=["POST"])
def new_quiz(slug: str, module_id: int):
    course = course_or_404(slug)
    module = module_of(course, module_id)
    form = NewQuizForm()
    if not form.validate():
        return _quiz_page(course, module, 422, new_form=form)
    outcome = attempt(form, quizzes.add_quiz, course, form.version.data, module, form.pass_percent.data, form.draft())
    if not outcome.ok:
        return _quiz_page(course, module, outcome.status, new_form=form)
    flash(_("Added the quiz with its first question."), "success")
    return redirect(url_for("authoring.quiz", slug=course.slug, module_id=module.id))


@bp.route("/courses/<slug>/modules/<int:module_id>/quiz/pass-mark", methods=["POST"])
def pass_mark(slug: str, module_id: int):
    form = QuizForm()
    return _change_quiz(slug, module_id, form, "pass_form", _("Saved the pass mark."),
                        quizzes.set_pass_mark, lambda: (form.pass_percent.data,))


@bp.route("/courses/<slug>/modules/<int:module_id>/quiz/questions", methods=["POST"])
def add_question(slug: str, module_id: int):
    form = QuestionForm()
    return _change_quiz(slug, module_id, form, "question_form", _("Added the question."),
                        quizzes.add_question, lambda: (form.draft(),),
                        anchor=lambda question: f"question-{question.id}")


def _change_quiz(slug: str, module_id: int, form, form_name: str, done: str, change, arguments, anchor=None):
    """A form on a module's quiz page: the change, then back to the page (with the form and its
    errors if it was refused)."""
    course = course_or_404(slug)
    module = module_of(course, module_id)
    outcome = attempt(form, change, course, form.version.data, quiz_of(module), *arguments()) \
        if form.validate() else None
    if outcome is None or not outcome.ok:
        return _quiz_page(course, module, outcome.status if outcome else 422, **{form_name: form})
    flash(done, "success")
    return redirect(url_for("authoring.quiz", slug=course.slug, module_id=module.id,
                            _anchor=anchor(outcome.value) if anchor else None))


@bp.route("/courses/<slug>/questions/<int:question_id>", methods=["GET", "POST"])
def edit_question(slug: str, question_id: int):
    course = course_or_404(slug)
    question = question_of(course, question_id)
    module = question.quiz.module
    if request.method == "GET":
        form = QuestionForm.of(question)
        form.version.data = course.version
        return _question_page(course, module, question, form)
    form = QuestionForm()
    outcome = attempt(form, quizzes.update_question, course, form.version.data, question, form.draft()) \
        if form.validate() else None
    if outcome is None or not outcome.ok:
        return _question_page(course, module, question, form, outcome.status if outcome else 422)
    flash(_("Saved the question."), "success")
    return redirect(url_for("authoring.quiz", slug=course.slug, module_id=module.id, _anchor=f"question-{question.id}"))


def _question_page(course, module, question, form: QuestionForm, status: int = 200):
    form.with_lessons(structure.lesson_choices(course))
    return render_template("authoring/question_form.html", course=course, module=module, question=question,
                           form=form), status
