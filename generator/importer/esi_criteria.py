"""Sections A–D of an ESI report: each criterion with its description, score and findings.

Criteria are recognised by the framework's ids and titles, never by a fixed
layout: a heading may be a line of its own, a table row with the score, a
Markdown heading, or lost in conversion altogether (then the 'Description:'
that follows is matched against the framework's descriptions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.importer.chapters import body_blocks, content
from generator.importer.common import Sink, parse_score, similarity
from generator.importer.text import Block, list_items, plain, strip_emphasis, to_markdown
from generator.model.framework import Criterion, Framework, Section

_LABELS = {
    "description": r"descriptions?",
    "strengths": r"strengths?",
    "improvements": r"areas? for (?:further )?improvement",
    "good-practice": r"good practice examples?",
    "poor-practice": r"poor practice examples?",
    "conclusion": r"conclusions?",
}


def label_of(block: Block) -> tuple[str, str] | None:
    """A field label ('Strengths:', '**Conclusion:** text') and any text after it."""
    if block.kind not in ("para", "heading"):
        return None
    text = plain(block.text.replace("\n", " "))
    for name, pattern in _LABELS.items():
        match = re.match(rf"^(?:{pattern})(?:\s*:\s*(.*)|\s*)$", text, re.IGNORECASE | re.DOTALL)
        if match:
            rest = block.text.split(":", 1)[1] if match.group(1) else ""
            return name, strip_emphasis(rest.strip().lstrip("*").strip()) if rest else ""
    return None


@dataclass
class Heading:
    criterion: Criterion
    title: str
    scores: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)


def criterion_heading(block: Block, section: Section, fw: Framework) -> Heading | None:
    """The criterion a heading line names, with any scores printed on it."""
    if block.kind == "row":
        cells = [plain(c) for c in block.cells]
    elif block.kind in ("para", "heading") and "\n" not in block.text:
        cells = [plain(block.text)]
    else:
        return None
    match = re.match(r"^([A-Z]\d{1,2})\b\s*[:.]?\s*(.*)$", cells[0])
    crit = next((c for c in section.criteria if match and c.id == match.group(1)), None)
    if crit is None or match is None:
        return None
    rest = [match.group(2), *cells[1:]] if match.group(2) else cells[1:]
    title = rest[0].strip(" :") if rest else ""
    if not title or len(title.split()) > 16:
        return None
    if similarity(title, crit.title) < 0.6 and not crit.title.lower().startswith(title.lower()):
        return None
    head = Heading(crit, title)
    _cell_scores(rest[1:], fw, head)
    return head


def _cell_scores(cells: list[str], fw: Framework, head: Heading) -> None:
    """Scores after a title: a bare score, or 'Original inspection' / 'Follow-up inspection' pairs."""
    label = ""
    for cell in cells:
        score = parse_score(cell, fw, head.criterion)
        if score is None:
            label = cell.lower()
            continue
        key = "previous_score" if "original" in label or "previous" in label else "score"
        head.scores[key] = score
        label = ""
    if label:
        head.extra.append(label)


@dataclass
class Run:
    """Consecutive blocks of one kind of content: text, a findings list or an example."""

    name: str
    """'text', 'strengths', 'improvements', 'good-practice' or 'poor-practice'."""

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    """The label printed over a findings list; None where the list continues after an example."""


class CriterionBuilder:
    """Collects one criterion's fields as its blocks arrive, keeping their order."""

    def __init__(self, head: Heading, fw: Framework) -> None:
        self.fw = fw
        self.crit = head.criterion
        self.data: dict[str, Any] = {"id": self.crit.id, **head.scores}
        if head.title and similarity(head.title, self.crit.title) < 0.98:
            self.data["title"] = head.title
        self.mode = "start"
        self.list_mode = "text"
        self.description: list[str] = []
        self.runs: list[Run] = []
        self.conclusion: list[str] = []

    def add(self, block: Block) -> None:
        label = label_of(block)
        if label:
            self._label(*label, block)
            return
        if self.mode == "start":
            self.mode = "text"
            if self._start(block):
                return
        if self.mode == "description" and block.kind != "bullet":
            self.description.append(strip_emphasis(block.text.replace("\n", " ")))
        elif self.mode == "box" and (block.kind != "bullet" or self._box_list()):
            self.runs[-1].blocks.append(block)
        elif self.mode == "conclusion" and block.kind != "bullet":
            self.conclusion.append(block.text)
        else:
            self._append(self.list_mode, block)

    def _append(self, name: str, block: Block) -> None:
        if not self.runs or self.runs[-1].name != name:
            self.runs.append(Run(name))
        self.runs[-1].blocks.append(block)

    def _start(self, block: Block) -> bool:
        """The line after a heading: the score, or (thematic layout) the italic description."""
        cells = [c for c in block.cells if c] if block.kind == "row" else [block.text]
        if len(cells) == 1 and (score := parse_score(cells[0], self.fw, self.crit)):
            self.data.setdefault("score", score)
            self.mode = "start"
            return True
        italic = plain(cells[0]) != cells[0].strip() and cells[0].strip().startswith("*")
        if italic and block.kind in ("para", "row"):
            self.description.append(strip_emphasis(cells[0].replace("\n", " ")))
            if len(cells) > 1 and (score := parse_score(cells[-1], self.fw, self.crit)):
                self.data.setdefault("score", score)
            return True
        return False

    def _box_list(self) -> bool:
        body = self.runs[-1].blocks
        return bool(body) and (plain(body[-1].text).endswith(":") or body[-1].kind == "bullet")

    def _label(self, name: str, rest: str, block: Block) -> None:
        if name in ("good-practice", "poor-practice"):
            self.runs.append(Run(name))
            self.mode = "box"
            if rest:
                self.runs[-1].blocks.append(Block("para", rest, 0))
            return
        self.mode = name if name in ("description", "conclusion") else "list"
        if name in ("strengths", "improvements"):
            self.list_mode = name
            printed = plain(block.text.replace("\n", " ")).split(":", 1)[0].strip()
            self.runs.append(Run(name, title=printed))
        target = {"description": self.description, "conclusion": self.conclusion}.get(name)
        if rest and target is not None:
            target.append(rest)
        elif rest:
            self._append(self.list_mode, Block("para", rest, 0))

    @property
    def has_description(self) -> bool:
        return bool(self.description)

    def result(self) -> dict[str, Any]:
        data = dict(self.data)
        if self.description:
            data["description"] = "\n\n".join(self.description)
        runs = list(self.runs)
        if runs and runs[0].name == "text":
            data.update(content(runs.pop(0).blocks))
        blocks: list[dict[str, Any]] = list(data.pop("blocks", []))
        for run in runs:
            blocks += _run_blocks(run)
        if blocks:
            data["blocks"] = blocks
        if self.conclusion:
            data["conclusion"] = "\n\n".join(self.conclusion)
        return data


def _run_blocks(run: Run) -> list[dict[str, Any]]:
    """One run as report blocks: prose and tables, a findings list, or an example box."""
    if run.name == "text":
        return body_blocks(run.blocks)
    if run.name in ("strengths", "improvements"):
        items = list_items(run.blocks)
        if not items:
            return []
        heading = {"title": run.title} if run.title else {}
        return [{"type": "findings", "kind": run.name, **heading, "items": items}]
    title, body = None, run.blocks
    first = plain(body[0].text) if body else ""
    if body and first.isupper() and len(first.split()) <= 10:
        title, body = first, body[1:]
    body = [Block(b.kind, strip_emphasis(b.text), b.line, b.level, b.number) for b in body]
    text = to_markdown(body)
    if not text:
        return []
    return [{"type": "box", "kind": run.name, **({"title": title} if title else {}), "body": text}]


def _guess_missing(
    builder: CriterionBuilder | None, section: Section, done: list[str], following: list[Block]
) -> Criterion | None:
    """The criterion whose heading was lost: best description match among those not yet seen."""
    order = [c.id for c in section.criteria]
    start = order.index(builder.crit.id) + 1 if builder is not None else 0
    remaining = [c for c in section.criteria[start:] if c.id not in done]
    if not remaining:
        return None
    text = next((plain(b.text) for b in following if b.kind == "para"), "")
    best = max(remaining, key=lambda c: similarity(c.description or "", text))
    if similarity(best.description or "", text) >= 0.6:
        return best
    return remaining[0]


def parse_section(
    blocks: list[Block], section: Section, fw: Framework, sink: Sink, where: str
) -> tuple[list[Block], list[dict[str, Any]]]:
    """A section's introductory blocks and its criteria in published order."""
    intro: list[Block] = []
    criteria: list[dict[str, Any]] = []
    builder: CriterionBuilder | None = None
    done: list[str] = []
    for i, block in enumerate(blocks):
        head = criterion_heading(block, section, fw)
        if head is None and builder is not None and block.kind == "row" and not block.cells[0]:
            _cell_scores(
                [plain(c) for c in block.cells if c], fw, Heading(builder.crit, "", builder.data)
            )
            continue
        label = label_of(block)
        lost = (
            label is not None
            and label[0] == "description"
            and (builder is None or builder.has_description)
        )
        if lost and head is None:
            crit = _guess_missing(builder, section, done, blocks[i + 1 : i + 4])
            if crit is not None:
                head = Heading(crit, "")
                sink.notes.append(
                    f"{where} {crit.id}: heading missing in the source (line {block.line}); "
                    "recognised from the description that follows"
                )
        if head is not None and head.extra:
            # A column heading over the score ('Assessment', 'Score'): the page names the scale.
            sink.dropped.append(
                f"line {block.line}: score column heading {head.extra[0]!r} in "
                f"{' '.join(c for c in block.cells if c)!r}"
            )
        if head is not None:
            if builder is not None:
                criteria.append(builder.result())
            builder = CriterionBuilder(head, fw)
            done.append(head.criterion.id)
            if lost:
                builder.add(block)
            continue
        if builder is None:
            intro.append(block)
        else:
            builder.add(block)
    if builder is not None:
        criteria.append(builder.result())
    return intro, criteria


def section_part(
    blocks: list[Block], section: Section, fw: Framework, sink: Sink, prefix: str, where: str
) -> dict[str, Any]:
    """A framework section as a Part of kind 'section'."""
    intro, criteria = parse_section(blocks, section, fw, sink, where)
    part: dict[str, Any] = {
        "id": f"{prefix}section-{section.id.lower()}",
        "title": section.title,
        "kind": "section",
        "section": section.id,
    }
    part.update(content(intro))
    part["criteria"] = criteria
    return part
