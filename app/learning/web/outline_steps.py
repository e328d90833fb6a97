"""The lessons of an outline as HTML, rendered once per lesson and state, then reused.

A long course's sidebar is hundreds of the same few lines; rendering them on every page cost a
200-lesson course most of its page time. Each lesson's line depends only on the lesson, whether
it is done, where the course lives and the reader's language, so it is kept with the course's map (and goes with it
when the course changes). The lesson being shown is rendered fresh: it is the one marked current.
"""
from __future__ import annotations

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup

from app.learning.outline import ModuleItem, Outline


def outline_steps(outline: Outline, module: ModuleItem, course_url: str, current_id: int | None = None) -> Markup:
    step = get_template_attribute("learning/_step.html", "step")
    kept = outline.memo.setdefault("outline_steps", {})
    locale = str(get_locale())  # a line's words are in the reader's language
    lines = []
    for item in module.lessons:
        if item.id == current_id:
            lines.append(step(item, course_url, True))
            continue
        key = (course_url, item.id, item.done, locale)
        line = kept.get(key)
        if line is None:
            line = kept[key] = step(item, course_url, False)
        lines.append(line)
    return Markup("").join(lines)
