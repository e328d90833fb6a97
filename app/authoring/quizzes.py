"""Module quizzes: pass mark, questions (prompt, choices, right answers, and optionally an
explanation and the lesson that teaches it). Questions are edited in place (same id) and removed
by retiring them, so earlier answers keep their meaning.

A quiz always holds at least one live question: it is created with its first one, and the last
one cannot be removed (remove the quiz instead). Live questions are numbered 1..n, retired ones
after them, as an import of the course's export would number them.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.authoring import lookup, rules
from app.authoring.checks import keep_publishable
from app.authoring.errors import Invalid
from app.authoring.ordering import renumber, swap
from app.authoring.versioning import claim
from app.core.extensions import db
from app.core.markdown import render_markdown
from app.core.time import utcnow
from app.courses.models import Course, Lesson, Module, Question, Quiz

LAST_QUESTION = _l("A quiz needs at least one question: remove the whole quiz instead.")
NO_SUCH_LESSON = _l("Choose one of this course's lessons, or leave the module's first lesson.")


@dataclass
class QuestionDraft:
    prompt: str
    choices: list[str]
    correct: list[int]  # indexes into choices, counting from 0
    explanation: str = ""  # Markdown; "" for none
    lesson_id: int | None = None  # the lesson that teaches it; None: the module's first lesson

    def as_file(self) -> dict:
        """The question as the course file has it, but for `lesson` (a slug there, an id here)."""
        data = {"prompt": self.prompt, "choices": list(self.choices), "correct": sorted(self.correct)}
        if self.explanation:
            data["explanation"] = self.explanation
        return data


def _check_question(course: Course, draft: QuestionDraft) -> tuple[dict, Lesson | None]:
    """The question's file data and its lesson, or Invalid with every problem by field."""
    data = draft.as_file()
    errors = rules.question_errors(data)
    lesson = None
    if draft.lesson_id is not None:
        lesson = lookup.lesson_in(course, draft.lesson_id)
        if lesson is None:
            errors.setdefault("lesson", []).append(str(NO_SUCH_LESSON))
    if errors:
        raise Invalid(errors)
    return data, lesson


def _fill(question: Question, data: dict, lesson: Lesson | None) -> None:
    question.prompt, question.choices, question.correct = data["prompt"], data["choices"], data["correct"]
    explanation = data.get("explanation", "")
    if question.explanation != explanation:
        question.explanation, question.explanation_html = explanation, render_markdown(explanation)
    question.lesson = lesson


def _check_pass_mark(pass_percent: int | None) -> None:
    errors = rules.quiz_errors({"pass_percent": pass_percent})
    if errors:
        raise Invalid(errors)


def _live(quiz: Quiz) -> list[Question]:
    return sorted(quiz.live_questions, key=lambda q: q.position)


def add_quiz(course: Course, version: int | None, module: Module, pass_percent: int | None,
             first: QuestionDraft) -> Quiz:
    """Give the module a quiz with its first question (a quiz removed earlier comes back, emptied)."""
    claim(course, version)
    quiz = module.quiz
    if quiz is not None and quiz.retired_at is None:
        raise Invalid.on("", _("This module already has a quiz."))
    errors = {}
    try:
        _check_pass_mark(pass_percent)
    except Invalid as problem:
        errors.update(problem.errors)
    try:
        data, lesson = _check_question(course, first)
    except Invalid as problem:
        errors.update(problem.errors)
    if errors:
        raise Invalid(errors)
    now = utcnow()
    if quiz is None:
        quiz = Quiz(module=module)
        db.session.add(quiz)
    for old in quiz.live_questions:
        old.retired_at = now
    quiz.pass_percent, quiz.retired_at = pass_percent, None
    question = Question(quiz=quiz, position=len(quiz.questions) + 1)
    _fill(question, data, lesson)
    db.session.add(question)
    renumber(quiz.questions, [question])
    keep_publishable(course)
    return quiz


def set_pass_mark(course: Course, version: int | None, quiz: Quiz, pass_percent: int | None) -> None:
    claim(course, version)
    _check_pass_mark(pass_percent)
    quiz.pass_percent = pass_percent
    db.session.flush()


def retire_quiz(course: Course, version: int | None, quiz: Quiz) -> None:
    """Remove the quiz from the module; attempts and answers are kept."""
    claim(course, version)
    quiz.retired_at = utcnow()
    keep_publishable(course)


def add_question(course: Course, version: int | None, quiz: Quiz, draft: QuestionDraft) -> Question:
    claim(course, version)
    data, lesson = _check_question(course, draft)
    live = _live(quiz)
    question = Question(quiz=quiz, position=len(quiz.questions) + 1)
    _fill(question, data, lesson)
    db.session.add(question)
    renumber(quiz.questions, live + [question])
    keep_publishable(course)
    return question


def update_question(course: Course, version: int | None, question: Question, draft: QuestionDraft) -> None:
    claim(course, version)
    data, lesson = _check_question(course, draft)
    _fill(question, data, lesson)
    keep_publishable(course)


def move_question(course: Course, version: int | None, question: Question, step: int) -> None:
    claim(course, version)
    live = _live(question.quiz)
    if swap(live, question, step):
        renumber(question.quiz.questions, live)
    db.session.flush()


def retire_question(course: Course, version: int | None, question: Question) -> None:
    claim(course, version)
    live = _live(question.quiz)
    if live == [question]:
        raise Invalid.on("", str(LAST_QUESTION))
    question.retired_at = utcnow()
    renumber(question.quiz.questions, [q for q in live if q is not question])
    keep_publishable(course)
