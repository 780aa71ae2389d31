"""The recommendation tracker as a reader uses it: by keyboard, and on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .pagetypes import SitePages
from .reader import open_page

VISIBLE_STATUSES = """() => [...document.querySelectorAll('.tracker-entry')]
    .filter(e => !e.hidden)
    .map(e => e.dataset.status)"""


def _tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching ``selector`` has the focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_status_filter_works_from_the_keyboard(
    page: Page, base_url: str, site: SitePages
) -> None:
    url_path = site.require("tracker-area")
    open_page(page, base_url, url_path)
    everything = page.evaluate(VISIBLE_STATUSES)
    assert len(set(everything)) > 1, "the page needs more than one status to filter"
    _tab_to(page, "select[data-filter=status]")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("select[data-filter=status]").input_value()
    assert chosen, "ArrowDown on the focused filter chose no status"
    shown = page.evaluate(VISIBLE_STATUSES)
    assert shown and set(shown) == {chosen}
    assert len(shown) < len(everything)
    count = page.locator("[data-explore-count]")
    expect(count).to_have_text(f"Showing {len(shown)} of {len(everything)} recommendations.")
    # The reset button, reached by keyboard too, brings every recommendation back.
    _tab_to(page, "form[data-explore-filters] button[type=reset]")
    page.keyboard.press("Enter")
    page.wait_for_function(f"n => ({VISIBLE_STATUSES})().length === n", arg=len(everything))


def test_the_index_leads_to_each_area(page: Page, base_url: str, site: SitePages) -> None:
    index = site.require("tracker")
    open_page(page, base_url, index)
    links = page.locator("table.tracker-areas th[scope=row] a")
    assert links.count() > 0
    links.first.click()
    expect(page).to_have_url(re.compile(re.escape(base_url + index) + r"[a-z0-9-]+/$"))
    expect(page.locator(".tracker-entry").first).to_be_visible()


def test_a_later_finding_links_to_its_place(page: Page, base_url: str, site: SitePages) -> None:
    open_page(page, base_url, site.require("tracker-area"))
    finding = page.locator(".tracker-entry__findings a").first
    href = finding.get_attribute("href")
    assert href and "/reports/" in href
    finding.click()
    expect(page).to_have_url(re.compile(r"/reports/[a-z0-9-]+/(#[a-z0-9-]+)?$"))
