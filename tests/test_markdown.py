"""Markdown safety: the fast path never hides a problem the full parse would find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown import full_check, problems, render

PIECES = st.sampled_from(
    [
        "[x](",
        ")",
        "<",
        ">",
        "&#106;",
        "&colon;",
        "\\",
        ":",
        "javascript",
        "java",
        "script",
        "vbscript",
        "data",
        "DATA",
        " ",
        "\t",
        "\n",
        "a",
        "b/",
        "http",
        "<b>",
        "*",
        "1. ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_fast_path_agrees_with_the_full_parse(text: str) -> None:
    assert problems(text) == full_check(text)


def test_numbered_lists_print_their_numbers() -> None:
    assert render("3. third\n4. fourth") == (
        '<ol start="3" class="numbered" role="list">\n'
        '<li><span class="list-number">3.</span> third</li>\n'
        '<li><span class="list-number">4.</span> fourth</li>\n</ol>\n'
    )
