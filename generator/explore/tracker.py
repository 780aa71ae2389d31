"""The recommendation tracker: every recommendation, and what later inspections found.

A recommendation of a report in the archive is tracked under its id
(:mod:`generator.model.recommendations`); a later report's judgements
(``progress``) attach to it. A judgement of a recommendation whose report is
not in the archive is tracked on its own, under the judging report's id and
the judgement's place (``<slug>#<part>``), with the inspection it cites.

The tracker is shelved one page per area, so no page grows with the archive;
the open data holds every line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from generator.explore.finder import type_name
from generator.explore.opendata import spreadsheet_safe
from generator.model.archive import Archive, by_time
from generator.model.recommendations import made
from generator.model.report import Citation, ProgressJudgement, Report
from generator.model.urls import RECOMMENDATIONS_CSV, RECOMMENDATIONS_JSON, area_slug

NOT_JUDGED = "No later finding in the archive"
"""The latest status of a recommendation no later report of the archive judges."""
JUDGED = "Judged in findings, not categorised"
"""The latest status where the latest judgement gives findings but no categorisation."""
_YEAR = re.compile(r"\b(\d{4})\b")


@dataclass(frozen=True)
class Finding:
    """A later report's judgement of a tracked recommendation."""

    report: Report
    judgement: ProgressJudgement

    @property
    def anchor(self) -> str:
        """Where on the later report's page its findings are; '' for the whole report."""
        return self.judgement.part or ""

    @property
    def status(self) -> str:
        """The categorisation in the framework's words, or :data:`JUDGED`."""
        return self.judgement.status or JUDGED


@dataclass(frozen=True)
class Tracked:
    """One recommendation and every later finding on it, oldest first."""

    id: str
    text: str
    addressee: str
    area: str
    area_slug: str
    region: str
    year: int | None
    """The year the recommendation was made, where known."""

    element: str
    """'main' or 'thematic' for a recommendation of an archived report; 'cited' otherwise."""

    report: Report | None
    """The report that made it, where it is in the archive."""

    anchor: str
    """Its anchor on that report's page; for a cited one, the judging report's part."""

    report_type: str = ""
    """The kind of report that made it, in words; '' when it is not in the archive."""

    citation: Citation | None = None
    findings: list[Finding] = field(default_factory=list)

    closed: bool = False
    """Whether the latest finding closes it, in its framework's words (``closes``)."""

    @property
    def status(self) -> str:
        """The latest finding's status in words, or :data:`NOT_JUDGED`."""
        return self.findings[-1].status if self.findings else NOT_JUDGED

    @property
    def still_required(self) -> str:
        return (self.findings[-1].judgement.still_required or "") if self.findings else ""


def _cited(report: Report, index: int, judgement: ProgressJudgement) -> Tracked:
    citation = judgement.citation or Citation()
    year = _YEAR.search(citation.date or "")
    anchor = judgement.part or f"progress-{index + 1}"
    return Tracked(
        id=f"{report.slug}#{anchor}",
        text=judgement.text,
        addressee=citation.body or "",
        area=report.meta.area,
        area_slug=area_slug(report.meta.area),
        region=report.meta.region or "",
        year=int(year.group(1)) if year else None,
        element="cited",
        report=None,
        anchor=anchor,
        citation=judgement.citation,
        findings=[Finding(report, judgement)],
    )


def _closes(archive: Archive, finding: Finding) -> bool:
    progress = archive.frameworks[finding.report.framework].progress
    judgement = finding.judgement
    return progress is not None and any(
        scale is not None and word is not None and word in scale.closes
        for scale, word in (
            (progress.status, judgement.status),
            (progress.still_required, judgement.still_required),
        )
    )


MadeOf = Callable[[Report], list[Tracked]]
"""A report's own recommendations as tracked entries, with no findings yet (see ``made_by``)."""


def made_by(archive: Archive, report: Report) -> list[Tracked]:
    """The recommendations ``report`` makes, each with no finding yet."""
    kind = type_name(archive.frameworks[report.framework])
    return [
        Tracked(
            id=rec.id,
            text=rec.item.text,
            addressee=rec.addressee,
            area=report.meta.area,
            area_slug=area_slug(report.meta.area),
            region=report.meta.region or "",
            year=report.meta.year,
            element=rec.element,
            report=report,
            anchor=rec.anchor,
            report_type=kind,
        )
        for rec in made(report)
    ]


def tracked(archive: Archive, made_of: MadeOf | None = None) -> list[Tracked]:
    """Every recommendation of the archive, by area, then oldest report first.

    ``made_of`` gives a report's :func:`made_by` (kept, say, while its file is
    unchanged); the entries it gives are never changed here.
    """
    found: dict[str, Tracked] = {}
    later: dict[str, list[Finding]] = defaultdict(list)
    reports = by_time(list(archive.reports.values()))
    for report in reports:
        found.update((t.id, t) for t in (made_of or partial(made_by, archive))(report))
        for i, judgement in enumerate(report.progress):
            if judgement.recommendation is not None:
                later[judgement.recommendation].append(Finding(report, judgement))
            else:
                cited = _cited(report, i, judgement)
                found[cited.id] = cited
    for rec_id, findings in later.items():
        if rec_id in found:
            entry = found[rec_id]
            found[rec_id] = replace(entry, findings=[*entry.findings, *findings])
    for rec_id, entry in found.items():
        if entry.findings and _closes(archive, entry.findings[-1]):
            found[rec_id] = replace(entry, closed=True)
    return sorted(found.values(), key=lambda t: (t.area.casefold(), t.area_slug, t.year or 0))


@dataclass(frozen=True)
class Shelf:
    """One area's page of the tracker."""

    area: str
    slug: str
    entries: list[Tracked]

    def values(self, key: str) -> list[str]:
        """The distinct values of one filter, in a reader's order."""
        found = {str(getattr(e, key)) for e in self.entries if getattr(e, key) not in (None, "")}
        return sorted(found, key=lambda v: (not v.isdigit(), v.casefold()))

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e.status == status)

    @property
    def statuses(self) -> list[str]:
        return self.values("status")

    @property
    def judged(self) -> int:
        return sum(1 for e in self.entries if e.findings)

    @property
    def shown(self) -> list[str]:
        """The reports this page shows: where it changes, the page must be made again."""
        slugs = {e.report.slug for e in self.entries if e.report}
        slugs |= {f.report.slug for e in self.entries for f in e.findings}
        return sorted(slugs)


def shelves(entries: list[Tracked]) -> list[Shelf]:
    """One shelf per area with recommendations, alphabetically."""
    grouped: dict[str, list[Tracked]] = defaultdict(list)
    names: dict[str, str] = {}
    for entry in entries:
        grouped[entry.area_slug].append(entry)
        names.setdefault(entry.area_slug, entry.area)
    return [Shelf(names[slug], slug, found) for slug, found in sorted(grouped.items())]


COLUMNS = (
    "line",
    "recommendation",
    "report",
    "area",
    "region",
    "year",
    "framework",
    "element",
    "addressee",
    "number",
    "text",
    "cited_body",
    "cited_date",
    "finding_report",
    "finding_year",
    "status",
    "still_required",
    "finding_url",
)
"""The columns of /data/recommendations.csv, in order."""


def _lines(e: Tracked) -> list[dict[str, object]]:
    base: dict[str, object] = {
        "recommendation": e.id,
        "report": e.report.slug if e.report else "",
        "area": e.area,
        "region": e.region,
        "year": e.year if e.year is not None else "",
        "framework": e.report.framework if e.report else "",
        "element": e.element,
        "addressee": e.addressee,
        "number": int(e.anchor.rsplit("-", 1)[-1]) if e.report else "",
        "text": e.text,
        "cited_body": e.citation.body or "" if e.citation else "",
        "cited_date": e.citation.date or "" if e.citation else "",
    }
    lines = [{**base, "line": "recommendation", "status": e.status}]
    for f in e.findings:
        anchor = f"#{f.anchor}" if f.anchor else ""
        lines.append(
            {
                **base,
                "line": "finding",
                "finding_report": f.report.slug,
                "finding_year": f.report.meta.year,
                "status": f.judgement.status or "",
                "still_required": f.judgement.still_required or "",
                "finding_url": f"/reports/{f.report.slug}/{anchor}",
            }
        )
    return [{c: line.get(c, "") for c in COLUMNS} for line in lines]


def shows(entry: Tracked) -> list[str]:
    """The reports an entry's lines are made from: where one changes, they are made again."""
    return [
        *([entry.report.slug] if entry.report else []),
        *(f.report.slug for f in entry.findings),
    ]


def lines_of(entry: Tracked) -> tuple[str, str]:
    """An entry's lines of the CSV, and its objects as they stand in the JSON list."""
    lines = _lines(entry)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [spreadsheet_safe(line[c]) for c in COLUMNS] for line in lines
    )
    # In JSON an empty cell is null, and years and numbers are numbers.
    nulls = [{c: (None if v == "" else v) for c, v in line.items()} for line in lines]
    # The list's own brackets dropped: what is left is these objects inside any
    # list json.dumps(indent=1) writes, so the entries' parts join into the file's.
    listed = json.dumps(nulls, ensure_ascii=False, indent=1)
    return out.getvalue(), listed[2:-2]


def files(
    entries: list[Tracked], parts: Callable[[Tracked], tuple[str, str]] = lines_of
) -> dict[str, str]:
    """/data/recommendations.csv and .json: a line per recommendation and per later finding.

    ``parts`` gives an entry's :func:`lines_of` (kept, say, while the reports it
    :func:`shows` are unchanged).
    """
    made = [parts(e) for e in entries]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(COLUMNS)
    text = out.getvalue() + "".join(rows for rows, _ in made)
    listed = ",\n".join(objects for _, objects in made)
    return {
        RECOMMENDATIONS_CSV: text,
        RECOMMENDATIONS_JSON: f"[\n{listed}\n]\n" if made else "[]\n",
    }


FIELDS: dict[str, str] = {
    "line": "'recommendation' for the recommendation itself, 'finding' for a later report's "
    "judgement of it.",
    "recommendation": "The recommendation's id: '<report>#<anchor>' of the report that made it; "
    "for one made by an inspection outside the archive, the judging report and the anchor of "
    "its judgement.",
    "report": "The id of the report that made it; empty when that report is not in the archive.",
    "area": "The area or unit inspected.",
    "region": "The region, where the report gives one.",
    "year": "The year the recommendation was made, where known.",
    "framework": "The id of the framework of the report that made it; empty when that report "
    "is not in the archive.",
    "element": "'main' or 'thematic' (the report's thematic element); 'cited' when the report "
    "that made it is not in the archive.",
    "addressee": "Who it was for, as published ('The Probation Board should ensure that:'); "
    "for a cited one, the body inspected.",
    "number": "Its published number, or its place counting on from the last number.",
    "text": "The recommendation as published (Markdown), or as the later report quotes it.",
    "cited_body": "For a cited recommendation: the body the earlier inspection inspected.",
    "cited_date": "For a cited recommendation: when that inspection was published, as cited.",
    "finding_report": "On a finding line: the id of the later report that judged it.",
    "finding_year": "On a finding line: that report's year.",
    "status": "On a recommendation line: the latest finding's categorisation, "
    f"'{JUDGED}' or '{NOT_JUDGED}'. On a finding line: the categorisation that report gives, "
    "empty where it gives none.",
    "still_required": "On a finding line: the report's answer to 'Improvement still required?', "
    "where it gives one.",
    "finding_url": "On a finding line: the address of the findings on the later report's page.",
}
"""What each column (and JSON key) of the recommendation files means."""
