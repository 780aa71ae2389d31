"""Archive-level pages: finder, areas, charts, library, open data page, score explainer.

Golden files for every page type of the fixture archive, the facts each page
must hold, and that the pages grow with the archive no faster than linearly.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from datafolders import data_folder
from goldens import assert_golden
from inspection_tools.synth import synthesise

from generator import build
from generator.explore import tracker
from generator.explore.datafiles import CRITERIA_FIELDS, FIGURE_FIELDS, JSON_FIELDS, data_files
from generator.explore.finder import areas, finder
from generator.explore.library import OUTSIDE, criterion_slugs, library
from generator.explore.opendata import CRITERIA_COLUMNS, FIGURE_COLUMNS
from generator.explore.pages import archive_pages
from generator.explore.trends import area_charts
from generator.model.archive import Archive, follow_ups
from generator.model.problems import TEMPLATES
from generator.model.report import BoxBlock
from generator.model.urls import LIBRARY, RECOMMENDATIONS_JSON
from generator.stages.page import RenderedPage
from generator.stages.render import render_report
from generator.stages.score import score_report
from generator.stages.templating import environment
from generator.stages.validate import load_archive

ROOT = Path(__file__).resolve().parent.parent
SITE = data_folder("site")
ARCHIVE_PAGES = (
    "reports",
    "areas",
    "areas/northshire",
    "areas/eastmoor-pdu",
    "good-practice",
    "good-practice/esi-2003/b1",
    "good-practice/offender-accommodation-2005/c2",
    "data",
)


@pytest.fixture(scope="module")
def archive() -> Archive:
    loaded = load_archive(SITE)
    assert loaded.problems == []
    return loaded


@pytest.fixture(scope="module")
def pages() -> dict[str, RenderedPage]:
    return {p.src_uri.removesuffix("/index.md"): p for p in build(SITE)}


@pytest.mark.parametrize("path", ARCHIVE_PAGES)
def test_archive_page_golden(pages: dict[str, RenderedPage], path: str) -> None:
    assert_golden(f"render/explore/{path.replace('/', '--')}.html", pages[path].html)


def test_archive_pages_are_in_the_navigation_and_areas_are_not(
    pages: dict[str, RenderedPage],
) -> None:
    assert all(pages[p].in_nav for p in ("reports", "areas", "good-practice", "data"))
    assert not pages["areas/northshire"].in_nav
    assert not pages["good-practice/esi-2003/b1"].in_nav


def test_finder_lists_every_report_once_newest_first(archive: Archive) -> None:
    found = finder(archive)
    assert sorted(r.report.slug for r in found.rows) == sorted(archive.reports)
    years = [r.report.meta.year for r in found.rows]
    assert years == sorted(years, reverse=True)
    assert found.ratings == ["Requires improvement"]


def test_finder_rows_carry_filter_and_sort_keys(pages: dict[str, RenderedPage]) -> None:
    html = pages["reports"].html
    assert html.count("<tr data-area=") == 4
    assert 'data-rating="Requires improvement"' in html and 'data-rank="2"' in html
    assert 'data-percent="62"' in html  # Northshire's stated overall percentage
    # The filters are revealed by JavaScript; without it the complete table stands alone.
    assert '<form class="explore-filters" data-explore-filters="finder-list" hidden>' in html


def test_areas_hold_every_inspection_in_time_order(archive: Archive) -> None:
    found = {a.slug: a for a in areas(archive)}
    assert [r.slug for r in found["northshire"].reports] == [
        "northshire-2004-esi",
        "northshire-2005-esi-follow-up",
    ]
    assert sum(len(a.reports) for a in found.values()) == len(archive.reports)
    assert follow_ups(archive) == {
        "northshire-2004-esi": [archive.reports["northshire-2005-esi-follow-up"]]
    }


def test_area_charts_never_mix_scales(archive: Archive) -> None:
    northshire = [
        archive.reports[s] for s in ("northshire-2004-esi", "northshire-2005-esi-follow-up")
    ]
    charts = area_charts(archive, northshire)
    percent = [c for c in charts if "0%</text>" in c]
    ordinal = [c for c in charts if c not in percent]
    # The follow-up's original figures cover its high risk of harm cases only
    # (its framework's baseline), so they and the follow-up's own are charted
    # apart from the original report's figures, with the reason given.
    assert len(percent) == 2
    original, follow_up = percent
    assert "2004 ESI (bar 1" in original and "follow-up" not in original
    assert "2004 as restated in the 2005 ESI follow-up (the high risk of harm cases" in follow_up
    assert "2005 ESI follow-up (bar 2" in follow_up and "2004 ESI (bar" not in follow_up
    assert "high risk of harm cases of the original inspection only" in follow_up
    assert all("%</text>" not in c for c in ordinal)
    pdu = area_charts(archive, [archive.reports["eastmoor-2022-pdu"]])
    assert len(pdu) == 1 and "Requires improvement" in pdu[0] and "%</text>" not in pdu[0]
    for chart in charts + pdu:
        assert "<title id=" in chart and "<desc id=" in chart and "<table>" in chart


def _criterion_pages(pages: dict[str, RenderedPage]) -> dict[str, RenderedPage]:
    """The library's criterion pages, by their folder below the site root."""
    return {p: page for p, page in pages.items() if p.startswith(f"{LIBRARY}/")}


def _links(page: str, html: str) -> set[str]:
    """Every link on a page, resolved from the page's folder to a path from the site root."""
    return {
        posixpath.normpath(posixpath.join(page, href.split("#")[0])) + "#" + href.partition("#")[2]
        for href in re.findall(r'href="([^"]+)"', html)
    }


def test_library_holds_every_box_and_links_to_it(
    archive: Archive, pages: dict[str, RenderedPage]
) -> None:
    found = library(archive)
    entries = found.entries
    source = "".join(p.read_text("utf-8") for p in (SITE / "reports").glob("*.yaml"))
    assert len(entries) == len(re.findall(r"kind: (good|poor)-practice", source))
    shelves = _criterion_pages(pages)
    # The index links to every criterion page and holds no example itself.
    index = _links(LIBRARY, pages[LIBRARY].html)
    assert {f"{p}#" for p in shelves} <= index
    assert not any(link.startswith("reports/") for link in index)
    for entry in entries:
        assert entry.anchor in pages[f"reports/{entry.report.slug}"].anchors
        target = f"reports/{entry.report.slug}#{entry.anchor}"
        # Each box is on exactly one page: its criterion's, resolved from that page's depth.
        holding = [p for p, page in shelves.items() if target in _links(p, page.html)]
        assert len(holding) == 1, (target, holding)
        fw, slug = holding[0].split("/")[1:]
        assert entry.framework_id == fw
        assert slug == criterion_slugs(archive.frameworks[fw])[entry.criterion.partition(":")[2]]
    assert sum(len(s) for s in found.shelves.values()) == len(shelves)
    themed = [e for e in entries if e.theme]
    assert themed, "the fixture has a box in a thematic element"
    for entry in themed:
        theme = entry.report.thematic.theme if entry.report.thematic else ""
        assert entry.criterion == "" or entry.criterion.startswith(f"{theme}:")
        assert entry.anchor.startswith("thematic-") or not entry.criterion


def test_library_index_lists_criteria_in_framework_order_with_counts(
    pages: dict[str, RenderedPage],
) -> None:
    html = pages[LIBRARY].html
    rows = re.findall(r'<a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td><td>(\d+)</td>', html)
    assert rows == [
        ("esi-2003/a4/", "A4 Partnership/contracting out", "1", "0"),
        ("esi-2003/b1/", "B1 Assessment of risk of harm", "1", "1"),
        ("offender-accommodation-2005/c2/", "C2 Tenancy support", "1", "0"),
        ("pdu-2021/standard-2-2/", "2.2 Assessment", "1", "1"),
    ]
    assert [h.level for h in pages[LIBRARY].headings] == [1, 2, 2, 2]
    assert "Offender accommodation (thematic element)</h2>" in html
    page = pages["good-practice/esi-2003/b1"]
    assert [h.level for h in page.headings] == [1]
    assert 'href="../../"' in page.html and 'href="../../#esi-2003"' in page.html
    # Only the filters that can change this page's list: both kinds, one area, one year.
    assert re.findall(r'data-filter="(\w+)"', page.html) == ["kind"]
    assert "data-explore-filters" not in pages["good-practice/esi-2003/a4"].html


def test_library_page_addresses_are_safe_and_stable(archive: Archive) -> None:
    pdu = criterion_slugs(archive.frameworks["pdu-2021"])
    assert pdu["2.2"] == "standard-2-2" and pdu[""] == OUTSIDE
    for fw in archive.frameworks.values():
        segments = list(criterion_slugs(fw).values())
        assert len(set(segments)) == len(segments)
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in segments)
    # Ids that make the same segment are told apart in framework order.
    esi = archive.frameworks["esi-2003"]
    section = esi.sections[0]
    twin = section.criteria[0].model_copy(update={"id": section.criteria[0].id.lower()})
    clash = esi.model_copy(
        update={
            "sections": [
                section.model_copy(update={"criteria": [*section.criteria, twin]}),
                *esi.sections[1:],
            ]
        }
    )
    slugs = criterion_slugs(clash)
    assert (slugs[section.criteria[0].id], slugs[twin.id]) == (twin.id, f"{twin.id}-2")
    assert slugs == {**criterion_slugs(esi), twin.id: f"{twin.id}-2"}


def test_library_has_a_page_for_boxes_outside_any_criterion(archive: Archive) -> None:
    report = archive.reports["northshire-2004-esi"]
    part = report.parts[0]
    gap = BoxBlock(type="box", kind="poor-practice", body="A gap.")
    boxed = part.model_copy(update={"blocks": [*part.blocks, gap]})
    changed = report.model_copy(update={"parts": [boxed, *report.parts[1:]]})
    copy = Archive(frameworks=archive.frameworks, reports={**archive.reports, report.slug: changed})
    shelves = library(copy).shelves["esi-2003"]
    assert [s.slug for s in shelves] == ["a4", "b1", OUTSIDE]  # after the criteria
    built = {p.src_uri: p for p in archive_pages(environment(TEMPLATES), copy)}
    index = built[f"{LIBRARY}/index.md"].html
    assert f'<a href="esi-2003/{OUTSIDE}/">Outside any criterion or standard</a>' in index
    page = built[f"{LIBRARY}/esi-2003/{OUTSIDE}/index.md"]
    anchor = f"{part.id}-poor-practice-1"
    assert f'href="../../../reports/{report.slug}/#{anchor}"' in page.html
    assert page.title == "Good practice: ESI: outside any criterion or standard"
    report_page = render_report(
        environment(TEMPLATES), copy, changed, score_report(changed, copy.frameworks)
    )
    assert anchor in report_page.anchors


def test_open_data_page_documents_every_column_and_key(archive: Archive) -> None:
    assert set(CRITERIA_FIELDS) == set(CRITERIA_COLUMNS)
    assert set(FIGURE_FIELDS) == set(FIGURE_COLUMNS)
    cards = {s: score_report(r, archive.frameworks) for s, r in archive.reports.items()}
    keys: set[str] = set()
    for path, text in data_files(archive, cards).items():
        if path == RECOMMENDATIONS_JSON:
            assert {k for line in json.loads(text) for k in line} <= set(tracker.FIELDS)
            continue
        if path.endswith(".json"):
            for key, value in json.loads(text).items():
                keys.add(key)
                for item in value if isinstance(value, list) else []:
                    keys.update(f"{key}[].{k}" for k in item)
    assert keys == set(JSON_FIELDS)


def test_score_explainer_shows_weights_exclusion_points_and_band(
    pages: dict[str, RenderedPage], archive: Archive
) -> None:
    esi = pages["reports/northshire-2004-esi"].html
    excluded = archive.frameworks["esi-2003"].overall
    assert excluded and excluded.excluded_reason
    assert excluded.excluded_reason.split()[0] in esi
    assert "Critical (weight 2)" in esi
    pdu = pages["reports/eastmoor-2022-pdu"].html
    explainer = pdu[pdu.index('id="ratings-explained"') :]
    explainer = explainer[: explainer.index("</details>")]
    assert "9/27" in explainer and "(this report)" in explainer
    assert "2.6" in explainer  # the standard left out of the points, and why


def test_follow_up_shows_each_change_in_points_and_words(pages: dict[str, RenderedPage]) -> None:
    html = pages["reports/northshire-2005-esi-follow-up"].html
    table = html[html.index('id="what-changed"') :]
    table = table[: table.index("</table>")]
    rows = table.count('<th scope="row">')
    assert rows > 0
    assert (
        len(
            re.findall(
                r"<td>(Up|Down) \d+(\.\d)? percentage points?</td>|<td>Unchanged</td>", table
            )
        )
        == rows
    )


def test_data_from_reports_is_escaped_everywhere(tmp_path: Path, archive: Archive) -> None:
    hostile = '<script>alert("x")</script>'
    report = archive.reports["westvale-2005-esi"]
    changed = report.model_copy(
        update={"meta": report.meta.model_copy(update={"area": hostile, "region": hostile})}
    )
    copy = Archive(frameworks=archive.frameworks, reports={**archive.reports, report.slug: changed})
    for page in archive_pages(environment(TEMPLATES), copy):
        assert "<script>" not in page.html, page.src_uri


def _sizes(folder: Path, count: int) -> dict[str, float]:
    synthesise(count, 5, folder, ROOT / "data" / "frameworks")
    built = {p.src_uri: len(p.html.encode()) for p in build(folder)}
    criteria = [
        n for uri, n in built.items() if uri.startswith(f"{LIBRARY}/") and uri.count("/") == 3
    ]
    return {
        "reports": built["reports/index.md"] / count,
        "areas": built["areas/index.md"] / count,
        # A criterion's page grows with its own examples, so linearly with the archive.
        "largest criterion page per report": max(criteria) / count,
        # The index lists criteria, not examples: its size follows the frameworks.
        "library index per criterion": built[f"{LIBRARY}/index.md"] / len(criteria),
        "library index": built[f"{LIBRARY}/index.md"],
        "largest library page": max(built[f"{LIBRARY}/index.md"], *criteria),
        "library": built[f"{LIBRARY}/index.md"] + sum(criteria),
    }


def test_archive_pages_grow_linearly(tmp_path: Path) -> None:
    small, large = _sizes(tmp_path / "small", 10), _sizes(tmp_path / "large", 50)
    for page in (
        "reports",
        "areas",
        "largest criterion page per report",
        "library index per criterion",
    ):
        # Per report (the index: per criterion), the page costs no more at 50 reports than
        # at 10: linear, not quadratic.
        assert large[page] < small[page] * 1.5, (page, small[page], large[page])
    # Five times the reports, much the same index: it does not grow with the archive.
    assert large["library index"] < small["library index"] * 1.5, (small, large)
    # No library page holds more than a small share of the library.
    assert large["largest library page"] < large["library"] / 10, large
