"""The MkDocs site: strict builds, reproducibility, live reload and script safety."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from datafolders import data_folder
from sites import free_port, get_page

from generator import InvalidData, build

ROOT = Path(__file__).resolve().parent.parent
SITE_DATA = data_folder("site")
MKDOCS = [sys.executable, "-m", "mkdocs"]


def _config(tmp: Path, data: Path) -> Path:
    """The project's mkdocs.yml, pointed at ``data`` and building into ``tmp/site``."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "content")
    config["site_dir"] = str(tmp / "site")
    if "custom_dir" in config["theme"]:
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["plugins"] = [
        {"inspection-reports": {"data_dir": str(data), "templates": str(ROOT / "templates")}},
    ]
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _build(config: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=False,
    )


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("fixture-site")
    result = _build(_config(tmp, SITE_DATA))
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_strict_build_of_the_fixture_site(fixture_site: Path) -> None:
    for slug in (p.stem for p in (SITE_DATA / "reports").glob("*.yaml")):
        assert (fixture_site / "reports" / slug / "index.html").is_file()
    index = (fixture_site / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="northshire-2004-esi/"' in index
    page = (fixture_site / "reports" / "northshire-2004-esi" / "index.html").read_text(
        encoding="utf-8"
    )
    # Material's sidebar table of contents comes from our headings.
    assert '<a href="#b1" class="md-nav__link">' in page
    assert "Open Government Licence" in page and "Crown copyright" in page


def test_reports_are_not_in_the_navigation(fixture_site: Path) -> None:
    home = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="reports/" class="md-nav__link">' in home
    for page in fixture_site.rglob("*.html"):
        links = re.findall(
            r'<a href="([^"]*)" class="md-nav__link', page.read_text(encoding="utf-8")
        )
        assert not [link for link in links if "-esi" in link or "-pdu" in link], page


def test_no_external_scripts_styles_or_fonts(fixture_site: Path) -> None:
    for page in fixture_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]+src="(https?:)?//', text), page
        for link in re.findall(r"<link[^>]*>", text):
            if 'rel="canonical"' not in link:
                assert not re.search(r'href="(https?:)?//', link), (page, link)
        assert "fonts.googleapis" not in text


def test_the_project_config_builds_with_whatever_is_in_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            *MKDOCS,
            "build",
            "--strict",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "reports" / "index.html").is_file()


def test_an_archive_with_no_report_yet_builds_and_can_be_searched(tmp_path: Path) -> None:
    # Where a new inspectorate starts: its frameworks, and nothing published yet.
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "frameworks", data / "frameworks")
    (data / "reports").mkdir()
    result = _build(_config(tmp_path, data))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "reports" / "index.html").is_file()
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    sites = []
    for name in ("one", "two"):
        tmp = tmp_path / name
        tmp.mkdir()
        result = _build(_config(tmp, SITE_DATA), SOURCE_DATE_EPOCH="1700000000")
        assert result.returncode == 0, result.stderr
        sites.append(tmp / "site")
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(sites[0], sites[1], files, shallow=False)
    assert mismatch == [] and errors == []


def _hostile(tmp: Path, text: str) -> Path:
    data = tmp / "data"
    shutil.copytree(SITE_DATA / "frameworks", data / "frameworks")
    (data / "reports").mkdir()
    report = yaml.safe_load((SITE_DATA / "reports" / "westvale-2005-esi.yaml").read_text())
    report["key_findings"][0]["text"] = text
    (data / "reports" / "westvale-2005-esi.yaml").write_text(yaml.safe_dump(report))
    return data


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "[click](javascript:alert(1))", "<a href='javascript:x'>x</a>"],
)
def test_script_and_javascript_links_are_rejected(tmp_path: Path, text: str) -> None:
    data = _hostile(tmp_path, text)
    with pytest.raises(InvalidData) as err:
        build(data)
    assert "westvale-2005-esi.yaml" in str(err.value)
    result = _build(_config(tmp_path, data))
    assert result.returncode != 0
    assert "key_findings.0.text" in result.stderr


def test_no_javascript_links_in_the_site(fixture_site: Path) -> None:
    for page in fixture_site.rglob("*.html"):
        assert 'href="javascript:' not in page.read_text(encoding="utf-8").lower()


def test_serve_reloads_when_data_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    port = free_port()
    url = f"http://127.0.0.1:{port}/reports/westvale-2005-esi/"
    server = subprocess.Popen(
        [*MKDOCS, "serve", "-f", str(_config(tmp_path, data)), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while "Westvale" not in get_page(url):
            assert time.monotonic() < deadline, "mkdocs serve did not start"
            time.sleep(0.5)
        report = data / "reports" / "westvale-2005-esi.yaml"
        report.write_text(report.read_text().replace("area: Westvale", "area: Westvale Reloaded"))
        deadline = time.monotonic() + 60
        while "Westvale Reloaded" not in get_page(url):
            assert time.monotonic() < deadline, "the served page never showed the change"
            time.sleep(0.5)
        # The pages listing the report follow in the build after saves pause (mkdocs/later.py).
        listing = f"http://127.0.0.1:{port}/reports/"
        while "Westvale Reloaded" not in get_page(listing):
            assert time.monotonic() < deadline, "the list of reports never showed the change"
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
