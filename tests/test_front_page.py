"""Every report page opens with breadcrumbs and a front page that agrees with the report."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from datafolders import data_folder

from generator import build
from generator.site.cache import DiskCache
from generator.site.incremental import Builder
from generator.stages.page import RenderedPage

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"data": ROOT / "data", "site": data_folder("site")}

_TAGS = re.compile(r"<[^>]+>")
_OVERALL = re.compile(r"<dd data-overall-figure>(.*?)</dd>", re.S)
_SCORING_LINK = re.compile(
    r'<div class="report-front__links">.*?<li><a href="#([\w-]+)">'
    r"(?:Scoring summary sheet|Ratings for each standard|What changed[^<]*)</a>",
    re.S,
)


def _text(markup: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())


def _reports(folder: str) -> list[RenderedPage]:
    return [
        p for p in build(FOLDERS[folder]) if re.fullmatch(r"reports/[^/]+/index\.md", p.src_uri)
    ]


def _section(page: str, anchor: str) -> str:
    """The page from the heading with ``anchor`` to the next heading of its level or higher."""
    start = re.search(rf'<h([23]) id="{anchor}"', page)
    assert start, f"no heading #{anchor}"
    end = re.compile(rf"<h[2-{start.group(1)}] ").search(page, start.end())
    return page[start.start() : end.start() if end else len(page)]


@pytest.mark.parametrize("folder", FOLDERS)
def test_front_page_shows_the_scoring_sheets_overall_figure(folder: str) -> None:
    checked = 0
    for page in _reports(folder):
        front = _section(page.html, "at-a-glance")
        figure = _OVERALL.search(front)
        scoring = _SCORING_LINK.search(front)
        if figure is None:
            continue
        assert scoring, f"{page.src_uri}: an overall figure but no link to the scoring sheet"
        shown = _text(figure.group(1))
        sheet = _text(_section(page.html, scoring.group(1)))
        assert shown and shown in sheet, f"{page.src_uri}: {shown!r} is not in #{scoring.group(1)}"
        checked += 1
    assert checked >= 2  # an ESI's percentage and a PDU's points, at least


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_report_has_breadcrumbs_a_front_page_and_a_citation(folder: str) -> None:
    pages = _reports(folder)
    assert pages
    for page in pages:
        crumbs = re.search(
            r'<nav class="breadcrumbs" aria-label="Breadcrumb"[^>]*>(.*?)</nav>', page.html, re.S
        )
        assert crumbs, page.src_uri
        links = re.findall(r'<a href="([^"]+)">', crumbs.group(1))
        assert links[0] == "../../reports/" and links[1].startswith("../../areas/"), links
        assert '<span aria-current="page">' in crumbs.group(1)
        front = _section(page.html, "at-a-glance")
        assert "Added by this site" in front
        assert (
            '<section class="report-front" aria-labelledby="at-a-glance" data-site-added'
            in page.html
        )
        assert 'href="data.json"' in front and 'href="data.csv"' in front
        cite = _text(_section(page.html, "cite-this-report"))
        assert page.title.replace("&amp;", "&") in cite


def test_related_reports_are_the_same_areas_and_the_same_rounds() -> None:
    pages = {p.src_uri.split("/")[1]: p.html for p in _reports("data")}
    related = _text(_section(pages["gwent-2004-esi"], "related-reports"))
    assert "Other inspections of Gwent" in related
    assert "follow-up report on Gwent Probation Area (2005)" in related
    assert "An inspection of probation services in Gwent PDU (2022)" in related
    assert "Effective Supervision Inspection of the National Probation Service" in related


def test_a_new_report_in_the_area_renders_its_neighbours_again(tmp_path: Path) -> None:
    """A report's page lists its area's reports, so its unit's key covers them."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "frameworks", data / "frameworks")
    (data / "reports").mkdir()
    shutil.copy(ROOT / "data" / "reports" / "gwent-2004-esi.yaml", data / "reports")
    shutil.copy(ROOT / "data" / "reports" / "county-durham-2004-esi.yaml", data / "reports")

    def keys() -> dict[str, str]:
        return Builder(data, ROOT / "templates", None, DiskCache(None), 1).plan().keys

    before = keys()
    shutil.copy(ROOT / "data" / "reports" / "gwent-2022-pdu.yaml", data / "reports")
    after = keys()
    assert after["gwent-2004-esi"] != before["gwent-2004-esi"]
    assert after["county-durham-2004-esi"] == before["county-durham-2004-esi"]
