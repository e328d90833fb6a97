"""Reading pages the way a person would: the form controls, their labels, the links."""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Control:
    tag: str
    attrs: dict[str, str]
    label: str = ""
    legend: str = ""  # of the fieldset it sits in

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")

    @property
    def type(self) -> str:
        return self.attrs.get("type", "")


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls: list[Control] = []
        self.links: list[tuple[str, str]] = []  # (text, href)
        self.forms: list[dict[str, str]] = []  # their attributes
        self.legends: list[str] = []
        self._labels: dict[str, str] = {}
        self._open_label: str | None = None
        self._open_link: str | None = None
        self._in_legend = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag in ("input", "select", "textarea", "button", "progress", "meter"):  # labelable
            legend = self.legends[-1] if self.legends else ""
            self.controls.append(Control(tag, attrs, legend=legend))
        elif tag == "label":
            self._open_label, self._text = attrs.get("for", ""), []
        elif tag == "a":
            self._open_link, self._text = attrs.get("href", ""), []
        elif tag == "legend":
            self._in_legend, self._text = True, []
        elif tag == "form":
            self.forms.append(attrs)

    def handle_data(self, data):
        self._text.append(data)

    def handle_endtag(self, tag):
        text = "".join(self._text)
        if tag == "label" and self._open_label is not None:
            self._labels[self._open_label] = text
            self._open_label = None
        elif tag == "a" and self._open_link is not None:
            self.links.append((" ".join(text.split()), self._open_link))
            self._open_link = None
        elif tag == "legend" and self._in_legend:
            self.legends.append(text)
            self._in_legend = False

    def close(self):
        super().close()
        for control in self.controls:
            control.label = self._labels.get(control.attrs.get("id", ""), "")


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def link(html: str, text: str) -> str:
    """The href of the first link whose text contains `text`."""
    for link_text, href in parse(html).links:
        if text in link_text:
            return href
    raise AssertionError(f"no link with {text!r} on the page")
