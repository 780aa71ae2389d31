"""The archive: every framework and report loaded from ``data/``, and how reports relate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.model.framework import Framework
from generator.model.problems import Document, Problem
from generator.model.report import Report


@dataclass
class Archive:
    """Everything loaded from ``data/``: frameworks, reports, and where each came from."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    withheld: dict[str, str] = field(default_factory=dict)
    """Reports not published at the build's moment ('draft' or 'embargoed'), by slug: taken
    out of a build, kept (under a banner) by a preview. See :mod:`generator.stages.release`."""
    next_release: datetime | None = None
    """When the first embargo still running ends: what is withheld changes then."""
    regions_added: set[str] = field(default_factory=set)
    """Reports whose region comes from ``data/regions.yaml``: the report names none, so a page
    shows it as the site's addition."""


def by_time(reports: list[Report]) -> list[Report]:
    """Inspections in time order; an original comes before its follow-up in the same year."""
    return sorted(reports, key=lambda r: (r.meta.year, r.meta.follow_up_of is not None, r.slug))


def follow_ups(archive: Archive) -> dict[str, list[Report]]:
    """Each original report's follow-ups, by the original's slug, in time order."""
    found: dict[str, list[Report]] = defaultdict(list)
    for report in archive.reports.values():
        if report.meta.follow_up_of in archive.reports:
            found[report.meta.follow_up_of or ""].append(report)
    return {slug: by_time(items) for slug, items in sorted(found.items())}


def judged_by(archive: Archive) -> dict[str, list[Report]]:
    """For each report, the later reports that judge one of its recommendations, in time order."""
    found: dict[str, set[str]] = defaultdict(set)
    for report in archive.reports.values():
        for judgement in report.progress:
            original = (judgement.recommendation or "").partition("#")[0]
            if original in archive.reports:
                found[original].add(report.slug)
    return {
        slug: by_time([archive.reports[s] for s in slugs]) for slug, slugs in sorted(found.items())
    }
