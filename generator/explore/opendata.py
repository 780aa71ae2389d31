"""Open data: every figure of every report as JSON and CSV.

The figures come from the same models and scoring engine the pages use, so a
download can never disagree with the page it came from. Everything here is
pure: it returns text, and the site stage decides where to write it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.model.framework import Framework
from generator.model.report import Part, Report, Table
from generator.model.walk import criteria, walk
from generator.stages.figures import Scorecard

CRITERIA_COLUMNS = (
    "report",
    "area",
    "region",
    "year",
    "report_type",
    "framework",
    "element",
    "section",
    "criterion",
    "title",
    "score",
    "score_kind",
    "previous_score",
)
"""Columns of the site-wide criteria CSV, in order; documented on the /data/ page."""

FIGURE_COLUMNS = ("report", "group", "id", "label", "measure", "value", "unit")
"""Columns of a report's long-format CSV, in order; documented on the /data/ page."""


@dataclass(frozen=True)
class CriterionRow:
    """One criterion's published figures, ready for a table or a download."""

    element: str
    section: str
    criterion: str
    title: str
    score: float | str | None
    previous_score: float | str | None

    @property
    def score_kind(self) -> str:
        if self.score is None:
            return ""
        return "percent" if isinstance(self.score, float) else "rating"


def _tables(parts: list[Part]) -> Iterator[tuple[str, Table]]:
    for visit in walk(parts):
        owner = visit.result or visit.part
        base = visit.result.id.lower() if visit.result else visit.part.id
        for i, table in enumerate(owner.tables, 1):
            yield table.id or f"{base}-table-{i}", table


def criterion_rows(report: Report, frameworks: dict[str, Framework]) -> list[CriterionRow]:
    """Every criterion of a report, main framework then thematic element."""
    rows: list[CriterionRow] = []
    elements: list[tuple[str, str, list[Part]]] = [("main", report.framework, report.parts)]
    if report.thematic:
        elements.append(("thematic", report.thematic.theme, report.thematic.parts))
    for element, fw_id, parts in elements:
        fw = frameworks.get(fw_id)
        for section, crit in criteria(parts):
            known = fw.criterion(crit.id) if fw else None
            title = crit.title or (known.title if known else crit.id)
            if crit.score is None and crit.previous_score is None and not crit.key_questions:
                continue
            rows.append(
                CriterionRow(element, section, crit.id, title, crit.score, crit.previous_score)
            )
    return rows


def _number(value: float | str | None) -> float | int | str | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def report_json(report: Report, frameworks: dict[str, Framework], card: Scorecard) -> str:
    """A report's figures as a JSON document with stable key order."""
    fw = frameworks[report.framework]
    key_questions = [
        {
            "standard": crit.id,
            "question": kq.question,
            "community": _number(kq.community),
            "post_release": _number(kq.post_release),
            "all": _number(kq.all),
        }
        for _, crit in criteria(report.parts)
        for kq in crit.key_questions
    ]
    tables = [
        {
            "id": table_id,
            "caption": table.caption,
            "columns": table.columns,
            "rows": table.rows,
            "footnotes": table.footnotes,
        }
        for table_id, table in _tables(report.parts)
    ]
    payload: dict[str, Any] = {
        "report": report.slug,
        "title": report.meta.title,
        "area": report.meta.area,
        "region": report.meta.region,
        "year": report.meta.year,
        "report_type": fw.report_type,
        "framework": fw.id,
        "theme": report.thematic.theme if report.thematic else None,
        "follow_up_of": report.meta.follow_up_of,
        "licence": "Open Government Licence v3.0",
        "criteria": [
            {
                "element": row.element,
                "section": row.section,
                "criterion": row.criterion,
                "title": row.title,
                "score": _number(row.score),
                "previous_score": _number(row.previous_score),
            }
            for row in criterion_rows(report, frameworks)
        ],
        "key_questions": key_questions,
        "figures": card.as_json()["figures"],
        "tables": tables,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula in a cell (OWASP, CSV injection)."""

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)%?")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula.

    Text that starts as a formula may (``=cmd|' /C calc'!A0``) gets a single
    quote in front, as OWASP recommends; numbers, and text that is a plain
    number such as a table's ``-5`` or ``-2.5%``, stay as they are.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return value if _PLAIN_NUMBER.fullmatch(value) else "'" + value
    return value


def _csv(columns: Iterable[str] | None, rows: Iterable[Iterable[object]]) -> str:
    """CSV text: a heading line of ``columns`` (unless None), then the rows, every cell safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if columns is not None:
        writer.writerow(columns)
    for row in rows:
        writer.writerow(spreadsheet_safe(v) for v in row)
    return out.getvalue()


def report_csv(report: Report, frameworks: dict[str, Framework], card: Scorecard) -> str:
    """A report's figures in long format: one measured value per line."""
    slug = report.slug
    lines: list[tuple[object, ...]] = []
    for row in criterion_rows(report, frameworks):
        group = "criterion" if row.element == "main" else "thematic criterion"
        for measure, value in (("score", row.score), ("previous_score", row.previous_score)):
            if value is not None:
                unit = "percent" if isinstance(value, float) else "rating"
                lines.append((slug, group, row.criterion, row.title, measure, value, unit))
    for _, crit in criteria(report.parts):
        for i, kq in enumerate(crit.key_questions, 1):
            for measure in ("community", "post_release", "all"):
                value = getattr(kq, measure)
                if value is not None:
                    lines.append(
                        (
                            slug,
                            "key question",
                            f"{crit.id}.{i}",
                            kq.question,
                            measure,
                            value,
                            "percent",
                        )
                    )
    for fig in card.figures:
        if fig.computed is not None:
            unit = {"percent": "percent", "points": "points"}.get(fig.kind, "rating")
            lines.append(
                (slug, "computed figure", fig.key, fig.name, "computed", fig.computed, unit)
            )
    for table_id, table in _tables(report.parts):
        for cells in table.rows:
            label = cells[0] if cells else ""
            for column, cell in zip(table.columns[1:], cells[1:], strict=False):
                if cell:
                    lines.append((slug, "table", table_id, label, column, cell, "as published"))
    return _csv(FIGURE_COLUMNS, lines)


def archive_lines(report: Report, frameworks: dict[str, Framework]) -> str:
    """One report's lines of the archive CSV, as CSV text: one line per criterion."""
    fw = frameworks[report.framework]
    return _csv(None, (
        (report.slug, report.meta.area, report.meta.region, report.meta.year, fw.report_type,
         fw.id, row.element, row.section, row.criterion, row.title, row.score, row.score_kind,
         row.previous_score)
        for row in criterion_rows(report, frameworks)
    ))  # fmt: skip


def archive_csv(
    reports: Iterable[Report],
    frameworks: dict[str, Framework],
    lines_of: Callable[[Report], str] | None = None,
) -> str:
    """All criterion scores and ratings of every report, one line per criterion.

    ``lines_of`` gives a report's lines (a preview server keeps them per report),
    so that only changed reports are written out as CSV again.
    """
    ordered = sorted(reports, key=lambda r: (r.meta.year, r.slug))
    lines = (lines_of(r) if lines_of else archive_lines(r, frameworks) for r in ordered)
    return _csv(CRITERIA_COLUMNS, ()) + "".join(lines)
