"""Reading a quiz submission. The quiz is graded on the server (learning.service.submit_quiz)."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict


def quiz_answers(form: MultiDict, question_ids: list[int]) -> dict[int, list[int]]:
    """The chosen choice indexes per question; inputs are named q<question id>, valued by index.

    Anything that is not a small whole number is ignored, as if not chosen.
    """
    answers = {}
    for question_id in question_ids:
        values = form.getlist(f"q{question_id}")
        answers[question_id] = sorted({int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 4})
    return answers
