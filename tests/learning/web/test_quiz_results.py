"""Quiz results that teach: per question, right or wrong, why, the lesson that teaches it, and
the right answers once the quiz is passed."""
import re

from app.core.markdown import render_markdown
from app.core.time import utcnow
from tests import factories
from tests.learning.web.test_learn import answer, enroll_through_the_site
from tests.pages import link

WHY_B = "B is right because it is the **second** letter. <script>alert(1)</script>"
WHY_XZ = "X and Z are the two ends; Y sits between them."


def explained_course(db):
    """The factory course, its module 1 questions explained; question 2 names lesson 2.1 (module 2)."""
    course = factories.course(modules=2, lessons_per_module=2)
    first, second = course.modules[0].quiz.questions
    first.explanation, first.explanation_html = WHY_B, render_markdown(WHY_B)
    second.explanation, second.explanation_html = WHY_XZ, render_markdown(WHY_XZ)
    second.lesson = course.modules[1].lessons[0]
    db.session.commit()
    return course


def reviewed(html: str) -> list[dict]:
    """Each question of a results page: its mark, the answer given, the right answer shown, the
    explanation's text and the lesson linked."""
    rows = []
    for item in re.findall(r'<li class="question is-(?:right|wrong)">(.*?)</li>\s*(?=<li class="question|</ol>)', html, re.S):
        right = re.search(r'<p class="right-answer">([^<]*)</p>', item)
        why = re.search(r'<div class="explanation">(.*?)</div>', item, re.S)
        lesson = re.search(r'<p class="teaching-lesson">Learn more in <a href="([^"]+)">([^<]+)</a>', item)
        rows.append({
            "mark": "Right" if "✓</span> Right" in item else "Wrong",
            "answer": re.search(r"Your answer: ([^<]*)</p>", item).group(1),
            "right": right.group(1) if right else None,
            "why": " ".join(re.sub(r"<[^>]+>", " ", why.group(1)).split()) if why else None,
            "lesson": (lesson.group(1), lesson.group(2)) if lesson else None,
        })
    return rows


def test_a_failed_attempt_says_what_was_wrong_and_why_but_not_the_right_answers(browser, login_as, db):
    course = explained_course(db)
    login_as("learner")
    enroll_through_the_site(browser, course)
    quiz = f"/learn/{course.slug}/quiz/1"
    page = browser.get(quiz).get_data(as_text=True)
    text = re.sub(r"<[^>]*>", " ", page)  # what a person reads (a "secondary" button class is no answer)
    assert "second" not in text and "two ends" not in text and "Right answer" not in text  # nothing before submitting

    html = answer(browser, quiz, ["A", "X", "Z"]).get_data(as_text=True)  # 1 of 2 right: 50% passes
    assert "You passed." in html
    html = answer(browser, f"/learn/{course.slug}/quiz/2", ["A", "Y"]).get_data(as_text=True)
    assert "You did not pass this time. Review the questions marked wrong" in html
    assert "The right answers are shown once you pass this quiz" in html
    assert [row["right"] for row in reviewed(html)] == [None, None]  # module 2 has no explanations
    assert [row["lesson"] for row in reviewed(html)] == [(f"/learn/{course.slug}/lesson-2-1", "Lesson 2.1")] * 2


def test_failing_before_any_pass_hides_the_right_answers(browser, login_as, db):
    course = explained_course(db)
    login_as("learner")
    enroll_through_the_site(browser, course)
    html = answer(browser, f"/learn/{course.slug}/quiz/1", ["C", "X"]).get_data(as_text=True)
    assert "You scored <strong>0%</strong>" in html and "You did not pass this time." in html
    assert "The right answers are shown once you pass this quiz" in html
    assert reviewed(html) == [
        {"mark": "Wrong", "answer": "C", "right": None,
         "why": "Why B is right because it is the second letter. &lt;script&gt;alert(1)&lt;/script&gt;",
         "lesson": (f"/learn/{course.slug}/lesson-1-1", "Lesson 1.1")},  # no lesson named: the module's first
        {"mark": "Wrong", "answer": "X", "right": None, "why": "Why X and Z are the two ends; Y sits between them.",
         "lesson": (f"/learn/{course.slug}/lesson-2-1", "Lesson 2.1")},  # the lesson its author named
    ]
    assert "<strong>second</strong>" in html and "<script>alert" not in html  # Markdown, sanitized
    assert "earlier pass" not in html


def test_passing_shows_the_right_answer_to_each_question_missed(browser, login_as, db):
    course = explained_course(db)
    login_as("learner")
    enroll_through_the_site(browser, course)
    html = answer(browser, f"/learn/{course.slug}/quiz/1", ["B", "X", "Y"]).get_data(as_text=True)
    assert "You passed." in html and "The right answers are shown once" not in html
    first, second = reviewed(html)
    assert (first["mark"], first["answer"], first["right"]) == ("Right", "B", None)  # right: nothing to correct
    assert (second["mark"], second["answer"], second["right"]) == ("Wrong", "X, Y", "Right answers: X, Z")
    assert first["why"].startswith("Why B is right") and second["why"].endswith("Y sits between them.")


def test_a_failed_retake_of_a_passed_quiz_says_the_pass_still_counts(browser, login_as, db):
    course = factories.course(modules=1, lessons_per_module=1)
    login_as("learner")
    enroll_through_the_site(browser, course)
    browser.submit(f"/learn/{course.slug}/lesson-1-1", {}, action=f"/learn/{course.slug}/lesson-1-1/complete")
    quiz = f"/learn/{course.slug}/quiz/1"
    assert "You completed" in answer(browser, quiz, ["B", "X", "Z"]).get_data(as_text=True)

    html = answer(browser, quiz, ["A", "Y"]).get_data(as_text=True)
    assert "You scored <strong>0%</strong>" in html
    assert re.search(r"You did not pass this time, but your earlier pass still counts: this quiz stays\s+passed, "
                     r"and your progress and certificate are kept.", html)
    assert "You completed" not in html
    # Passed once, the right answers are no secret any more.
    assert [row["right"] for row in reviewed(html)] == ["Right answer: B", "Right answers: X, Z"]
    # And it is so: the course stays complete, the quiz passed.
    outline = browser.get(f"/learn/{course.slug}").get_data(as_text=True)
    assert "100% complete" in outline and link(outline, "View your certificate")
    assert "You have passed this quiz" in browser.get(quiz).get_data(as_text=True)


def test_a_retired_lesson_is_not_linked_the_module_s_first_is(browser, login_as, db):
    course = explained_course(db)
    course.modules[1].lessons[0].retired_at = utcnow()
    db.session.commit()
    login_as("learner")
    enroll_through_the_site(browser, course)
    html = answer(browser, f"/learn/{course.slug}/quiz/1", ["C", "X"]).get_data(as_text=True)
    assert [row["lesson"][1] for row in reviewed(html)] == ["Lesson 1.1", "Lesson 1.1"]
