"""Open data files written into the site, and the field documentation of the /data/ page.

The files come from :mod:`generator.explore.opendata`, so a download always holds the
figures its page shows. Every column and JSON key is documented here, once; a
test holds the documentation to the columns and keys the functions write.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.explore import tracker
from generator.explore.opendata import (
    CRITERIA_COLUMNS,
    FIGURE_COLUMNS,
    archive_csv,
    report_csv,
    report_json,
)
from generator.model.archive import Archive
from generator.model.report import Report
from generator.model.urls import ARCHIVE_CSV
from generator.model.urls import report_files as report_data_paths
from generator.stages.score import Scorecard

_CRITERION = {
    "element": "'main' for the report's own framework, 'thematic' for its thematic element.",
    "section": "The id of the framework section or domain the criterion belongs to.",
    "criterion": "The criterion or standard id, for example 'B1' or '2.3'.",
    "title": "The criterion or standard title as the report publishes it.",
    "score": "The published score: a number from 0 to 100 for a percentage, or a rating in words.",
    "previous_score": "In a follow-up: the original inspection's score, as the follow-up states it.",
}

CRITERIA_FIELDS: dict[str, str] = {
    "report": "The report's id; its page is /reports/<report>/.",
    "area": "The area or unit inspected.",
    "region": (
        "The region: as the report names it, or else its area's region from the site's "
        "area-to-region table (data/regions.yaml, which gives a source for each); "
        "empty if neither has one."
    ),
    "year": "The year of publication.",
    "report_type": "The kind of report, for example 'esi-full' or 'pdu-2021'.",
    "framework": "The id of the inspection framework (methodology) the report follows.",
    **_CRITERION,
    "score_kind": "'percent' when score is a percentage, 'rating' when it is a rating in words.",
}
"""The site-wide criteria CSV, /data/criteria.csv: one line per criterion of every report."""

FIGURE_FIELDS: dict[str, str] = {
    "report": "The report's id.",
    "group": "What the line measures: 'criterion', 'thematic criterion', 'key question', "
    "'computed figure' or 'table'.",
    "id": "The criterion, key question (standard.number), figure or table id.",
    "label": "The criterion title, key question, figure name or table row heading.",
    "measure": "Which value of it: 'score', 'previous_score', 'community', 'post_release', "
    "'all', 'computed', or a table's column heading.",
    "value": "The value: a number, or words as published.",
    "unit": "'percent', 'points', 'rating', or 'as published' for table cells.",
}
"""A report's data.csv: its figures in long format, one measured value per line."""

JSON_FIELDS: dict[str, str] = {
    "report": "The report's id.",
    "title": "The report's title.",
    "area": "The area or unit inspected.",
    "region": "The region (as the report names it, else from data/regions.yaml), or null.",
    "year": "The year of publication.",
    "report_type": "The kind of report.",
    "framework": "The id of the inspection framework.",
    "theme": "The id of the thematic element's framework, or null.",
    "follow_up_of": "For a follow-up: the id of the original report; null otherwise.",
    "licence": "The licence the data is published under.",
    "criteria": "Every scored criterion or standard, as a list of objects.",
    **{f"criteria[].{key}": text for key, text in _CRITERION.items()},
    "key_questions": "Every key question with published percentages, as a list of objects.",
    "key_questions[].standard": "The id of the standard the key question belongs to.",
    "key_questions[].question": "The key question as published.",
    "key_questions[].community": "Percentage of community cases, or null.",
    "key_questions[].post_release": "Percentage of post-release cases, or null.",
    "key_questions[].all": "Percentage of all cases: the figure that drives a rating; or null.",
    "figures": "Every figure the scoring engine checks, as 'reports score --json' prints it.",
    "figures[].name": "The figure's published name.",
    "figures[].stated": "The value the report publishes, or null if it publishes none.",
    "figures[].computed": "The value recomputed from the framework and the report's scores, or null.",
    "figures[].status": "'match', 'differs', 'not stated' or 'not computed'.",
    "figures[].explanation": "How the figure was computed, and why stated and computed differ.",
    "tables": "Every table of figures in the report, as a list of objects.",
    "tables[].id": "The table's anchor on the report page.",
    "tables[].caption": "The table's title, or null.",
    "tables[].columns": "The column headings.",
    "tables[].rows": "The cells, row by row, as published.",
    "tables[].footnotes": "Notes printed under the table (Markdown).",
}
"""A report's data.json."""


def report_files(archive: Archive, report: Report, card: Scorecard) -> dict[str, str]:
    """A report's open data files by their paths in the site: its JSON, then its CSV."""
    json_path, csv_path = report_data_paths(report.slug)
    return {
        json_path: report_json(report, archive.frameworks, card),
        csv_path: report_csv(report, archive.frameworks, card),
    }


def archive_files(
    archive: Archive,
    lines_of: Callable[[Report], str] | None = None,
    tracked: list[tracker.Tracked] | None = None,
    parts: Callable[[tracker.Tracked], tuple[str, str]] = tracker.lines_of,
) -> dict[str, str]:
    """The archive's own data files: every criterion of every report in one CSV, then every
    recommendation and later finding (CSV and JSON); ``tracked`` as in ``archive_pages``,
    ``parts`` as in :func:`~generator.explore.tracker.files`."""
    return {
        ARCHIVE_CSV: archive_csv(archive.reports.values(), archive.frameworks, lines_of),
        **tracker.files(tracker.tracked(archive) if tracked is None else tracked, parts),
    }


def data_files(archive: Archive, cards: dict[str, Scorecard]) -> dict[str, str]:
    """Every open data file of the site by its path in the site, in a stable order."""
    files: dict[str, str] = {}
    for slug in sorted(cards):
        files.update(report_files(archive, archive.reports[slug], cards[slug]))
    return {**files, **archive_files(archive)}


def documented() -> dict[str, tuple[tuple[str, str], ...]]:
    """The /data/ page's field tables, columns in file order."""
    return {
        "criteria": tuple((c, CRITERIA_FIELDS[c]) for c in CRITERIA_COLUMNS),
        "figures": tuple((c, FIGURE_FIELDS[c]) for c in FIGURE_COLUMNS),
        "json": tuple(JSON_FIELDS.items()),
        "recommendations": tuple((c, tracker.FIELDS[c]) for c in tracker.COLUMNS),
    }
