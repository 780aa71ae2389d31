"""A PDF per report: A4, numbered, headed with its title, not much longer than the original.

The one test that prints (INSPECTION_REPORTS_PDF=1): two real reports, built
as the site builds them, read back with poppler-utils' pdfinfo and pdftotext.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sites import site_config

ROOT = Path(__file__).resolve().parent.parent
# Each report, and the most pages its PDF may have: the printed original's
# page count (42 and 52 A4 pages) with a tenth more for the web's layout.
REPORTS = {"gwent-2004-esi": 46, "gwent-2022-pdu": 57}
A4 = "595.276 x 841.89 pts (A4)"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install Debian's poppler-utils (make test does)")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("pdf")
    data = tmp / "data"
    shutil.copytree(ROOT / "data" / "frameworks", data / "frameworks")
    (data / "reports").mkdir()
    for slug in REPORTS:
        shutil.copy(ROOT / "data" / "reports" / f"{slug}.yaml", data / "reports")
    config = site_config(tmp, "pdf", data, cache_dir=str(tmp / "cache"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INSPECTION_REPORTS_PDF": "1"}
    env["SOURCE_DATE_EPOCH"] = "1764633600"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return tmp / "site-pdf"


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(
        [_tool("pdfinfo"), "-isodates", str(pdf)], capture_output=True, text=True, check=True
    )
    return dict(re.findall(r"^([\w ]+):\s+(.*)$", out.stdout, re.MULTILINE))


def _pages(pdf: Path) -> list[str]:
    out = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")[:-1]


@pytest.mark.parametrize("slug", REPORTS)
def test_the_pdf_is_a4_numbered_headed_and_short(site: Path, slug: str) -> None:
    pdf = site / "reports" / slug / f"{slug}.pdf"
    info = _info(pdf)
    count = int(info["Pages"])
    assert info["Page size"] == A4
    assert count <= REPORTS[slug], f"{slug}: {count} pages"
    assert info["Tagged"] == "yes"
    assert info["Author"] == "HM Inspectorate of Probation"
    assert info["CreationDate"] == info["ModDate"] == "2025-12-02T00:00:00Z"  # SOURCE_DATE_EPOCH
    page_html = (site / "reports" / slug / "index.html").read_text("utf-8")
    assert f'href="{slug}.pdf"' in page_html  # linked from the front page
    title = re.search(r'<h1 id="top">(.*?)</h1>', page_html, re.S)
    assert title
    # The running header may wrap: compare the first words of the title.
    start = " ".join(title.group(1).split()[:5])
    pages = _pages(pdf)
    assert len(pages) == count
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert f"Page {number} of {count}" in flat, f"{slug}: page {number} has no number"
        assert start in flat, f"{slug}: page {number} has no title"
    last = " ".join(pages[-1].split())
    assert "Open Government Licence v3.0" in last
    assert f"reports/{slug}/" in last  # the page's address, with the licence


def test_a_second_build_prints_nothing_again(site: Path) -> None:
    pdfs = sorted((site / "reports").glob("*/*.pdf"))
    assert len(pdfs) == len(REPORTS)
    cache = site.parent / "cache" / "pdf"
    assert len(list(cache.rglob("*.pdf"))) == len(REPORTS)
