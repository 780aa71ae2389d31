"""Inspection reports: YAML data in, complete report pages out.

:func:`build` is the whole pipeline, one line per stage.
"""

from __future__ import annotations

from pathlib import Path

from generator.load import Problem
from generator.render import RenderedPage, render_archive
from generator.score import score_report
from generator.templating import TEMPLATES, environment
from generator.validate import load_archive


class InvalidData(Exception):
    """The data folder has problems; nothing is rendered until every one is fixed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n{lines}")


def build(
    data: Path, templates: Path = TEMPLATES, overrides: Path | None = None
) -> list[RenderedPage]:
    """Load → validate → score → render every report under ``data``."""
    archive = load_archive(data)  # load and validate: YAML to typed, checked models
    if archive.problems:
        raise InvalidData(archive.problems)
    cards = {slug: score_report(r, archive.frameworks) for slug, r in archive.reports.items()}
    return render_archive(environment(templates, overrides), archive, cards)
