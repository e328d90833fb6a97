"""An L&D author driving the site: find a form on a page, fill it in, press its button."""
from __future__ import annotations

import html as htmlmod
import re
from html.parser import HTMLParser

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
INPUT = re.compile(r"<input\b[^>]*>")
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.DOTALL)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.DOTALL)
OPTION = re.compile(r"<option\b([^>]*)>", re.DOTALL)


def _attrs(tag: str) -> dict[str, str]:
    return {k: htmlmod.unescape(v) for k, v in ATTR.findall(tag)}


def _values(body: str) -> dict[str, list[str]]:
    """What a browser would send for the form as it stands: filled inputs, ticked boxes, textareas."""
    values: dict[str, list[str]] = {}
    for tag in INPUT.findall(body):
        a = _attrs(tag)
        kind = a.get("type", "text")
        if "name" not in a or kind in ("submit", "button", "file", "reset", "image"):
            continue
        if kind in ("checkbox", "radio") and not re.search(r"\schecked\b", tag):
            continue
        values.setdefault(a["name"], []).append(a.get("value", "on" if kind == "checkbox" else ""))
    for attrs, text in TEXTAREA.findall(body):
        a = _attrs(attrs)
        if "name" in a:  # a browser drops the one newline right after <textarea>
            values.setdefault(a["name"], []).append(htmlmod.unescape(text.removeprefix("\n")))
    for attrs, options in SELECT.findall(body):
        a = _attrs(attrs)
        chosen = [_attrs(o).get("value", "") for o in OPTION.findall(options) if re.search(r"\sselected\b", o)]
        if "name" in a:
            values[a["name"]] = chosen or [_attrs(o).get("value", "") for o in OPTION.findall(options)][:1]
    return values


def post_forms(html: str, page_url: str):
    """(action, values a browser would send, body) of every POST form on the page."""
    for match in FORM.finditer(html):
        attrs = _attrs(match.group(1))
        if attrs.get("method", "get").lower() != "post":
            continue
        yield attrs.get("action") or page_url, _values(match.group(2)), match.group(2)


class Author:
    """Wraps the `browser` fixture: every post goes through a form that is really on the page, sent
    with what the page holds (CSRF token, course version, the fields' current values) plus what
    the author typed over it."""

    def __init__(self, browser):
        self.client = browser.client

    def page(self, url: str, status: int = 200) -> str:
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response.get_data(as_text=True)

    def submit(self, page_url: str, data: dict | None = None, *, action: str | None = None,
               where: dict | None = None, html: str | None = None):
        """Fill the form posting to `action` (default: the page itself) and send it.

        `where` picks among several forms with that action by their fields (direction=up).
        `html` submits a page loaded earlier (a second tab left open) instead of loading it now.
        """
        html = self.page(page_url) if html is None else html
        target = action or page_url
        for form_action, values, _ in post_forms(html, page_url):
            if form_action == target and all(values.get(k) == [v] for k, v in (where or {}).items()):
                return self.client.post(target, data={**values, **(data or {})})
        raise AssertionError(f"no form posting to {target} on {page_url}")


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows = None
        self._cell = None
        self._caption = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption_text = [], ""
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self._caption_text = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption_text] = self._rows
            self._rows = None


def tables(html: str) -> dict[str, list[list[str]]]:
    """Every table on the page by its caption: rows of cell texts, the header row first."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def rows_by_label(table: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table[1:]}
