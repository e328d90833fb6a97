"""A small, valid course file to build variations on."""
from __future__ import annotations

import pytest


def sample_course() -> dict:
    """Two modules, three lessons, one quiz (single and multiple answer), one lesson with media."""
    return {
        "slug": "sample-course",
        "title": "Sample course",
        "summary": "A course for tests.",
        "modules": [
            {
                "title": "First steps",
                "lessons": [
                    {"slug": "intro", "title": "Intro", "minutes": 5, "topics": ["pricing", "overview"],
                     "body": "# Hello\n\nThe *first* lesson.\n"},
                    {"slug": "second", "title": "Second", "minutes": 3, "topics": [], "body": "Two"},
                ],
                "quiz": {"pass_percent": 50, "questions": [
                    {"prompt": "Pick B", "choices": ["A", "B"], "correct": [1]},
                    {"prompt": "Pick A and C", "choices": ["A", "B", "C"], "correct": [0, 2]},
                ]},
            },
            {
                "title": "Going further",
                "lessons": [
                    {"slug": "third", "title": "Third", "minutes": 4, "topics": ["security"], "body": "Three",
                     "media": "https://youtu.be/AcmeTour101"},
                ],
            },
        ],
    }


@pytest.fixture
def sample() -> dict:
    return sample_course()


def course_file(slug: str, *, title: str | None = None, summary: str = "", lessons=(("Basics", "Plain text.", ()),),
                price: int | None = None, minutes: int = 10, image: str | None = None) -> dict:
    """A one-module course file whose lessons are (title, body, topics) triples."""
    data: dict = {"slug": slug, "title": title or slug.replace("-", " ").capitalize(), "summary": summary}
    if image:
        data["image"] = image
    if price:
        data["price"] = {"amount": price, "currency": "usd"}
    data["modules"] = [{"title": "Module", "lessons": [
        {"slug": f"lesson-{n}", "title": lesson_title, "minutes": minutes, "topics": list(topics), "body": body}
        for n, (lesson_title, body, topics) in enumerate(lessons, start=1)]}]
    return data
