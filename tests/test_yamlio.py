from app import yamlio


def test_only_true_and_false_are_booleans():
    data = yamlio.load("on: lesson_completed\nchoices: [Yes, No, NO, off, y]\nflags: [true, False]\n")
    assert data == {"on": "lesson_completed", "choices": ["Yes", "No", "NO", "off", "y"], "flags": [True, False]}


def test_dump_keeps_order_and_writes_multiline_text_as_blocks():
    data = {"slug": "a", "on": "quiz_passed", "body": "# Title\n\nText with ünïcode.\n"}
    text = yamlio.dump(data)
    assert text.index("slug") < text.index("on:") < text.index("body")
    assert "body: |" in text and "ünïcode" in text
    assert yamlio.load(text) == data
