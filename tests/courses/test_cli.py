import json

from sqlalchemy import func, select

from app.courses.files import dump_json, dump_yaml
from app.courses.models import Course, CourseStatus, Lesson
from app.demo.courses import DEMO_DIR

DEMO = DEMO_DIR / "acme-analytics-101.yaml"


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_creates_then_updates(app, db, tmp_path, sample):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["courses", "import", str(DEMO)])
    assert first.exit_code == 0, first.output
    assert first.output == ("Created acme-analytics-101 (published, version 1): "
                            "3 modules, 6 lessons, 3 quizzes, 9 questions.\n")

    second = runner.invoke(args=["courses", "import", str(DEMO), "--draft"])
    assert second.exit_code == 0, second.output
    assert second.output.startswith("Updated acme-analytics-101 (draft, version 2): 3 modules, 6 lessons")
    assert count(db, Course) == 1 and count(db, Lesson) == 6

    path = tmp_path / "sample.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    assert runner.invoke(args=["courses", "import", str(path)]).exit_code == 0
    del sample["modules"][1]
    path.write_text(json.dumps(sample), encoding="utf-8")
    third = runner.invoke(args=["courses", "import", str(path)])
    assert "1 module, 2 lessons, 1 quiz, 2 questions, 1 retired lesson kept for learners' progress" in third.output


def test_import_reads_standard_input(app, db, sample):
    result = app.test_cli_runner().invoke(args=["courses", "import", "-"], input=dump_yaml(sample))
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Course.status)) is CourseStatus.PUBLISHED


def test_a_bad_file_lists_every_problem_and_writes_nothing(app, db, tmp_path, sample):
    sample["slug"] = "Not A Slug"
    sample["modules"][0]["lessons"][1]["colour"] = "red"
    path = tmp_path / "bad.yaml"
    path.write_text(dump_yaml(sample), encoding="utf-8")

    result = app.test_cli_runner().invoke(args=["courses", "import", str(path)])
    assert result.exit_code == 1
    assert "nothing imported; 2 problems to fix" in result.stderr
    assert "  slug: must be lowercase letters, digits and hyphens\n" in result.stderr
    assert "  modules[0].lessons[1].colour: unknown field\n" in result.stderr
    assert result.stdout == ""
    assert count(db, Course) == 0


def test_a_bad_reimport_leaves_the_course_as_it_was(app, db, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["courses", "import", str(DEMO)])
    broken = DEMO.read_text(encoding="utf-8").replace("pass_percent: 70", "pass_percent: 170", 1)
    broken = broken.replace("title: Acme Analytics Fundamentals", "title: Changed")
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    result = runner.invoke(args=["courses", "import", str(path)])
    assert result.exit_code == 1 and "modules[0].quiz.pass_percent" in result.stderr
    db.session.expire_all()
    course = db.session.scalar(select(Course))
    assert course.title == "Acme Analytics Fundamentals" and course.version == 1


def test_unreadable_files_are_refused(app, db, tmp_path):
    runner = app.test_cli_runner()
    not_utf8 = tmp_path / "latin1.yaml"
    not_utf8.write_bytes("title: café".encode("latin-1"))
    result = runner.invoke(args=["courses", "import", str(not_utf8)])
    assert result.exit_code == 1 and "not UTF-8 text" in result.stderr

    missing = runner.invoke(args=["courses", "import", str(tmp_path / "missing.yaml")])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_export_writes_the_course_file_to_stdout(app, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["courses", "import", str(DEMO)])
    as_yaml = runner.invoke(args=["courses", "export", "acme-analytics-101"])
    assert as_yaml.exit_code == 0
    assert as_yaml.stdout == DEMO.read_text(encoding="utf-8")

    as_json = runner.invoke(args=["courses", "export", "acme-analytics-101", "--format", "json"])
    assert as_json.exit_code == 0
    assert as_json.stdout == dump_json(json.loads(as_json.stdout))
    assert json.loads(as_json.stdout)["slug"] == "acme-analytics-101"


def test_export_of_an_unknown_slug_fails_clearly(app, db):
    result = app.test_cli_runner().invoke(args=["courses", "export", "no-such-course"])
    assert result.exit_code == 1
    assert 'no course with the slug "no-such-course"' in result.stderr and result.stdout == ""


def test_demo_seed_adds_the_demo_courses_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "Added demo course acme-analytics-101: 3 modules, 6 lessons" in first.output
    assert "Added demo course acme-certified-administrator: 2 modules, 4 lessons" in first.output
    courses = {c.slug: c for c in db.session.scalars(select(Course))}
    assert set(courses) == {"acme-analytics-101", "acme-certified-administrator"}
    assert all(c.is_published for c in courses.values())
    assert courses["acme-analytics-101"].is_free
    assert (courses["acme-certified-administrator"].price_amount,
            courses["acme-certified-administrator"].price_currency) == (4900, "usd")

    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0
    assert "Demo courses already exist." in second.output and "Added demo course" not in second.output
    assert count(db, Course) == 2 and courses["acme-analytics-101"].version == 1
