"""Demo content beyond the courses: the default scoring model, a brand, and a few prospects who
really took the free demo course (through the same learning service as everyone), so the sales
area, the charts and the CRM outbox have something true to show."""
from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path

from app.accounts import service as accounts
from app.accounts.service import Profile
from app.core.extensions import db
from app.core.mailer import held_back
from app.learning import queries, service
from app.scoring import rules
from app.scoring import service as scoring
from app.site import branding

DEFAULT_MODEL = Path(__file__).resolve().parent / "scoring_model.yaml"
DEMO_COURSE = "acme-analytics-101"
DEMO_LOGO = Path(__file__).resolve().parent / "acme-logo.svg"
DEMO_BRAND = branding.BrandChanges(
    name="Acme Analytics Academy", color="#0f766e",
    privacy_url="https://acme-analytics.example/privacy", terms_url="https://acme-analytics.example/terms",
    contact_url="mailto:academy@acme-analytics.example")

# (first, last, email, company, job title, consent, lessons to complete, quizzes: pass | fail-then-pass)
PROSPECTS = [
    ("Dana", "Whitfield", "dana.whitfield@northwind-logistics.com", "Northwind Logistics", "VP Engineering", True,
     "all", "pass"),
    ("Marco", "Rossi", "marco.rossi@globex-corp.com", "Globex", "Head of Data", True, 4, "pass"),
    ("Aiko", "Tanaka", "aiko.tanaka@hooli-labs.com", "Hooli", "Solutions Architect", True, 4, "fail-then-pass"),
    ("Priya", "Natarajan", "priya.natarajan@initech-systems.com", "Initech", "Data Analyst", True, 3, None),
    ("Jonas", "Berg", "jonas.berg@umbrella-health.com", "Umbrella Health", "Director of IT", False, 2, None),
    ("Sam", "Lee", "sam.lee.learns@gmail.com", "", "Student", True, 1, None),
]


def seed_scoring_model() -> bool:
    """Install the default model if none exists yet."""
    if scoring.active_model() is not None:
        return False
    scoring.save_model(rules.load_text(DEFAULT_MODEL.read_text(encoding="utf-8")), note="default model (demo seed)")
    return True


def seed_brand() -> bool:
    """Brand the demo portal as the demo courses' company, unless an admin already set a brand."""
    if not branding.settings().is_default:
        return False
    branding.save_brand(replace(DEMO_BRAND, logo=DEMO_LOGO.read_bytes()))
    return True


def seed_prospects() -> list[str]:
    """Sign up the demo prospects and let each take part of the demo course; returns their emails.
    They are made up, so none of the mail their learning asks for (enrollments, certificates) is
    written: their addresses may belong to real people."""
    course = queries.published_course(DEMO_COURSE)
    if course is None:
        return []
    with held_back():
        added = _take_the_course(course)
    db.session.flush()
    return added


def _take_the_course(course) -> list[str]:
    added = []
    for first, last, email, company, title, consent, lessons, quizzes in PROSPECTS:
        if accounts.find_by_email(email):
            continue
        user = accounts.create_user(email, secrets.token_urlsafe(24), profile=Profile(first, last, company, title),
                                    consent_contact=consent, verified=True)
        service.enroll(user, course)
        todo = queries.course_lessons(course.id)
        for lesson in todo if lessons == "all" else todo[:lessons]:
            service.complete_lesson(user, lesson)
        if quizzes:
            for quiz in queries.course_quizzes(course.id)[: None if lessons == "all" else 1]:
                if quizzes == "fail-then-pass":
                    service.submit_quiz(user, quiz, {q.id: [i for i in range(len(q.choices)) if i not in q.correct][:1]
                                                     for q in quiz.live_questions})
                service.submit_quiz(user, quiz, {q.id: list(q.correct) for q in quiz.live_questions})
        added.append(email)
    return added
