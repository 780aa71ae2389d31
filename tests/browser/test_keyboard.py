"""Keyboard only: a skip link, Tab reaches the search box and the content, focus always shows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .pagetypes import PAGE_TYPES, SitePages
from .reader import open_page, open_type
from .test_journeys import SEARCH_INPUT

# More Tab stops than any page has before its content, so "not reached" is a finding.
MAX_TABS = 400

# The focused element, or for a visually hidden control (Material's palette
# radios) the label a sighted reader actually sees, and whether it shows focus.
FOCUS_STATE = """async () => {
    let el = document.activeElement;
    if (!el || el === document.body) return null;
    window.__tabbed = window.__tabbed || new WeakSet();
    const again = window.__tabbed.has(el);
    window.__tabbed.add(el);
    // Judge the focus style where it settles, not halfway through a transition.
    await Promise.all(document.getAnimations()
        .filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null)));
    const box = e => e.getBoundingClientRect();
    const hidden = e => {
        const s = getComputedStyle(e), b = box(e);
        return s.opacity === '0' || b.width < 2 || b.height < 2 || s.visibility !== 'visible';
    };
    let shown = el;
    if (hidden(el)) {
        // Material puts a palette radio's visible toggle right after it.
        const near = [...(el.labels || []), el.nextElementSibling].filter(Boolean);
        shown = near.find(l => l.tagName === 'LABEL' && !l.hidden && !hidden(l)) || el;
    }
    // An outline is the indicator we require: it is what a11y.css draws, and
    // unlike a colour change it does not depend on the reader seeing colour.
    const s = getComputedStyle(shown);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
        && !/rgba\\(.*, 0\\)$|transparent/.test(s.outlineColor);
    const b = box(shown);
    return {
        html: el.outerHTML.slice(0, 160),
        again,
        inMain: !!el.closest('main, [role=main]'),
        visible: !hidden(shown) && b.bottom > 0 && b.top < innerHeight,
        indicator: outline,
    };
}"""


def tab(page: Page) -> dict[str, Any] | None:
    page.keyboard.press("Tab")
    state: dict[str, Any] | None = page.evaluate(FOCUS_STATE)
    return state


def test_first_tab_reaches_a_skip_link_to_the_content(
    page: Page, base_url: str, site: SitePages
) -> None:
    url_path = site.any_report()
    open_page(page, base_url, url_path)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text(re.compile("skip", re.IGNORECASE))
    href = focused.get_attribute("href") or ""
    assert href.startswith("#"), f"the skip link goes to {href!r}, not to a place on the page"
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    target = page.locator(f"[id='{href[1:]}']")
    expect(target).to_be_in_viewport()
    assert target.evaluate("e => !!e.closest('main, [role=main]')"), (
        "the skip link skips past the content"
    )


def test_tab_reaches_the_search_box(page: Page, base_url: str) -> None:
    open_page(page, base_url, "")
    box = page.locator(SEARCH_INPUT).first
    for _ in range(MAX_TABS):
        tab(page)
        if box.evaluate("e => e === document.activeElement"):
            return
    pytest.fail(f"{MAX_TABS} presses of Tab never reached the search box")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_tab_reaches_the_content_and_focus_is_always_visible(
    page: Page, base_url: str, site: SitePages, page_type: str
) -> None:
    url_path = open_type(page, base_url, site, page_type)
    invisible: list[str] = []
    reached_main = False
    for _ in range(MAX_TABS):
        state = tab(page)
        if state is None or state["again"]:
            break  # Tab has left the page or come round again.
        reached_main = reached_main or state["inMain"]
        if not state["visible"]:
            invisible.append(f"focused but not on screen: {state['html']}")
        elif not state["indicator"]:
            invisible.append(f"no focus outline: {state['html']}")
    assert reached_main, f"/{url_path}: Tab never reached the main content"
    assert not invisible, f"/{url_path}: focus not visible on:\n" + "\n".join(invisible)
