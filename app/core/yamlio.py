"""YAML and JSON in and out: the one way Primer reads data that people hand it.

YAML as people write it: only true/false are booleans (YAML 1.2), so keys and values such
as `on`, `off`, `yes`, `no` and `NO` (Norway) stay text — `on: lesson_completed` in a
scoring model, `choices: [Yes, No]` in a quiz — and dates stay text too.

`load` reads plain data only (mappings with text keys, lists, text, numbers, true/false,
null) and refuses, with a short message and never a crash, what could hurt the server or the
database: anchors and aliases (each level of `*alias` can multiply a few hundred bytes
ten-fold: "billion laughs"), nesting deeper than MAX_DEPTH (deep input exhausts Python's
recursion), input longer than its limit, integers of more than MAX_INT_DIGITS digits (Python
refuses to read one past 4,300 digits), NaN and infinities, keys that are not text, a key
given twice in one mapping, and NUL characters (PostgreSQL cannot store them). Messages quote
at most EXCERPT characters of the input, and are in the reader's language (an author's page; a
command, without a request, says them in English) — the parser's own account of a syntax error
stays as PyYAML or json words it.
"""
from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any, Literal

import yaml
from flask_babel import gettext as _, ngettext
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

MAX_DEPTH = 20
MAX_CHARS = 2 * 1024 * 1024
MAX_INT_DIGITS = 18
EXCERPT = 80

Format = Literal["yaml", "json"]


class LoadError(ValueError):
    """The text is not data Primer accepts; the message says where and why."""


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """`value` as text for a message, cut to `limit` characters ("…" marks the cut)."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- YAML 1.2 booleans, no dates -------------------------------------------------------------

_BOOL = "tag:yaml.org,2002:bool"
_STR = "tag:yaml.org,2002:str"
_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_UNUSED_BY_READER = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}


def _yaml12(resolvers: dict, drop: set[str] = frozenset()) -> dict:
    drop = {_BOOL, *drop}
    table = {first: [(tag, rx) for tag, rx in entries if tag not in drop] for first, entries in resolvers.items()}
    for first in "tTfF":
        table.setdefault(first, []).insert(0, (_BOOL, _YAML12_BOOL))
    return table


class Dumper(yaml.SafeDumper):
    pass


Dumper.yaml_implicit_resolvers = _yaml12(yaml.SafeDumper.yaml_implicit_resolvers)


def _literal_blocks(dumper: Dumper, text: str):
    """Multi-line text as a `|` block, readable in a file."""
    style = "|" if "\n" in text else None
    return dumper.represent_scalar(_STR, text, style=style)


Dumper.add_representer(str, _literal_blocks)


def dump(data) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


# --- reading ---------------------------------------------------------------------------------

def load(text: str, fmt: Format | None = None, *, max_chars: int = MAX_CHARS) -> Any:
    """Parse YAML or JSON text (JSON if `fmt` says so or the text starts with "{"); raise LoadError."""
    _check_length(text, max_chars)
    fmt = fmt or ("json" if text.lstrip().startswith("{") else "yaml")
    return load_json(text, max_chars=max_chars) if fmt == "json" else load_yaml(text, max_chars=max_chars)


def _check_length(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise LoadError(ngettext("the text is longer than %(count)s character",
                                 "the text is longer than %(count)s characters", max_chars,
                                 count=format(max_chars, ",")))


def _placed(line: int, column: int, problem: str) -> str:
    """`problem` at a place in the text, both counted from 1."""
    return _("line %(line)d, column %(column)d: %(problem)s", line=line, column=column, problem=problem)


def _at_mark(mark, problem: str) -> str:
    return _placed(mark.line + 1, mark.column + 1, problem) if mark is not None else problem


def _too_deep() -> str:
    return ngettext("nested more than %(num)d level deep", "nested more than %(num)d levels deep", MAX_DEPTH)


def _too_long_number(text: str) -> str:
    return ngettext("the number %(number)s is too long (at most %(num)d digit)",
                    "the number %(number)s is too long (at most %(num)d digits)", MAX_INT_DIGITS,
                    number=excerpt(text, 30))


def _text_problem(value: str) -> str | None:
    return _("text must not contain NUL characters (\\0)") if "\x00" in value else None


# YAML: libyaml (when built in) turns the text into events; the tree is built from them here,
# without recursion, so every rule is checked as the data is read.
_EventSource = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Reader(_EventSource):
    yaml_implicit_resolvers = _yaml12(yaml.SafeLoader.yaml_implicit_resolvers, _UNUSED_BY_READER)


_SCALARS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:null", _BOOL, "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float"}
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_INT_SIGNS = re.compile(r"[-+_]")


def load_yaml(text: str, *, max_chars: int = MAX_CHARS) -> Any:
    """Parse YAML text under the rules above; raise LoadError."""
    _check_length(text, max_chars)
    reader = _Reader(text)
    try:
        return _YamlBuilder(reader).document()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = _("%(problem)s (not valid YAML)", problem=excerpt(error.problem or error.context or ""))
        raise LoadError(_at_mark(mark, problem)) from None
    except yaml.YAMLError as error:
        raise LoadError(_("not valid YAML: %(problem)s", problem=excerpt(str(error)))) from None
    finally:
        reader.dispose()


class _YamlBuilder:
    def __init__(self, reader: _Reader):
        self.reader = reader

    def refuse(self, event, message: str):
        raise LoadError(_at_mark(event.start_mark, message))

    def document(self) -> Any:
        reader = self.reader
        reader.get_event()  # stream start
        if reader.check_event(yaml.StreamEndEvent):
            return None
        reader.get_event()  # document start
        data = self.node()
        reader.get_event()  # document end
        if not reader.check_event(yaml.StreamEndEvent):
            self.refuse(reader.peek_event(), _("only one document is allowed (remove the second ---)"))
        return data

    def node(self) -> Any:
        """Read one node (with everything inside it) from the events, keeping a stack of open containers."""
        # Each open container: [value, pending key or _NO_KEY, start event]
        stack: list[list] = []
        while True:
            event = self.reader.get_event()
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                value = stack.pop()[0]
            elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                self.refuse(event, _("anchors (&name) and aliases (*name) are not allowed: write the value out"))
            elif isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                is_map = isinstance(event, yaml.MappingStartEvent)
                tag = event.tag if event.tag not in (None, "!") else (_MAP if is_map else _SEQ)
                if tag != (_MAP if is_map else _SEQ):
                    self.refuse(event, _("the tag %(tag)s is not allowed here", tag=excerpt(tag)))
                if len(stack) >= MAX_DEPTH:
                    self.refuse(event, _too_deep())
                stack.append([{} if is_map else [], _NO_KEY, event])
                continue
            else:  # pragma: no cover - the parser never gives anything else inside a document
                self.refuse(event, _("unexpected YAML"))
            if not stack:
                return value
            self.place(stack[-1], value, event)

    def place(self, top: list, value: Any, event) -> None:
        container, key, start = top
        if isinstance(container, list):
            container.append(value)
        elif key is _NO_KEY:
            if not isinstance(value, str):
                self.refuse(start if isinstance(value, (list, dict)) else event,
                            _("a key must be text, not %(key)s (quote it)", key=excerpt(value, 40)))
            if value in container:
                self.refuse(event, _('key "%(key)s" appears twice in this mapping', key=excerpt(value)))
            top[1] = value
        else:
            container[key] = value
            top[1] = _NO_KEY

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        value = event.value
        tag = event.tag
        if tag in (None, "!"):
            tag = self.reader.resolve(ScalarNode, value, event.implicit)
        if tag not in _SCALARS:
            self.refuse(event, _("the tag %(tag)s is not allowed: only text, numbers, true/false and null",
                                 tag=excerpt(tag)))
        if tag == _STR:
            problem = _text_problem(value)
            if problem:
                self.refuse(event, problem)
            return value
        if tag == "tag:yaml.org,2002:int" and len(_INT_SIGNS.sub("", value)) > MAX_INT_DIGITS:
            self.refuse(event, _too_long_number(value))
        node = ScalarNode(tag, value, event.start_mark, event.end_mark)
        try:
            result = {
                "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
                _BOOL: SafeConstructor.construct_yaml_bool,
                "tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
                "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float,
            }[tag](self.reader, node)
        except (ValueError, KeyError):
            self.refuse(event, _("%(value)s is not a valid %(type)s", value=excerpt(value, 30),
                                 type=tag.rsplit(":", 1)[-1]))
        if isinstance(result, float) and not math.isfinite(result):
            self.refuse(event, _("%(value)s: infinite and not-a-number values are not allowed",
                                 value=excerpt(value, 30)))
        return result


_NO_KEY = object()


# JSON: the standard parser with hooks for each rule; depth is measured before parsing, since
# the parser itself recurses.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _json_depth(text: str) -> int:
    steps = [1 if b in "[{" else -1 for b in _BRACKET.findall(_JSON_STRING.sub("", text))]
    return max(accumulate(steps), default=0)


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise LoadError(_too_long_number(text))
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise LoadError(_("the number %(number)s is too large", number=excerpt(text, 30)))
    return value


def _json_constant(name: str):
    raise LoadError(_("%(name)s is not allowed: only finite numbers", name=name))


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise LoadError(_('key "%(key)s" appears twice in one object', key=excerpt(key)))
        found[key] = value
    return found


def load_json(text: str, *, max_chars: int = MAX_CHARS) -> Any:
    """Parse JSON text under the rules above; raise LoadError."""
    _check_length(text, max_chars)
    if _json_depth(text) > MAX_DEPTH:
        raise LoadError(_too_deep())
    try:
        data = json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int, parse_float=_json_float,
                          parse_constant=_json_constant)
    except json.JSONDecodeError as error:
        problem = _("%(problem)s (not valid JSON)", problem=error.msg)
        raise LoadError(_placed(error.lineno, error.colno, problem)) from None
    except RecursionError:  # not reached when the depth count above is right; kept as a guard
        raise LoadError(_too_deep()) from None
    _check_json_text(data)
    return data


def _check_json_text(data: Any) -> None:
    """Refuse NUL in any key or text (YAML's builder checks each text as it reads it)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            problem = _text_problem(item)
            if problem:
                raise LoadError(f'"{excerpt(item, 40)}": {problem}')
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
