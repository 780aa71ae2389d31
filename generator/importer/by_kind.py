"""Content written by kind (strengths, boxes, tables) laid out as ordered blocks.

A report holds a part's body as blocks in the order the source prints them.
Code that gathers content by kind instead (the synthetic archive's writers, a
draft built from a form) hands it to :func:`as_blocks`, which lays the kinds out
in the order printed reports of these types use: key questions and the note on
their rating, strengths, examples, areas for improvement, tables, then any
closing text. A parser that reads a source keeps the source's own order instead.
"""

from __future__ import annotations

from typing import Any

_TITLES = {
    "strengths": ("Strength", "Strengths"),
    "improvements": ("Area for improvement", "Areas for improvement"),
}


def _findings(kind: str, items: list[str]) -> dict[str, Any]:
    one, many = _TITLES[kind]
    return {
        "type": "findings",
        "kind": kind,
        "title": one if len(items) == 1 else many,
        "items": items,
    }


def as_blocks(node: Any) -> Any:
    """``node`` with every content mapping's kinds moved into ``blocks``, recursively."""
    if isinstance(node, list):
        return [as_blocks(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: as_blocks(value) for key, value in node.items()}
    blocks: list[dict[str, Any]] = list(out.pop("blocks", []))
    if questions := out.pop("key_questions", None):
        blocks.append({"type": "key-questions", "questions": questions})
    if note := out.pop("rating_note", None):
        # The note on a rating is printed under the key-question table.
        table = [i for i, b in enumerate(blocks) if b["type"] == "key-questions"]
        blocks.insert(table[0] + 1 if table else 0, {"type": "note", "text": note})
    strengths = out.pop("strengths", None)
    improvements = out.pop("improvements", None)
    boxes = out.pop("boxes", None)
    tables = out.pop("tables", None)
    after = out.pop("after", None)
    if strengths:
        blocks.append(_findings("strengths", strengths))
    blocks += [{"type": "box", **box} for box in boxes or []]
    if improvements:
        blocks.append(_findings("improvements", improvements))
    blocks += [{"type": "table", **table} for table in tables or []]
    if after:
        blocks.append({"type": "prose", "text": after})
    if not blocks:
        return out
    # Blocks follow the opening text, before a part's criteria and sub-parts.
    ordered: dict[str, Any] = {}
    for key, value in out.items():
        if key in ("criteria", "parts", "conclusion") and "blocks" not in ordered:
            ordered["blocks"] = blocks
        ordered[key] = value
    ordered.setdefault("blocks", blocks)
    return ordered
