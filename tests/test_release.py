"""Drafts and embargoes: a withheld report leaves no trace in a build until its time comes.

The build's clock is ``SOURCE_DATE_EPOCH``; the tests move it past an embargo
and find the report everywhere a published one is: its page, the finder, its
area, the good-practice library, the sitemap, the open data and the search.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from scaffolds import filled_pdu, new_data_folder, write_report
from sites import site_config

from generator import InvalidData, build_site
from generator.cli import main
from generator.model.report import Meta
from generator.stages.release import banner, build_time, state

ROOT = Path(__file__).resolve().parent.parent
QUERY = Path(__file__).with_name("pagefind_query.mjs")
BEFORE = datetime(2029, 12, 31, 12, 0, tzinfo=UTC)
AFTER = datetime(2030, 1, 1, 9, 31, tzinfo=UTC)
"""Just after the embargo ends: 09:30 in London is 09:30 UTC in January."""


def _epoch(moment: datetime) -> str:
    return str(int(moment.timestamp()))


def test_the_build_time_comes_from_source_date_epoch() -> None:
    assert build_time({"SOURCE_DATE_EPOCH": _epoch(AFTER)}) == AFTER
    with pytest.raises(ValueError, match=r"expected a whole number of seconds since 1970, got 'x'"):
        build_time({"SOURCE_DATE_EPOCH": "x"})


def test_an_embargo_ends_at_its_time_in_london() -> None:
    summer = Meta(title="T", area="A", year=2030, publish_on="2030-07-01 09:30")
    # British Summer Time: 09:30 in London is 08:30 UTC.
    assert state(summer, datetime(2030, 7, 1, 8, 29, tzinfo=UTC)) == "embargoed"
    assert state(summer, datetime(2030, 7, 1, 8, 30, tzinfo=UTC)) == "published"
    day = Meta(title="T", area="A", year=2030, publish_on="2030-01-01")
    assert banner(day, BEFORE) == "Embargoed until 1 January 2030 — not published"
    assert banner(summer, BEFORE) == (
        "Embargoed until 1 July 2030, 09:30 (London time) — not published"
    )
    draft = Meta(title="T", area="A", year=2030, status="draft")
    assert banner(draft, AFTER) == "Draft — not published"


def _withheld(data: Path, area: str, phrase: str, **meta: str) -> str:
    report = filled_pdu(data, area=area, year=2029)
    report["meta"].update(title=f"{phrase}: an inspection of {area}", **meta)
    report["parts"][1]["criteria"][1]["blocks"].append(
        {"type": "box", "kind": "good-practice", "body": f"{phrase} in a good practice example."}
    )
    write_report(data, report)
    return str(report["slug"])


def _build(tmp: Path, name: str, data: Path, moment: datetime) -> Path:
    config = site_config(tmp, name, data)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": _epoch(moment)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return tmp / f"site-{name}"


def _grep(site: Path, text: str) -> list[str]:
    found = subprocess.run(
        ["grep", "-rl", text, str(site)], capture_output=True, text=True, check=False
    )
    return sorted(str(Path(p).relative_to(site)) for p in found.stdout.split())


def _search(site: Path, words: str) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is needed to run Pagefind's client (make browser-deps installs it)")
    result = subprocess.run(
        [node, str(QUERY), str(site / "pagefind"), words],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found: dict[str, Any] = json.loads(result.stdout)
    return [r["url"] for r in found["results"]]


def test_drafts_and_embargoed_reports_leave_no_trace_until_their_time(tmp_path: Path) -> None:
    data = new_data_folder(tmp_path)
    write_report(data, filled_pdu(data))
    draft = _withheld(data, "Quokkaton PDU", "Quokka lantern", status="draft")
    embargoed = _withheld(data, "Wallaby PDU", "Wallaby lantern", publish_on="2030-01-01 09:30")
    site = _build(tmp_path, "before", data, BEFORE)
    for text in ("Quokka", "Wallaby", "quokkaton", "wallaby"):
        assert _grep(site, text) == [], text
    assert _search(site, "lantern") == []
    assert _grep(site, "northvale-pdu-2023-pdu")  # the published report is there

    site = _build(tmp_path, "after", data, AFTER)
    assert _grep(site, "Quokka") == [] and _grep(site, "quokkaton") == []
    assert _grep(site, draft) == []
    where = _grep(site, embargoed)
    for expected in (
        f"reports/{embargoed}/index.html",
        "reports/index.html",
        "areas/wallaby-pdu/index.html",
        "sitemap.xml",
        "data/criteria.csv",
    ):
        assert expected in where, expected
    assert "areas/index.html" in _grep(site, "Wallaby PDU")
    assert [p for p in _grep(site, "Wallaby lantern in a good practice") if "good-practice" in p]
    assert _search(site, "lantern") == [f"/reports/{embargoed}/"]


def test_an_unfinished_draft_does_not_block_a_build_but_validate_lists_it(tmp_path: Path) -> None:
    data = new_data_folder(tmp_path)
    write_report(data, filled_pdu(data))
    new = CliRunner().invoke(
        main,
        [
            *("new", "--data", str(data), "--framework", "pdu-2021"),
            *("--area", "Southvale PDU", "--year", "2024"),
        ],
    )
    assert new.exit_code == 0, new.output
    site = build_site(data)
    assert not [p for p in site.pages if "southvale" in p.src_uri + p.html.lower()]
    checked = CliRunner().invoke(main, ["validate", "--data", str(data)])
    assert checked.exit_code == 1
    assert "southvale-pdu-2024-pdu.yaml" in checked.output and "unfinished" in checked.output
    # Published, the same file blocks the build.
    path = data / "reports" / "southvale-pdu-2024-pdu.yaml"
    path.write_text(path.read_text().replace('status: "draft"', 'status: "published"'))
    with pytest.raises(InvalidData):
        build_site(data)
