"""Drafts and embargoes: which reports a build publishes, at the build's moment.

A report with ``status: draft``, or whose ``publish_on`` is still to come, is
*withheld*: :func:`withhold` takes it out of the archive once, where the archive
is assembled, so no view of the site (report page, finder, areas, library, open
data, sitemap, search) can show it. The preview server keeps it, under a banner.

The moment is the build's: ``SOURCE_DATE_EPOCH`` when set (reproducible builds,
and tests that move the clock), the wall clock otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from generator.model.archive import Archive
from generator.model.dates import release_moment, release_words
from generator.model.problems import Problem
from generator.model.report import Meta
from generator.stages.identity import document
from generator.stages.load import load_file

State = Literal["published", "draft", "embargoed"]

EPOCH = "SOURCE_DATE_EPOCH"


def build_time(environ: Mapping[str, str] = os.environ) -> datetime:
    """The build's moment: ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) or now.

    A value that is not a whole number is refused (ValueError) rather than ignored,
    so a reproducible build never silently takes the wall clock.
    """
    raw = environ.get(EPOCH, "").strip()
    if not raw:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(
            f"{EPOCH} is not a time (expected a whole number of seconds since 1970, got {raw!r})"
        ) from None


def state(meta: Meta, at: datetime) -> State:
    """Whether a report is published at ``at``, a draft, or under embargo."""
    if meta.status == "draft":
        return "draft"
    if meta.publish_on and release_moment(meta.publish_on) > at:
        return "embargoed"
    return "published"


def banner(meta: Meta, at: datetime | None = None) -> str:
    """What the preview says over a withheld report; empty for a published one."""
    found = state(meta, build_time() if at is None else at)
    if found == "draft":
        return "Draft — not published"
    if found == "embargoed" and meta.publish_on:
        return f"Embargoed until {release_words(meta.publish_on)} — not published"
    return ""


@dataclass(frozen=True)
class Clock:
    """When a build happens, and whether it is a preview (which shows withheld reports)."""

    at: datetime
    preview: bool = False


def next_release(archive: Archive, at: datetime) -> datetime | None:
    """The first embargo to end after ``at``: a build's plan holds only until then."""
    ends = [
        moment
        for r in archive.reports.values()
        if r.meta.publish_on and r.meta.status != "draft"
        if (moment := release_moment(r.meta.publish_on)) > at
    ]
    return min(ends, default=None)


def withhold(archive: Archive, clock: Clock) -> None:
    """Record each report's state; outside a preview, take the withheld ones out.

    A published follow-up of a withheld report is a problem: its page would
    link to a report the site does not have.
    """
    archive.next_release = next_release(archive, clock.at)
    archive.withheld = {
        slug: found
        for slug, report in archive.reports.items()
        if (found := state(report.meta, clock.at)) != "published"
    }
    if clock.preview:
        return
    problems: list[Problem] = []
    for slug, report in archive.reports.items():
        target = report.meta.follow_up_of
        if slug not in archive.withheld and target in archive.withheld:
            problems.append(
                document(archive, slug).problem(
                    ("meta", "follow_up_of"),
                    f"follows up a report that is not published (expected a published report, "
                    f"got {target!r}, which is {_words(archive.withheld[target])})",
                )
            )
    for slug in archive.withheld:
        del archive.reports[slug]
        archive.documents.pop(slug, None)
        archive.paths.pop(slug, None)
    archive.problems += problems


def _words(found: str) -> str:
    return "a draft" if found == "draft" else "under embargo"


def _is_draft(file: str) -> bool:
    """Whether a report file says ``status: draft``, however broken the rest of it is."""
    doc, _ = load_file(Path(file))
    data = doc.data if doc is not None else None
    meta = data.get("meta") if isinstance(data, dict) else None
    return isinstance(meta, dict) and meta.get("status") == "draft"


def published_problems(problems: list[Problem]) -> list[Problem]:
    """The problems a build must refuse: not those of a draft, which it leaves out anyway.

    A draft is work in progress (a skeleton of `reports new` is a draft full
    of placeholders); `reports validate` and the preview still list its problems.
    """
    drafts = {f: _is_draft(f) for f in {p.file for p in problems} if f.endswith((".yaml", ".yml"))}
    return [p for p in problems if not drafts.get(p.file, False)]
