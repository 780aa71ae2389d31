"""Where each type of page lives in the built site, or that it is not built yet.

A page type that is absent makes its tests skip with ``NOT_BUILT``, so a test
written before its page lands is collected now and runs the day the page
appears. Paths for the pages still to come (area, finder, good practice, open
data) are the candidates below: when one of those features lands under another
path, add that path here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NOT_BUILT = "page type not built yet"

# Two top-level keys are all we need, and the project's YAML is stricter than
# any general-purpose parser, so read them as lines rather than parse the file.
TOP_LEVEL = re.compile(r"^(slug|framework|report_type):[ \t]*[\"']?([\w.-]+)", re.MULTILINE)

REPORT_TYPES = ("esi-full", "esi-follow-up", "pdu-2021")

# Candidate paths, first match wins; "*/" means "any one folder" and may repeat.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "home": ("",),
    "reports-index": ("reports/",),
    "area": ("areas/*/", "area/*/"),
    "finder": ("finder/", "find/", "reports/"),
    "good-practice": ("good-practice/", "good-practice/library/"),
    # The library's index links to one page per criterion: <framework>/<criterion>/.
    "good-practice-criterion": ("good-practice/*/*/",),
    "data": ("data/", "open-data/"),
    "tracker": ("recommendations/",),
    # An area's recommendations with a later finding, so its filters have statuses to change.
    "tracker-area": ("recommendations/*/",),
    "accessibility": ("accessibility/",),
}

# A candidate page only counts as that type when its HTML has this mark: the
# reports index becomes the finder once it carries filters.
MARKS: dict[str, re.Pattern[str]] = {
    "finder": re.compile(r"<select\b|data-filter"),
    # A criterion page with filters, so the filter journey has something to change.
    "good-practice-criterion": re.compile(r"data-filter="),
    "tracker-area": re.compile(r"tracker-entry__findings"),
}

PAGE_TYPES: tuple[str, ...] = (
    "home",
    "reports-index",
    *(f"report-{kind}" for kind in REPORT_TYPES),
    "area",
    "finder",
    "good-practice",
    "good-practice-criterion",
    "data",
    "tracker",
    "tracker-area",
    "accessibility",
)


def _top_level(path: Path) -> dict[str, str]:
    return dict(TOP_LEVEL.findall(path.read_text(encoding="utf-8")))


@dataclass
class SitePages:
    """Finds page types in one built site, once, so that every test of a run sees the same pages."""

    root: Path
    reports: Path

    def _exists(self, url_path: str) -> bool:
        return (self.root / url_path / "index.html").is_file()

    def _first(self, candidates: tuple[str, ...], mark: re.Pattern[str] | None) -> str | None:
        for candidate in candidates:
            if candidate.endswith("*/"):
                found = [p.parent for p in sorted(self.root.glob(f"{candidate}index.html"))]
            else:
                found = [self.root / candidate] if self._exists(candidate) else []
            for directory in found:
                html = (directory / "index.html").read_text(encoding="utf-8")
                if mark is None or mark.search(html):
                    path = directory.relative_to(self.root).as_posix()
                    return "" if path == "." else f"{path}/"
        return None

    @cached_property
    def report_types(self) -> dict[str, str]:
        """Report type (``esi-full`` …) to the URL path of the first built report of that type."""
        frameworks = self.reports.parent / "frameworks"
        found: dict[str, str] = {}
        for source in sorted(self.reports.glob("*.yaml")):
            data = _top_level(source)
            if "slug" not in data or "framework" not in data:
                continue
            framework = frameworks / f"{data['framework']}.yaml"
            if not framework.is_file():
                continue
            kind = _top_level(framework).get("report_type")
            url_path = f"reports/{data['slug']}/"
            if kind and kind not in found and self._exists(url_path):
                found[kind] = url_path
        return found

    def find(self, page_type: str) -> str | None:
        """The URL path (relative to the site root) of one page of this type, or None."""
        if page_type.startswith("report-"):
            return self.report_types.get(page_type.removeprefix("report-"))
        return self._first(CANDIDATES[page_type], MARKS.get(page_type))

    def require(self, page_type: str) -> str:
        """The URL path of one page of this type; skips the test when there is none yet."""
        url_path = self.find(page_type)
        if url_path is None:
            pytest.skip(f"{NOT_BUILT}: {page_type}")
        return url_path

    def any_report(self) -> str:
        """The first built report page of any type; skips when there is none yet."""
        for kind in REPORT_TYPES:
            url_path = self.find(f"report-{kind}")
            if url_path is not None:
                return url_path
        pytest.skip(f"{NOT_BUILT}: report")

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))
