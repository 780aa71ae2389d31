"""HTML validity: the Nu Html Checker reports no error on any page type."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .pagetypes import PAGE_TYPES, SitePages

# Errors in theme markup we cannot change, each with its reason. A pattern
# matches the checker's message and the start of the offending markup.
ALLOWED: dict[tuple[str, str], str] = {
    (
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
    ): (
        "Material's base.html writes the drawer and search toggles outside any template "
        "block, so only a fork of base.html could drop the attribute; autocomplete=off "
        "stops Firefox restoring a stale open drawer or search on back navigation"
    ),
}

Message = dict[str, Any]


def vnu(jar: Path, files: list[Path]) -> dict[Path, list[Message]]:
    """Errors per file, from one run of the checker (the JVM starts once)."""
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages: list[Message] = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker did not run (exit {result.returncode}):\n{result.stderr}")
    found: dict[Path, list[Message]] = {f.resolve(): [] for f in files}
    for message in messages:
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")).resolve()
        found.setdefault(path, []).append(message)
    return found


def _allowed(message: Message) -> bool:
    extract = message.get("extract", "")
    return any(
        re.search(text, message.get("message", "")) and re.search(markup, extract)
        for text, markup in ALLOWED
    )


def _describe(messages: list[Message]) -> str:
    return "\n".join(
        f"  line {m.get('lastLine')}: {m.get('message')}\n    {m.get('extract', '').strip()}"
        for m in messages
    )


@pytest.fixture(scope="session")
def checked(site: SitePages, vnu_jar: Path) -> dict[Path, list[Message]]:
    files = []
    for page_type in PAGE_TYPES:
        url_path = site.find(page_type)
        if url_path is not None:
            files.append(site.root / url_path / "index.html")
    return vnu(vnu_jar, files)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_html_errors(
    site: SitePages, checked: dict[Path, list[Message]], page_type: str
) -> None:
    url_path = site.require(page_type)
    path = (site.root / url_path / "index.html").resolve()
    assert path in checked, f"{path} was not checked"
    errors = [m for m in checked[path] if m.get("type") == "error" and not _allowed(m)]
    assert not errors, f"/{url_path}:\n{_describe(errors)}"


def test_checker_reports_a_known_error(vnu_jar: Path, tmp_path: Path) -> None:
    """Proves the check can fail: a duplicate id is an error."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>Bad</title></head>'
        '<body><p id="x">a</p><p id="x">b</p></body></html>',
        encoding="utf-8",
    )
    errors = vnu(vnu_jar, [page])[page.resolve()]
    assert [m["message"] for m in errors] == ["Duplicate ID “x”."]
