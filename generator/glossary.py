"""Glossary terms become ``<abbr title="…">`` wherever they appear in a report's text.

The work happens on rendered HTML so that every text field, whichever template
printed it, is covered. Only text between tags is touched: never a tag, an
attribute or an id. Headings are left alone because their text also names the
page's table of contents, and so are elements that already explain a term.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

from generator.report import GlossaryEntry

# Our HTML comes from autoescaped templates and markdown-it with HTML off, so a
# literal '<' or '>' never stands inside text or an attribute value: splitting
# on tags is exact here, which it would not be for arbitrary HTML.
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?([a-zA-Z][a-zA-Z0-9]*)")
_SKIP = frozenset({"abbr", "dfn", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "title"})


def _pattern(terms: list[str]) -> re.Pattern[str]:
    # Longest first, so 'HMI Probation' wins over 'HMI'; then alphabetical, so
    # the alternation (and the output) never depends on the glossary's order.
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    alternation = "|".join(re.escape(t) for t in ordered)
    return re.compile(rf"(?<![\w-])({alternation})(?![\w-])")


def _mark(text: str, pattern: re.Pattern[str], titles: dict[str, str]) -> str:
    # Most text runs hold no term: answer those without unescaping and rebuilding.
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


def abbreviate(markup: str, glossary: list[GlossaryEntry]) -> Markup:
    """``markup`` with each glossary term wrapped in ``<abbr>``, outside skipped elements."""
    titles: dict[str, str] = {}
    for entry in glossary:
        # The first definition of a term wins, as a reader scanning the list would read it.
        titles.setdefault(entry.term.strip(), entry.definition.strip())
    titles.pop("", None)
    if not titles:
        return Markup(markup)
    pattern = _pattern(list(titles))
    skipped = 0  # how many skipped elements we are inside
    out: list[str] = []
    for chunk in _TAG.split(markup):
        if chunk.startswith("<"):
            name = _TAG_NAME.match(chunk)
            if name and name.group(1).lower() in _SKIP and not chunk.endswith("/>"):
                skipped += -1 if chunk.startswith("</") else 1
            out.append(chunk)
        elif chunk.strip() and skipped <= 0:
            out.append(_mark(chunk, pattern, titles))
        else:
            out.append(chunk)
    return Markup("".join(out))
