import pytest

from app.courses.validation import CourseFileError, validate_course


def lesson(d, m, n):
    return d["modules"][m]["lessons"][n]


def question(d, m, n):
    return d["modules"][m]["quiz"]["questions"][n]


def test_a_sound_file_passes(sample):
    validate_course(sample)


@pytest.mark.parametrize("image", ["https://cdn.example.com/course.png", "https://img.example.org/a%20b.jpg?w=640#x",
                                   "https://EXAMPLE.com:8443/c"])
def test_a_course_may_have_an_https_image(sample, image):
    validate_course({**sample, "image": image})


# (what is wrong, how to break the sample, the message expected among the errors)
BAD_FILES = [
    ("slug missing", lambda d: d.pop("slug"), "slug: is required"),
    ("slug with capitals", lambda d: d.update(slug="Acme-101"), "slug: must be lowercase letters, digits and hyphens"),
    ("slug with spaces", lambda d: d.update(slug="acme 101"), "slug: must be lowercase letters, digits and hyphens"),
    ("slug ends in a hyphen", lambda d: d.update(slug="acme-"), "slug: must be lowercase letters, digits and hyphens"),
    ("slug too long", lambda d: d.update(slug="a" * 81), "slug: must be at most 80 characters"),
    ("title empty", lambda d: d.update(title="  "), "title: must not be empty"),
    ("title read as a boolean", lambda d: d.update(title=True), "title: must be text (YAML reads an unquoted true or false"),
    ("title a number", lambda d: d.update(title=2024), "title: must be text"),
    ("unknown course field", lambda d: d.update(colour="red"), "colour: unknown field"),
    ("summary missing", lambda d: d.pop("summary"), "summary: is required"),
    ("price not a mapping", lambda d: d.update(price=49), "price: must be a mapping of fields"),
    ("price zero", lambda d: d.update(price={"amount": 0, "currency": "usd"}), "price.amount: must be a positive whole number"),
    ("price in dollars", lambda d: d.update(price={"amount": 49.5, "currency": "usd"}), "price.amount: must be a positive whole number"),
    ("price currency upper case", lambda d: d.update(price={"amount": 4900, "currency": "USD"}),
     "price.currency: must be a three-letter lowercase ISO 4217 code"),
    ("price currency missing", lambda d: d.update(price={"amount": 4900}), "price.currency: is required"),
    ("price unknown field", lambda d: d.update(price={"amount": 4900, "currency": "usd", "tax": 1}), "price.tax: unknown field"),
    ("image over plain http", lambda d: d.update(image="http://cdn.example.com/a.png"),
     "image: must be an https address of a picture"),
    ("image a script URL", lambda d: d.update(image="javascript:alert(1)"), "image: must be an https address"),
    ("image with a space", lambda d: d.update(image="https://cdn.example.com/a b.png"),
     "image: must be an https address of a picture, like https://cdn.example.com/course.png (no spaces"),
    ("image breaking out of its attribute", lambda d: d.update(image='https://cdn.example.com/a.png" onerror="x'),
     "image: must be an https address"),
    ("image with a password", lambda d: d.update(image="https://me:secret@cdn.example.com/a.png"),
     "image: must be an https address"),
    ("image without a host", lambda d: d.update(image="https:///a.png"), "image: must be an https address"),
    ("image with a bad port", lambda d: d.update(image="https://cdn.example.com:99999/a.png"),
     "image: must be an https address"),
    ("image too long", lambda d: d.update(image="https://cdn.example.com/" + "a" * 500), "image: must be at most 500"),
    ("image not text", lambda d: d.update(image=["https://cdn.example.com/a.png"]), "image: must be text"),
    ("no modules", lambda d: d.update(modules=[]), "modules: a course needs at least one module"),
    ("modules not a list", lambda d: d.update(modules={"title": "x"}), "modules: must be a list of modules"),
    ("no lessons anywhere", lambda d: [m.update(lessons=[]) for m in d["modules"]], "modules: a course needs at least one lesson"),
    ("module not a mapping", lambda d: d["modules"].append("Third"), "modules[2]: must be a mapping of fields"),
    ("module title missing", lambda d: d["modules"][1].pop("title"), "modules[1].title: is required"),
    ("lesson unknown field", lambda d: lesson(d, 0, 1).update(colour="red"), "modules[0].lessons[1].colour: unknown field"),
    ("lesson slug used twice", lambda d: lesson(d, 1, 0).update(slug="intro"),
     'modules[1].lessons[0].slug: "intro" is used twice (also at modules[0].lessons[0].slug)'),
    ("lesson slug invalid", lambda d: lesson(d, 0, 0).update(slug="Intro_1"),
     "modules[0].lessons[0].slug: must be lowercase letters, digits and hyphens"),
    ("lesson minutes negative", lambda d: lesson(d, 0, 0).update(minutes=-1), "modules[0].lessons[0].minutes: must be a whole number"),
    ("lesson minutes as text", lambda d: lesson(d, 0, 0).update(minutes="5"), "modules[0].lessons[0].minutes: must be a whole number"),
    ("lesson minutes a boolean", lambda d: lesson(d, 0, 0).update(minutes=True), "modules[0].lessons[0].minutes: must be a whole number"),
    ("lesson body missing", lambda d: lesson(d, 0, 0).pop("body"), "modules[0].lessons[0].body: is required"),
    ("topics not a list", lambda d: lesson(d, 0, 0).update(topics="pricing"), "modules[0].lessons[0].topics: must be a list of topic names"),
    ("topic in capitals", lambda d: lesson(d, 0, 0).update(topics=["Pricing"]),
     "modules[0].lessons[0].topics[0]: must be lowercase letters, digits and hyphens"),
    ("topic twice", lambda d: lesson(d, 0, 0).update(topics=["pricing", "pricing"]),
     'modules[0].lessons[0].topics[1]: "pricing" is listed twice'),
    ("media not playable", lambda d: lesson(d, 1, 0).update(media="https://example.com/page.html"),
     "modules[1].lessons[0].media: must be a YouTube or Vimeo page"),
    ("media a script URL", lambda d: lesson(d, 1, 0).update(media="javascript:alert(1)"), "modules[1].lessons[0].media: must be"),
    ("quiz not a mapping", lambda d: d["modules"][0].update(quiz=None), "modules[0].quiz: must be a mapping of fields"),
    ("quiz unknown field", lambda d: d["modules"][0]["quiz"].update(shuffle=True), "modules[0].quiz.shuffle: unknown field"),
    ("pass mark zero", lambda d: d["modules"][0]["quiz"].update(pass_percent=0), "modules[0].quiz.pass_percent: must be a whole number from 1 to 100"),
    ("pass mark too high", lambda d: d["modules"][0]["quiz"].update(pass_percent=101), "modules[0].quiz.pass_percent: must be a whole number from 1 to 100"),
    ("no questions", lambda d: d["modules"][0]["quiz"].update(questions=[]), "modules[0].quiz.questions: a quiz needs at least one question"),
    ("one choice", lambda d: question(d, 0, 0).update(choices=["A"], correct=[0]),
     "modules[0].quiz.questions[0].choices: a question needs at least 2 choices"),
    ("choice read as a boolean", lambda d: question(d, 0, 0).update(choices=[True, False]),
     "modules[0].quiz.questions[0].choices[0]: must be text (YAML reads an unquoted true"),
    ("choice twice", lambda d: question(d, 0, 0).update(choices=["A", "A"]), 'modules[0].quiz.questions[0].choices[1]: "A" is listed twice'),
    ("correct out of range", lambda d: question(d, 0, 1).update(correct=[3]),
     "modules[0].quiz.questions[1].correct: index 3 is out of range"),
    ("correct negative", lambda d: question(d, 0, 1).update(correct=[-1]), "modules[0].quiz.questions[1].correct: index -1 is out of range"),
    ("correct twice", lambda d: question(d, 0, 1).update(correct=[0, 0]), "modules[0].quiz.questions[1].correct: index 0 is listed twice"),
    ("correct empty", lambda d: question(d, 0, 1).update(correct=[]), "modules[0].quiz.questions[1].correct: must list at least one right answer"),
    ("correct not a list", lambda d: question(d, 0, 1).update(correct=2), "modules[0].quiz.questions[1].correct: must be a list of indexes"),
    ("correct a choice's text", lambda d: question(d, 0, 1).update(correct=["A"]), "modules[0].quiz.questions[1].correct: 'A' is not an index"),
    ("prompt missing", lambda d: question(d, 0, 1).pop("prompt"), "modules[0].quiz.questions[1].prompt: is required"),
    ("explanation empty", lambda d: question(d, 0, 0).update(explanation="  \n"),
     "modules[0].quiz.questions[0].explanation: must not be empty"),
    ("explanation too long", lambda d: question(d, 0, 0).update(explanation="Why. " * 1001),
     "modules[0].quiz.questions[0].explanation: must be at most 5000 characters"),
    ("explanation a number", lambda d: question(d, 0, 0).update(explanation=42),
     "modules[0].quiz.questions[0].explanation: must be text"),
    ("explanation read as a boolean", lambda d: question(d, 0, 0).update(explanation=False),
     "modules[0].quiz.questions[0].explanation: must be text (YAML reads an unquoted true"),
    ("lesson not in the course", lambda d: question(d, 0, 1).update(lesson="fourth"),
     'modules[0].quiz.questions[1].lesson: "fourth" is not the slug of a lesson in this course'),
    ("lesson a title, not a slug", lambda d: question(d, 0, 1).update(lesson="Intro"),
     "modules[0].quiz.questions[1].lesson: must be lowercase letters, digits and hyphens"),
    ("lesson a list", lambda d: question(d, 0, 1).update(lesson=["intro"]), "modules[0].quiz.questions[1].lesson: must be text"),
    ("lesson empty", lambda d: question(d, 0, 1).update(lesson=""), "modules[0].quiz.questions[1].lesson: must not be empty"),
]


@pytest.mark.parametrize("breaks, expected", [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES])
def test_each_problem_is_reported_at_its_place(sample, breaks, expected):
    breaks(sample)
    with pytest.raises(CourseFileError) as caught:
        validate_course(sample)
    assert any(error.startswith(expected) for error in caught.value.errors), caught.value.errors


@pytest.mark.parametrize("data", [None, "just text", ["a", "list"], 42])
def test_a_file_must_hold_one_course(data):
    with pytest.raises(CourseFileError) as caught:
        validate_course(data)
    assert caught.value.errors == ["the file must hold one course: a mapping with slug, title, summary and modules"]


def test_every_problem_is_reported_at_once(sample):
    sample["slug"] = "Bad Slug"
    sample["modules"][0]["lessons"][1]["colour"] = "red"
    sample["modules"][0]["quiz"]["questions"][0]["correct"] = [7]
    with pytest.raises(CourseFileError) as caught:
        validate_course(sample)
    assert caught.value.errors == [
        "slug: must be lowercase letters, digits and hyphens",
        "modules[0].lessons[1].colour: unknown field",
        "modules[0].quiz.questions[0].correct: index 7 is out of range (choices are numbered 0 to 1)",
    ]
    assert str(caught.value) == "\n".join(caught.value.errors)



def test_problems_read_in_the_reader_s_language_with_the_file_s_own_paths(app, sample):
    del sample["summary"]
    sample["modules"][0]["colour"] = "red"
    sample["modules"][0]["lessons"][0]["topics"] = ["pricing", "pricing"]
    sample["modules"][0]["quiz"]["pass_percent"] = 0
    with app.test_request_context(headers={"Accept-Language": "cs"}), pytest.raises(CourseFileError) as caught:
        validate_course(sample)
    assert caught.value.errors == [
        "summary: je povinné",
        "modules[0].colour: neznámé pole",
        'modules[0].lessons[0].topics[1]: "pricing" je uvedeno dvakrát',
        "modules[0].quiz.pass_percent: musí být celé číslo od 1 do 100",
    ]


@pytest.mark.parametrize("count, language, last", [
    (51, "en", "and 1 more"), (1_300, "en", "and 1,250 more"),
    (51, "cs", "a ještě 1 další"), (53, "cs", "a ještě 3 další"), (1_300, "cs", "a ještě 1,250 dalších"),
])
def test_a_long_list_shows_fifty_problems_and_counts_the_rest(app, count, language, last):
    problems = [f"modules[{n}]: unknown field" for n in range(count)]
    with app.test_request_context(headers={"Accept-Language": language}):
        brief = CourseFileError(problems).brief()
    assert brief == problems[:50] + [last]
    assert CourseFileError(problems[:50]).brief() == problems[:50]

def test_a_module_may_hold_only_a_quiz_when_the_course_has_lessons_elsewhere(sample):
    sample["modules"].append({"title": "Final exam", "lessons": [],
                              "quiz": {"pass_percent": 80, "questions": [{"prompt": "Ready?", "choices": ["Y", "N"], "correct": [0]}]}})
    validate_course(sample)


def test_a_question_may_name_a_lesson_of_any_module_and_explain_itself(sample):
    question(sample, 0, 0).update(explanation="Because **B** is the *second* choice.", lesson="third")
    question(sample, 0, 1).update(explanation="x" * 5000, lesson="intro")
    validate_course(sample)


# Values a file can hold that the database or the pages could not: refused with their place.
OUT_OF_RANGE = [
    ("price of 2**63", lambda d: d.update(price={"amount": 2**63, "currency": "usd"}),
     "price.amount: must be a positive whole number of minor units (cents) up to 99,999,999"),
    ("price 1e30", lambda d: d.update(price={"amount": 1e30, "currency": "usd"}), "price.amount: must be a positive"),
    ("price negative", lambda d: d.update(price={"amount": -4900, "currency": "usd"}), "price.amount: must be a positive"),
    ("price true", lambda d: d.update(price={"amount": True, "currency": "usd"}), "price.amount: must be a positive"),
    ("minutes huge", lambda d: lesson(d, 0, 0).update(minutes=10**18), "modules[0].lessons[0].minutes: must be a whole"),
    ("minutes true", lambda d: lesson(d, 0, 0).update(minutes=True), "modules[0].lessons[0].minutes: must be a whole"),
    ("pass mark a float", lambda d: d["modules"][0]["quiz"].update(pass_percent=50.0),
     "modules[0].quiz.pass_percent: must be a whole number"),
    ("correct a list", lambda d: question(d, 0, 1).update(correct=[[0], [0]]),
     "modules[0].quiz.questions[1].correct: [0] is not an index"),
    ("title with NUL", lambda d: d.update(title="Acme\x00"), "title: must not contain NUL or bidirectional control"),
    ("module title with an override", lambda d: d["modules"][0].update(title="Evil \u202egnp.exe"),
     "modules[0].title: must not contain NUL or bidirectional control characters"),
    ("lesson title with an isolate", lambda d: lesson(d, 0, 1).update(title="Two \u2066x\u2069"),
     "modules[0].lessons[1].title: must not contain NUL or bidirectional control characters"),
    ("title with a bell", lambda d: d.update(title="Acme\x07"), "title: must not contain NUL"),
    ("title with a line break", lambda d: d.update(title="Acme\nAnalytics"), "title: must not contain NUL"),
    ("invisible title", lambda d: d.update(title="\u200f"), "title: must contain a visible character"),
    ("zero-width module title", lambda d: d["modules"][0].update(title="\u200b\ufeff "),
     "modules[0].title: must contain a visible character"),
]


@pytest.mark.parametrize("breaks, expected", [case[1:] for case in OUT_OF_RANGE], ids=[case[0] for case in OUT_OF_RANGE])
def test_numbers_out_of_range_and_unsafe_titles_are_refused(sample, breaks, expected):
    breaks(sample)
    with pytest.raises(CourseFileError) as caught:
        validate_course(sample)
    assert any(error.startswith(expected) for error in caught.value.errors), caught.value.errors


def test_long_values_are_quoted_only_in_part(sample):
    sample["x" * 10_000] = 1
    sample["modules"][0]["quiz"]["questions"][0].update(choices=["c" * 400, "c" * 400], correct=["i" * 10_000])
    with pytest.raises(CourseFileError) as caught:
        validate_course(sample)
    assert len(caught.value.errors) == 3 and all(len(error) < 200 for error in caught.value.errors)
