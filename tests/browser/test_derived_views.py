"""The report finder sorts each kind of overall figure on its own scale, both ways;
the search box quotes whole sentences, named by the box they are in.

A percentage and a points total are not one scale: "highest first" orders the
reports that state a percentage by it, then those with a points total follow,
and never does a points total outrank a percentage or the other way round.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .reader import open_page
from .test_journeys import search_for


def _order(page: Page, unit: str, direction: str) -> list[tuple[str | None, str | None]]:
    page.select_option("[data-sort]", f"{unit}:{direction}")
    rows = page.locator("#finder-list tbody tr")
    return [
        (rows.nth(i).get_attribute(f"data-{unit}"), rows.nth(i).get_attribute("data-year"))
        for i in range(rows.count())
    ]


@pytest.mark.parametrize("unit", ["percent", "points"])
def test_finder_sorts_each_kind_of_overall_figure_both_ways(
    page: Page, base_url: str, unit: str
) -> None:
    open_page(page, base_url, "reports/")
    options = page.locator("[data-sort] option").evaluate_all("os => os.map(o => o.value)")
    assert f"{unit}:desc" in options and f"{unit}:asc" in options
    for direction in ("desc", "asc"):
        order = _order(page, unit, direction)
        scored = [float(v) for v, _ in order if v is not None]
        # The reports with a figure of this kind come first, in order; the rest after them.
        assert scored, f"no report states a {unit} overall figure"
        assert [v is not None for v, _ in order] == sorted(
            (v is not None for v, _ in order), reverse=True
        )
        assert scored == sorted(scored, reverse=direction == "desc")
    highest, lowest = _order(page, unit, "desc")[0], _order(page, unit, "asc")[0]
    if len(scored) > 1:
        assert highest != lowest


def test_finder_says_not_scored_for_a_report_without_an_overall_figure(
    page: Page, base_url: str
) -> None:
    open_page(page, base_url, "reports/")
    rows = page.locator("#finder-list tbody tr:not([data-percent]):not([data-points])")
    assert rows.count() >= 1
    for i in range(rows.count()):
        row = rows.nth(i)
        if not row.get_attribute("data-rating"):
            assert row.locator("td").last.inner_text().strip() == "not scored"


def test_search_box_quotes_the_sentence_and_names_the_box_it_is_in(
    page: Page, base_url: str
) -> None:
    # The header's search box, as a reader uses it: the result for a word in a
    # good practice example is labelled and linked as that box, and quotes the
    # sentence that holds the word, whole.
    open_page(page, base_url, "")
    results = search_for(page, "genogram")
    link = next(
        results.nth(i)
        for i in range(results.count())
        if (results.nth(i).get_attribute("href") or "").endswith("#b1-good-practice-1")
    )
    assert link.locator(".ir-search__section").inner_text() == "Strengths: Good practice example"
    assert link.locator(".ir-search__excerpt").inner_text() == (
        "The case manager constructed a genogram, which is a diagram that shows how people "
        "in multiple families are related and the nature of the relationship."
    )
    assert link.locator(".ir-search__excerpt mark").inner_text() == "genogram,"
