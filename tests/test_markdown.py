"""Markdown: the fast paths agree with the full parse, for safety and for HTML."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.markdown import (
    SUSPECT,
    full_check,
    plain_render,
    problems,
    render,
    renderer,
    suspect,
)

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


# Everything that can turn prose into something else, or change how
# markdown-it trims and breaks lines, next to the prose it would have to spoil.
TRICKY = (
    "\\`*_[]()<>&#!|~=+-.:;,?'\"%/$@^{}"
    " \t\n\r\x00\x0b\x0c\x1c\x85\xa0\u1680\u2003\u2028\u3000\ud800\ufffd"
    "aZ019é’“–£"
)
# Prose the fast path should take...
PROSE = ["Prose, with (asides)", "'quoted'", '"said"', "2010", "75%", "é’", "x", " ", "\n", "\n\n"]
# ...what can turn a line into a block, at its start or under it...
BLOCK_MARKS = ["1.", "1)", "12.", "-", "---", "===", "+", "#", "~~~", ">", ":", "!", "|-|"]
# ...whitespace that markdown-it trims, breaks lines at or indents with...
SPACES = [" ", "  ", "    ", "\t", "\r", "\u00a0", "\u3000"]
# ...and inline syntax.
INLINE_MARKS = ["&amp;", "&copy", "_", "*", "`", "[", "](", "<", ">", "\\", "~~", "|"]
SPOILERS = BLOCK_MARKS + SPACES + INLINE_MARKS


# Block syntax hangs on what starts a line and on the line before it, so
# texts are also built line by line: lines of prose around one spoilt line.
# One only, as a second spoiler would send the whole text to the full parse
# and hide the first from the fast path.
def _lines() -> st.SearchStrategy[str]:
    prose = st.lists(st.sampled_from(PROSE[:-2]), min_size=1, max_size=4).map("".join)
    block = st.sampled_from(BLOCK_MARKS)
    inline = st.sampled_from(INLINE_MARKS)
    space = st.sampled_from(SPACES)
    spoilt = st.one_of(
        block,
        st.tuples(block, st.sampled_from([*SPACES, ""]), prose).map("".join),
        st.tuples(space, prose).map("".join),
        st.tuples(prose, space).map("".join),
        st.tuples(prose, inline, prose).map("".join),
        # Emphasis and code spans take a pair: "a _b_ c".
        st.tuples(prose, inline, prose).map(lambda p: f"{p[0]} {p[1]}{p[2]}{p[1]} {p[0]}"),
        # A table takes a header and a delimiter row.
        st.tuples(prose, prose).map(lambda p: f"{p[0]}|{p[1]}\n|-|-|"),
    )
    around = st.lists(st.one_of(prose, st.just("")), max_size=3)
    return st.tuples(around, spoilt, around).map(lambda t: "\n".join([*t[0], t[1], *t[2]]))


TEXTS = st.one_of(
    st.text(alphabet=TRICKY, max_size=30),
    st.lists(st.sampled_from(PROSE), max_size=14).map("".join),
    st.lists(st.sampled_from(PROSE + SPOILERS), max_size=14).map("".join),
    # Twice, for weight: a spoiler among prose is where a slip would hide.
    _lines(),
    _lines(),
)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_plain_text_renders_as_markdown_it_would(text: str) -> None:
    expected = renderer().render(text)
    fast = plain_render(text)
    if fast is not None:
        assert fast == expected
    assert render(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The service had improved.",
        'Staff said "not yet" in 2010; 75% (of 40) agreed.',
        "First paragraph.\n\nSecond, after a blank line.\nSame paragraph.\n",
        "Café – the inspector’s “view”: good? Yes! £5 #3 a+b=c ~x {y} @z ^w $v",
    ],
)
def test_typical_prose_takes_the_fast_path(text: str) -> None:
    assert plain_render(text) is not None
    assert plain_render(text) == renderer().render(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. list",
        "12) list",
        "- list",
        "+ list",
        "Heading\n===",
        "Heading\n---",
        "# heading",
        "    code",
        "\tcode",
        "~~~\nfence",
        "line  \nbreak",
        " leading space",
        "trailing space ",
        "a\u00a0",
        "a\r\nb",
        "a\x00b",
        "a & b",
        "a < b",
        "a > b",
        "a | b",
        "a _b_ c",
        "a `b` c",
        "a|b\n-|-",
    ],
)
def test_markdown_syntax_takes_the_full_parse(text: str) -> None:
    assert plain_render(text) is None
    assert render(text) == renderer().render(text)


def test_no_whitespace_but_space_and_newline_takes_the_fast_path() -> None:
    # The allowed characters are spelt as ranges around Unicode's spaces.
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) not in " \n"]
    assert len(spaces) > 20
    for space in spaces:
        assert plain_render(f"a{space}b") is None, hex(ord(space))


@given(st.text(alphabet=st.sampled_from(list("scriptdataSCRIPTDATAſK <&\\: \n\tx")), max_size=40))
def test_suspect_answers_as_the_pattern_does(text: str) -> None:
    assert suspect(text) == (SUSPECT.search(text) is not None)
