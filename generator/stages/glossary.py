"""Glossary terms become ``<abbr title="…">`` wherever they appear in a report's text.

The work happens on rendered HTML so that every text field, whichever template
printed it, is covered. Only text between tags is touched: never a tag, an
attribute or an id. Headings are left alone because their text also names the
page's table of contents, and so are elements that already explain a term.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from itertools import accumulate

from markupsafe import Markup, escape

from generator.model.report import GlossaryEntry

# Our HTML comes from autoescaped templates and markdown-it with HTML off, so a
# literal '<' or '>' never stands inside text or an attribute value: splitting
# on tags is exact here, which it would not be for arbitrary HTML.
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?([a-zA-Z][a-zA-Z0-9]*)")
_SKIP = frozenset({"abbr", "dfn", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "title"})

# The tags that _TAG_NAME and _SKIP count. ASCII-only case folding, as .lower()
# on an ASCII name: Unicode folding would also take 'tıtle'.
_SKIP_TAG = re.compile(r"<(/?)(?ai:abbr|dfn|code|pre|h[1-6]|title)(?![a-zA-Z0-9])[^>]*+(?<!/)>")
# These entities unescape to characters that no fast-path term holds, so they
# can neither make nor break a match; any other '&' might, so it sends its
# text run through _mark as if it held a term.
_ODD_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|#39|#34);)")
# A term holding one of these can match text only once it is unescaped, or
# across a tag's edge when the whole document is scanned at once.
_HARD = frozenset("&<>'\"")


def _pattern(terms: list[str]) -> re.Pattern[str]:
    # Longest first, so 'HMI Probation' wins over 'HMI'; then alphabetical, so
    # the alternation (and the output) never depends on the glossary's order.
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    # Grouped by first character, keeping that order within a group, the same
    # terms are tried at any position in the same order. The check on the
    # character before a term follows its first character, a literal, so that
    # a search skips in C to where a term can begin instead of trying a match
    # at every position: a whole document can be searched at once.
    groups: dict[str, list[str]] = {}
    for term in ordered:
        groups.setdefault(term[0], []).append(re.escape(term[1:]))
    alternation = "|".join(
        rf"{re.escape(first)}(?<![\w-].)(?:{'|'.join(rests)})(?![\w-])"
        for first, rests in groups.items()
    )
    return re.compile(alternation, re.DOTALL)


def _mark(text: str, pattern: re.Pattern[str], abbrs: dict[str, str]) -> str:
    # Most text runs hold no term: answer those without unescaping and rebuilding.
    if "&" not in text and pattern.search(text) is None:
        return text
    plain = html.unescape(text)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(plain):
        out += (escape(plain[last : match.start()]), abbrs[match.group()])
        last = match.end()
    if not out:
        return text
    out.append(escape(plain[last:]))
    return "".join(out)


def _mark_every_run(markup: str, pattern: re.Pattern[str], abbrs: dict[str, str]) -> str:
    # Exact for any input, but a Python step per tag and per text run.
    skipped = 0  # how many skipped elements we are inside
    out: list[str] = []
    for chunk in _TAG.split(markup):
        if chunk.startswith("<"):
            name = _TAG_NAME.match(chunk)
            if name and name.group(1).lower() in _SKIP and not chunk.endswith("/>"):
                skipped += -1 if chunk.startswith("</") else 1
            out.append(chunk)
        elif chunk.strip() and skipped <= 0:
            out.append(_mark(chunk, pattern, abbrs))
        else:
            out.append(chunk)
    return "".join(out)


def _skip_depths(markup: str) -> tuple[list[int], list[int]]:
    # Where each skipped element's tag starts, and how many skipped elements
    # the text after it stands in, as _mark_every_run counts them.
    tags = [(tag.start(), tag.group(1)) for tag in _SKIP_TAG.finditer(markup)]
    # A '<' inside another tag starts no tag of its own: _TAG keeps that whole.
    tags = [
        (at, slash) for at, slash in tags if markup.rfind("<", 0, at) <= markup.rfind(">", 0, at)
    ]
    return [at for at, _ in tags], list(accumulate(-1 if slash else 1 for _, slash in tags))


def _mark_found_runs(markup: str, pattern: re.Pattern[str], abbrs: dict[str, str]) -> str:
    # What _mark_every_run returns, given no term in _HARD and a '>' after every
    # '<' (so that each of _TAG's tags runs from a '<' to the next '>', and no
    # text run holds a '<'), with Python work only for the terms and odd '&'s
    # that C-level scans of the whole document find, and for skipped elements.
    #
    # No term holds '<' or '>', so each term found lies within one run or one
    # tag, and the terms found in a run are those _mark finds in it alone (the
    # tags' '>' before it and '<' after it are no word characters). That is
    # all of _mark's work in a run without '&'. A run with '&' goes to _mark
    # if the scans find anything in it; any other run _mark would give back
    # as it was: unescaping &amp; &lt; &gt; &quot; &#39; &#34; yields only
    # characters no such term holds, and leaves a non-word character (the
    # entity's ';' or '&' before, & < > ' " after) beside any term, so it
    # makes no match the scan would not have found.
    finds = [found.span() for found in pattern.finditer(markup)]
    # An odd '&' wraps nothing (-1 is never read): it only sends its run to _mark.
    if odd := [(found.start(), -1) for found in _ODD_AMP.finditer(markup)]:
        finds = sorted(finds + odd)
    if not finds:
        return markup
    skip_starts, depths = _skip_depths(markup)
    out: list[str] = []
    copied = 0  # markup[:copied] is in out
    done = 0  # a find before this is in the tag or run last dealt with
    marking = False  # whether that run's terms are being wrapped here
    for at, stop in finds:
        if at < done:
            if marking:
                out += (escape(markup[copied:at]), abbrs[markup[at:stop]])
                copied = stop
            continue
        if marking:
            out.append(escape(markup[copied:done]))
            copied = done
            marking = False
        tag = markup.rfind("<", 0, at)
        begin = markup.index(">", tag) + 1 if tag >= 0 else 0
        if begin > at:  # inside a tag: an attribute, never marked
            done = begin
            continue
        end = markup.find("<", at)
        done = end = len(markup) if end < 0 else end
        inside = bisect_right(skip_starts, begin)
        if inside and depths[inside - 1] > 0:
            continue
        out.append(markup[copied:begin])
        if markup.find("&", begin, end) >= 0:
            out.append(_mark(markup[begin:end], pattern, abbrs))
            copied = end
        else:
            out += (escape(markup[begin:at]), abbrs[markup[at:stop]])
            copied = stop
            marking = True
    if marking:
        out.append(escape(markup[copied:done]))
        copied = done
    out.append(markup[copied:])
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
    abbrs = {
        term: f'<abbr title="{escape(title)}">{escape(term)}</abbr>'
        for term, title in titles.items()
    }
    # A Markup's slices are Markup, which escape() would pass through unescaped.
    text = str(markup)
    pattern = _pattern(list(titles))
    if _HARD.isdisjoint("".join(titles)) and text.rfind("<") <= text.rfind(">"):
        return Markup(_mark_found_runs(text, pattern, abbrs))
    return Markup(_mark_every_run(text, pattern, abbrs))
