"""Who is who in the archive: a report is named by its slug, an area by the slug of its name.

A report's slug is its address (``/reports/<slug>/``), its file's name and
what a follow-up names in ``follow_up_of``; the three must agree, or a
follow-up could lose its original without a word. An area's page is at the
slug of its name (``/areas/<slug>/``), so names that fold to the same slug
would share a page: they must be spelt the same, letter for letter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.model.archive import Archive
from generator.model.problems import Document, Problem
from generator.model.urls import area_slug
from generator.stages.load import load_file


def file_name_problem(doc: Document, path: Path) -> Problem | None:
    """A problem when the report's slug is not its file's name."""
    data = doc.data
    slug = data.get("slug") if isinstance(data, dict) else None
    if not isinstance(slug, str) or slug == path.stem:
        return None
    return doc.problem(
        ("slug",),
        f"slug differs from the file name (expected {path.stem!r}, as in {path.name}, "
        f"got {slug!r}; rename the file or change the slug)",
    )


def document(archive: Archive, slug: str) -> Document:
    """The loaded file of a report, to place a problem (a cached report comes without one)."""
    if slug not in archive.documents:
        doc, _ = load_file(archive.paths[slug], str(archive.paths[slug]))
        archive.documents[slug] = doc or Document(str(archive.paths[slug]))
    return archive.documents[slug]


def broken_links(archive: Archive, known: Iterable[str]) -> Iterator[Problem]:
    """Follow-ups whose ``follow_up_of`` is no report's slug.

    ``known`` are slugs of reports that exist but were not loaded; since a
    file's name must be its slug, their file names stand for them.
    """
    slugs = set(archive.reports) | set(known)
    for slug, report in archive.reports.items():
        target = report.meta.follow_up_of
        if target and target not in slugs:
            yield document(archive, slug).problem(
                ("meta", "follow_up_of"),
                f"unknown report (expected the slug of a report in the archive, got {target!r})",
            )


def area_clashes(archive: Archive) -> Iterator[Problem]:
    """Areas spelt differently that would share a page: each spelling after the first."""
    first: dict[str, str] = {}
    for slug, report in archive.reports.items():
        area = report.meta.area
        seen = first.setdefault(area_slug(area), slug)
        other = archive.reports[seen].meta.area
        if other == area:
            continue
        doc = document(archive, seen)
        line, _ = doc.where(("meta", "area"))
        yield document(archive, slug).problem(
            ("meta", "area"),
            f"area {area!r} would share the page /areas/{area_slug(area)}/ with {other!r} "
            f"(expected one spelling for one area, got {area!r} here and {other!r} "
            f"in {doc.file}:{line})",
        )
