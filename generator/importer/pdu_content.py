"""The body of a PDU report: free text, lists, boxes, tables, standards and annexes.

Every block handed to :func:`build` ends up somewhere in the result: a
paragraph, a list, a box, a table, a key question or a note. (Image
descriptions and markup never get this far: block splitting drops and lists them.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.importer.pdu_blocks import (
    Block,
    bold,
    footnote_mark,
    heading_like,
    label_line,
    markdown,
    marks_in,
    norm,
    similar,
    unbold,
)
from generator.importer.pdu_tables import (
    TableAcc,
    cells,
    is_key_question_table,
    key_questions,
    match_question,
    question_heading,
    starts_new_table,
)
from generator.model.framework import Criterion, KeyQuestion

_STRENGTHS = re.compile(r"^strengths?\s*:?$", re.IGNORECASE)
_IMPROVEMENTS = re.compile(r"^areas?\s+for\s+(?:improvement|development)\s*:?$", re.IGNORECASE)
_BOX = re.compile(r"^(good|poor)\s+practice(?:\s+examples?)?\s*:?$", re.IGNORECASE)
_TRAILING_BOLD = re.compile(r"^(.*?)\s*\*\*([^*]+)\*\*\s*$")
_STANDARD = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(.+)$")
_KEY_VALUE = re.compile(r"^(.*\S)\s+\*\*(.+?)\*\*$")


@dataclass
class Item:
    """One piece of a run of blocks, in source order."""

    kind: str
    """'para', 'strengths', 'improvements', 'box', 'table', 'footnote' or 'note' (on a rating)."""
    text: str = ""
    items: list[str] = field(default_factory=list)
    title: str | None = None
    box: dict[str, str] = field(default_factory=dict)
    table: TableAcc | None = None
    questions: list[dict[str, str]] = field(default_factory=list)
    """For a key-question table: its results."""
    heading: str = ""
    """For a key-question table: the heading printed over its questions."""


@dataclass
class Built:
    """What a run of blocks holds, in source order, ready for the fields of the report schema."""

    body: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[TableAcc]:
        return [i.table for i in self.body if i.table is not None]

    def markdown(self) -> str:
        """Everything as one Markdown text, for a part of the report that is a single field."""
        out: list[str] = []
        for item in self.body:
            if item.kind in ("para", "note"):
                out.append(item.text)
            elif item.kind in ("strengths", "improvements"):
                out += [f"{item.title}:"] if item.title else []
                out.append("\n".join(f"- {i}" for i in item.items))
            elif item.kind == "box":
                out += [bold(item.box["title"]), item.box["body"]]
            elif item.table is not None:
                table = item.table
                out += [table.caption] if table.caption else []
                out += [" ".join(c for c in row if c.strip()) for row in table.rows]
                out += table.footnotes
        return "\n\n".join(out)

    def fields(self, owner: str) -> dict[str, Any]:
        """The opening text, then every other item as a block, in source order."""
        data: dict[str, Any] = {}
        body = list(self.body)
        lead: list[str] = []
        while body and body[0].kind == "para":
            lead.append(body.pop(0).text)
        if lead:
            data["text"] = "\n\n".join(lead)
        blocks: list[dict[str, Any]] = []
        prose: list[str] = []
        tables = 0
        for item in body:
            if item.kind == "para":
                prose.append(item.text)
                continue
            if prose:
                blocks.append({"type": "prose", "text": "\n\n".join(prose)})
                prose = []
            if item.kind in ("strengths", "improvements"):
                title = {"title": item.title} if item.title else {}
                blocks.append({"type": "findings", "kind": item.kind, **title, "items": item.items})
            elif item.kind == "box":
                blocks.append({"type": "box", **item.box})
            elif item.kind == "note":
                blocks.append({"type": "note", "text": item.text})
            elif item.questions:
                heading = item.heading if norm(item.heading) != "key question" else ""
                blocks.append(
                    {
                        "type": "key-questions",
                        **({"heading": heading} if heading else {}),
                        "questions": item.questions,
                    }
                )
            elif item.table is not None:
                tables += 1
                blocks.append({"type": "table", **item.table.as_data(f"{owner}-table-{tables}")})
        if prose:
            blocks.append({"type": "prose", "text": "\n\n".join(prose)})
        if blocks:
            data["blocks"] = blocks
        return data


class _Builder:
    def __init__(self, blocks: list[Block], questions: list[KeyQuestion], notes_after_tables: bool):
        self.blocks = blocks
        self.questions = questions
        self.notes_after_tables = notes_after_tables
        self.out = Built()
        self.table: TableAcc | None = None
        self.footnote_since_table = False
        self.noted_table: TableAcc | None = None
        self.caption: str | None = None
        self.list_mode: str | None = None
        self.list_title: str | None = None

    def run(self) -> Built:
        i = 0
        while i < len(self.blocks):
            i = self.step(i)
        self.finish()
        return self.out

    def step(self, i: int) -> int:
        block = self.blocks[i]
        if block.kind == "footnote":
            # Kept where printed until finish() knows whose note each is.
            self.out.body += [Item("footnote", text=line) for line in block.lines]
            self.footnote_since_table = True
            return i + 1
        if block.kind == "row":
            self.rows([cells(r) for r in block.lines])
            return i + 1
        self.table = None
        if block.kind == "bullet" and self.list_mode:
            last = self.out.body[-1] if self.out.body else None
            if last is None or last.kind != self.list_mode:
                last = Item(self.list_mode, title=self.list_title)
                self.out.body.append(last)
            self.list_title = None
            last.items += [item.strip() for item in block.lines]
            return i + 1
        self.list_mode = None
        if block.kind == "text" and block.single:
            consumed = self.single_line(i)
            if consumed:
                return i + consumed
        if self.notes_after_tables and self.noted_table is not None:
            self.noted_table.footnotes.append(markdown(block))
            return i + 1
        self.paragraph(markdown(block))
        return i + 1

    def paragraph(self, text: str) -> None:
        self.out.body.append(Item("para", text=text))
        self.noted_table = None

    def rows(self, rows: list[list[str]]) -> None:
        table = self.table
        joins = table is not None and not starts_new_table(rows, table)
        if joins and table is not None and self.footnote_since_table:
            # Rows after a footnote continue the table only when a page break
            # split it: key questions, or a data annexe's table whose rows go on
            # without a caption of their own. Other tables printed after a
            # footnote are tables of their own.
            joins = (self.notes_after_tables and self.caption is None) or (
                table.key_question_table and is_key_question_table(TableAcc(rows), self.questions)
            )
        if joins and table is not None:
            table.rows += rows
        else:
            table = TableAcc(rows, self.caption)
            self.caption = None
            self.out.body.append(Item("table", table=table))
        table.key_question_table = is_key_question_table(table, self.questions)
        self.table = table
        self.noted_table = table
        self.footnote_since_table = False
        self.list_mode = None

    def single_line(self, i: int) -> int:
        """Handle the one-line block at ``i``; the number of blocks used, or 0 for a paragraph."""
        block = self.blocks[i]
        after = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
        line = block.lines[0]
        plain = unbold(line)
        listed = after is not None and after.kind == "bullet"
        for mode, pattern in (("strengths", _STRENGTHS), ("improvements", _IMPROVEMENTS)):
            if listed and pattern.match(plain):
                self.list_mode = mode
                self.list_title = plain.rstrip(": ")
                return 1
        box = _BOX.match(plain)
        if box and after is not None and after.kind in ("text", "bullet"):
            body = [markdown(after)]
            used = 2
            nxt = self.blocks[i + 2] if i + 2 < len(self.blocks) else None
            if (
                after.kind == "text"
                and after.lines[-1].endswith(":")
                and nxt
                and nxt.kind == "bullet"
            ):
                # A box that introduces a list holds the list too.
                body.append(markdown(nxt))
                used = 3
            kind = "good-practice" if box.group(1).casefold() == "good" else "poor-practice"
            box_data = {"kind": kind, "title": plain, "body": "\n\n".join(body)}
            self.out.body.append(Item("box", box=box_data))
            self.noted_table = None
            return used
        if heading_like(block) and after is not None and after.kind == "row":
            self.caption = plain
            return 1
        if (self.questions and match_question(line, self.questions)) or heading_like(block):
            self.paragraph(bold(line))
            return 1
        return 0

    def finish(self) -> None:
        body = self.out.body
        kq_items = [i for i in body if i.table is not None and i.table.key_question_table]
        kq_marks: set[str] = set()
        for item in kq_items:
            assert item.table is not None
            at = body.index(item)
            before = next((b for b in reversed(body[:at]) if b.kind != "footnote"), None)
            if before is not None and before.kind == "para":
                kq_marks |= marks_in(before.text)
            kq_marks |= item.table.marks()
            results, complete = key_questions(item.table)
            item.questions = results
            item.heading = question_heading(item.table)
            if complete:
                item.table = None
            else:
                # The results stand first; the table as printed follows them.
                body.insert(body.index(item) + 1, Item("table", table=item.table))
                item.table = None
                self.out.notes.append(
                    "a key-question table has columns or cells that are not percentages by case "
                    "type; the table is kept as printed as well"
                )
        for item in [i for i in body if i.kind == "footnote"]:
            line = item.text
            mark = footnote_mark(line)
            if kq_items and mark in kq_marks:
                item.kind = "note"
                continue
            owner = next((t for t in self.out.tables if mark and mark in t.marks()), None)
            if owner is not None:
                # Marked footnotes sit at the foot of the page, before any notes
                # printed after the table.
                marked = sum(1 for f in owner.footnotes if footnote_mark(f))
                owner.footnotes.insert(marked, line)
                body.remove(item)
            else:
                item.kind = "para"


def build(
    blocks: list[Block],
    questions: list[KeyQuestion] | None = None,
    *,
    notes_after_tables: bool = False,
) -> Built:
    """Read blocks as text, lists, boxes, tables and key questions, kept in source order.

    ``questions`` are the key questions of the standard being read: headings
    that print them are kept as bold lines, and tables of their percentages
    become key-question results. ``notes_after_tables`` makes paragraphs that
    follow a table notes on it, as in a data annexe.
    """
    return _Builder(blocks, questions or [], notes_after_tables).run()


def rating_label(text: str, labels: list[str]) -> str | None:
    """The scale label a line states, in the framework's spelling."""
    wanted = norm(unbold(text))
    return next((label for label in labels if norm(label) == wanted), None)


def standard_heading(block: Block, criteria: list[Criterion]) -> Criterion | None:
    """The framework standard a heading line introduces, if it is one."""
    if block.kind != "text" or not block.single:
        return None
    match = _STANDARD.match(unbold(block.lines[0]))
    if not match:
        return None
    crit = next((c for c in criteria if c.id == match.group(1)), None)
    if crit is None:
        return None
    title = match.group(2)
    if norm(title).startswith(norm(crit.title)) or similar(title, crit.title) >= 0.6:
        return crit
    return None


def criterion(
    crit: Criterion, title: str, blocks: list[Block], labels: list[str]
) -> tuple[dict[str, Any], Built]:
    """One standard: its statement, rating, findings, key questions, boxes and notes."""
    data: dict[str, Any] = {"id": crit.id}
    if norm(title) != norm(crit.title):
        data["title"] = title
    rest = list(blocks)
    first = next((i for i, b in enumerate(rest) if b.kind == "text"), None)
    score: str | None = None
    if first is not None and rating_label(rest[first].text, labels) is None:
        statement = rest.pop(first)
        text = markdown(statement)
        trailing = _TRAILING_BOLD.match(text)
        if trailing and rating_label(trailing.group(2), labels):
            text, score = trailing.group(1), rating_label(trailing.group(2), labels)
        data["description"] = text
    if score is None and first is not None and first < len(rest):
        candidate = rest[first]
        if candidate.kind == "text" and candidate.single:
            score = rating_label(candidate.lines[0], labels)
            if score is not None:
                rest.pop(first)
    if score is not None:
        data["score"] = score
    built = build(rest, crit.key_questions)
    data.update(built.fields(f"standard-{crit.id.replace('.', '-')}"))
    return data, built


def _pairs(block: Block) -> list[list[str]]:
    """Label-and-value lines ('Categorisation', 'Some progress'), tabbed or with the value in bold."""
    if block.kind == "row":
        rows = [[c for c in cells(line) if c.strip()] for line in block.lines]
        return rows if all(len(r) == 2 for r in rows) else []
    if block.kind == "text" and block.single:
        match = _KEY_VALUE.match(block.lines[0])
        return [[match.group(1), match.group(2)]] if match else []
    return []


def recommendation_units(blocks: list[Block]) -> tuple[list[Block], list[list[Block]]]:
    """Split a progress annexe into its introduction and one unit per recommendation.

    Each unit opens with a lead-in line ending in a colon, states the
    recommendation, and closes with label-and-value lines (a categorisation);
    the next lead-in line after those values opens the next unit.
    """
    intro: list[Block] = []
    units: list[list[Block]] = []
    closed = True
    for block in blocks:
        if label_line(block) and closed:
            units.append([block])
            closed = False
            continue
        if not units:
            intro.append(block)
            continue
        units[-1].append(block)
        if _pairs(block):
            closed = True
    usable = bool(units) and all(
        len(u) >= 3 and u[1].kind == "text" and any(_pairs(b) for b in u) for u in units
    )
    return (intro, units) if usable else (blocks, [])


def recommendation_part(unit: list[Block], part_id: str) -> tuple[dict[str, Any], Built]:
    """One earlier recommendation: what it asked, the findings, and its categorisation."""
    lead_in, statement, *rest = unit
    pairs = [pair for b in rest for pair in _pairs(b)]
    body = [b for b in rest if not _pairs(b)]
    built = build(body)
    data: dict[str, Any] = {"id": part_id, "title": unbold(statement.text)}
    data["lead_in"] = markdown(lead_in)
    data.update(built.fields(part_id))
    table = {"id": f"{part_id}-judgement", "columns": ["", ""], "rows": pairs}
    data["blocks"] = [*data.get("blocks", []), {"type": "table", **table}]
    return data, built
