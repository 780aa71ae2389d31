"""Accessibility: axe-core finds no WCAG 2.2 A/AA violation on any page type, in either palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .pagetypes import PAGE_TYPES, SitePages
from .reader import PALETTES, Palette, describe, open_page, open_type, run_axe, set_palette
from .test_journeys import search_for

# Rules switched off, each with the reason. Material's known failures are fixed
# in content/assets/stylesheets/a11y.css and overrides/, not listed here.
DISABLED: dict[str, str] = {}

# Elements left out of the audit, each with the reason.
EXCLUDED: dict[str, str] = {}


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_violations(
    page: Page,
    base_url: str,
    site: SitePages,
    axe_script: Path,
    page_type: str,
    palette: Palette,
) -> None:
    url_path = open_type(page, base_url, site, page_type)
    set_palette(page, palette)
    violations = run_axe(page, axe_script, DISABLED, EXCLUDED)
    assert not violations, f"/{url_path} ({palette}):\n{describe(violations)}"


def test_checker_reports_a_known_violation(page: Page, axe_script: Path) -> None:
    """Proves the audit can fail: an image with no text alternative must be reported."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Known violation</title></head>'
        '<body><main><h1>Known violation</h1><img src="data:image/gif;base64,'
        'R0lGODlhAQABAAAAACw=" width="10" height="10"></main></body></html>'
    )
    violations = run_axe(page, axe_script)
    assert [v["id"] for v in violations] == ["image-alt"], describe(violations)


@pytest.mark.parametrize("palette", PALETTES)
def test_open_search_has_no_violations(
    page: Page, base_url: str, axe_script: Path, palette: Palette
) -> None:
    """The search dialog with its results is markup that a page load never shows."""
    open_page(page, base_url, "")
    set_palette(page, palette)
    search_for(page, "inspection")
    violations = run_axe(page, axe_script, DISABLED, EXCLUDED)
    assert not violations, f"search open ({palette}):\n{describe(violations)}"
