"""What people do in Primer, done in a real browser against a real server.

A prospect learns a free course to its certificate; a sales rep reads the lead that produced;
a buyer pays for a course on (fake) Stripe Checkout and comes back enrolled.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from app.crm import hubspot, worker
from app.learning import service as learning
from app.scoring import service as scoring
from tests import factories
from tests.browser.conftest import log_in

# Qualifies (mql at 30) a decision maker who reads two lessons: fit 20 + 2 × 5 + quiz 10.
MODEL = {
    "thresholds": {"mql": 30, "sql": 200},
    "rules": [
        {"name": "Read a lesson", "on": "lesson_completed", "points": 5},
        {"name": "Passed a quiz", "on": "quiz_passed", "points": 10},
        {"name": "Failed a quiz", "on": "quiz_failed", "points": -2},
    ],
    "fit": [{"name": "Decision maker", "field": "job_title", "matches": "(?i)\\b(vp|head|director)\\b",
             "points": 20}],
}


def answer_quiz(page, first: str, second: list[str]) -> None:
    page.get_by_role("group", name="Which is right?").get_by_label(first, exact=True).check()
    group = page.get_by_role("group", name="Which two are right?")
    for label in second:
        group.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Submit answers").click()


def test_a_prospect_signs_up_learns_fails_then_passes_and_gets_a_certificate(page, db, live):
    course = factories.course(modules=1, lessons_per_module=2)
    page.goto("/courses")
    page.get_by_role("link", name=course.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)

    # Enrolling needs an account: the course page sends the visitor to log in, then sign up.
    page.get_by_role("button", name="Enroll for free").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Prospect")
    page.get_by_label("Work email").fill("robin@prospect.example")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Company").fill("Prospect Ltd")
    page.get_by_label("Job title").fill("Head of Data")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".flash-info")).to_contain_text("Check your inbox")

    # The account works once the address is confirmed, from the link in the email.
    mail = next(m for m in reversed(live.app.extensions["mailman"].outbox) if m.to == ["robin@prospect.example"])
    page.goto(re.search(rf"{re.escape(live.url)}/verify-email/\S+", mail.body).group(0))
    page.get_by_role("button", name="Confirm my address").click()
    expect(page).to_have_url(re.compile(f"/courses/{course.slug}$"))

    page.get_by_role("button", name="Enroll for free").click()
    expect(page).to_have_url(re.compile(f"/learn/{course.slug}$"))
    page.get_by_role("link", name=re.compile(r"^Start: Lesson 1\.1")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1.1")

    for number in ("1.1", "1.2"):
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Lesson {number}")
        page.get_by_role("button", name="Mark as complete").click()
    # After the last lesson comes the module's quiz.
    expect(page.get_by_role("heading", level=1)).to_have_text("Module 1 quiz")

    answer_quiz(page, "A", ["Y"])
    expect(page.get_by_role("status")).to_contain_text("You did not pass this time")
    page.get_by_role("link", name="Retake the quiz").click()
    answer_quiz(page, "B", ["X", "Z"])
    expect(page.get_by_role("status")).to_contain_text("You scored 100%")

    page.get_by_role("link", name="View your certificate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate of completion")
    expect(page.locator(".certificate-name")).to_have_text("Robin Prospect")
    expect(page.locator(".certificate-course")).to_have_text(course.title)

    page.goto("/my")
    expect(page.get_by_label(f"{course.title}: 100% complete")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(rf"^Certificate\W+{course.title}$"))).to_be_visible()


def test_a_sales_rep_finds_the_qualified_lead_and_reads_why(page, db, live):
    scoring.save_model(MODEL)
    course = factories.course(modules=1, lessons_per_module=2)
    lead = factories.user(first_name="Quinn", last_name="Qualified", job_title="VP Analytics",
                          company="Initech", consent_contact=True)
    factories.user(first_name="Casey", last_name="Cold", job_title="Student")
    learning.enroll(lead, course)
    for lesson in course.modules[0].lessons:
        learning.complete_lesson(lead, lesson)
    db.session.commit()
    # The outbox goes to (fake) HubSpot, as `crm worker` would send it.
    with live.app.app_context():
        assert worker.drain(hubspot.current()).sent == 1
    rep = factories.user("sales", email="rep@primer.example")

    log_in(page, rep.email, factories.DEFAULT_PASSWORD)
    page.goto("/sales/leads")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leads")
    page.get_by_label("Stage", exact=True).select_option("mql")
    page.get_by_role("button", name="Filter").click()
    leads = page.get_by_role("table")
    expect(leads.get_by_role("link", name="Quinn Qualified")).to_be_visible()
    expect(leads.get_by_role("link", name="Casey Cold")).to_have_count(0)

    leads.get_by_role("link", name="Quinn Qualified").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quinn Qualified")
    expect(page.get_by_text("Read a lesson").first).to_be_visible()
    expect(page.get_by_text("Decision maker").first).to_be_visible()
    expect(page.locator(".crm-sync")).to_contain_text("Up to date in HubSpot")


def test_a_buyer_pays_on_checkout_and_comes_back_enrolled(page, db, fakes):
    stripe, _ = fakes
    course = factories.course(modules=1, lessons_per_module=1, price=4900)
    buyer = factories.user(email="buyer@prospect.example")

    log_in(page, buyer.email, factories.DEFAULT_PASSWORD)
    page.goto(f"/courses/{course.slug}")
    page.get_by_role("button", name="Buy for $49.00").click()

    # Fake Stripe's hosted page: the server's price, and a Pay button.
    expect(page.get_by_role("heading", level=1)).to_have_text("Fake Stripe Checkout")
    expect(page.locator("#amount")).to_have_text("49.00 USD")
    page.get_by_role("button", name=re.compile("^Pay")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You’re enrolled")
    assert stripe.deliveries and stripe.deliveries[-1] == ("checkout.session.completed", 200)
    page.get_by_role("link", name="Start the course").click()
    expect(page).to_have_url(re.compile(f"/learn/{course.slug}$"))

    page.goto("/my")
    purchases = page.get_by_role("table", name="Your purchases, newest first")
    expect(purchases).to_contain_text(course.title)
    expect(purchases).to_contain_text("$49.00")
    expect(purchases).to_contain_text("Paid")


def test_an_author_builds_and_publishes_a_course(page, db):
    author = factories.user("author", email="author@primer.example")
    log_in(page, author.email, factories.DEFAULT_PASSWORD)

    page.goto("/author/")
    page.get_by_role("link", name="New course", exact=True).first.click()
    page.get_by_label("Title", exact=True).fill("Dashboards in a Day")
    page.get_by_label("Slug", exact=True).fill("dashboards-in-a-day")
    page.get_by_label("Summary", exact=True).fill("Build your first dashboard with Acme.")
    page.get_by_role("button", name="Create course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards in a Day")

    page.get_by_label("New module title").fill("Getting started")
    page.get_by_role("button", name="Add module").click()
    expect(page.get_by_role("heading", name="Module 1: Getting started")).to_be_visible()

    page.get_by_role("link", name="Add a lesson to module 1").click()
    page.get_by_label("Title", exact=True).fill("Your first chart")
    page.get_by_label("Body (Markdown)").fill("## Pick a metric\n\nStart with **one** number that matters.")
    page.get_by_label("Add new topics").fill("dashboards")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Your first chart")
    expect(preview.get_by_role("heading", name="Pick a metric")).to_be_visible()
    expect(preview.locator(".lesson-body strong")).to_have_text("one")
    page.get_by_role("button", name="Save lesson").click()
    expect(page.get_by_role("link", name="Your first chart")).to_be_visible()

    page.get_by_role("link", name="Add a quiz to module 1").click()
    page.get_by_label("Pass mark (%)").fill("50")
    page.get_by_label("Question", exact=True).fill("What do you chart first?")
    page.get_by_label("Choices, one per line").fill("Everything\nOne metric that matters")
    page.get_by_label("Right answers").fill("2")
    page.get_by_role("button", name="Add quiz").click()
    expect(page.get_by_text("What do you chart first?")).to_be_visible()

    page.get_by_role("link", name="Dashboards in a Day").first.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: the course is in the catalog.")).to_be_visible()

    # A visitor finds it in the catalog, with the lesson and the quiz in its outline.
    page.context.clear_cookies()
    page.goto("/courses")
    page.get_by_role("link", name="Dashboards in a Day").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards in a Day")
    expect(page.get_by_text("Your first chart")).to_be_visible()
    expect(page.get_by_role("button", name="Enroll for free")).to_be_visible()
