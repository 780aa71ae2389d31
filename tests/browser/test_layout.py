"""Phone and desktop layout: screenshots, no sideways scrolling, wide tables scroll in their own box."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .pagetypes import PAGE_TYPES, SitePages
from .reader import DESKTOP, PHONE, describe, open_page, open_type, run_axe
from .test_axe import DISABLED, EXCLUDED

WIDTHS = {390: PHONE, 1280: DESKTOP}

# Every table, and whether it overflows the window or sits in a box that scrolls.
TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
    let box = t.parentElement, scroller = null;
    for (; box && box !== document.body; box = box.parentElement) {
        if (/(auto|scroll)/.test(getComputedStyle(box).overflowX)) { scroller = box; break; }
    }
    const r = (scroller || t).getBoundingClientRect();
    return {
        table: (t.querySelector('caption')?.textContent || t.outerHTML).trim().slice(0, 80),
        scroller: scroller ? scroller.className : null,
        wide: t.scrollWidth > innerWidth,
        fits: r.left >= -1 && r.right <= document.documentElement.clientWidth + 1,
    };
})"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_screenshot(
    page: Page, base_url: str, site: SitePages, screenshots: Path, page_type: str, width: int
) -> None:
    page.set_viewport_size(WIDTHS[width])
    open_type(page, base_url, site, page_type)
    path = screenshots / f"{page_type}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_phone_does_not_scroll_sideways(
    phone: Page, base_url: str, site: SitePages, page_type: str
) -> None:
    url_path = open_type(phone, base_url, site, page_type)
    widths = phone.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"/{url_path} is {widths[0]}px wide in a {widths[1]}px window"
    for table in phone.evaluate(TABLES):
        assert not table["wide"] or table["scroller"], f"/{url_path}: {table['table']!r} overflows"
        assert table["fits"], (
            f"/{url_path}: the box around {table['table']!r} is wider than the screen"
        )


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_phone_has_no_accessibility_violations(
    phone: Page, base_url: str, site: SitePages, axe_script: Path, page_type: str
) -> None:
    """The phone layout is a different page to axe: drawers, and tables that scroll."""
    url_path = open_type(phone, base_url, site, page_type)
    violations = run_axe(phone, axe_script, DISABLED, EXCLUDED)
    assert not violations, f"/{url_path} (390px):\n{describe(violations)}"


def test_phone_menu_has_no_accessibility_violations(
    phone: Page, base_url: str, site: SitePages, axe_script: Path
) -> None:
    """The navigation drawer only opens on a phone, and is markup a page load never shows."""
    url_path = site.any_report()
    open_page(phone, base_url, url_path)
    phone.locator("header label[for=__drawer]").click()
    expect(phone.locator(".md-sidebar--primary")).to_be_in_viewport()
    violations = run_axe(phone, axe_script, DISABLED, EXCLUDED)
    assert not violations, f"/{url_path} (390px, menu open):\n{describe(violations)}"


# The size of every piece of text in the page's content that a reader sees,
# with what it is, smallest first. Visually hidden text (1px boxes) is skipped.
TEXT_SIZES = """() => {
    const seen = [];
    const walker = document.createTreeWalker(
        document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || !el || el.closest('svg')) continue;
        const box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1 || !el.checkVisibility()) continue;
        seen.push([parseFloat(getComputedStyle(el).fontSize), el.tagName.toLowerCase(),
                   node.textContent.trim().slice(0, 40)]);
    }
    return seen.sort((a, b) => a[0] - b[0]).slice(0, 5);
}"""

# Each chart's text as drawn: its size in CSS pixels, and whether it was cut short.
CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(t => ({
        px: scale * parseFloat(getComputedStyle(t).fontSize),
        text: t.textContent,
        right: t.getBoundingClientRect().right - svg.getBoundingClientRect().right,
        left: t.getBoundingClientRect().left - svg.getBoundingClientRect().left,
    }));
})"""

READABLE_PX = 14
CHART_PX = 11


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_phone_text_is_readable(
    phone: Page, base_url: str, site: SitePages, page_type: str
) -> None:
    url_path = open_type(phone, base_url, site, page_type)
    smallest = phone.evaluate(TEXT_SIZES)
    assert smallest, f"/{url_path}: no text found"
    assert smallest[0][0] >= READABLE_PX, f"/{url_path} (390px): smallest text {smallest}"


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_labels_are_readable_and_whole(
    page: Page, base_url: str, site: SitePages, width: int
) -> None:
    page.set_viewport_size(WIDTHS[width])
    url_path = open_type(page, base_url, site, "area")
    texts = page.evaluate(CHART_TEXT)
    assert texts, f"/{url_path}: no chart"
    for text in texts:
        assert text["px"] >= CHART_PX, f"/{url_path} ({width}px): {text}"
        assert "…" not in text["text"], f"/{url_path}: a label was cut short: {text}"
        assert text["left"] >= -1 and text["right"] <= 1, f"/{url_path}: clipped: {text}"
