"""What the tests do to a page the way a reader's browser would: open it, switch palette, audit it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page, ViewportSize

from .pagetypes import SitePages

Palette = Literal["light", "dark"]
PALETTES: tuple[Palette, ...] = ("light", "dark")

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Where axe-core is served from during an audit: a path of the site's own
# origin that the site does not use.
AXE_PATH = "/__tests__/axe.min.js"


def open_page(page: Page, base_url: str, url_path: str) -> None:
    response = page.goto(base_url + url_path, wait_until="load")
    assert response is not None and response.ok, f"{url_path}: HTTP {response and response.status}"
    # Text measured before the web fonts arrive would be measured in the wrong face.
    page.evaluate("document.fonts.ready.then(() => true)")


def open_type(page: Page, base_url: str, site: SitePages, page_type: str) -> str:
    """Open one page of this type (skipping the test when there is none yet); its URL path."""
    url_path = site.require(page_type)
    open_page(page, base_url, url_path)
    return url_path


def scheme(page: Page) -> str:
    return str(page.evaluate("document.body.getAttribute('data-md-color-scheme') || 'default'"))


def set_palette(page: Page, palette: Palette) -> None:
    """Switch Material's palette the way a reader does: by clicking the toggle in the header."""
    want_dark = palette == "dark"
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    schemes = page.eval_on_selector_all(
        "input[name=__palette]", "els => els.map(e => e.dataset.mdColorScheme)"
    )
    if want_dark and not any(s and s != "default" for s in schemes):
        pytest.skip("the theme defines no dark palette")
    # Each click moves to the next palette; there are at most as many as inputs.
    for _ in range(len(schemes) + 1):
        if (scheme(page) != "default") == want_dark:
            return
        toggle.first.click()
    raise AssertionError(f"the palette toggle never reached the {palette} palette")


def run_axe(
    page: Page,
    axe_script: Path,
    disabled: dict[str, str] | None = None,
    exclude: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.x A/AA violations on the page as it stands.

    ``disabled`` (rule id) and ``exclude`` (CSS selector) map to the written
    reason each one is there, so no exception goes unexplained.
    """
    if urlsplit(page.url).scheme in ("http", "https"):
        # The site's Content-Security-Policy refuses inline scripts, which is
        # what add_script_tag(path=...) writes; axe comes in as a file of the
        # page's own origin instead, so every page is audited with its policy in force.
        url = urljoin(page.url, AXE_PATH)
        page.route(
            url, lambda route: route.fulfill(path=axe_script, content_type="text/javascript")
        )
        try:
            page.add_script_tag(url=url)
        finally:
            page.unroute(url)
    else:
        # Markup set with set_content (about:blank) has no origin to serve from, and no policy.
        page.add_script_tag(path=str(axe_script))
    violations: list[dict[str, Any]] = page.evaluate(
        """async ([tags, disabled, exclude]) => {
            const rules = Object.fromEntries(disabled.map(id => [id, {enabled: false}]));
            const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
            const result = await axe.run(context, {
                runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), html: n.html.slice(0, 300),
                    summary: n.failureSummary,
                })),
            }));
        }""",
        [AXE_TAGS, list(disabled or {}), list(exclude or {})],
    )
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}\n      {node['html']}\n      {node['summary']}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)
