"""The built site: Pagefind search, open data files, and links between reports.

One strict ``mkdocs build`` of the fixture archive serves every test here.
The search index is queried with Pagefind's own ``pagefind.js`` run by Node,
reading the bundle from disk, so the test exercises the real index and the
real client, offline.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from datafolders import data_folder
from hypothesis import given
from hypothesis import strategies as st

from generator.explore.opendata import archive_csv, report_csv
from generator.model.archive import Archive
from generator.site import indexer, search
from generator.site.indexer import index_site
from generator.site.search import bundles_of, indexed_key
from generator.stages.score import score_report
from generator.stages.validate import load_archive

ROOT = Path(__file__).resolve().parent.parent
SITE_DATA = data_folder("site")
QUERY = Path(__file__).with_name("pagefind_query.mjs")


def site_config(tmp: Path, data: Path) -> Path:
    """The project's mkdocs.yml with its plugin pointed at ``data``, building into ``tmp/site``."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "content")
    config["site_dir"] = str(tmp / "site")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["plugins"] = [
        {"inspection-reports": {"data_dir": str(data), "templates": str(ROOT / "templates")}}
    ]
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def mkdocs_build(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("search-site")
    result = mkdocs_build(site_config(tmp, SITE_DATA))
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(SITE_DATA)


def query(site: Path, words: str, *filters: str) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is needed to run Pagefind's client (make browser-deps installs it)")
    result = subprocess.run(
        [node, str(QUERY), str(site / "pagefind"), words, *filters],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_a_good_practice_phrase_finds_its_report_section_first(site: Path) -> None:
    # The good-practice box of criterion B1 in the Northshire 2004 report.
    found = query(site, "genogram complex family")
    first = found["results"][0]
    assert first["url"] == "/reports/northshire-2004-esi/"
    anchor = first["sections"][0]["url"].split("#", 1)[1]
    assert anchor == "b1" or anchor.startswith("b1-"), first["sections"]
    page = (site / "reports" / "northshire-2004-esi" / "index.html").read_text("utf-8")
    assert f'id="{anchor}"' in page


def test_framework_text_on_every_report_is_not_indexed(site: Path) -> None:
    # Criterion descriptions, scales, glossaries and figure tables repeat on
    # every report of a framework: indexed, they would match every report
    # alike and swell each query's download. A report's own text is indexed.
    page = (site / "reports" / "northshire-2004-esi" / "index.html").read_text("utf-8")
    assert "Ministerial priorities" in page  # criterion A1's description
    assert query(site, "ministerial")["results"] == []
    assert query(site, "genogram")["results"]


def test_only_reports_are_indexed_and_every_one_is(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    counts = [language["page_count"] for language in entry["languages"].values()]
    assert counts == [len(list((SITE_DATA / "reports").glob("*.yaml")))]


def test_a_large_archive_is_indexed_in_bundles_searched_as_one(
    site: Path, tmp_path: Path, archive: Archive
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    # Two reports a bundle: the four fixture reports make two bundles.
    assert index_site(copy, size=2) == len(archive.reports)
    assert json.loads((copy / "pagefind" / "shards.json").read_text("utf-8")) == ["shard-1/"]
    assert not (site / "pagefind" / "shards.json").exists()
    merged, single = query(copy, "genogram complex family"), query(site, "genogram complex family")
    # Pagefind ranks within each bundle, and a bundle where no page holds every
    # word offers pages holding some; the best result is the same.
    assert merged["results"][0] == single["results"][0]
    assert [r for r in merged["results"] if r in single["results"]] == single["results"]
    every = sorted(r["url"] for r in query(copy, "-")["results"])
    assert every == sorted(r["url"] for r in query(site, "-")["results"])
    assert query(copy, "-", "framework", "PDU 2021") == query(site, "-", "framework", "PDU 2021")
    # Bundles indexed side by side write the same bytes as one after another.
    parallel = tmp_path / "parallel"
    shutil.copytree(site, parallel, ignore=shutil.ignore_patterns("pagefind"))
    assert index_site(parallel, size=1, jobs=2) == len(archive.reports)
    index_site(copy, size=1)
    assert _tree(parallel / "pagefind") == _tree(copy / "pagefind")


def test_more_indexers_start_as_soon_as_more_are_allowed(
    site: Path, tmp_path: Path, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build lets one indexer run while MkDocs works, and more once it waits.
    started: list[subprocess.Popen[str]] = []
    running_at_start: list[int] = []
    start = indexer._start

    def counted(*args: Any) -> subprocess.Popen[str]:
        running_at_start.append(sum(p.poll() is None for p in started))
        started.append(start(*args))
        return started[-1]

    allowed = iter([1])
    monkeypatch.setattr(indexer, "_start", counted)
    widened = tmp_path / "widened"
    shutil.copytree(site, widened, ignore=shutil.ignore_patterns("pagefind"))
    assert index_site(widened, size=1, jobs=lambda: next(allowed, 3)) == len(archive.reports)
    # The fixture's reports make two bundles of one: the second starts beside the first.
    assert running_at_start == [0, 1]
    one_by_one = tmp_path / "one-by-one"
    shutil.copytree(site, one_by_one, ignore=shutil.ignore_patterns("pagefind"))
    index_site(one_by_one, size=1)
    assert _tree(widened / "pagefind") == _tree(one_by_one / "pagefind")


def test_a_fed_indexer_indexes_each_bundle_handed_over_and_stops_when_closed(
    site: Path, tmp_path: Path, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build hands a bundle over as soon as its reports are rendered.
    started: list[str] = []
    start = indexer._start

    def counted(site: Path, bundle: Path, glob: str) -> subprocess.Popen[str]:
        started.append(bundle.name)
        return start(site, bundle, glob)

    monkeypatch.setattr(indexer, "_start", counted)
    fed = tmp_path / "fed"
    shutil.copytree(site, fed, ignore=shutil.ignore_patterns("pagefind"))
    planned = search.bundles(fed, 2)
    assert [folder for folder, _ in planned] == ["", "shard-1"]
    feed = indexer.Feed()
    feed.put("shard-1")
    running = indexer.Background(fed, bundle=tmp_path / "out" / "pagefind", size=2, feed=feed)
    feed.put("")
    feed.close()
    assert running.wait() == len(archive.reports)
    assert started == ["shard-1", "first"]
    whole = tmp_path / "whole"
    shutil.copytree(site, whole, ignore=shutil.ignore_patterns("pagefind"))
    index_site(whole, size=2)
    assert _tree(tmp_path / "out" / "pagefind") == _tree(whole / "pagefind")
    # Handed only some bundles, it indexes only those.
    some = tmp_path / "some"
    shutil.copytree(site, some, ignore=shutil.ignore_patterns("pagefind"))
    feed = indexer.Feed()
    feed.put("shard-1")
    feed.close()
    pages = index_site(some, size=2, feed=feed)
    assert pages == len(planned[1][1])
    assert (some / "pagefind" / "shard-1" / "pagefind-entry.json").is_file()
    assert not (some / "pagefind" / "pagefind-entry.json").exists()


def test_an_indexer_waiting_for_bundles_can_be_stopped(site: Path, tmp_path: Path) -> None:
    waiting = tmp_path / "waiting"
    shutil.copytree(site, waiting, ignore=shutil.ignore_patterns("pagefind"))
    running = indexer.Background(waiting, bundle=tmp_path / "out", feed=indexer.Feed())
    running.cancel()
    with pytest.raises(search.SearchIndexError, match="indexing was stopped"):
        running.wait()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_search_filters_are_the_report_facts(site: Path, archive: Archive) -> None:
    filters = query(site, "-")["filters"]
    assert set(filters) == {"area", "region", "year", "type", "framework"}
    assert set(filters["area"]) == {r.meta.area for r in archive.reports.values()}
    assert set(filters["year"]) == {str(r.meta.year) for r in archive.reports.values()}
    pdu = query(site, "-", "framework", "PDU 2021")["results"]
    assert [r["url"] for r in pdu] == ["/reports/eastmoor-2022-pdu/"]


def test_the_search_box_is_in_the_header_and_lunr_is_gone(site: Path) -> None:
    home = (site / "index.html").read_text("utf-8")
    header = home[home.index("<header") : home.index("</header>")]
    assert 'role="search"' in header and 'type="search"' in header
    assert 'data-bundle="pagefind/"' in header
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_open_data_files_equal_the_scoring_engine(site: Path, archive: Archive) -> None:
    for slug, report in archive.reports.items():
        card = score_report(report, archive.frameworks)
        folder = site / "reports" / slug
        data = json.loads((folder / "data.json").read_text("utf-8"))
        assert data["figures"] == json.loads(json.dumps(card.as_json()["figures"]))
        assert (folder / "data.csv").read_text("utf-8") == report_csv(
            report, archive.frameworks, card
        )
        page = (folder / "index.html").read_text("utf-8")
        assert 'href="data.json"' in page and 'href="data.csv"' in page
    criteria = (site / "data" / "criteria.csv").read_text("utf-8")
    assert criteria == archive_csv(archive.reports.values(), archive.frameworks)
    rows = list(csv.DictReader(io.StringIO(criteria)))
    assert {r["report"] for r in rows} == set(archive.reports)


def test_original_and_follow_up_link_both_ways(site: Path) -> None:
    reports = site / "reports"
    original = (reports / "northshire-2004-esi" / "index.html").read_text("utf-8")
    follow_up = (reports / "northshire-2005-esi-follow-up" / "index.html").read_text("utf-8")
    assert 'href="../northshire-2005-esi-follow-up/"' in original
    assert 'href="../northshire-2004-esi/"' in follow_up
    # The follow-up's original figures cover its high risk of harm cases only (its
    # framework's baseline), so its summary does not point each criterion at the
    # original report's figure, which covers every case: it says why instead.
    assert 'href="../northshire-2004-esi/#b1"' not in follow_up
    assert "they are not compared here" in follow_up
    area = (site / "areas" / "northshire" / "index.html").read_text("utf-8")
    assert 'href="../../reports/northshire-2004-esi/"' in area
    assert 'href="../../reports/northshire-2005-esi-follow-up/"' in area


def test_every_link_between_generated_pages_resolves(site: Path) -> None:
    href = re.compile(r'href="([^"#:]*)(?:#([^"]*))?"')
    for folder in ("reports", "areas", "good-practice", "data"):
        for page in (site / folder).rglob("index.html"):
            text = page.read_text("utf-8")
            article = text[text.index("<article") : text.index("</article>")]
            for target, fragment in href.findall(article):
                if not target:
                    continue
                path = (page.parent / target).resolve()
                path = path / "index.html" if path.is_dir() else path
                assert path.is_file(), (page, target)
                if fragment and path.suffix == ".html":
                    assert f'id="{fragment}"' in path.read_text("utf-8"), (page, target, fragment)


def test_a_kept_bundle_is_left_alone_and_the_others_indexed_again(
    site: Path, tmp_path: Path, archive: Archive
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    index_site(copy, size=2)
    whole = _tree(copy / "pagefind")
    shard = copy / "pagefind" / "shard-1"
    inode = (shard / "pagefind-entry.json").stat().st_ino
    (copy / "pagefind" / "pagefind.js").unlink()  # the first bundle is to be indexed again
    assert index_site(copy, size=2, kept=frozenset({"shard-1"})) == 2
    assert (shard / "pagefind-entry.json").stat().st_ino == inode
    assert _tree(copy / "pagefind") == whole


PAGE = (
    '<article data-pagefind-body><h1 id="top">Gwent</h1><p>Risk assessment was good.</p>'
    '<div class="site-added" data-site-added data-pagefind-ignore><div><p>{added}</p></div>'
    "{inside}</div><p>{after}</p></article>"
)


def _key(added: str = "Related: Cardiff 2004", inside: str = "", after: str = "End.") -> str:
    return indexed_key(PAGE.format(added=added, inside=inside, after=after), "Gwent")


def test_what_the_index_ignores_leaves_the_search_key_alone() -> None:
    # A related report's new title changes the page, not what Pagefind reads of it.
    assert _key(added="Related: Cardiff 2004 (renamed)") == _key()


def test_what_the_index_reads_changes_the_search_key() -> None:
    assert _key(after="End, changed.") != _key()
    assert indexed_key(PAGE.format(added="", inside="", after=""), "Another title") != (
        indexed_key(PAGE.format(added="", inside="", after=""), "Gwent")
    )


def test_ids_and_pagefind_attributes_inside_ignored_parts_still_count() -> None:
    # Pagefind may still read these inside an ignored element: a change must index again.
    assert _key(inside='<span id="later-1"></span>') != _key()
    assert _key(inside='<span data-pagefind-filter="area">Gwent</span>') != _key(
        inside='<span data-pagefind-filter="area">Dyfed</span>'
    )


def test_a_page_whose_ignored_element_never_closes_is_keyed_whole() -> None:
    broken = "<div data-pagefind-ignore><p>{}</p><p>after"
    assert indexed_key(broken.format("one"), "t") != indexed_key(broken.format("two"), "t")


@given(st.sets(st.from_regex(r"[a-z]{1,6}-20[0-9]{2}", fullmatch=True), max_size=60), st.text())
def test_a_new_report_changes_one_bundle_unless_the_archive_needs_another(
    slugs: set[str], new: str
) -> None:
    before = bundles_of(sorted(slugs), size=7)
    after = bundles_of(sorted(slugs | {new}), size=7)
    assert sorted(s for _, chunk in after for s in chunk) == sorted(slugs | {new})
    assert before[0][0] == after[0][0] == ""
    if len(slugs) < len(slugs | {new}) and len(before) == len(after):
        changed = [folder for folder, chunk in after if dict(before).get(folder) != chunk]
        # Two only when the new report starts the bucket that names the first bundle.
        assert len(changed) <= 1 or (len(changed) == 2 and new in after[0][1])
