"""Primer on a phone (390 px wide) and on a laptop (1366 px): every page fits the screen, the
navigation folds into a menu that opens without JavaScript and from the keyboard, things to tap
are at least 44 px each way, and axe-core finds nothing serious or critical at either width.

Each page visited is photographed whole into test-artifacts/screenshots/ (kept out of git), as
`<page>-<width>.png`, for a person to look at.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.core.time import utcnow
from app.demo.content import seed_scoring_model
from app.demo.courses import seed_demo_courses
from app.learning import queries
from app.learning import service as learning
from app.learning.events import Verb
from app.learning.models import Certificate
from tests import factories
from tests.browser.conftest import ARTIFACTS, log_in, open_page
from tests.browser.test_accessibility import violations

SCREENSHOTS = ARTIFACTS / "screenshots"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
WIDTHS = {"390": PHONE, "1366": LAPTOP}
MIN_TARGET = 44  # CSS pixels each way (WCAG 2.5.5)
COURSE = "acme-analytics-101"

# A prospect whose every field is as long as people's really get.
LONG_NAMED = dict(
    first_name="Maximiliane-Alexandra", last_name="Oppenheimer-Castellanos de la Vega",
    email="maximiliane-alexandra.oppenheimer-castellanos@internationale-logistik-gesellschaft.example",
    company="Internationale Logistik- und Speditionsgesellschaft mbH & Co. KG",
    job_title="Vice President, Global Revenue Operations and Strategy", country="Germany",
)


def _answer_every_quiz(person, course, *, fail_first: bool = False, quizzes=None) -> None:
    for quiz in quizzes if quizzes is not None else queries.course_quizzes(course.id):
        if fail_first:
            learning.submit_quiz(person, quiz, {q.id: [i for i in range(len(q.choices)) if i not in q.correct][:1]
                                                for q in quiz.live_questions})
        learning.submit_quiz(person, quiz, {q.id: list(q.correct) for q in quiz.live_questions})


@pytest.fixture
def showcase(db):
    """The demo courses and scoring model; a long-named prospect part-way through the free course
    (a quiz failed then passed, a webinar attended); three other leads, one of whom finished the
    course; one person per staff role. Returns them, and the values the page URLs need."""
    seed_demo_courses()
    seed_scoring_model()
    course = queries.published_course(COURSE)
    lessons = queries.course_lessons(course.id)
    learner = factories.user(consent_contact=True, consent_contact_at=utcnow(), **LONG_NAMED)
    learning.enroll(learner, course)
    for lesson in lessons[:4]:
        learning.complete_lesson(learner, lesson)
    _answer_every_quiz(learner, course, fail_first=True, quizzes=queries.course_quizzes(course.id)[:1])
    learning.record_event(learner.id, Verb.XAPI, payload={"verb": "http://adlnet.gov/expapi/verbs/attended"},
                          object_id="https://acme.example/webinars/dashboards-live",
                          occurred_at=utcnow() - timedelta(days=3))
    others = [factories.user(first_name=first, last_name=last, company=company, job_title=title, email=email)
              for first, last, company, title, email in (
                  ("Dana", "Whitfield", "Northwind Logistics", "VP Engineering", "dana.whitfield@northwind-logistics.com"),
                  ("Aiko", "Tanaka", "Hooli", "Solutions Architect", "aiko.tanaka@hooli-labs.com"),
                  ("Sam", "Lee", "", "Student", "sam.lee.learns@gmail.com"))]
    for other in others:
        learning.enroll(other, course)
        learning.complete_lesson(other, lessons[0])
    graduate = others[0]
    for lesson in lessons:
        learning.complete_lesson(graduate, lesson)
    _answer_every_quiz(graduate, course)
    staff = {role: factories.user(role, first_name=first, last_name=last, email=f"{role}@primer.example")
             for role, first, last in (("admin", "Ada", "Okafor"), ("author", "Lena", "Novak"), ("sales", "Rui", "Costa"))}
    db.session.commit()
    certificate = db.session.scalar(db.select(Certificate).where(Certificate.user_id == graduate.id))
    first_module = course.modules[0]
    return {"learner": learner, **staff, "values": {
        "learner_id": learner.id, "certificate": certificate.public_id, "lesson_id": lessons[0].id,
        "module_id": first_module.id}}


# (name, who is logged in, url): the pages a prospect, a sales rep, an author and an admin see most.
PAGES = [
    ("catalog", None, "/courses"),
    ("course", None, f"/courses/{COURSE}"),
    ("lesson", "learner", f"/learn/{COURSE}/tour-of-dashboards"),
    ("quiz", "learner", f"/learn/{COURSE}/quiz/2"),
    ("my-learning", "learner", "/my"),
    ("leads", "sales", "/sales/leads"),
    ("lead", "sales", "/sales/leads/{learner_id}"),
    ("author-course", "author", f"/author/courses/{COURSE}"),
    ("admin-users", "admin", "/admin/users"),
]
# Every other page, checked on a phone for fit only.
MORE_PAGES = [
    ("home", None, "/"),
    ("login", None, "/login"),
    ("signup", None, "/signup"),
    ("reset-password", None, "/reset-password"),
    ("account", "learner", "/account"),
    ("change-password", "learner", "/account/password"),
    ("course-outline", "learner", f"/learn/{COURSE}"),
    ("certificate", None, "/certificates/{certificate}"),
    ("author-index", "author", "/author/"),
    ("author-new-course", "author", "/author/courses/new"),
    ("author-course-edit", "author", f"/author/courses/{COURSE}/edit"),
    ("author-lesson-edit", "author", f"/author/courses/{COURSE}/lessons/{{lesson_id}}"),
    ("author-module-edit", "author", f"/author/courses/{COURSE}/modules/{{module_id}}"),
    ("author-quiz", "author", f"/author/courses/{COURSE}/modules/{{module_id}}/quiz"),
    ("author-preview", "author", f"/author/courses/{COURSE}/preview"),
    ("author-preview-lesson", "author", f"/author/courses/{COURSE}/preview/tour-of-dashboards"),
    ("author-course-analytics", "author", f"/author/courses/{COURSE}/analytics"),
    ("author-analytics", "author", "/author/analytics"),
    ("author-upload", "author", "/author/upload"),
    ("author-scoring", "author", "/author/scoring"),
    ("admin-orders", "admin", "/admin/orders"),
    ("admin-crm", "admin", "/admin/crm"),
]


def offline(page) -> None:
    """Nothing outside the test server is fetched (a lesson's video would try YouTube)."""
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())


def visit(page, showcase, who: str | None, url: str) -> None:
    offline(page)
    if who is not None:
        log_in(page, showcase[who].email, factories.DEFAULT_PASSWORD)
    response = page.goto(url.format(**showcase["values"]))
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")


def photograph(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0 or less: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name,who,url", PAGES, ids=[name for name, _, _ in PAGES])
def test_each_key_page_fits_the_screen_and_passes_axe(request, chromium, live, showcase, name, who, url, width):
    with open_page(request, chromium, live, viewport=WIDTHS[width], bypass_csp=True) as page:
        visit(page, showcase, who, url)
        photograph(page, f"{name}-{width}")
        assert overflow(page) <= 0, f"{url} is {overflow(page)} px wider than a {width} px window"
        found = violations(page)
        assert not found, "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found)


@pytest.mark.parametrize("name,who,url", MORE_PAGES, ids=[name for name, _, _ in MORE_PAGES])
def test_every_other_page_fits_a_phone(request, chromium, live, showcase, name, who, url):
    with open_page(request, chromium, live, viewport=PHONE) as page:
        visit(page, showcase, who, url)
        photograph(page, f"{name}-390")
        assert overflow(page) <= 0, f"{url} is {overflow(page)} px wider than a 390 px window"


# --- the navigation -----------------------------------------------------------------------------

def menu_button(page):
    return page.locator("header summary", has_text="Menu")


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def expanded(page) -> bool | None:
    """The Menu button's expanded state as Chromium tells assistive technology."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    for node in nodes:
        if node.get("name", {}).get("value") == "Menu" and not node.get("ignored"):
            states = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            return states.get("expanded")
    return None


def focused(page) -> str:
    return page.evaluate("(document.activeElement.innerText || document.activeElement.tagName).trim()")


def test_on_a_phone_the_navigation_is_a_menu_that_opens_from_the_keyboard_without_javascript(request, chromium, live, showcase):
    with open_page(request, chromium, live, viewport=PHONE, java_script_enabled=False) as page:
        visit(page, showcase, "admin", "/courses")
        links = [main_nav(page).get_by_role("link", name=name, exact=True)
                 for name in ("Courses", "Library", "My learning", "Author", "Leads", "Admin")]
        expect(menu_button(page)).to_be_visible()
        for link in links:
            expect(link).to_be_hidden()
        expect(main_nav(page).get_by_role("button", name="Log out")).to_be_hidden()
        assert expanded(page) is False
        # One row: the brand and the button, nothing wrapped below them.
        assert page.locator(".site-header").bounding_box()["height"] <= 80

        # Skip link, brand, then the Menu button; Enter opens it and Tab walks into its links.
        for _ in range(3):
            page.keyboard.press("Tab")
        assert focused(page) == "Menu"
        page.keyboard.press("Enter")
        for link in links:
            expect(link).to_be_visible()
        expect(main_nav(page).get_by_role("button", name="Log out")).to_be_visible()
        assert expanded(page) is True
        page.keyboard.press("Tab")
        assert focused(page) == "Courses"
        page.keyboard.press("Tab")
        assert focused(page) == "Library"
        page.keyboard.press("Tab")
        assert focused(page) == "My learning"
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/my$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
        expect(main_nav(page).get_by_role("link", name="My learning")).to_be_hidden()  # folded again on the new page

        # Space toggles it too, open and shut.
        menu_button(page).focus()
        page.keyboard.press("Space")
        expect(main_nav(page).get_by_role("link", name="My learning")).to_have_attribute("aria-current", "page")
        expect(main_nav(page).get_by_role("link", name="My learning")).to_be_visible()
        page.keyboard.press("Space")
        expect(main_nav(page).get_by_role("link", name="My learning")).to_be_hidden()


def test_with_javascript_escape_or_a_tap_outside_closes_the_menu(request, chromium, live, showcase):
    with open_page(request, chromium, live, viewport=PHONE) as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        visit(page, showcase, "learner", "/my")
        courses = main_nav(page).get_by_role("link", name="Courses")
        menu_button(page).focus()
        page.keyboard.press("Enter")
        expect(courses).to_be_visible()
        page.keyboard.press("Tab")
        assert focused(page) == "Courses"
        page.keyboard.press("Escape")
        expect(courses).to_be_hidden()
        assert focused(page) == "Menu"  # focus is back on the button, not lost in the page

        menu_button(page).click()
        expect(courses).to_be_visible()
        page.mouse.click(195, PHONE["height"] - 20)  # below the open menu, on the page
        expect(courses).to_be_hidden()
        menu_button(page).click()
        courses.click()  # a tap inside the menu still follows the link
        expect(page).to_have_url(re.compile(r"/courses$"))
        assert not errors, errors


def test_on_a_laptop_the_whole_navigation_shows_in_one_row(request, chromium, live, showcase):
    with open_page(request, chromium, live, viewport=LAPTOP) as page:
        visit(page, showcase, "admin", "/courses")
        expect(menu_button(page)).to_be_hidden()
        for name in ("Courses", "Library", "My learning", "Author", "Leads", "Admin"):
            expect(main_nav(page).get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(main_nav(page).get_by_role("button", name="Log out")).to_be_visible()
        assert page.locator(".site-header").bounding_box()["height"] <= 80
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert focused(page) == "Courses"  # straight from the brand to the first link


def test_the_typeface_is_served_by_primer_under_its_csp(request, chromium, live, showcase):
    """Inter comes from /static (no font CDN), loads under the Content-Security-Policy, and is used."""
    with open_page(request, chromium, live, viewport=PHONE) as page:
        refused: list[str] = []
        page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
        fonts: list[str] = []
        page.on("requestfinished", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
        visit(page, showcase, None, "/courses")
        assert page.evaluate("document.fonts.ready.then(() => true)")
        assert page.evaluate("[...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Inter' && f.status === 'loaded')")
        assert fonts and all(url.startswith(f"{live.url}/static/vendor/inter/") for url in fonts), fonts
        assert page.evaluate("getComputedStyle(document.body).fontFamily").split(",")[0].strip('"') == "Inter"
        assert not refused, refused


# --- things to tap ------------------------------------------------------------------------------

def assert_big_enough(locator, what: str) -> int:
    """Every element the locator finds is visible and at least MIN_TARGET × MIN_TARGET; returns how many."""
    count = locator.count()
    assert count, f"no {what} on the page"
    for i in range(count):
        element = locator.nth(i)
        expect(element).to_be_visible()
        box = element.bounding_box()
        name = element.inner_text().strip() or element.get_attribute("name") or element.get_attribute("id")
        assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, \
            f"{what} {name!r} is {box['width']:.0f} × {box['height']:.0f} px"
    return count


def test_on_a_phone_every_thing_to_tap_is_at_least_44px(request, chromium, live, showcase):
    with open_page(request, chromium, live, viewport=PHONE) as page:
        visit(page, showcase, None, "/courses")
        assert_big_enough(menu_button(page), "menu button")
        menu_button(page).click()
        assert_big_enough(main_nav(page).get_by_role("link"), "navigation link")
        assert_big_enough(page.locator("main").get_by_role("button"), "button")
        assert_big_enough(page.locator("main input[type=search]"), "search box")
        page.goto(f"/courses/{COURSE}")
        assert_big_enough(page.get_by_role("button", name="Enroll for free"), "button")

        log_in(page, showcase["learner"].email, factories.DEFAULT_PASSWORD)
        page.goto("/my")
        assert_big_enough(page.locator("main .button"), "button")
        menu_button(page).click()
        assert_big_enough(main_nav(page).get_by_role("link"), "navigation link")
        assert_big_enough(main_nav(page).get_by_role("button", name="Log out"), "button")
        page.goto(f"/learn/{COURSE}/plans-and-pricing")
        assert_big_enough(page.get_by_role("button", name="Mark as complete"), "button")
        assert_big_enough(page.get_by_role("navigation", name="Previous and next").get_by_role("link"), "lesson link")
        page.goto(f"/learn/{COURSE}/quiz/2")
        assert assert_big_enough(page.locator(".choice label"), "answer") >= 6
        assert_big_enough(page.get_by_role("button", name="Submit answers"), "button")
        # Tapping anywhere on an answer's row chooses it, as the result then shows.
        page.get_by_role("button", name="Submit answers").click()
        expect(page.get_by_role("alert")).to_be_visible()  # nothing answered yet
        photograph(page, "quiz-unanswered-390")
        assert overflow(page) <= 0
        for question in page.locator("fieldset.question").all():
            row = question.locator(".choice").first
            row.scroll_into_view_if_needed()
            box = row.bounding_box()
            page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] / 2)  # the row's far end
            expect(row.locator("input")).to_be_checked()
        page.get_by_role("button", name="Submit answers").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("your result")
        photograph(page, "quiz-result-390")
        assert overflow(page) <= 0
        assert_big_enough(page.get_by_role("link", name="Retake the quiz"), "button")

    with open_page(request, chromium, live, viewport=PHONE) as page:
        visit(page, showcase, "sales", "/sales/leads")
        assert_big_enough(page.locator("main").get_by_role("button"), "button")
        assert_big_enough(page.locator("main select, main input:not([type=hidden])"), "form control")
        assert_big_enough(page.get_by_role("navigation", name="Sales").get_by_role("link"), "tab")

    with open_page(request, chromium, live, viewport=PHONE) as page:
        visit(page, showcase, "author", f"/author/courses/{COURSE}")
        assert_big_enough(page.locator("main").get_by_role("button"), "button")
        assert_big_enough(page.get_by_role("navigation", name="This course").get_by_role("link"), "tab")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name,who,url", PAGES, ids=[name for name, _, _ in PAGES])
def test_each_key_page_fits_and_passes_axe_in_czech(request, chromium, live, showcase, name, who, url, width):
    """The same pages for a reader whose browser asks for Czech: longer words must fit too."""
    with open_page(request, chromium, live, viewport=WIDTHS[width], bypass_csp=True, locale="cs-CZ") as page:
        visit(page, showcase, who, url)
        assert page.get_attribute("html", "lang") == "cs"
        photograph(page, f"{name}-{width}-cs")
        assert overflow(page) <= 0, f"{url} in Czech is {overflow(page)} px wider than a {width} px window"
        found = violations(page)
        assert not found, "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found)
