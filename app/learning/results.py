"""What a learner reads once they submit a quiz: their score, and per question whether they were
right, why (the author's explanation) and which lesson teaches it.

The right answers themselves are shown once the learner has passed the quiz, with this attempt
or an earlier one. Before that the results say which answers were wrong and give the
explanation and the lesson, so a retake still asks what they know, not what they remember of
the last page. A failed retake of a passed quiz changes nothing the pass earned (the progress,
the course's completion, the certificate: see service.submit_quiz), and the results say so.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.learning.items import LessonItem, ModuleItem, QuestionItem
from app.learning.outline import Outline
from app.learning.service import Grade


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionItem
    chosen: tuple[int, ...]  # the choices the learner ticked, as graded
    right: bool
    lesson: LessonItem | None  # the lesson that teaches it

    @property
    def chosen_choices(self) -> list[str]:
        return [self.question.choices[i] for i in self.chosen]

    @property
    def right_choices(self) -> list[str]:
        return [self.question.choices[i] for i in self.question.correct if i < len(self.question.choices)]


@dataclass(frozen=True)
class QuizResult:
    score: int
    passed: bool
    pass_percent: int
    passed_before: bool  # an earlier attempt passed, and that pass still counts
    questions: tuple[QuestionResult, ...]

    @property
    def quiz_passed(self) -> bool:
        """Whether the quiz counts as passed, by this attempt or an earlier one."""
        return self.passed or self.passed_before

    @property
    def shows_answers(self) -> bool:
        """Whether the right answers are shown: once the quiz is passed (see the module docstring)."""
        return self.quiz_passed

    @property
    def wrong_count(self) -> int:
        return sum(not q.right for q in self.questions)


def quiz_result(grade: Grade, outline: Outline, module: ModuleItem, questions: list[QuestionItem],
                answers: dict[int, list[int]]) -> QuizResult:
    """The results of the attempt `grade`, read before its unit of work commits (which expires
    the attempt). `outline` was built before the attempt, so its marks say whether the quiz had
    been passed already. No query: the questions and lessons are already loaded."""
    wrong = {question.id for question in grade.wrong}
    rows = tuple(
        QuestionResult(question, tuple(i for i in answers.get(question.id, []) if 0 <= i < len(question.choices)),
                       question.id not in wrong, outline.teaching_lesson(question, module))
        for question in questions
    )
    return QuizResult(grade.attempt.score_percent, grade.passed, module.quiz.pass_percent, module.quiz.passed, rows)
