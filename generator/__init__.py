"""Inspection reports: YAML data in, complete report pages and open data out.

:func:`build_site` is the one pipeline, which ``reports generate``, the tests
and the MkDocs plugin (:mod:`generator.mkdocs`) all use; :func:`build` is the
same for the pages alone.
"""

from __future__ import annotations

from pathlib import Path

from generator.model.problems import TEMPLATES, InvalidData
from generator.site.cache import DiskCache
from generator.site.incremental import Builder, Unit, assemble
from generator.stages.page import RenderedPage

__all__ = ["InvalidData", "Unit", "build", "build_site"]


def build_site(
    data: Path,
    templates: Path = TEMPLATES,
    overrides: Path | None = None,
    *,
    cache: Path | None = None,
    jobs: int = 1,
) -> Unit:
    """Load → validate → score → render every report and the archive's pages, with their data."""
    builder = Builder(data, templates, overrides, DiskCache(cache), jobs)
    plan = builder.plan()  # load and validate every file; key each unit by its inputs
    if plan.problems:
        raise InvalidData(plan.problems)
    units = builder.units(list(plan.keys))  # score and render each unit not in the cache
    return assemble(units)


def build(
    data: Path, templates: Path = TEMPLATES, overrides: Path | None = None
) -> list[RenderedPage]:
    """Every page of the site: the archive's own pages, then each report's in slug order."""
    return build_site(data, templates, overrides).pages
