"""YAML as people write it: only true/false are booleans (YAML 1.2), so keys and values such
as `on`, `off`, `yes`, `no` and `NO` (Norway) stay text — `on: lesson_completed` in a
scoring model, `choices: [Yes, No]` in a quiz."""
from __future__ import annotations

import re

import yaml

_BOOL = "tag:yaml.org,2002:bool"
_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _yaml12(resolvers: dict) -> dict:
    table = {first: [(tag, rx) for tag, rx in entries if tag != _BOOL] for first, entries in resolvers.items()}
    for first in "tTfF":
        table.setdefault(first, []).insert(0, (_BOOL, _YAML12_BOOL))
    return table


class Loader(yaml.SafeLoader):
    pass


class Dumper(yaml.SafeDumper):
    pass


Loader.yaml_implicit_resolvers = _yaml12(yaml.SafeLoader.yaml_implicit_resolvers)
Dumper.yaml_implicit_resolvers = _yaml12(yaml.SafeDumper.yaml_implicit_resolvers)


def _literal_blocks(dumper: Dumper, text: str):
    """Multi-line text as a `|` block, readable in a file."""
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


Dumper.add_representer(str, _literal_blocks)


def load(text: str):
    return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader


def dump(data) -> str:
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


YAMLError = yaml.YAMLError
