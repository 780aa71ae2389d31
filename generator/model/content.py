"""What a part of a report's body holds: opening text, then blocks in the source's order.

A part's or criterion's content is an ordered list of typed blocks (prose,
findings lists, tables, examples, key-question tables, notes), so a page can
print what the source had where it had it. Read-only properties gather the
blocks by kind for readers that want them so (scoring, open data, the library).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from generator.model.framework import Strict
from generator.model.scalars import Markdown, Percent


class Table(Strict):
    """A table of figures or text, such as a performance table or a data annexe."""

    id: str | None = None
    """A stable anchor for the table."""

    caption: str | None = None
    """The table's title, announced to screen readers."""

    columns: list[str]
    """Column headings, in order."""

    rows: list[list[str]]
    """The cells, row by row, each row as long as ``columns``; the first cell heads its row."""

    footnotes: list[Markdown] = Field(default_factory=list)
    """Notes printed under the table."""


class Box(Strict):
    """A highlighted example: good practice or poor practice."""

    kind: Literal["good-practice", "poor-practice"]
    """Which kind of example the box holds."""

    title: str | None = None
    """The box's heading as published; the kind's default name is used when absent."""

    body: Markdown
    """The example's text (paragraphs and lists)."""


class KeyQuestionResult(Strict):
    """A key question's published percentages, by case type."""

    question: str
    """The key question as published."""

    community: Percent | None = None
    """Percentage for community sentences."""

    post_release: Percent | None = None
    """Percentage for post-release sentences."""

    all: Percent | None = None
    """Percentage for all cases; this is the figure that drives a rating."""


class Prose(Strict):
    """Paragraphs and lists printed between other blocks."""

    type: Literal["prose"]
    """Names the block's kind: ``prose``."""

    text: Markdown
    """The paragraphs and lists, as published."""


class Findings(Strict):
    """A headed list of findings: strengths, or areas for improvement."""

    type: Literal["findings"]
    """Names the block's kind: ``findings``."""

    kind: Literal["strengths", "improvements"]
    """Which findings the list holds."""

    title: str | None = None
    """The heading as printed ('Strengths', 'Area for improvement'); absent where the list
    continues one that an example interrupted, which the source prints without a heading."""

    items: list[Markdown]
    """The findings, in published order."""


class TableBlock(Table):
    """A table, at the place the source prints it."""

    type: Literal["table"]
    """Names the block's kind: ``table``."""


class BoxBlock(Box):
    """A good-practice or poor-practice example, at the place the source prints it."""

    type: Literal["box"]
    """Names the block's kind: ``box``."""


class KeyQuestions(Strict):
    """A standard's key-question table, at the place the source prints it."""

    type: Literal["key-questions"]
    """Names the block's kind: ``key-questions``."""

    heading: str | None = None
    """The question column's heading as printed, where it is not 'Key question' (the
    outcomes standard prints 'Outcomes')."""

    questions: list[KeyQuestionResult]
    """The key questions with their percentages, in published order."""


class Note(Strict):
    """A note on how a rating was reached (a footnote or decision rule), where the source prints it."""

    type: Literal["note"]
    """Names the block's kind: ``note``."""

    text: Markdown
    """The note as published, footnote mark included."""


class Generated(Strict):
    """Where the site's own version of a framework table stands, such as the criterion weights.

    The source printed its copy of the table here; the site generates it from the
    framework instead, and this block keeps its place among the source's words.
    """

    type: Literal["generated"]
    """Names the block's kind: ``generated``."""


Block = Annotated[
    Prose | Findings | TableBlock | BoxBlock | KeyQuestions | Note | Generated,
    Field(discriminator="type"),
]
"""One block of a part's body; ``type`` names its kind."""


class Content(Strict):
    """What every part of a report's body may hold: opening text, then blocks in source order."""

    text: Markdown | None = None
    """The opening paragraphs and lists, before the first block."""

    blocks: list[Block] = Field(default_factory=list)
    """The rest of the body, block by block, in the order the source prints it."""

    conclusion: Markdown | None = None
    """The conclusion drawn, printed last under its own heading."""

    @property
    def boxes(self) -> list[Box]:
        """The good-practice and poor-practice examples, in order."""
        return [b for b in self.blocks if isinstance(b, BoxBlock)]

    @property
    def tables(self) -> list[Table]:
        """The tables, in order (key-question tables are not among them)."""
        return [b for b in self.blocks if isinstance(b, TableBlock)]

    @property
    def strengths(self) -> list[str]:
        """Every strength, across the lists that hold them."""
        return self._findings("strengths")

    @property
    def improvements(self) -> list[str]:
        """Every area for improvement, across the lists that hold them."""
        return self._findings("improvements")

    def _findings(self, kind: str) -> list[str]:
        return [
            i for b in self.blocks if isinstance(b, Findings) and b.kind == kind for i in b.items
        ]
