"""The area→region table: where a report names no region, the region its area lies in.

A report's region is taken from its own text where it names one (the importer
reads it). Where it does not, ``data/regions.yaml`` says which region the area
belongs to, and where that fact comes from, so every report can be found by
region and a reader can check the site's word for it.
"""

from __future__ import annotations

from pydantic import Field

from generator.model.framework import Source, Strict
from generator.model.layout import REGIONS_FILE

__all__ = ["REGIONS_FILE", "AreaRegion", "Regions"]


class AreaRegion(Strict):
    """One inspected area and the region it lies in."""

    area: str
    """The area as reports name it (``meta.area``), for example 'Gwent'."""

    region: str
    """The region, spelled as the reports that name it spell it, for example 'Wales'."""

    source: Source
    """Where the area's region is stated."""


class Regions(Strict):
    """The table of ``data/regions.yaml``."""

    regions: list[AreaRegion] = Field(default_factory=list)
    """Every area whose reports may name no region of their own."""

    def of(self, area: str) -> str | None:
        """The region of an area, whatever the case of its name; None if the table lacks it."""
        key = area.strip().casefold()
        return next((r.region for r in self.regions if r.area.strip().casefold() == key), None)
