"""Report text makes no request to another host: images from elsewhere are refused, links out are marked.

An image is fetched as the page loads, so an image from another host would
tell that host who reads which report; validation refuses it, where the author
wrote it. A link fetches nothing until it is followed, so links out stay, with
``rel="noopener noreferrer"`` (README, "Security").
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.markdown import (
    another_host,
    full_check,
    off_site,
    problems,
    render,
    render_inline,
)

REFUSED = "image not on this site (expected a relative URL of a file on this site, got {!r})"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("![Logo](https://example.org/logo.png)", "https://example.org/logo.png"),
        ("![Logo](HTTP://EXAMPLE.ORG/logo.png)", "HTTP://EXAMPLE.ORG/logo.png"),
        # No scheme, and still another host.
        ("![Logo](//example.org/logo.png)", "//example.org/logo.png"),
        ("A form: ![form][f].\n\n[f]: https://example.org/f.png", "https://example.org/f.png"),
        ("- item\n- ![x](<https://example.org/a b.png>)", "https://example.org/a%20b.png"),
        ("| a |\n|---|\n| ![x](https://example.org/t.png) |", "https://example.org/t.png"),
        # Inside a link, an image is still fetched with the page.
        ("[![x](https://example.org/x.png)](../other/)", "https://example.org/x.png"),
        # Not a file of this site either.
        ("![x](data:image/png;base64,AAAA)", "data:image/png;base64,AAAA"),
        ("![x](mailto:someone@example.org)", "mailto:someone@example.org"),
    ],
)
def test_an_image_from_elsewhere_is_refused(text: str, url: str) -> None:
    assert problems(text) == [REFUSED.format(url)]


@pytest.mark.parametrize(
    "text",
    [
        "![Chart](chart.png)",
        "![Chart](../../assets/images/chart.png)",
        "![Chart](/assets/images/chart.png)",
        # markdown-it writes a backslash as %5C, which no browser reads as a slash.
        "![x](/\\\\example.org/x.png)",
        # An image's address, as text and as a link, is no image.
        "`![x](https://example.org/x.png)`",
        "\\![x](https://example.org/x.png)",
    ],
)
def test_an_image_of_this_site_or_no_image_at_all_passes(text: str) -> None:
    assert problems(text) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org",
        "//example.org/x",
        "\\\\example.org/x",
        "/\\example.org/x",
        " https://example.org/",
        "\x01//example.org/",
        "/\t/example.org/",
        "ht\ntps://example.org/",
        "mailto:someone@example.org",
        "data:text/plain,x",
    ],
)
def test_off_site_reads_a_url_as_a_browser_would(url: str) -> None:
    assert off_site(url)


@pytest.mark.parametrize(
    "url", ["", "#b1", "../", "../areas/gwent/", "/data/", "data.json", "?q=1", "a/b:c", "%2F%2Fx"]
)
def test_a_path_of_this_site_is_not_off_site(url: str) -> None:
    assert not off_site(url)


@pytest.mark.parametrize(
    ("url", "marked"),
    [
        ("https://example.org/", True),
        ("HTTP:example.org", True),
        ("//example.org/", True),
        ("ftp://example.org/", True),
        ("/\\example.org/", True),
        # These name no host that could learn where the reader came from.
        ("mailto:someone@example.org", False),
        ("tel:+441234567890", False),
        ("../../data/", False),
        ("#b1", False),
    ],
)
def test_a_link_leads_to_another_host_when_it_names_one(url: str, marked: bool) -> None:
    assert another_host(url) is marked


def test_a_link_to_another_host_is_kept_and_marked() -> None:
    html = render(
        "See [the guidance](https://example.org/guidance/), <https://example.org/>,"
        " [our data](../../data/), [B1](#b1) and <mailto:someone@example.org>."
    )
    assert html == (
        '<p>See <a href="https://example.org/guidance/" rel="noopener noreferrer">the guidance</a>,'
        ' <a href="https://example.org/" rel="noopener noreferrer">https://example.org/</a>,'
        ' <a href="../../data/">our data</a>, <a href="#b1">B1</a> and'
        ' <a href="mailto:someone@example.org">mailto:someone@example.org</a>.</p>\n'
    )
    assert problems("See [the guidance](https://example.org/guidance/).") == []


def test_a_link_out_in_a_one_line_field_is_marked_too() -> None:
    assert render_inline("[x](//example.org/)") == (
        '<a href="//example.org/" rel="noopener noreferrer">x</a>'
    )


# Pieces that make images, links and the ways a URL can name another host.
PIECES = st.sampled_from(
    [
        "![",
        "!",
        "[",
        "]",
        "x",
        "](",
        ")",
        "]: ",
        "\n\n",
        "//",
        "/",
        "\\",
        "https:",
        "example.org",
        "data:",
        "<",
        ">",
        "`",
        " ",
        "\t",
        "&#33;",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_the_fast_path_never_hides_an_image(text: str) -> None:
    assert problems(text) == full_check(text)
