"""The Content-Security-Policy in Chromium: no page asks another host for anything, none breaks the policy.

Every request a page makes is routed: those for the test server go through,
any other is recorded and refused, so a run needs no network and a slip shows
as a list of URLs. Breaches of the policy are caught two ways: Chromium's
``securitypolicyviolation`` events, passed out through a binding, and its
console, which also carries what raises no event (WebAssembly refused for
want of 'wasm-unsafe-eval' shows only as an error there). Two self-tests prove
that each way reports what it should.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect

from .pagetypes import PAGE_TYPES, SitePages
from .reader import DESKTOP, open_page, set_palette

# Pages to load: every page type, and the 404 page, which links its assets from the root.
PAGES = (*PAGE_TYPES, "not-found")

REPORT_VIOLATIONS = """
addEventListener('securitypolicyviolation', e => window.__cspViolation(
    `${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`
), true);
"""


@dataclass
class Guard:
    """What a page asked of other hosts, and every breach of its policy."""

    origin: str
    elsewhere: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        if _origin(url) == self.origin:
            route.fallback()
        else:
            self.elsewhere.append(url)
            route.abort("blockedbyclient")

    def console(self, message: ConsoleMessage) -> None:
        if "content security policy" in message.text.lower():
            self.violations.append(f"console {message.type}: {message.text}")

    def violation(self, _source: Any, text: str) -> None:
        self.violations.append(f"event: {text}")

    def assert_clean(self, where: str) -> None:
        assert self.elsewhere == [], f"{where} asked another host for {self.elsewhere}"
        assert self.violations == [], (
            f"{where} broke its Content-Security-Policy: {self.violations}"
        )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def watch(page: Page, base_url: str) -> Guard:
    guard = Guard(_origin(base_url))
    page.route("**/*", guard.route)
    page.on("console", guard.console)
    page.expose_binding("__cspViolation", guard.violation)
    page.add_init_script(REPORT_VIOLATIONS)
    return guard


@pytest.fixture
def guard(page: Page, base_url: str) -> Guard:
    return watch(page, base_url)


def _settle(page: Page) -> None:
    # Deferred scripts, and whatever they fetch, finish before the page is judged.
    page.wait_for_load_state("networkidle")


def _policy(page: Page) -> str:
    meta = page.locator("meta[http-equiv='Content-Security-Policy']")
    expect(meta).to_have_count(1)
    return meta.get_attribute("content") or ""


@pytest.mark.parametrize("page_type", PAGES)
def test_a_page_loads_from_this_site_alone_within_its_policy(
    page: Page, base_url: str, site: SitePages, guard: Guard, page_type: str
) -> None:
    url_path = "404.html" if page_type == "not-found" else site.require(page_type)
    open_page(page, base_url, url_path)
    _settle(page)
    policy = _policy(page)
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
    # Material's scripts, served as files, ran: the scope its bundle keys storage by is set.
    assert page.evaluate("typeof __md_get === 'function' && __md_scope.href") == base_url
    guard.assert_clean(f"/{url_path}")


def _search(page: Page) -> None:
    box = page.locator("header input[type=search]")
    box.click()
    box.press_sequentially("risk")
    expect(page.locator(".ir-search__results a[href]").first).to_be_visible()


def test_search_and_the_palette_work_within_the_policy(
    page: Page, base_url: str, guard: Guard
) -> None:
    open_page(page, base_url, "")
    _search(page)
    # The palette toggle stores the choice through Material's moved scripts, and
    # the next page applies it before it is drawn.
    set_palette(page, "dark")
    open_page(page, base_url, "reports/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    _settle(page)
    guard.assert_clean("search and the palette")


def test_search_without_its_worker_needs_no_more_than_wasm_unsafe_eval(
    page: Page, base_url: str, guard: Guard
) -> None:
    # Pagefind compiles its WebAssembly in a worker, which no <meta> policy
    # governs; when the worker cannot start it compiles it in the page, and
    # the page's policy must allow that, and nothing more.
    page.route("**/pagefind-worker.js", lambda route: route.abort())
    open_page(page, base_url, "")
    _search(page)
    _settle(page)
    guard.assert_clean("search in the page")


def test_self_test_a_refused_inline_script_and_style_are_reported(
    page: Page, base_url: str, guard: Guard
) -> None:
    open_page(page, base_url, "")
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.ranInline = true';
            document.head.append(script);
            document.body.setAttribute('style', 'color: red');
        }"""
    )
    expect(page.locator("body")).to_have_attribute("style", "color: red")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ranInline") is None
    events = [v for v in guard.violations if v.startswith("event:")]
    assert any("script-src" in v for v in events), guard.violations
    assert any("style-src" in v for v in events), guard.violations
    assert any(v.startswith("console") for v in guard.violations), guard.violations


def test_self_test_a_request_to_another_host_is_recorded(browser: Browser, base_url: str) -> None:
    # With the policy bypassed, an image from elsewhere reaches the network and the guard.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    try:
        page = context.new_page()
        guard = watch(page, base_url)
        open_page(page, base_url, "")
        page.evaluate(
            """() => {
                const img = new Image();
                img.src = 'https://third-party.invalid/pixel.png';
                document.body.append(img);
            }"""
        )
        _settle(page)
        assert guard.elsewhere == ["https://third-party.invalid/pixel.png"]
    finally:
        context.close()
