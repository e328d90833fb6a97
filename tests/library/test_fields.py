"""What a field from another site may hold once Primer keeps it."""
from __future__ import annotations

import time

import pytest

from app.library import fields
from app.library.pages import read_page, text_of


@pytest.mark.parametrize("value,expected", [
    ("  Plain  title ", "Plain title"), ("tab\tand\nnewline", "tab and newline"), ("nul\x00bel\x07", "nul bel"),
    ("right\u202e to\u2066 left", "right to left"), ("zero\u200bwidth", "zerowidth"), ("\x85c1", "c1"),
    (None, ""), (42, ""), ("x" * 30, "x" * 19 + "…"),
])
def test_text_is_one_plain_capped_line(value, expected):
    assert fields.text(value, 20) == expected


@pytest.mark.parametrize("value,base,expected", [
    ("https://a.example/x.png", None, "https://a.example/x.png"),
    ("/x.png", "https://a.example/post", "https://a.example/x.png"),
    ("//cdn.example/x.png", "https://a.example/post", "https://cdn.example/x.png"),
    ("http://a.example/x.png", None, None), ("javascript:alert(1)", None, None),
    ("data:image/png;base64,AAAA", None, None), ("https://user:pw@a.example/x.png", None, None),
    ("https://a.example/x y.png", None, None), ("", None, None), (None, None, None),
])
def test_a_picture_is_an_https_url(value, base, expected):
    assert fields.picture_url(value, base) == expected


@pytest.mark.parametrize("value,expected", [
    ("cs", "cs"), ("en_US", "en-US"), ("pt-br", "pt-BR"), ("zh-Hant-TW", "zh-Hant-TW"), ("EN", "en"),
    ("english", None), ("x", None), ("cs; DROP TABLE", None), ("", None), (None, None),
])
def test_a_language_is_a_tag(value, expected):
    assert fields.language(value) == expected


@pytest.mark.parametrize("value,expected", [
    ("01:02:03", 3723), ("62:03", 3723), ("42:17", 2537), ("1800", 1800), ("1800.6", 1801), (40.264, 40), (62, 62),
    ("PT1H2M3S", 3723), ("PT45S", 45), ("P1DT1H", 90000), ("1:75", None), ("abc", None), ("", None), ("-5", None),
    ("0", None), (True, None), (None, None), ("nan", None), ("inf", None), ("1:2:3:4", None), (10 ** 9, None),
])
def test_a_duration_in_seconds(value, expected):
    assert fields.seconds(value) == expected


def test_a_pages_own_words_come_first_from_opengraph():
    page = read_page(b'<html lang="de"><head><title>HTML title</title>'
                     b'<meta name="twitter:title" content="Card title"><meta property="og:title" content="OG title">'
                     b'<meta name="description" content="Plain"></head><body><svg><title>icon</title></svg></body>',
                     None)
    assert (page.title, page.summary, page.language) == ("OG title", "Plain", "de")


def test_a_pages_charset_is_sniffed_from_its_meta_when_the_header_has_none():
    body = '<meta charset="windows-1250"><title>Příliš žluťoučký kůň</title>'.encode("cp1250")
    assert read_page(body, None).title == "Příliš žluťoučký kůň"
    assert read_page(body, "no-such-charset").title == "Příliš žluťoučký kůň"


def test_show_notes_are_read_as_text():
    text = text_of("<p>One <b>bold</b> word.</p><p>Two</p><script>x()</script><br/>Three &amp; four")
    assert " ".join(text.split()) == "One bold word. Two Three & four"


@pytest.mark.parametrize("html", ["<a" * 200_000, "<![" * 100_000, "<" * 500_000, '<a b="' + "x" * 500_000,
                                  "<!--" + "-" * 500_000], ids=["tags", "sections", "angles", "quote", "comment"])
def test_a_crafted_page_is_read_quickly(html):
    started = time.monotonic()
    read_page(html.encode(), "utf-8")
    text_of(html)
    assert time.monotonic() - started < 5
