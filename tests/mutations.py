"""Damage of the kinds PDF conversion does, for the importers' property tests.

Lines deleted, repeated, swapped or cut off at a page, and stray text inserted
or spliced into a line. Each test says which edits it draws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from generator.importer.draft import ImportDraft

EDITS = ("delete", "repeat", "swap", "cut")
"""Edits that move or remove the source's own text, and add none."""

ALL_EDITS = (*EDITS, "insert", "splice")


def strings(node: Any) -> list[str]:
    """Every string and number in a draft, for looking text up in it."""
    if isinstance(node, str | int):
        return [str(node)]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def lost(draft: ImportDraft, units: list[str], norm: Callable[[str], str]) -> list[str]:
    """The units found nowhere: not in the draft's fields, nor unplaced, nor dropped."""
    kept = norm(" ".join([*strings(draft.data), *draft.unplaced, *draft.dropped]))
    return [u for u in units if u not in kept]


def mutate(draw: st.DrawFn, base: str, ops: tuple[str, ...], filler: st.SearchStrategy[str]) -> str:
    """``base`` after one to eight edits drawn from ``ops``."""
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(ops))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        size = draw(st.integers(1, 30))
        text = draw(filler) if op in ("insert", "splice") else ""
        if op == "delete":
            del lines[at : at + size]
        elif op == "repeat":
            lines[at:at] = lines[at : at + size]
        elif op == "insert":
            lines.insert(at, text)
        elif op == "swap" and lines:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "splice" and lines:
            where = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:where] + text + lines[at][where:]
        elif op == "cut":
            lines = lines[:at]
    return "\n".join(lines)
