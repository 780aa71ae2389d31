"""Hostile text in every field of a report: refused with a located problem, or shown as text.

Each string of a real fixture report is replaced, one at a time, by each
hostile value. Validation either refuses the file (naming the field) or the
report renders; then its page holds no live markup (no script, no event
handler, no ``javascript:`` or other-host target) and its CSV files no cell
a spreadsheet would run.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from datafolders import data_folder
from trees import strings

from generator.explore.opendata import archive_csv, report_csv
from generator.model.archive import Archive
from generator.model.problems import Problem
from generator.model.report import Report
from generator.stages.render import render_report
from generator.stages.score import score_report
from generator.stages.templating import environment
from generator.stages.validate import check_report_file, load_archive

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "x</title><script>alert(1)</script>",
    'x" onmouseover="alert(1)',
    "x' onmouseover='alert(1)",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "![x](https://tracker.invalid/pixel.png)",
    "x\x1b[31m\x07",
    "=cmd|' /C calc'!A0",
]
REPORTS = ["eastmoor-2022-pdu", "northshire-2004-esi"]


class Live(HTMLParser):
    """Whatever in a page a browser would run or fetch from another host."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            target = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            elsewhere = "//" in target and tag != "a"  # a link fetches nothing until followed
            if name in ("href", "src") and (target.startswith("javascript:") or elsewhere):
                self.found.append(f"<{tag} {name}={value}>")
            if tag == "img" and name == "src" and value == "x":
                self.found.append("<img src=x>")

    def handle_data(self, data: str) -> None:
        if self._script and "alert" in data:
            self.found.append("<script>alert")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def _set(tree: Any, at: tuple[str | int, ...], value: str) -> None:
    for key in at[:-1]:
        tree = tree[key]
    tree[at[-1]] = value


@functools.cache
def _loaded(source: Path) -> Any:
    return yaml.load(source.read_text("utf-8"), Loader=yaml.CSafeLoader)


def _check(
    source: Path, at: tuple[str | int, ...], value: str, tmp: Path, archive: Archive
) -> tuple[list[Problem], Report | None]:
    tree = copy.deepcopy(_loaded(source))
    _set(tree, at, value)
    path = tmp / source.name
    path.write_text(yaml.dump(tree, Dumper=yaml.CSafeDumper, allow_unicode=True), "utf-8")
    _, report, problems = check_report_file(path, archive.frameworks)
    return problems, (report if not problems else None)


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(data_folder("site"))


@pytest.mark.parametrize("slug", REPORTS)
def test_hostile_text_in_any_field_is_refused_or_inert(
    slug: str, archive: Archive, tmp_path: Path
) -> None:
    source = data_folder("site") / "reports" / f"{slug}.yaml"
    original = yaml.load(source.read_text("utf-8"), Loader=yaml.CSafeLoader)
    env = environment()
    fields = [at for at, _ in strings(original) if at[0] not in ("slug", "framework")]
    assert len(fields) > 50
    rendered = refused = 0
    for at in fields:
        accepted = []
        for value in HOSTILE:
            problems, report = _check(source, at, value, tmp_path, archive)
            if report is None:
                refused += 1
                where = ".".join(str(k) for k in at)
                assert any(p.line > 1 or where.startswith(p.path) for p in problems), problems
            else:
                accepted.append(value)
        # What each value renders to is checked in one page: all the accepted values at once,
        # or, where together they are refused, one at a time.
        together = ["\n\n".join(accepted)] if accepted else []
        if together and _check(source, at, together[0], tmp_path, archive)[1] is None:
            together = accepted
        for value in together:
            report = _check(source, at, value, tmp_path, archive)[1]
            assert report is not None
            rendered += 1
            card = score_report(report, archive.frameworks)
            parser = Live()
            parser.feed(render_report(env, archive, report, card, None).html)
            assert parser.found == [], (at, value)
            for text in (
                report_csv(report, archive.frameworks, card),
                archive_csv([report], archive.frameworks),
            ):
                cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
                assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")], (at, value)
    assert rendered and refused  # both ways were taken
