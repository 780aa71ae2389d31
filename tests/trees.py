"""Loaded YAML as a tree: every string in it, with its key path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Path = tuple[str | int, ...]


def strings(node: Any, at: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every string in ``node`` (nested dicts and lists) with its path, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, (*at, i))
    elif isinstance(node, str):
        yield at, node
