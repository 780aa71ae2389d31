"""User journeys: what a reader does on each page type, and what they must find there."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .pagetypes import SitePages
from .reader import PHONE, open_page

# Where search results live: Material's built-in search, then Pagefind's UI,
# then any search landmark, so the journey survives the switch to Pagefind.
SEARCH_CONTAINERS = "[data-md-component=search], .pagefind-ui, search, [role=search]"
SEARCH_INPUT = (
    "header :is([role=search], search) input:not([type=hidden]), header input[type=search]"
)


def assert_lands_on(page: Page, url_path: str, fragment: str) -> None:
    """The reader is on the page at the section, and the section is not under the sticky header."""
    expect(page).to_have_url(
        re.compile(re.escape(url_path) + r"(\?[^#]*)?#" + re.escape(fragment) + "$")
    )
    target = page.locator(f"[id='{fragment}']")
    expect(target).to_be_in_viewport()
    header = page.locator("header").first
    header_box = header.bounding_box()
    target_box = target.bounding_box()
    assert target_box is not None
    if header_box is not None and header.is_visible():
        assert target_box["y"] >= header_box["y"] + header_box["height"] - 1, (
            f"#{fragment} is hidden under the header"
        )


def test_home_page_loads(page: Page, base_url: str) -> None:
    open_page(page, base_url, "")
    expect(page).to_have_title(re.compile(r"\S"))
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("main, [role=main]").first).to_be_visible()


def test_table_of_contents_link_lands_on_its_section(
    page: Page, base_url: str, site: SitePages
) -> None:
    url_path = site.any_report()
    open_page(page, base_url, url_path)
    # Material's table of contents in the right-hand sidebar; a report that
    # carries its own contents list in the article serves as well.
    links = page.locator(".md-sidebar--secondary a[href*='#']:visible")
    if links.count() == 0:
        links = page.locator("article nav a[href^='#']:visible")
    count = links.count()
    assert count > 0, f"/{url_path} has no visible table of contents"
    # The middle entry: landing on it needs a real scroll, and it is no edge case.
    link = links.nth(count // 2)
    fragment = urlsplit(link.get_attribute("href") or "").fragment
    link.click()
    assert_lands_on(page, url_path, fragment)


def _known_phrase(page: Page) -> tuple[str, str]:
    """A few words from the first paragraph of a section, and the id of that section's heading.

    Sections the search index leaves out (data-pagefind-ignore: the front page
    the site adds, related reports) are passed over."""
    found: list[str] | None = page.evaluate(
        """() => {
            for (const h of document.querySelectorAll('article :is(h2, h3)[id]')) {
                if (h.closest('[data-pagefind-ignore]')) continue;
                let p = h.nextElementSibling;
                while (p && !/^H[1-6]$/.test(p.tagName)) {
                    if (p.tagName === 'P') {
                        const words = p.textContent.match(/[A-Za-z]{4,}/g) || [];
                        if (words.length >= 6) return [words.slice(2, 6).join(' '), h.id];
                    }
                    p = p.nextElementSibling;
                }
            }
            return null;
        }"""
    )
    assert found is not None, "no section with a paragraph of text to search for"
    return found[0], found[1]


def search_container(box: Locator) -> Locator:
    """The nearest search landmark or dialog around the search box: its results are in there."""
    return box.locator(f"xpath=ancestor::*[{_xpath_any(SEARCH_CONTAINERS)}][1]")


def search_for(page: Page, phrase: str) -> Locator:
    """Type into the header search box as a reader does; the result links, once there are any."""
    if page.locator(SEARCH_INPUT).count() == 0:
        pytest.skip("the site has no search box in its header")
    box = page.locator(SEARCH_INPUT).first
    box.click()
    box.press_sequentially(phrase)
    container = search_container(box)
    results = container.locator("a[href]")
    expect(results.first).to_be_visible()
    # Both searches fold further sections of a page under a <details>
    # ("more on this page", "more sections of this report"): open them all.
    folded = container.locator("details:not([open]) > summary")
    for _ in range(results.count()):
        if folded.count() == 0:
            break
        folded.first.click()
    return results


def _xpath_any(selectors: str) -> str:
    """The search container selectors as an XPath test, for the nearest matching ancestor."""
    tests = []
    for selector in (s.strip() for s in selectors.split(",")):
        if selector.startswith("["):
            name, _, value = selector.strip("[]").partition("=")
            tests.append(f"@{name}='{value}'" if value else f"@{name}")
        elif selector.startswith("."):
            tests.append(f"contains(concat(' ', @class, ' '), ' {selector[1:]} ')")
        else:
            tests.append(f"self::{selector}")
    return " or ".join(tests)


def test_search_finds_a_known_phrase_and_lands_on_its_section(
    page: Page, base_url: str, site: SitePages
) -> None:
    url_path = site.any_report()
    open_page(page, base_url, url_path)
    phrase, section = _known_phrase(page)
    open_page(page, base_url, "")
    results = search_for(page, phrase)
    wanted = f"{url_path}#{section}"
    matches = [
        results.nth(i)
        for i in range(results.count())
        if _same_target(results.nth(i).evaluate("a => a.href"), base_url + wanted)
    ]
    assert matches, f"no result for {phrase!r} leads to /{wanted}"
    matches[0].click()
    assert_lands_on(page, url_path, section)


def _same_target(href: str, wanted: str) -> bool:
    a, b = urlsplit(href), urlsplit(wanted)
    return (a.netloc, a.path, a.fragment) == (b.netloc, b.path, b.fragment)


def test_print_hides_the_navigation(page: Page, base_url: str, site: SitePages) -> None:
    url_path = site.any_report()
    open_page(page, base_url, url_path)
    page.emulate_media(media="print")
    expect(page.locator("article h1, main h1").first).to_be_visible()
    # The footer is printed for its licence and the page's address, without its links onward.
    navigation = page.locator(
        ":is(header, nav):not(article *), .md-footer__inner, .md-tabs, .md-sidebar, .md-top,"
        " .breadcrumbs, .report-front, .report-related"
    )
    visible = [
        navigation.nth(i).evaluate("e => e.outerHTML.slice(0, 120)")
        for i in range(navigation.count())
        if navigation.nth(i).is_visible()
    ]
    assert not visible, f"visible in print: {visible}"
    expect(page.locator(".md-copyright")).to_contain_text("Licence")
    expect(page.locator(".md-copyright .ir-print-only")).to_contain_text(url_path)


# The filter controls of a finder or library page, and the entries they filter.
# .md-content, not main: Material's main also holds the sidebars and their toggles.
FILTERS = ".md-content :is(input[type=checkbox], input[type=radio], select):not([hidden])"
ENTRIES = """() => [...document.querySelectorAll('.md-content :is(li, tr, article article)')]
    .filter(e => e.querySelector('a[href]') && e.checkVisibility())
    .map(e => e.innerText.trim()).join('\\n')"""


def _change_first_filter(page: Page) -> None:
    control = page.locator(FILTERS).first
    expect(control).to_be_visible()
    if control.evaluate("e => e.tagName") == "SELECT":
        values = control.locator("option").evaluate_all("os => os.map(o => o.value)")
        current = control.input_value()
        control.select_option(next(v for v in values if v != current))
    else:
        control.click()


def assert_filter_changes_list(page: Page) -> None:
    # After a click the address changes before the new page is parsed: wait for its list.
    try:
        page.wait_for_function(f"() => ({ENTRIES})() !== ''")
    except PlaywrightTimeoutError:
        pytest.fail(f"{page.url} lists nothing before filtering")
    before = page.evaluate(ENTRIES)
    _change_first_filter(page)
    # The list may be filtered asynchronously (from a search index): wait for the change.
    try:
        page.wait_for_function(f"before => ({ENTRIES})() !== before", arg=before)
    except PlaywrightTimeoutError:
        pytest.fail(f"{page.url}: the first filter left the list as it was")


def assert_charts_have_text_and_data(page: Page) -> None:
    charts = page.locator(":is(.md-content, main) figure:has(svg, canvas, img)")
    assert charts.count() > 0, f"{page.url} has no chart"
    for i in range(charts.count()):
        chart = charts.nth(i)
        picture = chart.locator("svg, canvas, img").first
        # The accessible name is what a screen reader announces for the picture.
        name = picture.evaluate(
            """e => e.getAttribute('alt')
                || (e.getAttribute('aria-labelledby') || '').split(/\\s+/)
                    .map(id => document.getElementById(id)?.textContent || '').join(' ').trim()
                || e.getAttribute('aria-label') || ''"""
        )
        assert name.strip(), f"{page.url}: chart {i + 1} has no text alternative"
        table = chart.locator("table")
        assert table.count() == 1, f"{page.url}: chart {i + 1} has no data table"
        assert table.locator("th").count() > 0, f"{page.url}: chart {i + 1}'s table has no headers"
        assert table.locator("td").count() > 0, f"{page.url}: chart {i + 1}'s table has no data"


def test_finder_filters_change_the_list(page: Page, base_url: str, site: SitePages) -> None:
    open_page(page, base_url, site.require("finder"))
    assert_filter_changes_list(page)


def test_good_practice_library_filter_works(page: Page, base_url: str, site: SitePages) -> None:
    index, criterion = site.require("good-practice"), site.require("good-practice-criterion")
    # The index lists criteria, not examples: the reader follows one to its page and filters there.
    open_page(page, base_url, index)
    page.locator(f".md-content a[href='{criterion.removeprefix(index)}']").click()
    expect(page).to_have_url(base_url + criterion)
    assert_filter_changes_list(page)
    # The page leads back to the index, where the criterion's framework lists its criteria.
    page.locator(".md-content article.library > p:last-child a").click()
    expect(page).to_have_url(re.compile(re.escape(base_url + index) + "#"))


def test_area_chart_has_a_text_alternative_and_a_data_table(
    page: Page, base_url: str, site: SitePages
) -> None:
    open_page(page, base_url, site.require("area"))
    assert_charts_have_text_and_data(page)


# Until the finder, library and area pages land, these prove the checks above
# pass a page that works and fail one that does not.
FILTER_PAGE = """<!doctype html><html lang="en"><title>Finder</title><main class="md-content">
<label><input type="checkbox" id="only"> Wales only</label>
<ul><li data-region="wales"><a href="#a">Gwent</a></li>
<li data-region="ne"><a href="#b">County Durham</a></li></ul>
<script>%s</script></main></html>"""
WORKING_FILTER = """document.getElementById('only').addEventListener('change', e => {
    for (const li of document.querySelectorAll('li'))
        li.hidden = e.target.checked && li.dataset.region !== 'wales';
});"""

CHART_PAGE = """<!doctype html><html lang="en"><title>Area</title><main><figure>
<svg role="img" aria-labelledby="t"><title id="t">%s</title><rect width="5" height="5"/></svg>
<figcaption>Scores</figcaption>%s</figure></main></html>"""
CHART_TABLE = (
    "<table><tr><th>Year</th><th>Score</th></tr><tr><td>2004</td><td>69%</td></tr></table>"
)


def test_filter_check_passes_a_working_filter(page: Page) -> None:
    page.set_content(FILTER_PAGE % WORKING_FILTER)
    assert_filter_changes_list(page)
    assert page.evaluate(ENTRIES) == "Gwent"


def test_filter_check_fails_a_dead_filter(page: Page) -> None:
    page.set_content(FILTER_PAGE % "")
    page.set_default_timeout(1_000)
    with pytest.raises(pytest.fail.Exception, match="left the list as it was"):
        assert_filter_changes_list(page)


def test_chart_check_passes_a_described_chart_with_data(page: Page) -> None:
    page.set_content(CHART_PAGE % ("Scores by year", CHART_TABLE))
    assert_charts_have_text_and_data(page)


@pytest.mark.parametrize(
    ("title", "table", "problem"),
    [("", CHART_TABLE, "no text alternative"), ("Scores by year", "", "no data table")],
)
def test_chart_check_fails_a_chart_without_text_or_data(
    page: Page, title: str, table: str, problem: str
) -> None:
    page.set_content(CHART_PAGE % (title, table))
    with pytest.raises(AssertionError, match=problem):
        assert_charts_have_text_and_data(page)


def test_finder_state_is_in_the_address_and_comes_back(
    page: Page, base_url: str, site: SitePages
) -> None:
    """A filtered, sorted list can be bookmarked and shared, and the back button restores it."""
    url_path = site.require("finder")
    open_page(page, base_url, url_path)
    area = page.locator("select[data-filter=area]")
    choice = area.locator("option").nth(1).get_attribute("value")
    assert choice
    area.select_option(choice)
    page.locator("select[data-sort]").select_option("year:asc")
    expect(page).to_have_url(re.compile(r"\?.*area=.*sort=year%3Aasc"))
    shown = page.locator("#finder-list tbody tr:not([hidden])").count()
    shared = page.url
    # Opened afresh from the address: the same filters, the same rows.
    open_page(page, base_url, shared.removeprefix(base_url))
    expect(page.locator("select[data-filter=area]")).to_have_value(choice)
    expect(page.locator("select[data-sort]")).to_have_value("year:asc")
    expect(page.locator("#finder-list tbody tr:not([hidden])")).to_have_count(shown)
    # Into a report and back.
    page.locator("#finder-list tbody tr:not([hidden]) th a").first.click()
    page.go_back()
    expect(page).to_have_url(shared)
    expect(page.locator("select[data-filter=area]")).to_have_value(choice)
    # A value the form does not offer is ignored, not shown.
    open_page(page, base_url, url_path + "?area=%3Cscript%3E&sort=nonsense")
    expect(page.locator("select[data-filter=area]")).to_have_value("")
    expect(page.locator("select[data-sort]")).to_have_value("year:desc")


def test_an_abbreviation_expands_on_a_tap(browser: Browser, base_url: str, site: SitePages) -> None:
    """Hover shows an abbreviation's title only to a mouse; a tap writes it out, a second hides it."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_page(page, base_url, site.require("report-esi-full"))
        abbr = page.locator("article p abbr[title]").first
        title = abbr.get_attribute("title")
        assert title
        abbr.scroll_into_view_if_needed()
        abbr.tap()
        expansion = page.locator("article p abbr[title] + .abbr-expansion").first
        expect(expansion).to_have_text(f"({title})")
        abbr.tap()
        expect(page.locator(".abbr-expansion")).to_have_count(0)
    finally:
        context.close()


def test_a_report_opens_with_its_front_page_and_copies_its_citation(
    browser: Browser, base_url: str, site: SitePages
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        url_path = site.require("report-pdu-2021")
        open_page(page, base_url, url_path)
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        expect(crumbs.get_by_role("link", name="Reports")).to_be_visible()
        front = page.locator("section.report-front")
        expect(front.get_by_role("heading", name="At a glance")).to_be_visible()
        front.get_by_role("link", name="Ratings for each standard").click()
        expect(page).to_have_url(re.compile(r"#ratings$"))
        page.get_by_role("button", name="Copy citation").click()
        expect(page.locator("[data-copy-status]")).to_have_text("Citation copied.")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert url_path in copied and "HM Inspectorate of Probation" in copied
    finally:
        context.close()
