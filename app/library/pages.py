"""What a web page says about itself: its OpenGraph and Twitter-card tags, <title>, description
and language, and how many words of text it holds (for an article's reading time).

Parsed by libxml2's HTML parser (lxml) as a stream of events, building no tree, fetching
nothing and running no script; the fetch has already cut the page at PAGE_BYTES, which holds any
head and most articles. Not the standard library's HTMLParser: on Python 3.11 a crafted page of a
few hundred kilobytes ("<a<a<a…") keeps it busy for minutes, and some malformed declarations make
it raise AssertionError. Values are returned as the page wrote them: app.library.fields makes them
safe to keep.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import TypeVar

from lxml import etree

PAGE_BYTES = 512 * 1024
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

# Text in these is not what a reader reads (code, menus, page furniture).
_NOT_PROSE = frozenset({"script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer",
                        "aside", "form", "button", "select", "textarea"})
_IMAGES = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src")
# Tags that end a line of text: their neighbours' words must not run together.
_BREAKS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                     "blockquote", "pre", "section", "article", "hr", "dd", "dt"})
_Target = TypeVar("_Target", bound="_Events")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """The page's own words about itself, first found first (OpenGraph before Twitter before plain HTML)."""

    title: str | None
    summary: str | None
    site_name: str | None
    images: tuple[str, ...]  # the page's pictures for itself, best first
    language: str | None
    og_type: str
    duration: str | None
    audio: str | None
    published: str | None
    words: int  # in the <article> when there is one, else in the whole body
    has_article: bool


def read_page(body: bytes, charset: str | None) -> Page:
    """What the page `body` (sent in `charset`, when its header named one) says about itself."""
    page = _parse(_Page(), _decoded(body, charset))
    meta = page.meta
    return Page(
        title=_first(meta, "og:title", "twitter:title") or ("".join(page.title).strip() or None),
        summary=_first(meta, "og:description", "twitter:description", "description"),
        site_name=_first(meta, "og:site_name", "application-name"),
        images=tuple(meta[name].strip() for name in _IMAGES if meta.get(name, "").strip()),
        language=page.language or _first(meta, "og:locale"),
        og_type=(meta.get("og:type") or "").strip().lower(),
        duration=_first(meta, "video:duration", "og:video:duration", "music:duration", "duration"),
        audio=_first(meta, "og:audio:secure_url", "og:audio", "og:audio:url"),
        published=_first(meta, "article:published_time"),
        words=page.article_words if page.has_article else page.words,
        has_article=page.has_article,
    )


def text_of(html: str) -> str:
    """The readable text of an HTML fragment (a feed's show notes): tags dropped, entities read."""
    return "".join(_parse(_Text(), html).parts)


def first_iframe_src(html: str) -> str | None:
    """The src of an HTML fragment's first <iframe> (an oEmbed answer's player)."""
    return _parse(_IframeSrc(), html).src


def _parse(target: _Target, html: str) -> _Target:
    """`target` after libxml2 has told it each start, end and run of text of `html`."""
    if html.strip():
        parser = etree.HTMLParser(target=target, no_network=True, remove_comments=True, remove_pis=True)
        try:
            parser.feed(html)
            parser.close()
        except etree.LxmlError:
            pass  # what was told before the error stands: a page this broken says little more
    return target


def _first(meta: dict[str, str], *names: str) -> str | None:
    return next((meta[name].strip() for name in names if meta.get(name, "").strip()), None)


def _decoded(body: bytes, charset: str | None) -> str:
    """The page as text: in its BOM's charset, else the one its header named, else its <meta>'s, else UTF-8."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    sniffed = _META_CHARSET.search(body[:4096])
    for name in filter(None, (charset, sniffed.group(1).decode("ascii") if sniffed else None)):
        try:
            return body.decode(codecs.lookup(name).name, errors="replace")
        except LookupError:  # a name no codec has, or of one that is no text encoding (base64, rot13)
            continue
    return body.decode("utf-8", errors="replace")



class _Events:
    """lxml's parser target: told each element's start (with its attributes) and end, and the text between."""

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class _Page(_Events):
    def __init__(self) -> None:
        self.language: str | None = None
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.words = self.article_words = 0
        self.has_article = False
        self._in_title = self._title_done = False
        self._not_prose = self._in_article = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "html" and attributes.get("lang"):
            self.language = self.language or attributes["lang"]
        elif tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "")
            if key.strip() and "content" in attributes:
                self.meta.setdefault(key.strip().lower(), attributes["content"])
        elif tag == "title" and not self._title_done and not self._not_prose:
            self._in_title = True
        elif tag in _NOT_PROSE:
            self._not_prose += 1
        elif tag == "article":
            self._in_article += 1
            self.has_article = True

    def end(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title, self._title_done = False, True
        elif tag in _NOT_PROSE:
            self._not_prose = max(0, self._not_prose - 1)
        elif tag == "article":
            self._in_article = max(0, self._in_article - 1)

    def data(self, text: str) -> None:
        if self._in_title:
            self.title.append(text)
        elif not self._not_prose:
            count = len(text.split())
            self.words += count
            if self._in_article:
                self.article_words += count


class _Text(_Events):
    def __init__(self) -> None:
        self.parts: list[str] = []
        self._not_prose = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag in _NOT_PROSE:
            self._not_prose += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def end(self, tag: str) -> None:
        if tag in _NOT_PROSE:
            self._not_prose = max(0, self._not_prose - 1)
        elif tag in _BREAKS:
            self.parts.append(" ")

    def data(self, text: str) -> None:
        if not self._not_prose:
            self.parts.append(text)


class _IframeSrc(_Events):
    def __init__(self) -> None:
        self.src: str | None = None

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "iframe" and self.src is None and attributes.get("src"):
            self.src = attributes["src"].strip()
