"""Glossary abbreviation: the fast scan gives, to the byte, what the chunk-by-chunk walk gave."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from generator.model.report import GlossaryEntry
from generator.stages.glossary import abbreviate

# --- Reference: generator/glossary.py's abbreviate before the fast scan, kept
# unchanged as the oracle, so that a change to the module cannot move both sides.

_REF_TAG = re.compile(r"(<[^>]*>)")
_REF_TAG_NAME = re.compile(r"^</?([a-zA-Z][a-zA-Z0-9]*)")
_REF_SKIP = frozenset({"abbr", "dfn", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "title"})


def _ref_pattern(terms: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    alternation = "|".join(re.escape(t) for t in ordered)
    return re.compile(rf"(?<![\w-])({alternation})(?![\w-])")


def _ref_mark(text: str, pattern: re.Pattern[str], titles: dict[str, str]) -> str:
    if "&" not in text and pattern.search(text) is None:
        return text
    plain = html.unescape(text)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(plain):
        out.append(escape(plain[last : match.start()]))
        term = match.group(1)
        out.append(f'<abbr title="{escape(titles[term])}">{escape(term)}</abbr>')
        last = match.end()
    if not out:
        return text
    out.append(escape(plain[last:]))
    return "".join(out)


def reference(markup: str, glossary: list[GlossaryEntry]) -> Markup:
    titles: dict[str, str] = {}
    for entry in glossary:
        titles.setdefault(entry.term.strip(), entry.definition.strip())
    titles.pop("", None)
    if not titles:
        return Markup(markup)
    pattern = _ref_pattern(list(titles))
    skipped = 0
    out: list[str] = []
    for chunk in _REF_TAG.split(markup):
        if chunk.startswith("<"):
            name = _REF_TAG_NAME.match(chunk)
            if name and name.group(1).lower() in _REF_SKIP and not chunk.endswith("/>"):
                skipped += -1 if chunk.startswith("</") else 1
            out.append(chunk)
        elif chunk.strip() and skipped <= 0:
            out.append(_ref_mark(chunk, pattern, titles))
        else:
            out.append(chunk)
    return Markup("".join(out))


# --- Generated documents and glossaries.

# Terms that prefix, contain or overlap each other, with hyphens, punctuation,
# digits, a non-ASCII letter, and names that are also entity or tag names.
TERMS = [
    "HMI",
    "HMI Probation",
    "Probation",
    "PO",
    "PO-led",
    "POs",
    "e.g.",
    "C++",
    "Co-op",
    "U.K.",
    "Tier 2",
    "Q1",
    "ABC/DEF",
    "s.7(a)",
    "ÉSI",
    "eOASys",
    "OASys",
    "iP",
    "e",
    "amp",
    "39",
    "quot",
    "code",
    "h1",
    "-x",
    "x-",
]
# Terms whose characters stand escaped in HTML: abbreviate takes the
# chunk-by-chunk walk for them. The documents hold them as text and escaped.
HARD_TERMS = ["A&E", "O'Neill", '"Q"', "x<y", "a>b", "R&amp;D", "AT&T"]
HARD_TEXT = [*HARD_TERMS, *(str(escape(term)) for term in HARD_TERMS), "O&#x27;Neill"]

# Text pieces besides the terms: what may stand next to a term, entities that
# unescape to a character a term cannot hold, and entities that need _mark's
# unescaping to be read right (some spell a term: &#72;MI is HMI).
SEPARATORS = [" ", "  ", "\n", ", ", ".", "-", "_", "/", "(", ")", ";", "#", ">", "'", '"']
WORDS = ["the", "work", "s", "x", "1", "É", "MI", "O"]
ENTITIES = [
    "&amp;",
    "&lt;",
    "&gt;",
    "&#39;",
    "&#34;",
    "&quot;",
    "&nbsp;",
    "&#72;",
    "&#72;MI",
    "&#80;O",
    "P&#79;",
    "&#45;",
    "&#x27;",
    "&amp",
    "&ampx",
    "&",
    "&#390;",
    "&unknown;",
]
TAGS = [
    "<p>",
    "</p>",
    "<br>",
    "<br/>",
    '<p title="HMI Probation">',
    '<a href="#PO" title="PO &amp; HMI">',
    "</a>",
    '<img alt="HMI&#39;s PO">',
    "<!-- PO -->",
    "<>",
    "<code>",
    "</code>",
    "<CODE>",
    "<code/>",
    "<pre>",
    "</pre>",
    "<pre />",
    "<h1>",
    "</h1>",
    "<H2 id='PO'>",
    "</h2>",
    "<h6>",
    "</H6>",
    "<h7>",
    "</h7>",
    "<h10>",
    "<abbr>",
    '<abbr title="PO">',
    "</abbr>",
    "<abbrx>",
    "<abbr-x>",
    "</abbr-x>",
    "<dfn>",
    "</dfn>",
    "<title>",
    "</title>",
    "<tıtle>",
    "< code>",
    "</ code>",
    "<//code>",
    "<code\nclass='x'>",
]
STRAY = ["<", "a < b"]

_definitions = st.text(alphabet="ab &<>\"'-", max_size=8)
_padding = st.sampled_from(["", "", " ", "\t"])


@st.composite
def cases(
    draw: st.DrawFn, terms: list[str], text: list[str], tags: list[str]
) -> tuple[str, list[GlossaryEntry]]:
    # Padded terms, blank terms and repeated terms with another definition:
    # abbreviate strips them, drops them and keeps the first, in that order.
    chosen = draw(st.lists(st.sampled_from([*terms, " "]), min_size=1, max_size=8))
    glossary = [
        GlossaryEntry(term=draw(_padding) + term + draw(_padding), definition=draw(_definitions))
        for term in chosen
    ]
    # The document leans on the glossary's own terms, so that most runs hold one.
    piece = st.one_of(
        st.sampled_from(chosen),
        st.sampled_from(text),
        st.sampled_from(SEPARATORS),
        st.sampled_from(WORDS),
        st.sampled_from(ENTITIES),
        st.sampled_from(tags),
    )
    return "".join(draw(st.lists(piece, min_size=8, max_size=80))), glossary


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_same(markup: str, glossary: list[GlossaryEntry]) -> None:
    got = abbreviate(markup, glossary)
    assert type(got) is Markup
    assert str(got) == str(reference(markup, glossary))


@SETTINGS
@given(cases(TERMS, TERMS, TAGS))
def test_same_as_reference_on_report_like_html(case: tuple[str, list[GlossaryEntry]]) -> None:
    assert_same(*case)


@SETTINGS
@given(cases(TERMS + HARD_TERMS, TERMS + HARD_TEXT, TAGS))
def test_same_as_reference_with_terms_that_html_escapes(
    case: tuple[str, list[GlossaryEntry]],
) -> None:
    assert_same(*case)


@SETTINGS
@given(cases(TERMS, TERMS, TAGS + STRAY))
def test_same_as_reference_with_a_stray_angle_bracket(
    case: tuple[str, list[GlossaryEntry]],
) -> None:
    assert_same(*case)


@SETTINGS
@given(
    st.text(alphabet="<>/&;#-_ 'aE1HMIPO", max_size=80),
    st.lists(st.sampled_from(["HMI", "PO", "PO-a", "a", "E", "1", "&a", "P'O", "a<b"]), max_size=5),
)
def test_same_as_reference_on_any_text(markup: str, terms: list[str]) -> None:
    assert_same(markup, [GlossaryEntry(term=term, definition="d") for term in terms])


# --- Examples, with the output written out.

GLOSSARY = [
    GlossaryEntry(term="HMI", definition="His Majesty's Inspector"),
    GlossaryEntry(term="HMI Probation", definition="HM Inspectorate of Probation"),
    GlossaryEntry(term="PO", definition='Probation "officer"'),
]
HMI = '<abbr title="His Majesty&#39;s Inspector">HMI</abbr>'
HMIP = '<abbr title="HM Inspectorate of Probation">HMI Probation</abbr>'
PO = '<abbr title="Probation &#34;officer&#34;">PO</abbr>'


EXAMPLES = {
    "longest term wins, outside tags and skipped elements": (
        '<h2 id="HMI">HMI</h2><p title="PO">HMI Probation and HMI, <code>PO</code> POs PO.</p>',
        f'<h2 id="HMI">HMI</h2><p title="PO">{HMIP} and {HMI}, <code>PO</code> POs {PO}.</p>',
    ),
    # Only the run that gains an <abbr> is rebuilt, so its &quot; becomes &#34;.
    "a run with a term is unescaped and escaped again": (
        "<p>PO&#39;s &quot;work&quot; &amp; more</p><p>&quot;none&quot;</p>",
        f"<p>{PO}&#39;s &#34;work&#34; &amp; more</p><p>&quot;none&quot;</p>",
    ),
    # Only unescaped does the first run hold a term at all; HMI&#45;led reads
    # HMI-led, no term, so that run stays as it was.
    "a term spelled with a character reference is found": (
        "<p>&#72;MI</p><p>&#72;MI and x&#45;HMI</p><p>HMI&#45;led</p>",
        f"<p>{HMI}</p><p>{HMI} and x-HMI</p><p>HMI&#45;led</p>",
    ),
    "text without terms comes back as it was": (
        "<p>No term here &amp; none &quot;there&quot;</p><code>HMI</code>",
        "<p>No term here &amp; none &quot;there&quot;</p><code>HMI</code>",
    ),
}


@pytest.mark.parametrize(("markup", "expected"), EXAMPLES.values(), ids=EXAMPLES.keys())
def test_example(markup: str, expected: str) -> None:
    assert abbreviate(markup, GLOSSARY) == expected == reference(markup, GLOSSARY)


def test_an_empty_glossary_changes_nothing() -> None:
    assert abbreviate("<p>HMI</p>", []) == "<p>HMI</p>"


def test_markup_input_is_escaped_like_a_string() -> None:
    # Text a Markup holds unescaped (here ' " >) must come out escaped all the same.
    markup = Markup('<p>PO\'s "HMI" > x</p>')
    assert abbreviate(markup, GLOSSARY) == f"<p>{PO}&#39;s &#34;{HMI}&#34; &gt; x</p>"
    assert abbreviate(markup, GLOSSARY) == reference(str(markup), GLOSSARY)
