"""Markdown for report text: one parser, shared by validation and rendering.

Text fields hold CommonMark plus tables. Raw HTML and links with executable
schemes are refused at validation time rather than escaped at render time, so
that an author learns about them where they wrote them.

A page makes no request to another host (README, "Security"): an image must be
a file of this site, so an image with a scheme or a host is refused too. A link
to another host stays a link, since it fetches nothing until it is followed,
and is written with ``rel="noopener noreferrer"``: the page's referrer policy
says the same, but a fragment from ``reports generate`` may be set in a layout
that has none.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
# A URL that may leave this site: one with a scheme (it names its own host, or
# is no file of this site at all, as mailto: and data: are), or one starting
# with two slashes, which browsers read as a host. Browsers drop tabs and line
# breaks anywhere in a URL, and leading spaces and control characters, and
# take a backslash for a slash in http(s) URLs; so does this test.
_OFF_SITE = re.compile(r"^[\x00-\x20]*(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", re.IGNORECASE)
# A link to another host: http(s), or any URL with a host ("//"); a mailto: or
# tel: link names no host to tell anything.
_ANOTHER_HOST = re.compile(
    r"^[\x00-\x20]*(?:https?:|(?:[a-z][a-z0-9+.-]*:)?[/\\]{2})", re.IGNORECASE
)
_URL_IGNORED = re.compile(r"[\t\n\r]")
# Raw HTML needs a '<'; an unsafe link needs its scheme, spelt out or hidden
# behind an entity or a backslash escape; an image needs '![' (an entity or an
# escape cannot make syntax). Text with none of these cannot hold any of them,
# and most report text has none, so it skips the full parse.
SUSPECT = re.compile(r"[<&\\]|!\[|script\s*:|data\s*:", re.IGNORECASE)
_SCHEME = re.compile(r"(?:script|data)\s*:", re.IGNORECASE)

# Most report text is plain prose, and a full parse is the costliest step of rendering it.
# Text that none of the checks in :func:`plain_render` rejects renders as
# paragraphs of escaped text and nothing else, so it can write markdown-it's
# output itself. The checks are narrow on purpose; whatever they let through is
# compared with markdown-it by a property test. They are split into patterns
# that Python's regex engine scans quickly (one alternation over every
# position cost half the time saved).
#
# Characters: letters, digits, ' ', '\n', punctuation that starts nothing
# inline once '[', ']', '<', '>', '&', '`', '*', '_', '\\' and '|' are gone, and
# non-ASCII above U+00A0 except Unicode spaces (markdown-it trims those) and
# surrogates. That leaves out tabs (they indent), '\r', NUL, other controls
# and the no-break space.
_PLAIN_CHARS = (
    "\n A-Za-z0-9.,;:?!'\"%/()+=$@^{}#~\\-"
    "\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e"
    "\u2060-\u2fff\u3001-\ud7ff\ue000-\U0010ffff"
)
_NOT_PLAIN_CHAR = re.compile(f"[^{_PLAIN_CHARS}]")
# A line may not start with a space (indented code, and markdown-it strips
# it), a character that can open a block (heading '#', list '-' '+', underline
# '=' '-', fence '~'; ':' and '!' to be safe) or an ordered-list marker.
_BLOCK_START = r"[ #+=~:!-]|[0-9]+[.)]"
_OPENS_BLOCK = re.compile(_BLOCK_START)
_OPENS_BLOCK_AFTER_NEWLINE = re.compile(f"\n(?:{_BLOCK_START})")
_PARAGRAPH_BREAK = re.compile(r"\n\n+")


OFF_SITE_REL = "noopener noreferrer"
"""The ``rel`` of a link to another host."""


def off_site(url: str) -> bool:
    """Whether ``url``, in a page of this site, may be anything but a file of this site."""
    return _OFF_SITE.match(_URL_IGNORED.sub("", url)) is not None


def another_host(url: str) -> bool:
    """Whether a link to ``url``, in a page of this site, leads to another host."""
    return _ANOTHER_HOST.match(_URL_IGNORED.sub("", url)) is not None


def _allow_every_link(url: str) -> bool:
    # markdown-it silently drops links it considers unsafe, which would hide
    # them from validation; accept them all here and judge them ourselves.
    return True


@cache
def checker() -> MarkdownIt:
    """A parser that keeps HTML and every link visible, for validation only."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = _allow_every_link  # type: ignore[method-assign]
    return md


def _list_item_open(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    # Numbered lists in reports are referred to by number ("recommendation 3"),
    # so the number is printed as text rather than left to a CSS list marker.
    token = tokens[idx]
    html = str(self.renderToken(tokens, idx, options, env))
    if token.info and token.markup in (".", ")"):
        html += f'<span class="list-number">{token.info}{token.markup}</span> '
    return html


def _ordered_list_open(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    tokens[idx].attrJoin("class", "numbered")
    tokens[idx].attrSet("role", "list")
    return str(self.renderToken(tokens, idx, options, env))


def _link_open(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    # A link to another host neither tells it which report the reader came
    # from nor gives it a handle on this window.
    if another_host(str(tokens[idx].attrGet("href") or "")):
        tokens[idx].attrSet("rel", OFF_SITE_REL)
    return str(self.renderToken(tokens, idx, options, env))


@cache
def renderer() -> MarkdownIt:
    """The parser used to render report text: HTML off, unsafe links refused."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.add_render_rule("list_item_open", _list_item_open)
    md.add_render_rule("ordered_list_open", _ordered_list_open)
    md.add_render_rule("link_open", _link_open)
    return md


def problems(text: str) -> list[str]:
    """Everything wrong with a Markdown text, as messages ready for a report."""
    if not suspect(text):
        return []
    return full_check(text)


def suspect(text: str) -> bool:
    """Whether :data:`SUSPECT` matches ``text``, answered mostly by substring tests.

    The case-insensitive alternation scans every text character by character;
    a missing ':' rules out both schemes at C speed.
    """
    if "<" in text or "&" in text or "\\" in text or "![" in text:
        return True
    return ":" in text and _SCHEME.search(text) is not None


def full_check(text: str) -> list[str]:
    """The problems a full parse finds; :func:`problems` skips it for text that cannot have any."""
    found: list[str] = []

    def visit(tokens: list[Any]) -> None:
        for tok in tokens:
            if tok.type in ("html_block", "html_inline"):
                snippet = tok.content.strip().splitlines()[0][:40]
                found.append(f"raw HTML is not allowed (expected Markdown, got {snippet!r})")
            elif tok.type == "image" and off_site(src := str(tok.attrGet("src") or "")):
                found.append(
                    "image not on this site (expected a relative URL of a file on this"
                    f" site, got {src!r})"
                )
            elif tok.type in ("link_open", "image"):
                href = str(tok.attrGet("href") or tok.attrGet("src") or "")
                if UNSAFE_SCHEME.match(href):
                    found.append(
                        f"unsafe link target (expected an http(s) or relative URL, got {href!r})"
                    )
            if tok.children:
                visit(tok.children)

    visit(checker().parse(text))
    # One message per kind of problem: '<script>' and '</script>' are one mistake.
    unique: list[str] = []
    for message in found:
        if not any(message.split(" (")[0] == seen.split(" (")[0] for seen in unique):
            unique.append(message)
    return unique


def check_markdown(value: str) -> str:
    """Pydantic validator: accept safe Markdown, reject anything else with a reason."""
    found = problems(value)
    if found:
        raise ValueError("; ".join(found))
    return value


def plain_render(text: str) -> str | None:
    """markdown-it's HTML for text that is only paragraphs of prose, else None.

    The lines of such text start and end with a non-space, so markdown-it's
    trimming leaves them alone and the line breaks inside a paragraph come out
    as they went in.
    """
    if (
        _NOT_PLAIN_CHAR.search(text) is not None
        or _OPENS_BLOCK.match(text) is not None
        or _OPENS_BLOCK_AFTER_NEWLINE.search(text) is not None
        # A space ending a line: hard breaks and trimming.
        or " \n" in text
        or text.endswith(" ")
    ):
        return None
    body = text.strip("\n")
    if not body:
        return ""
    return "<p>" + _PARAGRAPH_BREAK.sub("</p>\n<p>", escapeHtml(body)) + "</p>\n"


def render(text: str) -> str:
    """Markdown to HTML for the report templates."""
    fast = plain_render(text)
    if fast is not None:
        return fast
    return str(renderer().render(text))


def render_inline(text: str) -> str:
    """Markdown to HTML without the surrounding paragraph, for one-line fields."""
    return str(renderer().renderInline(text))
