"""Building blocks shared by every synthetic report type: prose, lists, boxes, tables.

Each block is a plain mapping in the report schema's shape (see
:mod:`generator.model.report`), so a report is assembled from them and dumped as
YAML without going through the models.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from generator.model.framework import Criterion, Framework
from inspection_tools.synth_text import Corpus, WordModel, person

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
CREDIT_ROLES = ("HM Assistant Chief Inspector", "HM Inspectors", "Inspection Officers",
                "Inspection Admin Officer", "Area Assessors")  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """Who and when a synthetic report is about."""

    slug: str
    area: str
    region: str
    year: int
    quality: float
    """How well the area does, from 0 (poorly) to 1 (very well); scores scatter around it."""


@dataclass
class Writer:
    """Everything a block needs: the seeded generator, the word model and the area."""

    rng: random.Random
    model: WordModel
    corpus: Corpus
    area: str

    def text(self, low: int, high: int) -> str:
        return self.model.sentences(self.rng, self.area, low, high)

    def paragraphs(self, low: int, high: int) -> str:
        return self.model.paragraphs(self.rng, self.area, low, high)

    def items(self, low: int, high: int, sentences: tuple[int, int] = (1, 4)) -> list[str]:
        return [self.text(*sentences) for _ in range(self.rng.randint(low, high))]

    def bullets(self, low: int, high: int) -> str:
        """A Markdown list, as the reports print their inspection arrangements."""
        return "\n".join(f"- {item}" for item in self.items(low, high))

    def month(self, year: int) -> str:
        return f"{self.rng.choice(MONTHS)} {year}"

    def box(self, kind: str) -> dict[str, Any]:
        title = self.model.phrase(self.rng, self.area, self.rng.randint(3, 6))
        return {"kind": kind, "title": title, "body": self.paragraphs(1, 2)}

    def boxes(self, good: float = 0.35, poor: float = 0.12) -> list[dict[str, Any]]:
        found = []
        if self.rng.random() < good:
            found.append(self.box("good-practice"))
        if self.rng.random() < poor:
            found.append(self.box("poor-practice"))
        return found

    def foreword(self, year: int) -> dict[str, Any]:
        return {
            "body": self.paragraphs(3, 4),
            "signatory": {"name": person(self.rng), "role": "HM Chief Inspector of Probation"},
            "date": self.month(year),
        }

    def acknowledgements(self) -> dict[str, Any]:
        credits = [
            {"role": role, "names": [person(self.rng) for _ in range(self.rng.randint(1, 6))]}
            for role in CREDIT_ROLES
        ]
        return {"body": self.paragraphs(1, 2), "credits": credits}

    def glossary(self, low: int, high: int) -> list[dict[str, str]]:
        entries = self.corpus.glossary
        chosen = self.rng.sample(entries, min(len(entries), self.rng.randint(low, high)))
        return [{"term": t, "definition": d} for t, d in sorted(chosen, key=lambda e: e[0].lower())]

    def recommendations(self, addressees: list[str], low: int, high: int) -> list[dict[str, Any]]:
        """Groups of recommendations, numbered on from one group to the next as published."""
        groups, number = [], 1
        for addressee in addressees:
            count = self.rng.randint(low, high)
            items = [{"number": number + i, "text": self.text(1, 2)} for i in range(count)]
            groups.append({"addressee": addressee, "items": items})
            number += count
        return groups

    def criterion(
        self,
        crit: Criterion,
        score: str | None,
        strengths: int,
        improvements: int,
        examples: bool = True,
    ) -> dict[str, Any]:
        """A criterion's score, description as printed, and findings."""
        found: dict[str, Any] = {"id": crit.id}
        if score is not None:
            found["score"] = score
        if crit.description:
            found["description"] = crit.description
        found["strengths"] = self.items(max(1, strengths - 2), strengths + 2, (1, 3))
        found["improvements"] = self.items(max(1, improvements - 2), improvements + 2, (1, 3))
        if examples and (boxes := self.boxes()):
            found["boxes"] = boxes
        if self.rng.random() < 0.3:
            found["conclusion"] = self.text(1, 2)
        return found

    def count_table(self, caption: str, anchor: str, rows: list[str], total: int) -> dict[str, Any]:
        """Counts that add up to ``total``, with their percentages."""
        weights = [self.rng.random() + 0.05 for _ in rows]
        counts = [int(total * w / sum(weights)) for w in weights]
        counts[0] += total - sum(counts)
        cells = [[r, str(c), f"{100 * c / total:.0f}%"] for r, c in zip(rows, counts, strict=True)]
        return {
            "id": anchor,
            "caption": caption,
            "columns": ["", "Number", "Percentage"],
            "rows": [*cells, ["Total", str(total), "100%"]],
        }


def weights_table(fw: Framework, anchor: str) -> dict[str, Any]:
    """The scoring approach's table of criteria and their weight classes, from the framework."""
    rows = [
        [c.id, c.title, fw.weight_labels.get(c.weight, c.weight)]
        for s in fw.sections
        for c in s.criteria
        if c.weight
    ]
    return {"id": anchor, "caption": "Weighting of criteria", "columns": ["", "Criterion", "Weight"],
            "rows": rows}  # fmt: skip


def contents(parts: list[dict[str, Any]], first_page: int = 4) -> list[dict[str, str]]:
    """The printed contents list, one line per part, with plausible page numbers."""
    page = first_page
    lines = []
    for part in parts:
        lines.append({"title": part["title"], "page": str(page), "target": part["id"]})
        page += 1 + len(part.get("criteria", [])) // 2
    return lines


def text_size(node: object) -> int:
    """Bytes of text in a report mapping: every string, keys excluded."""
    if isinstance(node, str):
        return len(node.encode("utf-8"))
    if isinstance(node, dict):
        return sum(text_size(v) for v in node.values())
    if isinstance(node, list):
        return sum(text_size(v) for v in node)
    return 0


def pad(writer: Writer, criteria: list[dict[str, Any]], target: int, size: int) -> None:
    """Add findings to random criteria until the report holds ``target`` bytes of text.

    Reports vary most in how much they say about each criterion, so that is
    where the length goes.
    """
    while size < target and criteria:
        crit = writer.rng.choice(criteria)
        key = "strengths" if writer.rng.random() < 0.6 else "improvements"
        item = writer.text(1, 4)
        crit.setdefault(key, []).append(item)
        size += len(item.encode("utf-8"))


def draw_score(fw: Framework, crit: Criterion, rng: random.Random, quality: float) -> str | None:
    """A plausible score on the criterion's scale for an area of ``quality`` (0 poor, 1 best)."""
    scale = fw.scale_of(crit)
    if scale is None:
        return None
    if scale.kind == "percent":
        return f"{max(5, min(99, round(rng.gauss(35 + 55 * quality, 11))))}%"
    levels = scale.levels
    at = rng.gauss((1 - quality) * (len(levels) - 1), 0.9)
    return levels[max(0, min(len(levels) - 1, round(at)))].label
