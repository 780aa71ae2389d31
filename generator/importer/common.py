"""What every report parser shares: the error it raises, where leftovers go, scores and slugs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from generator.importer.text import Block, plain, to_markdown
from generator.model import urls
from generator.model.framework import Criterion, Framework

PERCENT = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*%\s*$")
MONTH_YEAR = re.compile(
    r"^(?:\d{1,2}\s+)?(January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{4}$",
    re.IGNORECASE,
)


class ReportImportError(Exception):
    """A source that cannot be imported; the message is one line for the user."""


CRITERION_LINE = re.compile(r"^([A-Z])\d{1,2}[:.]?\s+\S")
"""A criterion's heading line: its id, then a short title ('B1 Assessment of risk of harm')."""

ADDRESSEE = re.compile(r"\bshould\b[^:.]{0,60}:$", re.IGNORECASE)
"""The line that opens a list of recommendations: 'The Probation Board should ensure that:'."""


@dataclass
class Sink:
    """What a parse could not place, what it dropped on purpose, and notes for the reviewer."""

    unplaced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def leftover(self, blocks: list[Block], where: str) -> None:
        """Record blocks that no field could take, with their source lines."""
        for block in blocks:
            self.unplaced.append(f"line {block.line} ({where}): {plain(block.text)}")


def similarity(a: str, b: str) -> float:
    """How alike two texts are, ignoring case, emphasis and punctuation (0 to 1)."""

    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9%]+", " ", plain(text).lower()).strip()

    return SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def scale_labels(fw: Framework) -> list[str]:
    """Every ordinal label the framework's scales use."""
    return [level.label for scale in fw.scales.values() for level in scale.levels]


def parse_score(text: str, fw: Framework, crit: Criterion | None = None) -> str | None:
    """A published score in canonical form ('48%', 'Partly met'), or None if ``text`` is not one."""
    value = plain(text).strip(" :")
    match = PERCENT.match(value)
    if match:
        return f"{match.group(1)}%"
    scale = fw.scale_of(crit) if crit else None
    labels = [lvl.label for lvl in scale.levels] if scale else scale_labels(fw)
    for label in labels:
        if value.casefold() == label.casefold():
            return label
    return None


def slugify(text: str) -> str:
    """The slug of text that may still hold Markdown emphasis."""
    return urls.slugify(plain(text))


def markdown_or_none(blocks: list[Block]) -> str | None:
    """Blocks as Markdown, or None when there are none."""
    text = to_markdown(blocks).strip()
    return text or None


def pick_framework(
    frameworks: dict[str, Framework], report_type: str, year: int | None
) -> Framework | None:
    """The framework producing ``report_type`` whose period covers ``year`` (else the first)."""
    found = [fw for fw in frameworks.values() if fw.report_type == report_type]
    for fw in found:
        years = [int(y) for y in re.findall(r"\d{4}", fw.period or "")]
        if year is not None and len(years) == 2 and years[0] <= year <= years[1]:
            return fw
    return found[0] if found else None
