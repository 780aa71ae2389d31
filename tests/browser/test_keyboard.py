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
    // Focus not obscured (WCAG 2.4.11): whatever is drawn at the middle of the
    // focused element is that element, not the sticky header over it.
    const top = document.elementFromPoint(
        Math.min(Math.max(b.left + b.width / 2, 0), innerWidth - 1),
        Math.min(Math.max(b.top + b.height / 2, 0), innerHeight - 1));
    const covered = !!top && !shown.contains(top) && !top.contains(shown);
    return {
        covered: covered ? top.outerHTML.slice(0, 80) : null,
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


def walk_focus(page: Page) -> tuple[bool, list[str]]:
    """Tab through the whole page: whether focus reached the main content, and each stop not seen."""
    problems: list[str] = []
    reached_main = False
    for _ in range(MAX_TABS):
        state = tab(page)
        if state is None or state["again"]:
            break  # Tab has left the page or come round again.
        reached_main = reached_main or state["inMain"]
        if not state["visible"]:
            problems.append(f"focused but not on screen: {state['html']}")
        elif state["covered"]:
            problems.append(f"focused but under {state['covered']}: {state['html']}")
        elif not state["indicator"]:
            problems.append(f"no focus outline: {state['html']}")
    return reached_main, problems


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_tab_reaches_the_content_and_focus_is_always_visible(
    page: Page, base_url: str, site: SitePages, page_type: str
) -> None:
    url_path = open_type(page, base_url, site, page_type)
    reached_main, problems = walk_focus(page)
    assert reached_main, f"/{url_path}: Tab never reached the main content"
    assert not problems, f"/{url_path}: focus not visible on:\n" + "\n".join(problems)


def test_focus_walk_reports_hidden_outlineless_and_covered_focus(page: Page) -> None:
    """Proves the walk can fail: each way of losing sight of focus is reported."""
    page.set_content(
        '<!doctype html><html lang="en"><title>Focus</title><body style="margin:0">'
        '<header style="position:fixed;top:0;height:60px;width:100%;background:#fff;z-index:1">'
        '<a href="#a" style="outline:none">No ring</a></header>'
        '<main style="padding-top:10px"><a href="#b" style="opacity:0">Invisible</a>'
        '<p><a href="#c">Under the header</a></p>'
        '<p style="margin-top:80px"><a href="#d">Fine</a></p></main></body></html>'
    )
    reached_main, problems = walk_focus(page)
    assert reached_main
    expected = ["no focus outline", "focused but not on screen", "focused but under <header"]
    assert len(problems) == len(expected), problems
    for problem, prefix in zip(problems, expected, strict=True):
        assert problem.startswith(prefix), problems
