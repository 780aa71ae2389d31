"""The archive pages' memo: kept by the reports each page shows, and carried to the next build."""

from __future__ import annotations

import pickle
from types import SimpleNamespace
from typing import cast

from generator.explore.library import Entry
from generator.model.archive import Archive
from generator.model.content import Box
from generator.model.report import Report
from generator.site.memo import ENTRIES, PageMemo
from generator.stages.page import RenderedPage

made: list[str] = []


def _page(src: str, text: str) -> RenderedPage:
    made.append(src)
    return RenderedPage(src, "Title", "", f"<p>{text}</p>")


def _build(memo: PageMemo, hashes: dict[str, str], text: str = "v1") -> list[RenderedPage]:
    made.clear()
    memo.start("common", hashes)
    return [
        memo.page("areas/a/index.md", ["a1", "a2"], lambda: _page("areas/a/index.md", text)),
        memo.page("areas/b/index.md", ["b1"], lambda: _page("areas/b/index.md", text)),
    ]


def test_a_page_is_made_again_only_when_a_report_it_shows_changed() -> None:
    memo = PageMemo()
    _build(memo, {"a1": "1", "a2": "1", "b1": "1"})
    assert made == ["areas/a/index.md", "areas/b/index.md"]
    _build(memo, {"a1": "1", "a2": "1", "b1": "1"})
    assert made == []
    pages = _build(memo, {"a1": "1", "a2": "2", "b1": "1"}, "v2")
    assert made == ["areas/a/index.md"]
    assert [p.html for p in pages] == ["<p>v2</p>", "<p>v1</p>"]


def test_the_next_build_process_starts_from_what_the_last_one_saved() -> None:
    first = PageMemo()
    hashes = {"a1": "1", "a2": "1", "b1": "1"}
    _build(first, hashes)
    report = cast(Report, SimpleNamespace(slug="a1", text="the whole report"))
    archive = cast(Archive, None)
    first.per_report("csv", report, lambda: "a1,lines")
    first.per_report(ENTRIES, report, lambda: [_entry(report)])
    saved = pickle.dumps(first.saved())  # as the disk cache keeps it
    # An entry holds its report; the saved memo does not carry the report along.
    assert b"the whole report" not in saved

    second = PageMemo()
    second.restore(pickle.loads(saved))
    _build(second, {**hashes, "b1": "2"})
    assert made == ["areas/b/index.md"]
    assert second.per_report("csv", report, lambda: "made again") == "a1,lines"
    # This build's report object, not a copy, goes back into the restored entries.
    again = PageMemo()
    again.restore(pickle.loads(saved))
    again.start("common", hashes)
    restored = again.entries(archive, report)
    assert [e.excerpt for e in restored] == ["Good practice."]
    assert restored[0].report is report


def _entry(report: Report) -> Entry:
    return Entry(report, cast(Box, None), "gp-1", "A1", "ESI", "esi", "esi:A1", "", "Good practice.",
                 "gwent")  # fmt: skip


def test_a_memo_with_pages_of_its_own_or_a_foreign_entry_restores_nothing() -> None:
    memo = PageMemo()
    memo.restore("not a memo")
    _build(memo, {"a1": "1", "a2": "1", "b1": "1"})
    assert len(made) == 2
    other = PageMemo()
    _build(other, {"a1": "9", "a2": "9", "b1": "9"}, "other")
    memo.restore(other.saved())  # this process's own pages win
    pages = _build(memo, {"a1": "1", "a2": "1", "b1": "1"})
    assert made == [] and pages[0].html == "<p>v1</p>"
