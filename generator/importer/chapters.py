"""Fixed-text chapters: paragraphs, lists, tables and sub-headings become a :class:`Part`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.importer.common import PERCENT, markdown_or_none, slugify
from generator.importer.text import Block, ends_sentence, is_heading_text, plain


@dataclass
class Chapter:
    """A run of blocks under one top-level heading of the source."""

    kind: str
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)
    letter: str | None = None
    implied: bool = False
    """Found from its first block or the contents list: its heading was lost in conversion."""

    @property
    def title(self) -> str:
        return plain(self.heading.text) if self.heading else ""


def is_subheading(block: Block, following: Block | None, max_words: int = 8) -> bool:
    """A short title line standing on its own above content, such as 'Key findings'."""
    if block.kind == "heading":
        return True
    if block.kind != "para" or "\n" in block.text or following is None:
        return False
    text = plain(block.text)
    if not text or not text[0].isupper() or ends_sentence(text) or text.endswith(","):
        return False
    return len(text.split()) <= max_words and not is_heading_text(following, 3)


def split_subheadings(blocks: list[Block]) -> tuple[list[Block], list[tuple[Block, list[Block]]]]:
    """Blocks before the first sub-heading, then each sub-heading with its blocks."""
    lead: list[Block] = []
    subs: list[tuple[Block, list[Block]]] = []
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if is_subheading(block, following):
            subs.append((block, []))
        elif subs:
            subs[-1][1].append(block)
        else:
            lead.append(block)
    return lead, subs


def _is_figure(cell: str) -> bool:
    return bool(PERCENT.match(cell) or re.fullmatch(r"[\d.,%*]+", cell))


def make_table(rows: list[Block], caption: str | None = None) -> dict[str, Any]:
    """Tab-separated rows as a Table: the first row heads the columns unless it holds figures."""
    first = rows[0].cells
    header = not any(_is_figure(c) for c in first[1:]) or not first[0]
    columns = list(first) if header else [""] * len(first)
    body = [list(r.cells) for r in (rows[1:] if header else rows)]
    width = max([len(columns), *(len(r) for r in body)])
    columns += [""] * (width - len(columns))
    table: dict[str, Any] = {
        "columns": columns,
        "rows": [r + [""] * (width - len(r)) for r in body],
    }
    if caption:
        table["caption"] = caption
    return table


def content(blocks: list[Block]) -> dict[str, Any]:
    """Part or criterion fields: the text before the first table, then the rest as blocks.

    Tables and the paragraphs between them stay in the order the source prints them.
    """
    lead, rest = _until_table(blocks)
    out: dict[str, Any] = {}
    if text := markdown_or_none(lead):
        out["text"] = text
    if body := body_blocks(rest):
        out["blocks"] = body
    return out


_PLACED = ("row", "generated")


def _until_table(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    first = next((i for i, b in enumerate(blocks) if b.kind in _PLACED), len(blocks))
    if first > 0 and first < len(blocks) and _is_caption(blocks[first - 1]):
        first -= 1
    return blocks[:first], blocks[first:]


def body_blocks(blocks: list[Block]) -> list[dict[str, Any]]:
    """Blocks as prose and table blocks, in source order; a caption line goes with its table."""
    out: list[dict[str, Any]] = []
    prose: list[Block] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind == "generated":
            out += prose_block(prose)
            prose = []
            out.append({"type": "generated"})
            i += 1
            continue
        if blocks[i].kind != "row":
            prose.append(blocks[i])
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "row":
            j += 1
        caption = plain(prose.pop().text) if prose and _is_caption(prose[-1]) else None
        out += prose_block(prose)
        prose = []
        out.append({"type": "table", **make_table(blocks[i:j], caption)})
        i = j
    out += prose_block(prose)
    return out


def prose_block(blocks: list[Block]) -> list[dict[str, Any]]:
    """A prose block of these blocks, or nothing when they hold no text."""
    text = markdown_or_none(blocks)
    return [{"type": "prose", "text": text}] if text else []


def _is_caption(block: Block) -> bool:
    text = plain(block.text)
    return block.kind == "para" and bool(re.match(r"^(table|figure|chart)\b", text, re.I))


def chapter_part(
    blocks: list[Block], title: str, part_id: str | None = None, taken: set[str] | None = None
) -> dict[str, Any]:
    """A fixed-text chapter as a Part, with a sub-part under each sub-heading."""
    lead, subs = split_subheadings(blocks)
    pid = unique_id(part_id or slugify(title) or "part", taken)
    part: dict[str, Any] = {"id": pid, "title": title, "kind": "chapter", **content(lead)}
    parts = []
    for heading, body in subs:
        sub_title = plain(heading.text)
        parts.append(
            {
                "id": unique_id(f"{pid}-{slugify(sub_title) or 'part'}", taken),
                "title": sub_title,
                "kind": "chapter",
                **content(body),
            }
        )
    if parts:
        part["parts"] = parts
    return part


def unique_id(wanted: str, taken: set[str] | None) -> str:
    """``wanted``, or with a number added if another part already has it."""
    if taken is None:
        return wanted
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    taken.add(candidate)
    return candidate
