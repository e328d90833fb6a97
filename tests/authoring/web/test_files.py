"""Course files in the browser: the same format, checks and messages as `flask courses import`."""
from __future__ import annotations

import copy
import html
import io
import json
import re

import pytest
from sqlalchemy import func, select

from app.courses.files import CourseFileError, dump_course, export_course, import_course, parse_course
from app.courses.models import Course, Lesson, Module, Question, Topic
from app.learning import queries, service
from app.learning.models import LessonProgress
from tests import factories
from tests.authoring.web.steps import Author
from tests.courses.conftest import sample_course


def upload(author, text: str, filename: str = "course.yaml", draft: bool = False, page: str = "/author/upload",
           html: str | None = None, replace: bool = False):
    data = {"file": (io.BytesIO(text.encode()), filename)}
    if draft:
        data["draft"] = "y"
    if replace:
        data["replace"] = "y"
    response = author.submit(page, data, html=html)
    response.request.input_stream.close()  # a big file's request body is a temporary file
    return response, response.get_data(as_text=True)


def counts(db) -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(m)) for m in (Course, Module, Lesson, Question, Topic)]


def test_a_bad_file_lists_every_problem_and_writes_nothing(author, db):
    bad = sample_course()
    bad["slug"] = "Not A Slug"
    bad["modules"][0]["lessons"][0]["media"] = "ftp://example.com/x.mp4"
    bad["modules"][0]["quiz"]["questions"][0]["correct"] = [5]
    bad["modules"][1]["colour"] = "blue"
    text = dump_course(bad)
    with pytest.raises(CourseFileError) as cli:
        import_course(text)  # what the CLI would say about the same file
    db.session.rollback()

    response, page = upload(author, text)
    assert response.status_code == 422
    assert "course.yaml: nothing imported; 4 problems to fix:" in page
    for problem in cli.value.errors:
        assert f"<li>{problem}</li>" in page.replace("&#34;", '"').replace("&#39;", "'")
    assert counts(db) == [0, 0, 0, 0, 0]


@pytest.mark.parametrize("text,expected", [
    ("slug: [unclosed", "(not valid YAML)"),
    ('{"slug": "x", "slug": "y"}', 'key "slug" appears twice'),
])
def test_unreadable_files_are_refused(author, db, text, expected):
    response, page = upload(author, text, "course.json" if text.startswith("{") else "course.yaml")
    assert response.status_code == 422 and expected in page.replace("&#34;", '"')
    assert counts(db) == [0, 0, 0, 0, 0]


def test_not_utf8_is_refused(author, db):
    data = {"file": (io.BytesIO(b"slug: caf\xe9\n"), "course.yaml")}
    response = author.submit("/author/upload", data)
    assert response.status_code == 422 and "not UTF-8 text" in response.get_data(as_text=True)


def test_a_new_course_is_imported_published_or_as_a_draft(author, db):
    response, _ = upload(author, json.dumps(sample_course()), "sample.json")
    assert response.status_code == 302 and response.location == "/author/courses/sample-course"
    assert "Created sample-course (published, version 1): 2 modules, 3 lessons, 1 quiz, 2 questions." in \
        author.page("/author/courses/sample-course")
    other = sample_course()
    other["slug"] = "other-course"
    upload(author, dump_course(other), draft=True)
    assert db.session.scalar(select(Course.status).where(Course.slug == "other-course")).value == "draft"


def test_uploading_an_existing_slug_updates_it_in_place_keeping_progress(author, db):
    import_course(sample_course())
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.slug == "sample-course"))
    learner = factories.user()
    service.enroll(learner, course)
    intro = db.session.scalar(select(Lesson).where(Lesson.slug == "intro"))
    service.complete_lesson(learner, intro)
    db.session.commit()
    ids = {lesson.slug: lesson.id for lesson in queries.course_lessons(course.id)}

    changed = copy.deepcopy(sample_course())
    changed["title"] = "Sample course, second edition"
    changed["modules"][0]["lessons"].reverse()
    assert "/author/upload?course=sample-course" in author.page("/author/courses/sample-course")
    response, _ = upload(author, dump_course(changed), page="/author/upload?course=sample-course")
    assert response.status_code == 302
    db.session.expire_all()
    course = db.session.get(Course, course.id)
    assert course.title == "Sample course, second edition" and course.version == 2
    assert {lesson.slug: lesson.id for lesson in queries.course_lessons(course.id)} == ids
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    assert queries.marks_in(learner.id, course.id)[0] == {intro.id}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_the_download_is_the_export(author, db, fmt):
    import_course(sample_course())
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.slug == "sample-course"))
    page = author.page(f"/author/courses/{course.slug}")
    assert f"/author/courses/{course.slug}/export.{fmt}" in page
    response = author.client.get(f"/author/courses/{course.slug}/export.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="sample-course.{fmt}"'
    text = response.get_data(as_text=True)
    assert text == dump_course(export_course(course), fmt)
    assert parse_course(text, fmt) == export_course(course) == sample_course()


def sample_in_db(db) -> Course:
    import_course(sample_course())
    db.session.commit()
    return db.session.scalar(select(Course).where(Course.slug == "sample-course"))


def test_a_stale_upload_is_refused_like_a_stale_editor_unless_replace_is_ticked(author, db):
    course = sample_in_db(db)
    page = "/author/upload?course=sample-course"
    loaded = author.page(page)  # the author opens the upload page, then a colleague edits the course
    assert author.submit("/author/courses/sample-course/edit", {"title": "A colleague's title"}).status_code == 302
    db.session.expire_all()
    version = db.session.get(Course, course.id).version

    stale = copy.deepcopy(sample_course())
    stale["summary"] = "From an old export"
    response, text = upload(author, dump_course(stale), page=page, html=loaded)
    assert response.status_code == 409
    assert "Someone else saved this course since you opened it" in text and "nothing imported" in text
    db.session.expire_all()
    course = db.session.get(Course, course.id)
    assert (course.title, course.summary.strip(), course.version) == ("A colleague's title", "A course for tests.",
                                                                      version)

    response, _ = upload(author, dump_course(stale), page=page, html=loaded, replace=True)
    assert response.status_code == 302
    db.session.expire_all()
    course = db.session.get(Course, course.id)
    assert (course.title, course.summary, course.version) == ("Sample course", "From an old export", version + 1)


def test_a_file_for_an_existing_course_from_the_plain_upload_page_needs_replace(author, db):
    course = sample_in_db(db)
    changed = {**sample_course(), "title": "Changed"}
    response, text = upload(author, dump_course(changed))
    assert response.status_code == 409 and "Replace the course" in text
    db.session.expire_all()
    assert db.session.get(Course, course.id).title == "Sample course"
    response, _ = upload(author, dump_course(changed), replace=True)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Course, course.id).title == "Changed"


def test_a_page_loaded_for_another_course_does_not_vouch_for_this_one(author, db):
    sample_in_db(db)
    factories.course(slug="other")
    response, _ = upload(author, dump_course({**sample_course(), "title": "Changed"}), page="/author/upload?course=other")
    assert response.status_code == 409


def big_bad_course() -> str:
    """About 1.8 MB of JSON with some 53,000 problems (a course of unknown fields and bad lessons)."""
    data = sample_course()
    for index in range(35_000):
        data[f"unknown-field-{index:06}"] = index
    data["modules"][0]["lessons"] = [{"slug": "same", "title": "T", "minutes": -1, "topics": ["a", "a"], "body": "x"}
                                     for _ in range(6_000)]
    return json.dumps(data)


def test_a_big_bad_file_gets_a_short_answer_listing_fifty_problems(author, db):
    text = big_bad_course()
    assert 1_500_000 < len(text) < 2_000_000
    response, page = upload(author, text, "big.json")
    assert response.status_code == 422
    assert len(page) < 40_000
    problems = re.search(r"<ul>(.*?)</ul>", page[page.index("nothing imported"):], re.DOTALL).group(1)
    assert problems.count("<li>") == 51
    assert "big.json: nothing imported; 52999 problems to fix:" in page
    assert re.search(r"<li>and [\d,]+ more</li>", problems)
    assert counts(db) == [0, 0, 0, 0, 0]


def test_a_two_megabyte_file_passes_a_smaller_site_wide_request_limit(make_app, db):
    from tests.conftest import Browser

    app = make_app(MAX_CONTENT_LENGTH=1024 * 1024)
    client = app.test_client()
    with app.app_context():
        factories.sign_in(client, factories.user(role="author"))
    author = Author(Browser(client))
    response, page = upload(author, big_bad_course(), "big.json")
    assert response.status_code == 422 and "nothing imported" in page
    assert client.post("/author/courses/new", data={"title": "x" * 1_100_000}).status_code == 413


# --- in the author's language --------------------------------------------------------------------

def test_a_czech_author_reads_the_problems_in_czech_and_the_command_says_them_in_english(browser, login_as, app,
                                                                                         db, tmp_path):
    bad = sample_course()
    bad["modules"][1]["colour"] = "blue"
    del bad["modules"][0]["lessons"][1]["minutes"]
    bad["modules"][0]["lessons"][0]["title"] = "x" * 201
    bad["modules"][0]["quiz"]["questions"][0]["correct"] = [5]
    text = dump_course(bad)
    login_as("author", locale="cs")

    response, page = upload(Author(browser), text, "kurz.yaml")
    assert response.status_code == 422
    assert "kurz.yaml: nic nebylo importováno; opravte 4 problémy:" in page
    assert re.findall(r"<li>(.*?)</li>", html.unescape(page[page.index("model-errors"):])) == [
        "modules[0].lessons[0].title: smí mít nejvýše 200 znaků",
        "modules[0].lessons[1].minutes: je povinné",
        "modules[0].quiz.questions[0].correct: index 5 je mimo rozsah (možnosti jsou číslovány od 0 do 1)",
        "modules[1].colour: neznámé pole",
    ]
    assert counts(db) == [0, 0, 0, 0, 0]

    path = tmp_path / "kurz.yaml"
    path.write_text(text, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["courses", "import", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: nothing imported; 4 problems to fix:",
        "  modules[0].lessons[0].title: must be at most 200 characters",
        "  modules[0].lessons[1].minutes: is required",
        "  modules[0].quiz.questions[0].correct: index 5 is out of range (choices are numbered 0 to 1)",
        "  modules[1].colour: unknown field",
    ]


@pytest.mark.parametrize("text, filename, czech, english", [
    ("slug: [unclosed\n", "kurz.yaml", "řádek 2, sloupec 1: did not find expected ',' or ']' (neplatný YAML)",
     "line 2, column 1: did not find expected ',' or ']' (not valid YAML)"),
    ('{"slug": "x", "slug": "y"}', "kurz.json", 'klíč "slug" je v jednom objektu dvakrát',
     'key "slug" appears twice in one object'),
    ("slug: x\ntitle: &t X\n", "kurz.yaml",
     "řádek 2, sloupec 8: kotvy (&name) a aliasy (*name) nejsou povoleny: napište hodnotu přímo",
     "line 2, column 8: anchors (&name) and aliases (*name) are not allowed: write the value out"),
])
def test_a_file_that_is_not_data_is_refused_in_the_browser_s_language(browser, login_as, app, db, tmp_path, text,
                                                                        filename, czech, english):
    login_as("author")  # no language of their own: the browser's decides
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "cs"
    response, page = upload(Author(browser), text, filename)
    assert response.status_code == 422 and f"<li>{czech}</li>" in html.unescape(page)

    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["courses", "import", str(path)])
    assert result.exit_code == 1 and f"  {english}\n" in result.stderr


def test_a_czech_author_is_told_in_czech_that_a_file_is_not_utf8(browser, login_as, db):
    login_as("author", locale="cs")
    response = Author(browser).submit("/author/upload", {"file": (io.BytesIO(b"slug: caf\xe9\n"), "kurz.yaml")})
    assert response.status_code == 422
    assert "<li>není text v UTF-8 (invalid continuation byte)</li>" in response.get_data(as_text=True)
