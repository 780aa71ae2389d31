"""A rendered page's ids and in-page links, found by literal search, as the regexes find them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.stages.page import attribute_values, page_from_markup

# Pieces that make near-misses likely: quotes, ids glued to the tag name,
# every kind of whitespace that \s takes, and empty values.
_PIECES = st.sampled_from(
    ['id="', 'href="#', '"', " ", "\n", "\t", "\x1c", "\u2003", "x", "a", "<p", ">", "=", "#"]
)
_HTML = st.lists(_PIECES, max_size=40).map("".join)


@given(_HTML)
def test_ids_are_what_the_regex_finds(html: str) -> None:
    assert attribute_values(html, 'id="', empty=False) == re.findall(r'\sid="([^"]+)"', html)


@given(_HTML)
def test_in_page_links_are_what_the_regex_finds(html: str) -> None:
    assert attribute_values(html, 'href="#') == re.findall(r'\shref="#([^"]*)"', html)


def test_page_anchors_duplicates_and_broken_links() -> None:
    markup = (
        '<h2 id="a">A</h2><p id="a">again</p><div\nid="b"></div><pid="c">'
        '<a href="#b">b</a> <a href="#c">c</a> <a href="#">top</a>'
    )
    page = page_from_markup("x/index.md", "X", "", markup, False)
    assert page.anchors == frozenset({"a", "b"})
    assert page.duplicates == frozenset({"a"})
    assert page.broken_anchors() == ["", "c"]
