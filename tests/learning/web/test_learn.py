"""Learning as a prospect does it: lessons, quizzes, a certificate, "My learning"."""
import re

from sqlalchemy import func, select

from app.core.time import utcnow
from app.crm.models import CrmSync
from app.learning import service
from app.learning.models import Enrollment, LearningEvent, LessonProgress, QuizAttempt
from app.scoring.models import LeadScore, LeadStage, ScoreItem
from tests import factories
from tests.querycount import counting
from tests.pages import link, parse


def enroll_through_the_site(browser, course):
    page = f"/courses/{course.slug}"
    response = browser.submit(page, {}, action=f"{page}/enroll")
    assert response.location == f"/learn/{course.slug}"


def complete(browser, course, lesson_slug):
    lesson = f"/learn/{course.slug}/{lesson_slug}"
    return browser.submit(lesson, {}, action=f"{lesson}/complete")


def choices_of(html: str) -> dict[str, tuple[str, str, str]]:
    """Every answer input by its label text: (input name, value, type)."""
    return {c.label: (c.name, c.attrs["value"], c.type) for c in parse(html).controls
            if c.tag == "input" and c.type in ("radio", "checkbox")}


def answer(browser, quiz_url: str, labels: list[str]):
    """Tick the answers with these labels and submit the quiz."""
    choices = choices_of(browser.get(quiz_url).get_data(as_text=True))
    data: dict[str, list[str]] = {}
    for label in labels:
        name, value, _ = choices[label]
        data.setdefault(name, []).append(value)
    return browser.submit(quiz_url, data)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_enroll_then_read_complete_and_move_on(browser, login_as, db):
    course = factories.course(modules=2, lessons_per_module=2)
    login_as("learner")
    enroll_through_the_site(browser, course)
    outline = browser.get(f"/learn/{course.slug}").get_data(as_text=True)
    assert "0% complete" in outline and "Start: Lesson 1.1" in outline

    lesson = browser.get(link(outline, "Start")).get_data(as_text=True)
    assert "<p>Body of lesson 1.1</p>" in lesson and "Mark as complete" in lesson
    assert link(lesson, "Next: Lesson 1.2") == f"/learn/{course.slug}/lesson-1-2"
    assert 'aria-current="page">Lesson 1.1</a>' in lesson  # the outline in the sidebar

    response = complete(browser, course, "lesson-1-1")
    assert response.status_code == 302 and response.location == f"/learn/{course.slug}/lesson-1-2"
    response = complete(browser, course, "lesson-1-2")  # the module's last lesson: its quiz comes next
    assert response.location == f"/learn/{course.slug}/quiz/1"

    again = browser.get(f"/learn/{course.slug}/lesson-1-1").get_data(as_text=True)
    assert "Completed" in again and "Mark as complete" not in again
    second_module = browser.get(f"/learn/{course.slug}/lesson-2-1").get_data(as_text=True)
    assert link(second_module, "Previous: Lesson 1.2") == f"/learn/{course.slug}/lesson-1-2"
    assert "33% complete" in browser.get(f"/learn/{course.slug}").get_data(as_text=True)  # 2 of 6 steps


def test_completing_twice_counts_once(browser, login_as, db):
    course = factories.course()
    login_as("learner")
    enroll_through_the_site(browser, course)
    first, second = complete(browser, course, "lesson-1-1"), complete(browser, course, "lesson-1-1")
    assert first.location == second.location == f"/learn/{course.slug}/lesson-1-2"
    assert count(db, LessonProgress) == 1
    assert db.session.scalar(select(func.count()).where(LearningEvent.verb == "lesson_completed")) == 1


def test_the_lesson_page_remembers_where_the_learner_is(browser, login_as, db):
    course = factories.course()
    login_as("learner")
    enroll_through_the_site(browser, course)
    browser.get(f"/learn/{course.slug}/lesson-2-1")
    assert "Continue: Lesson 2.1" in browser.get(f"/learn/{course.slug}").get_data(as_text=True)
    my = browser.get("/my").get_data(as_text=True)
    assert link(my, "Continue") == f"/learn/{course.slug}/lesson-2-1"
    assert link(browser.get(f"/courses/{course.slug}").get_data(as_text=True), "Continue").endswith("/lesson-2-1")


def test_only_the_resume_point_is_committed_without_waiting_for_the_disk(browser, login_as, db, is_postgres):
    """A lesson view commits its resume point with synchronous_commit off on PostgreSQL; a
    completion (what the learner did) waits for the disk as every other commit does."""
    course = factories.course()
    login_as("learner")
    enroll_through_the_site(browser, course)
    relaxed = "SET LOCAL synchronous_commit TO OFF"
    with counting(db.engine) as viewing:
        browser.get(f"/learn/{course.slug}/lesson-1-2")
    with counting(db.engine) as completing:
        assert browser.post(f"/learn/{course.slug}/lesson-1-2/complete").status_code == 302
    with counting(db.engine) as viewing_again:
        browser.get(f"/learn/{course.slug}/lesson-1-2")  # nothing to write: no commit to relax
    assert (relaxed in viewing) is is_postgres
    assert relaxed not in completing and any(s.startswith("INSERT INTO lesson_progress") for s in completing)
    assert relaxed not in viewing_again
    assert db.session.scalar(select(Enrollment.last_lesson_id)) == course.modules[0].lessons[1].id


def test_signed_in_pages_do_not_resend_the_session_cookie(browser):
    """Lifetimes are checked on the server, so re-signing the cookie on each page is wasted work."""
    course = factories.course()
    person = factories.user()
    login = browser.submit("/login", {"email": person.email, "password": factories.DEFAULT_PASSWORD})
    assert login.status_code == 302 and "Set-Cookie" in login.headers
    enroll_through_the_site(browser, course)
    browser.get(f"/learn/{course.slug}/lesson-1-1")
    response = browser.get(f"/learn/{course.slug}/lesson-1-2")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers, response.headers


def test_lesson_media_becomes_a_player(browser, login_as, db):
    course = factories.course(modules=1, lessons_per_module=3)
    first, second, third = course.modules[0].lessons
    first.media_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    second.media_url = "https://cdn.example.com/talk.mp3"
    third.media_url = "javascript:alert(1)"
    db.session.commit()
    login_as("learner")
    enroll_through_the_site(browser, course)
    video = browser.get(f"/learn/{course.slug}/lesson-1-1").get_data(as_text=True)
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Video: Lesson 1.1"' in video
    audio = browser.get(f"/learn/{course.slug}/lesson-1-2").get_data(as_text=True)
    assert '<audio controls preload="metadata" src="https://cdn.example.com/talk.mp3">' in audio
    nothing = browser.get(f"/learn/{course.slug}/lesson-1-3").get_data(as_text=True)
    assert "javascript:" not in nothing and "<iframe" not in nothing and "<audio" not in nothing


def test_quiz_inputs_are_labelled_with_the_choices(browser, login_as, db):
    course = factories.course()
    login_as("learner")
    enroll_through_the_site(browser, course)
    page = parse(browser.get(f"/learn/{course.slug}/quiz/1").get_data(as_text=True))
    assert page.legends == ["Which is right?", "Which two are right?"]
    inputs = [c for c in page.controls if c.type in ("radio", "checkbox")]
    assert [(c.legend, c.type, c.label) for c in inputs] == [
        ("Which is right?", "radio", "A"), ("Which is right?", "radio", "B"), ("Which is right?", "radio", "C"),
        ("Which two are right?", "checkbox", "X"), ("Which two are right?", "checkbox", "Y"),
        ("Which two are right?", "checkbox", "Z"),
    ]
    assert len({c.name for c in inputs}) == 2 and all(re.fullmatch(r"q\d+", c.name) for c in inputs)
    assert browser.get(f"/learn/{course.slug}/quiz/3").status_code == 404  # two modules only


def test_quiz_fail_then_pass(browser, login_as, db):
    course = factories.course()
    login_as("learner")
    enroll_through_the_site(browser, course)
    quiz = f"/learn/{course.slug}/quiz/1"

    failed = answer(browser, quiz, ["A", "Y"])
    html = failed.get_data(as_text=True)
    assert failed.status_code == 200
    assert "You scored <strong>0%</strong>. The pass mark is 50%." in html and "You did not pass" in html
    assert html.count('class="question is-wrong"') == 2
    assert link(html, "Retake the quiz") == quiz

    passed = answer(browser, quiz, ["B", "X", "Y"]).get_data(as_text=True)  # the second needs X and Z
    assert "You scored <strong>50%</strong>" in passed and "You passed." in passed
    wrong = re.findall(r'<li class="question is-wrong">\s*<p class="question-prompt">([^<]+)</p>', passed)
    assert wrong == ["Which two are right?"]
    assert re.search(r"Your answer:\s*X, Y</p>", passed)
    assert [a.passed for a in db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id))] == [False, True]
    assert "You have passed this quiz" in browser.get(quiz).get_data(as_text=True)


def test_retaking_a_quiz_is_graded_every_time_but_scores_once(browser, login_as, db, scoring_model):
    """A quiz counts toward the score once per learner, its first failure and its first pass,
    whatever the model's caps (the test model has none on quizzes): retakes cannot farm points."""
    course = factories.course()  # two modules: one quiz passed does not finish the course
    learner = login_as("learner", job_title="VP Sales", consent_contact=True, consent_contact_at=utcnow())
    enroll_through_the_site(browser, course)
    quiz = f"/learn/{course.slug}/quiz/1"
    for _ in range(3):
        assert "You did not pass" in answer(browser, quiz, ["A", "Y"]).get_data(as_text=True)
    assert "You passed." in answer(browser, quiz, ["B", "X", "Z"]).get_data(as_text=True)

    def state():
        db.session.expire_all()
        score = db.session.get(LeadScore, learner.id)
        items = {i.rule_name: (i.times, i.points) for i in db.session.scalars(
            select(ScoreItem).where(ScoreItem.user_id == learner.id))}
        return score.total, score.stage, items, db.session.get(CrmSync, learner.id)

    once = state()
    assert once == (20 + 2 - 3 + 15, LeadStage.LEAD, {"Decision maker": (1, 20), "Enrolled": (1, 2),
                                                      "Failed a quiz": (1, -3), "Passed a quiz": (1, 15)}, None)
    for _ in range(11):
        assert "You passed." in answer(browser, quiz, ["B", "X", "Z"]).get_data(as_text=True)
    assert "You did not pass" in answer(browser, quiz, ["A", "Y"]).get_data(as_text=True)
    assert state() == once  # same points, same stage, nothing queued for the CRM
    assert [a.passed for a in db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id))] == (
        [False] * 3 + [True] * 12 + [False])
    assert sorted(db.session.scalars(select(LearningEvent.verb).where(
        LearningEvent.verb.in_(["quiz_passed", "quiz_failed"])))) == ["quiz_failed", "quiz_passed"]


def test_an_unanswered_quiz_is_refused_and_not_recorded(browser, login_as, db):
    course = factories.course()
    login_as("learner")
    enroll_through_the_site(browser, course)
    response = answer(browser, f"/learn/{course.slug}/quiz/1", ["B"])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Answer every question before submitting (missing: question 2)." in html
    assert "Not answered yet." in html and re.search(r'value="1" checked>\s*<label for="q\d+-1">B</label>', html)
    assert count(db, QuizAttempt) == 0


def test_finishing_everything_earns_a_certificate_anyone_can_check(browser, login_as, app, db):
    course = factories.course(modules=2, lessons_per_module=1)
    login_as("learner", first_name="Ada", last_name="Lovelace")
    enroll_through_the_site(browser, course)
    complete(browser, course, "lesson-1-1")
    answer(browser, f"/learn/{course.slug}/quiz/1", ["B", "X", "Z"])
    response = complete(browser, course, "lesson-2-1")
    assert response.location == f"/learn/{course.slug}/quiz/2"
    result = answer(browser, f"/learn/{course.slug}/quiz/2", ["B", "X", "Z"]).get_data(as_text=True)
    assert f"You completed {course.title}!" in result
    certificate_url = link(result, "View your certificate")
    assert certificate_url.startswith("/certificates/")

    stranger = app.test_client()
    page = stranger.get(certificate_url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ada Lovelace" in html and course.title in html and "Certificate of completion" in html
    assert f"http://primer.test{certificate_url}" in html and re.search(r'<time datetime="\d{4}-\d\d-\d\d">', html)
    assert stranger.get("/certificates/not-a-real-id").status_code == 404

    my = browser.get("/my").get_data(as_text=True)
    assert "100% complete" in my and link(my, "Certificate") == certificate_url
    outline = browser.get(f"/learn/{course.slug}").get_data(as_text=True)
    assert link(outline, "View your certificate") == certificate_url


def test_completing_the_last_lesson_last_says_the_course_is_done(browser, login_as, db):
    course = factories.course(modules=1, lessons_per_module=2)
    login_as("learner")
    enroll_through_the_site(browser, course)
    complete(browser, course, "lesson-1-1")
    answer(browser, f"/learn/{course.slug}/quiz/1", ["B", "X", "Z"])
    response = complete(browser, course, "lesson-1-2")
    assert response.location == f"/learn/{course.slug}"
    outline = browser.get(response.location).get_data(as_text=True)
    assert f"You completed {course.title}. Your certificate is ready." in outline
    assert link(outline, "View your certificate").startswith("/certificates/")


def test_my_learning_shows_each_course_with_its_progress(browser, login_as, db):
    started, fresh = factories.course(), factories.course()
    login_as("learner")
    enroll_through_the_site(browser, started)
    enroll_through_the_site(browser, fresh)
    complete(browser, started, "lesson-1-1")
    html = browser.get("/my").get_data(as_text=True)
    assert started.title in html and fresh.title in html
    assert re.search(rf'<progress id="progress-{started.id}" max="100" value="16">', html)  # 1 of 6 steps
    assert re.search(rf'<progress id="progress-{fresh.id}" max="100" value="0">', html)
    label = next(c.label for c in parse(html).controls if c.attrs.get("id") == f"progress-{started.id}")
    assert label == f"{started.title}: 16% complete"  # the bar's label names its course


def test_nobody_sees_another_learners_progress(browser, login_as, app, db):
    course = factories.course()
    login_as("learner")
    enroll_through_the_site(browser, course)
    complete(browser, course, "lesson-1-1")
    assert "is-done" in browser.get(f"/learn/{course.slug}").get_data(as_text=True)

    other = factories.user()
    other_client = app.test_client()
    factories.sign_in(other_client, other)
    response = other_client.get(f"/learn/{course.slug}")
    assert response.status_code == 302 and response.location == f"/courses/{course.slug}"
    service.enroll(other, course)
    db.session.commit()
    html = other_client.get(f"/learn/{course.slug}").get_data(as_text=True)
    assert "0% complete" in html and "is-done" not in html
    assert "You have not enrolled" not in other_client.get("/my").get_data(as_text=True)
    assert "16% complete" not in other_client.get("/my").get_data(as_text=True)


def test_without_access_the_learner_is_sent_to_the_course_page(browser, login_as, db):
    course = factories.course(price=2500)
    person = login_as("learner")
    for url in (f"/learn/{course.slug}", f"/learn/{course.slug}/lesson-1-1", f"/learn/{course.slug}/quiz/1"):
        response = browser.get(url)
        assert response.status_code == 302 and response.location == f"/courses/{course.slug}", url
    response = browser.post(f"/learn/{course.slug}/lesson-1-1/complete", token_page=f"/courses/{course.slug}")
    assert response.location == f"/courses/{course.slug}"
    assert count(db, LessonProgress) == 0

    enrollment = service.enroll(person, course, source="purchase")
    service.revoke(enrollment)
    db.session.commit()
    response = browser.get(f"/learn/{course.slug}/lesson-1-1")
    assert response.location == f"/courses/{course.slug}"
    assert "Your access to this course has ended." in browser.get(response.location).get_data(as_text=True)


def test_anonymous_learners_are_asked_to_log_in(client, browser, db):
    course = factories.course()
    response = client.get(f"/learn/{course.slug}/lesson-1-1")
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    response = browser.post(f"/learn/{course.slug}/lesson-1-1/complete", token_page=f"/courses/{course.slug}")
    assert response.status_code == 302
    assert response.location == f"/login?next=/learn/{course.slug}/lesson-1-1"
    assert count(db, Enrollment) == 0


def test_unknown_lessons_and_drafts_are_not_found(browser, login_as, db):
    course = factories.course()
    login_as("learner")
    enroll_through_the_site(browser, course)
    assert browser.get(f"/learn/{course.slug}/no-such-lesson").status_code == 404
    course.status = course.status.DRAFT
    db.session.commit()
    assert browser.get(f"/learn/{course.slug}").status_code == 404
    assert browser.get(f"/learn/{course.slug}/lesson-1-1").status_code == 404
    assert course.title not in browser.get("/courses").get_data(as_text=True)


def sidebar(html: str) -> str:
    return html[html.index('<aside class="learn-sidebar"'):html.index("</aside>")]


def test_the_outline_reads_the_same_from_kept_lines(browser, login_as, app):
    """The sidebar's lesson lines are rendered once and kept; kept or fresh, a page is the same,
    with the learner's own marks and the lesson shown marked current."""
    course = factories.course(modules=2, lessons_per_module=3)
    login_as("learner")
    enroll_through_the_site(browser, course)
    complete(browser, course, "lesson-1-2")
    url = f"/learn/{course.slug}/lesson-2-1"
    kept = sidebar(browser.get(url).get_data(as_text=True))
    app.extensions["primer.course_maps"].clear()
    fresh = sidebar(browser.get(url).get_data(as_text=True))
    assert kept == fresh
    assert kept.count('aria-current="page"') == 1
    assert f'<a href="/learn/{course.slug}/lesson-2-1" aria-current="page">Lesson 2.1</a>' in kept
    assert kept.count('class="is-done"') == 1 and kept.count("(completed)") == 1
    assert f'<li class="is-done">\n          <a href="/learn/{course.slug}/lesson-1-2">' in kept
    other = sidebar(browser.get(f"/learn/{course.slug}/lesson-1-1").get_data(as_text=True))
    assert f'<a href="/learn/{course.slug}/lesson-2-1">Lesson 2.1</a>' in other
    assert f'<a href="/learn/{course.slug}/lesson-1-1" aria-current="page">' in other
