"""What a parser hands back: a report as plain data, and what it could not place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.importer.theme_draft import DraftedTheme


@dataclass
class ImportDraft:
    """A report draft produced from a text export.

    ``data`` is a plain dict in the shape of :class:`generator.model.report.Report`,
    ready to be dumped as YAML and validated. Nothing is dropped silently:
    every piece of source text is either in ``data`` or listed in
    ``unplaced`` (text the parser could not put anywhere) or ``dropped``
    (conversion debris it removed on purpose, such as image descriptions).
    """

    data: dict[str, Any]
    unplaced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    report_type: str = ""
    notes: list[str] = field(default_factory=list)
    theme: DraftedTheme | None = None
    """A theme drafted from the report, where no theme file matched its thematic element."""
