"""YAML as an editor reads it (YAML 1.2's core schema), to check reports against their schema.

PyYAML reads YAML 1.1, where ``2004-05-01`` is a date and ``no`` is false; VS
Code's YAML extension, like any YAML 1.2 reader, reads both as text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class Yaml12Loader(yaml.SafeLoader):
    """The safe loader with YAML 1.2 core-schema scalars: null, true/false, ints and floats."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("null", r"^(?:~|null|Null|NULL|)$", [*"~nN", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", [*"tTfF"]),
    ("int", r"^[-+]?[0-9]+$", [*"-+0123456789"]),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", [*"-+.0123456789"]),
]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def load_yaml12(text: str) -> Any:
    """A YAML document as a YAML 1.2 editor sees it."""
    return yaml.load(text, Loader=Yaml12Loader)
