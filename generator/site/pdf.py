"""A PDF of each report, printed from its built page with the site's print stylesheet.

WeasyPrint lays the page out with the ``@media print`` and ``@page`` rules of
``print.css`` (A4, a running header, page numbers) and writes a tagged PDF
(PDF/UA-1). A PDF is kept in the cache under the hash of what it is printed
from (the page's HTML, every stylesheet it links and WeasyPrint's version),
so a build prints again only the reports whose page or look changed.

Printing reads files of the built site only: the URL fetcher refuses any
address outside it, so a page can make the printer fetch nothing from
elsewhere. The PDF's dates come from ``SOURCE_DATE_EPOCH`` when it is set and
are left out otherwise, so the same site prints the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.model.urls import REPORTS
from generator.site.cache import digest
from generator.site.parallel import run_all

_STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"')


class PrintError(Exception):
    """A report's page could not be printed."""


def pdf_name(slug: str) -> str:
    """A report's PDF, beside its page: ``reports/<slug>/<slug>.pdf``."""
    return f"{REPORTS}/{slug}/{slug}.pdf"


def _stylesheets(html: str, page: Path) -> list[Path]:
    found = []
    for href in _STYLESHEET.findall(html):
        if urlsplit(href).scheme:
            continue
        found.append((page.parent / unquote(urlsplit(href).path)).resolve())
    return found


def print_key(page: Path) -> str:
    """What a report's PDF is printed from, as one hash."""
    import weasyprint

    html = page.read_text("utf-8")
    parts: list[bytes | str] = [weasyprint.__version__, html]
    for sheet in _stylesheets(html, page):
        parts += [str(sheet.name), sheet.read_bytes() if sheet.is_file() else b""]
    return digest(*parts)


def _fetcher(root: Path) -> Any:
    from weasyprint.urls import URLFetcher

    class SiteOnly(URLFetcher):  # type: ignore[misc]
        """Files of the built site, and data: URLs (the theme's icons); nothing else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "data":
                path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
                if path is None or not path.is_relative_to(root):
                    raise PrintError(f"refused {url!r}: printing reads only the built site")
            return super().fetch(url, headers)

    root = root.resolve()
    return SiteOnly(allowed_protocols=("file", "data"), fail_on_errors=True)


def _metadata_date() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def print_page(page: Path, root: Path, out: Path, author: str) -> None:
    """Print one built page to ``out``; ``root`` is the site folder it may read from."""
    import weasyprint

    document = weasyprint.HTML(
        filename=str(page), url_fetcher=_fetcher(root), media_type="print"
    ).render()
    when = _metadata_date()
    document.metadata.authors = [author] if author else []
    document.metadata.created = when
    document.metadata.modified = when
    document.metadata.lang = "en-GB"
    document.write_pdf(str(out), pdf_variant="pdf/ua-1", pdf_identifier=b"inspection-report")


def print_reports(
    pages: Mapping[str, Path], site: Path, cache: Path | None, author: str, jobs: int = 1
) -> dict[str, bool]:
    """The PDF of each report (slug: its built page) into ``site``; whether each was printed anew.

    A report's page may be in another folder than ``site`` (a page a build kept
    where it was); it may read files of its own site only.
    """
    keys = {slug: print_key(page) for slug, page in pages.items()}

    def kept(slug: str) -> Path | None:
        return cache / "pdf" / keys[slug][:2] / f"{keys[slug]}.pdf" if cache else None

    def make(slug: str) -> bool:
        target = site / pdf_name(slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        stored = kept(slug)
        if stored is not None and stored.is_file():
            shutil.copyfile(stored, target)
            return False
        page = pages[slug]
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".pdf.tmp")
        os.close(fd)
        try:
            print_page(page, page.parents[2], Path(tmp), author)
            if stored is not None:
                stored.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(tmp, stored)
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return True

    return run_all(make, sorted(pages), jobs)
