"""Quiz items: the share of answers that were right, and the wrong answer chosen most often."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from app.core.columns import live
from app.core.extensions import db
from app.courses.models import Module, Question, Quiz
from app.learning.models import QuizResponse


@dataclass(frozen=True)
class QuizItem:
    module: int  # 1-based among the live modules with a quiz
    number: int  # 1-based within the quiz
    question_id: int
    prompt: str
    answers: int
    right: int
    top_wrong: str  # the choice text(s) of the most-chosen wrong answer; "" when none
    top_wrong_count: int

    @property
    def label(self) -> str:
        return f"M{self.module} Q{self.number}"

    @property
    def right_percent(self) -> int | None:
        return round(100 * self.right / self.answers) if self.answers else None


def _course_questions(course_id: int):
    return (select(Question.id).join(Quiz, Question.quiz_id == Quiz.id).join(Module, Quiz.module_id == Module.id)
            .where(Module.course_id == course_id))


def quiz_items(course_id: int) -> list[QuizItem]:
    """Every live question of the course's live quizzes, in order, with its numbers (two queries)."""
    in_course = QuizResponse.question_id.in_(_course_questions(course_id))
    stats = (select(QuizResponse.question_id, func.count().label("n"),
                    func.sum(case((QuizResponse.correct.is_(True), 1), else_=0)).label("right"))
             .where(in_course).group_by(QuizResponse.question_id).subquery())
    rows = db.session.execute(
        select(Module.id, Question.id, Question.prompt, Question.choices,
               func.coalesce(stats.c.n, 0), func.coalesce(stats.c.right, 0))
        .join(Quiz, Question.quiz_id == Quiz.id).join(Module, Quiz.module_id == Module.id)
        .outerjoin(stats, stats.c.question_id == Question.id)
        .where(Module.course_id == course_id, live(Module, Quiz, Question))
        .order_by(Module.position, Question.position)
    ).all()
    wrong = _top_wrong_answers(in_course)
    items, modules, numbers = [], {}, {}
    for module_id, question_id, prompt, choices, answers, right in rows:
        module = modules.setdefault(module_id, len(modules) + 1)
        numbers[module_id] = numbers.get(module_id, 0) + 1
        chosen, count = wrong.get(question_id, ("", 0))
        items.append(QuizItem(module, numbers[module_id], question_id, prompt, int(answers), int(right),
                              choice_text(chosen, choices), count))
    return items


def _top_wrong_answers(in_course) -> dict[int, tuple[str, int]]:
    """Per question, its most frequent wrong `chosen` value and how often (ties: the first by value)."""
    rank = func.row_number().over(partition_by=QuizResponse.question_id,
                                  order_by=(func.count().desc(), QuizResponse.chosen)).label("rank")
    grouped = (select(QuizResponse.question_id, QuizResponse.chosen, func.count().label("n"), rank)
               .where(in_course, QuizResponse.correct.is_(False))
               .group_by(QuizResponse.question_id, QuizResponse.chosen).subquery())
    rows = db.session.execute(select(grouped.c.question_id, grouped.c.chosen, grouped.c.n)
                              .where(and_(grouped.c.rank == 1)))
    return {question_id: (chosen, int(n)) for question_id, chosen, n in rows}


def choice_text(chosen: str, choices: list[str]) -> str:
    """"0,2" → "Starter + Enterprise" (the choices as the question reads now)."""
    texts = []
    for part in filter(None, chosen.split(",")):
        index = int(part) if part.isdigit() else -1
        texts.append(choices[index] if 0 <= index < len(choices) else f"choice {part} (no longer offered)")
    return " + ".join(texts)
