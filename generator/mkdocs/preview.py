"""``mkdocs serve`` with bad data: the last good site, and every problem on every page.

A failed rebuild makes MkDocs' dev server hold every request until a build
succeeds, so one typo in one report would stall the whole preview with the
error only in the terminal. The preview's builds therefore never fail on bad
data: the session builds the last valid plan again (which keeps every page as
it was) and records the problems; this WSGI middleware, put in front of the
server's application through the server's public ``get_app``/``set_app``
(MkDocs' ``on_serve`` event hands the server over for this), adds the list of
problems at the top of every HTML page it serves. The dev server's live reload
brings each open page back by itself once a save fixes the data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

PANEL_ID = "preview-problems"


def panel(problems: Sequence[str]) -> str:
    """The problems as HTML: each ``file:line:col: key.path: message`` line as written."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    items = "".join(f"<li><code>{escape(p)}</code></li>\n" for p in problems)
    return (
        f'<section class="preview-problems" id="{PANEL_ID}" role="alert" '
        f'aria-labelledby="{PANEL_ID}-title">\n'
        f'<h2 id="{PANEL_ID}-title">The data has {count}: this preview shows the site '
        f"as last built from valid data</h2>\n<ul>\n{items}</ul>\n"
        "<p>Fix them and save: this page reloads by itself. "
        "<code>reports validate</code> lists the same problems.</p>\n</section>\n"
    )


def with_panel(page: bytes, problems: Sequence[str]) -> bytes:
    """``page`` with the problems panel first in its body."""
    found = _BODY.search(page)
    at = found.end() if found else 0
    return page[:at] + panel(problems).encode("utf-8") + page[at:]


class ProblemsMiddleware:
    """Serves what the wrapped application serves, with the current problems on HTML pages."""

    def __init__(self, app: WSGIApp, problems: Callable[[], Sequence[str]]) -> None:
        self.app = app
        self.problems = problems

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        held: dict[str, Any] = {}

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            held.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None  # the legacy write(): the dev server never calls it

        body = self.app(environ, hold)
        headers: list[tuple[str, str]] = held.get("headers", [])
        html = any(k.lower() == "content-type" and "text/html" in v for k, v in headers)
        problems = self.problems() if html else ()
        if not problems:
            start_response(held["status"], headers, held.get("exc_info"))
            return body
        try:
            page = with_panel(b"".join(body), problems)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(page))))
        start_response(held["status"], headers, held.get("exc_info"))
        return [page]


def install(server: Any, problems: Callable[[], Sequence[str]]) -> None:
    """Put the problems panel in front of a dev server's application."""
    server.set_app(ProblemsMiddleware(server.get_app(), problems))
