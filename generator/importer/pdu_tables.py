"""Tab-separated tables of a PDU report: data tables and key-question tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.importer.pdu_blocks import marks_in, similar, unbold
from generator.model.framework import KeyQuestion

_NUMERIC = re.compile(r"^[-+]?\d")
_PERCENT = re.compile(r"^\d{1,3}(?:\.\d+)?\s*%?$")
# How close a printed question must be to the framework's wording to count as it.
KQ_SIMILARITY = 0.8


def cells(row: str) -> list[str]:
    return [unbold(c) for c in row.split("\t")]


def _numeric(cell: str) -> bool:
    return bool(_NUMERIC.match(cell.strip()))


@dataclass
class TableAcc:
    """A table being collected from one or more runs of rows."""

    rows: list[list[str]]
    caption: str | None = None
    footnotes: list[str] = field(default_factory=list)
    key_question_table: bool = False

    def text(self) -> str:
        return " ".join([self.caption or "", *(" ".join(r) for r in self.rows)])

    def marks(self) -> set[str]:
        return marks_in(self.text())

    def header_count(self) -> int:
        """How many leading rows are column headings.

        Only a table with figures has headings: leading rows without a figure
        whose later cells name columns. A table of words (a label and its value)
        has none, or its first pair would be taken for headings.
        """
        if not any(_numeric(c) for row in self.rows for c in row[1:]):
            return 0
        count = 0
        for row in self.rows:
            rest = row[1:]
            if any(_numeric(c) for c in rest) or not any(c.strip() for c in rest):
                break
            count += 1
        return count

    def as_data(self, table_id: str | None) -> dict[str, Any]:
        width = max(len(r) for r in self.rows)
        heads = self.header_count()
        header_rows = [r + [""] * (width - len(r)) for r in self.rows[:heads]]
        columns = [
            " ".join(h[i] for h in header_rows if h[i].strip()).strip() for i in range(width)
        ]
        body = [r + [""] * (width - len(r)) for r in self.rows[heads:]]
        data: dict[str, Any] = {}
        if table_id:
            data["id"] = table_id
        caption = self.caption
        if caption is None and heads and columns[0]:
            # A data table often prints its title in its first heading cell.
            caption = columns[0]
        if caption:
            data["caption"] = caption
        data["columns"] = columns
        data["rows"] = body
        if self.footnotes:
            data["footnotes"] = list(self.footnotes)
        return data


def starts_new_table(rows: list[list[str]], previous: TableAcc) -> bool:
    """Whether a run of rows begins a table of its own rather than continuing one."""
    probe = TableAcc(rows)
    return probe.header_count() > 0 or (
        bool(previous.rows) and len(rows[0]) != max(len(r) for r in previous.rows)
    )


def match_question(text: str, questions: list[KeyQuestion]) -> KeyQuestion | None:
    """The framework key question a printed question is, if it is one."""
    best: tuple[float, KeyQuestion | None] = (0.0, None)
    printed = len(text)
    for kq in questions:
        # The ratio is at most 2·short/(short+long), so texts whose lengths differ
        # this much cannot reach the threshold; skipping them keeps paragraph-long
        # lines from costing a full diff. The slack covers marks that norm() drops.
        reach = KQ_SIMILARITY / (2 - KQ_SIMILARITY)
        if not len(kq.text) * reach * 0.9 <= printed <= len(kq.text) / reach * 1.1 + 10:
            continue
        score = similar(text, kq.text)
        if score > best[0]:
            best = (score, kq)
    return best[1] if best[0] >= KQ_SIMILARITY else None


def is_key_question_table(table: TableAcc, questions: list[KeyQuestion]) -> bool:
    """A table whose rows are mostly the standard's key questions with percentages."""
    if not questions:
        return False
    data = [r for r in table.rows if any(_PERCENT.match(c.strip()) for c in r[1:])]
    matched = [r for r in data if match_question(r[0], questions)]
    return bool(data) and len(matched) * 2 >= len(data)


def question_heading(table: TableAcc) -> str:
    """The heading printed over the questions, from the rows before the first figure."""
    for row in table.rows:
        if any(_PERCENT.match(c.strip()) for c in row[1:]):
            break
        if row[0].strip():
            return row[0].strip()
    return ""


def _field_for(label: str) -> str | None:
    words = label.casefold().replace("-", " ")
    if "community" in words:
        return "community"
    if ("post" in words and "release" in words) or "licence" in words:
        return "post_release"
    if re.search(r"\b(all|total|overall)\b", words):
        return "all"
    return None


def _percent(cell: str) -> str | None:
    value = cell.strip()
    return value if _PERCENT.match(value) and float(value.rstrip("%")) <= 100 else None


def key_questions(table: TableAcc) -> tuple[list[dict[str, str]], bool]:
    """A key-question table as KeyQuestionResult data, and whether that holds all of it.

    Column headings may span two printed rows ('Scores' over 'Community
    sentences', 'Post-release sentences', 'All cases'); a table with a single
    figure column ('Score') gives the figure for all cases. When a column
    names no case type, or a cell is not a percentage, the results are not
    the whole table, and the caller keeps the table as well.
    """
    first_data = next(
        (i for i, r in enumerate(table.rows) if any(_PERCENT.match(c.strip()) for c in r[1:])),
        len(table.rows),
    )
    width = max(len(r) for r in table.rows)
    header = [r + [""] * (width - len(r)) for r in table.rows[:first_data]]
    labels = [" ".join(h[i] for h in header).strip() for i in range(width)]
    body = [r + [""] * (width - len(r)) for r in table.rows[first_data:]]
    figure_columns = [i for i in range(1, width) if any(_percent(r[i]) for r in body)]
    fields: dict[int, str] = {}
    for i in figure_columns:
        name = _field_for(labels[i])
        if name and name not in fields.values():
            fields[i] = name
    unmapped = [i for i in figure_columns if i not in fields]
    if unmapped and "all" not in fields.values() and (len(figure_columns) == 1 or fields):
        # The right-most figure column is the one for all cases.
        fields[unmapped[-1]] = "all"
    order = ("community", "post_release", "all")
    results: list[dict[str, str]] = []
    complete = True
    for row in body:
        values = {fields[i]: v for i in fields if (v := _percent(row[i])) is not None}
        taken = {i for i in fields if _percent(row[i]) is not None}
        complete &= all(not c.strip() for i, c in enumerate(row[1:], 1) if i not in taken)
        if row[0].strip():
            result = {"question": row[0].strip()}
            result.update({name: values[name] for name in order if name in values})
            results.append(result)
        else:
            complete &= not values
    return results, complete
