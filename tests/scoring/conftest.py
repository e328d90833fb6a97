"""The scoring model most tests score with (the `scoring_model` fixture in tests/conftest.py saves it),
four prospects it scores, and reading the lead list."""
import re
from datetime import timedelta

from app.core.extensions import db
from app.core.time import utcnow
from app.learning import queries
from app.learning import service as learning
from app.learning.events import Verb
from tests import factories

MODEL = {
    "thresholds": {"mql": 40, "sql": 80},
    "rules": [
        {"name": "Read about pricing", "on": "lesson_completed", "topic": "pricing", "points": 20,
         "half_life_days": 30, "max_times": 2},
        {"name": "Read a lesson", "on": "lesson_completed", "points": 5},
        {"name": "Passed a quiz", "on": "quiz_passed", "points": 15, "half_life_days": 10},
        {"name": "Failed a quiz", "on": "quiz_failed", "points": -3},
        {"name": "Finished the analytics course", "on": "course_completed", "course": "analytics", "points": 30},
        {"name": "Enrolled", "on": "enrolled", "points": 2, "max_times": 3},
        {"name": "Bought a course", "on": "course_purchased", "points": 50},
    ],
    "fit": [
        {"name": "Decision maker", "field": "job_title", "matches": "(?i)\\b(vp|head|director|chief)\\b",
         "points": 20},
        {"name": "Free mail", "field": "email_domain", "in": ["gmail.com", "yahoo.com"], "points": -20},
    ],
}


def four_prospects() -> dict:
    """Four prospects, strongest first, scored by MODEL (see tests/scoring/test_leads.py for the
    arithmetic): the sales pages list them and the scoring model editor previews moving them."""
    analytics = factories.course(slug="analytics", topics=("pricing",))
    security = factories.course(slug="security", topics=("security",))
    dana = factories.user(email="dana@acme.example", first_name="Dana", last_name="Adams", company="Acme",
                          job_title="VP Sales", country="Norway", consent_contact=True,
                          consent_contact_at=utcnow())
    max_ = factories.user(email="max@initech.example", first_name="Max", last_name="Brown", company="Initech",
                          job_title="Head of Data")
    lee = factories.user(email="lee@globex.example", first_name="Lee", last_name="Chen", company="Globex",
                         job_title="Engineer")
    sam = factories.user(email="sam@gmail.com", first_name="Sam", last_name="Diaz", company="=cmd()",
                         job_title="Student")
    for person, course in ((dana, analytics), (max_, analytics), (lee, security)):
        learning.enroll(person, course)
    for lesson in queries.course_lessons(analytics.id):
        learning.complete_lesson(dana, lesson)
    for quiz in queries.course_quizzes(analytics.id):
        learning.submit_quiz(dana, quiz, {q.id: list(q.correct) for q in quiz.live_questions})
    learning.complete_lesson(max_, queries.course_lessons(analytics.id)[0])
    for lesson in queries.course_lessons(security.id)[:2]:
        learning.complete_lesson(lee, lesson)
    learning.record_event(sam.id, Verb.SIGNED_UP, occurred_at=utcnow() - timedelta(days=60))
    db.session.commit()
    return {"dana": dana, "max": max_, "lee": lee, "sam": sam, "analytics": analytics, "security": security}


EMAIL = re.compile(r"<td>([\w.+-]+@[\w.-]+)</td>")


def listed(browser, query="") -> list[str]:
    """The addresses the lead list shows, in its order."""
    response = browser.get(f"/sales/leads{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return EMAIL.findall(page[page.index('class="table leads-table"'):])
