"""The scoring model most tests score with (the `scoring_model` fixture in tests/conftest.py saves it),
four prospects scored with it, and reading the lead list."""
import re

import pytest

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


@pytest.fixture
def prospects(app, db, scoring_model):
    """Four prospects, strongest first (tests.factories.prospects says who they are)."""
    return factories.prospects()


EMAIL = re.compile(r"<td>([\w.+-]+@[\w.-]+)</td>")


def listed(browser, query="") -> list[str]:
    """The addresses the lead list shows, in its order."""
    response = browser.get(f"/sales/leads{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return EMAIL.findall(page[page.index('class="table leads-table"'):])
