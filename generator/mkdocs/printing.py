"""After a build: a PDF of each report into the published site (generator/site/pdf.py).

It runs once the site is whole, where every report's page is, whether this
build wrote it or kept it from the last; the cache makes an unchanged
report's PDF a copy.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from generator.model.urls import report_url
from generator.site.pdf import PrintError, print_reports

log = logging.getLogger("mkdocs.plugins.inspection-reports")

PDF_ENV = "INSPECTION_REPORTS_PDF"


def printing_wanted(configured: bool) -> bool:
    """``INSPECTION_REPORTS_PDF`` (1 or 0) if set, else the plugin's ``pdf`` option."""
    wanted = os.environ.get(PDF_ENV, "").strip().lower()
    if wanted in {"1", "true", "yes"}:
        return True
    if wanted in {"0", "false", "no"}:
        return False
    return configured


def print_site(site: Path, slugs: list[str], cache: Path | None, author: str, jobs: int) -> None:
    """Print every report of ``slugs`` whose page is in ``site``."""
    pages = {slug: site / report_url(slug) / "index.html" for slug in slugs}
    pages = {slug: page for slug, page in pages.items() if page.is_file()}
    try:
        printed = print_reports(pages, site, cache, author, jobs)
    except PrintError as err:
        log.warning("PDF: %s", err)
        return
    fresh = sum(printed.values())
    log.info("PDF: %d report(s) printed, %d kept from the cache", fresh, len(printed) - fresh)
