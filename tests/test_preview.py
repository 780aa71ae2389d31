"""``mkdocs serve`` with bad data: every page answers at once, with the problems on it.

Driven through the real dev server. A save that breaks a report (a YAML
syntax error, then a schema error) must not hold any request: the next pages
served carry every problem, ``file:line:col: key.path: message``, over the
last good site; the save that fixes it brings the page back without them. The
only time limit is each request's timeout.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from scaffolds import filled_pdu, new_data_folder, write_report
from sites import free_port, site_config

from generator.stages.validate import load_archive

REQUEST_TIMEOUT = 2
"""Seconds a page request may take: a preview never waits for the data to be fixed."""


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
        return str(response.read().decode("utf-8"))


def _until(url: str, ready: Callable[[str], bool], what: str) -> str:
    """Ask for a page until it is as expected; every request must answer in time."""
    deadline = time.monotonic() + 120  # the save is noticed and rebuilt in the meantime
    while True:
        page = _get(url)
        if ready(page):
            return page
        assert time.monotonic() < deadline, what
        time.sleep(0.3)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    data = new_data_folder(tmp_path)
    write_report(data, filled_pdu(data))
    draft = filled_pdu(data, area="Southvale PDU")
    draft["meta"]["status"] = "draft"
    write_report(data, draft)
    port = free_port()
    config = site_config(tmp_path, "serve", data)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while True:
            try:
                _get(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.5)
        yield url, data
    finally:
        server.terminate()
        server.wait(timeout=30)


def _problems(data: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `reports validate` says about the data, as the server (run from there) names it."""
    monkeypatch.chdir(data.parent)
    found = [str(p) for p in load_archive(data).problems]
    assert found
    return found


def test_a_broken_report_shows_its_problems_on_every_page_and_a_fix_clears_them(
    served: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, data = served
    page_url = f"{root}reports/northvale-pdu-2023-pdu/"
    finder_url = f"{root}reports/"
    assert "Northvale" in _get(page_url)
    # The preview shows a draft under its banner.
    assert "Draft — not published" in _get(f"{root}reports/southvale-pdu-2023-pdu/")
    report = data / "reports" / "northvale-pdu-2023-pdu.yaml"
    good = report.read_text(encoding="utf-8")

    report.write_text(good.replace("framework: pdu-2021", "framework: [pdu-2021"), "utf-8")
    syntax = _problems(data, monkeypatch)
    assert "YAML syntax error" in syntax[0]
    page = _until(page_url, lambda p: html.escape(syntax[0]) in p, "no syntax error shown")
    assert "Northvale" in page  # the last good page, under the problems
    assert html.escape(syntax[0]) in _get(finder_url)

    report.write_text(good.replace("\nmeta:\n", "\nmeta:\n  arae: Northvale\n"), "utf-8")
    schema = _problems(data, monkeypatch)
    assert schema == [
        f"{schema[0].split(': ')[0]}: meta.arae: unknown key 'arae' (did you mean 'area'?)"
    ]
    _until(page_url, lambda p: html.escape(schema[0]) in p, "no schema error shown")

    report.write_text(good, "utf-8")
    page = _until(page_url, lambda p: "preview-problems" not in p, "the fix did not clear them")
    assert "Northvale" in page
