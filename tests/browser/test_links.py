"""Links: every internal link and #fragment in the built site reaches something."""

from __future__ import annotations

import re
from pathlib import Path

from .links import LinkReport, Site
from .pagetypes import ROOT


def _site_url() -> str:
    config = ROOT / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    return match.group(1) if match else ""


def test_no_broken_internal_links(site_dir: Path) -> None:
    report = Site(site_dir, _site_url()).check()
    print(
        f"\nlink check: {report.pages} pages, {report.links} internal links, "
        f"{report.fragments} fragments, {len(report.broken)} broken"
    )
    assert report.links > 0, "the crawler found no internal link at all"
    assert not report.broken, "\n".join(report.broken)


def _write(root: Path, path: str, body: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_crawler_reports_broken_targets_and_fragments(tmp_path: Path) -> None:
    """Proves the crawler can fail: a missing page and a missing id are both reported."""
    _write(
        tmp_path, "index.html", '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="#top">ok</a>'
    )
    _write(tmp_path, "a/index.html", '<h2 id="here">Here</h2><a href="../missing/">bad</a>')
    _write(
        tmp_path,
        "b/index.html",
        '<a id="top" href="../a/#gone">bad</a><a href="https://x.invalid/">x</a>',
    )
    report: LinkReport = Site(tmp_path).check()
    assert sorted(report.broken) == [
        "/a/index.html: ../missing/ (no such file)",
        "/b/index.html: ../a/#gone (no id 'gone' in index.html)",
        "/index.html: #top (no id 'top' in index.html)",
    ]
    assert (report.pages, report.links, report.fragments) == (3, 5, 3)
