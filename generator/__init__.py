"""Inspection reports: YAML data in, complete report pages out.

:func:`build` is the whole pipeline, one line per stage; :func:`build_site`
adds the files a site publishes beside its pages (the open data downloads).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.explore.datafiles import data_files
from generator.explore.pages import archive_pages
from generator.model.archive import Archive
from generator.model.problems import InvalidData
from generator.stages.render import RenderedPage, render_archive
from generator.stages.score import Scorecard, score_report
from generator.stages.templating import TEMPLATES, environment
from generator.stages.validate import load_archive

__all__ = ["InvalidData", "Site", "build", "build_site"]


@dataclass(frozen=True)
class Site:
    """Everything a site builder publishes: pages, and other files by their path in the site."""

    pages: list[RenderedPage]
    files: dict[str, str]


def _scored(data: Path, templates: list[Path]) -> tuple[Archive, dict[str, Scorecard]]:
    # Load and validate: YAML to typed, checked models, whose report templates exist.
    archive = load_archive(data, templates=templates)
    if archive.problems:
        raise InvalidData(archive.problems)
    cards = {slug: score_report(r, archive.frameworks) for slug, r in archive.reports.items()}
    return archive, cards


def build(
    data: Path, templates: Path = TEMPLATES, overrides: Path | None = None
) -> list[RenderedPage]:
    """Load → validate → score → render every report, and the archive's own pages."""
    return build_site(data, templates, overrides, with_files=False).pages


def build_site(
    data: Path,
    templates: Path = TEMPLATES,
    overrides: Path | None = None,
    *,
    with_files: bool = True,
) -> Site:
    """:func:`build`, plus the open data files of every report and of the archive."""
    archive, cards = _scored(data, [*([overrides] if overrides else []), templates])
    env = environment(templates, overrides)
    pages = [*archive_pages(env, archive), *render_archive(env, archive, cards)]
    return Site(pages, data_files(archive, cards) if with_files else {})
