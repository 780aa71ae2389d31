"""Imported content by kind, for tests that check what was found rather than where.

An imported part or criterion holds its body as blocks in source order. Many
importer tests ask only whether a strength, a box or a table was found; this
view gathers each kind across the blocks so those tests read as before, and
the tests of order look at the blocks themselves.
"""

from __future__ import annotations

from typing import Any


def by_kind(content: dict[str, Any]) -> dict[str, Any]:
    """``content`` with its blocks also gathered by kind: text, findings, boxes, tables, key questions."""
    view = dict(content)
    blocks = content.get("blocks", [])
    prose = [b["text"] for b in blocks if b["type"] == "prose"]
    if prose or "text" in content:
        view["text"] = "\n\n".join([*([content["text"]] if "text" in content else []), *prose])
    for kind in ("strengths", "improvements"):
        items = [
            i for b in blocks if b["type"] == "findings" and b["kind"] == kind for i in b["items"]
        ]
        if items:
            view[kind] = items
    for name, kind in (("boxes", "box"), ("tables", "table")):
        found = [{k: v for k, v in b.items() if k != "type"} for b in blocks if b["type"] == kind]
        if found:
            view[name] = found
    notes = [b["text"] for b in blocks if b["type"] == "note"]
    if notes:
        view["rating_note"] = "\n\n".join(notes)
    questions = [q for b in blocks if b["type"] == "key-questions" for q in b["questions"]]
    if questions:
        view["key_questions"] = questions
    return view


def kinds(content: dict[str, Any]) -> list[str]:
    """The types of a content mapping's blocks, in order ('findings' with their kind)."""
    return [
        f"findings:{b['kind']}" if b["type"] == "findings" else b["type"]
        for b in content.get("blocks", [])
    ]
