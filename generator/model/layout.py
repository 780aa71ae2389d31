"""Where things are in a data folder."""

from __future__ import annotations

REGIONS_FILE = "regions.yaml"
"""The table of each inspected area's region, beside ``frameworks/`` and ``reports/``."""
