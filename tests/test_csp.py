"""Every built page carries the Content-Security-Policy, and nothing in a page needs more than it allows.

The policy and its reasons are in ``overrides/main.html`` (README, "Security").
A policy in a ``<meta>`` governs only what comes after it, and it refuses
inline scripts, inline styles and event-handler attributes, so these tests read
every page of a built site for each. ``tests/browser/test_security.py`` loads
the page types in Chromium with the policy in force.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from datafolders import data_folder
from sites import free_port, get_page

from generator.model.markdown import OFF_SITE_REL, another_host, off_site

ROOT = Path(__file__).resolve().parent.parent
SITE_DATA = data_folder("site")
MKDOCS = [sys.executable, "-m", "mkdocs"]

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"
    " img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
# A preview adds one source, for the live-reload script `mkdocs serve` writes into each page.
PREVIEW_POLICY = POLICY.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-inline'")
REFERRER = "same-origin"

# Script types a browser runs; any other (application/json) is data, which no policy governs.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# <link> relations that fetch nothing as the page loads.
NOT_FETCHED = {"canonical", "prev", "next", "alternate"}


class Elements(HTMLParser):
    """A page's elements in document order, with the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag == "script":
            self._in_script = True
            self.script_text.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def _parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def _config(tmp: Path, data: Path) -> Path:
    """The project's mkdocs.yml over ``data``, without the search index, which holds no page."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(ROOT / "content"), site_dir=str(tmp / "site"))
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    options = {"data_dir": str(data), "templates": str(ROOT / "templates"), "cache_dir": ""}
    config["plugins"] = [{"inspection-reports": {**options, "search_index": "never"}}]
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("csp-site")
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(_config(tmp, SITE_DATA))],
        capture_output=True, text=True, timeout=300, env=ENV, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, tuple[str, Elements]]:
    """Every HTML page of the site: its path, its text and its elements."""
    found = {
        p.relative_to(site).as_posix(): (text := p.read_text(encoding="utf-8"), _parse(text))
        for p in sorted(site.rglob("*.html"))
    }
    # One of each kind of page at least: report types, finder, areas, library, open data, 404.
    assert {
        "index.html",
        "404.html",
        "accessibility/index.html",
        "reports/index.html",
        "reports/northshire-2004-esi/index.html",
        "reports/northshire-2005-esi-follow-up/index.html",
        "reports/eastmoor-2022-pdu/index.html",
        "areas/index.html",
        "areas/northshire/index.html",
        "good-practice/index.html",
        "good-practice/esi-2003/b1/index.html",
        "data/index.html",
    } <= set(found)
    return found


def _meta(parsed: Elements, **match: str) -> list[tuple[int, dict[str, str]]]:
    return [
        (i, attrs)
        for i, (tag, attrs) in enumerate(parsed.elements)
        if tag == "meta" and all(attrs.get(k, "").lower() == v.lower() for k, v in match.items())
    ]


def test_every_page_states_the_policy_before_anything_it_governs(
    pages: dict[str, tuple[str, Elements]],
) -> None:
    for path, (text, parsed) in pages.items():
        policies = _meta(parsed, **{"http-equiv": "Content-Security-Policy"})
        assert [attrs["content"] for _, attrs in policies] == [POLICY], path
        at = policies[0][0]
        # Only <html> and <head> come before it: no script, stylesheet or image escapes it.
        assert [tag for tag, _ in parsed.elements[:at]] == ["html", "head"], path
        assert [a["content"] for _, a in _meta(parsed, name="referrer")] == [REFERRER], path
        # Browsers look for the encoding in the first 1024 bytes only.
        assert '<meta charset="utf-8">' in text.encode("utf-8")[:1024].decode("utf-8", "ignore")


def test_no_page_has_an_inline_script_style_or_event_handler(
    pages: dict[str, tuple[str, Elements]],
) -> None:
    scripts = 0
    for path, (_text, parsed) in pages.items():
        found = iter(parsed.script_text)
        for tag, attrs in parsed.elements:
            assert tag != "style", f"{path}: a <style> element"
            assert "style" not in attrs, f"{path}: <{tag} style={attrs['style']!r}>"
            handlers = [name for name in attrs if name.startswith("on")]
            assert not handlers, f"{path}: <{tag}> has {handlers}"
            if tag == "script":
                text = next(found)
                if attrs.get("type", "").lower() in SCRIPT_TYPES:
                    scripts += 1
                    assert "src" in attrs and not text.strip(), (
                        f"{path}: inline script {text[:80]!r}"
                    )
    assert scripts > 5 * len(pages)


def test_every_script_and_stylesheet_is_a_file_of_the_site(
    site: Path, pages: dict[str, tuple[str, Elements]]
) -> None:
    for path, (_text, parsed) in pages.items():
        page_url = urljoin("http://site.invalid/", path)
        for tag, attrs in parsed.elements:
            if tag == "script" and "src" in attrs:
                url = attrs["src"]
            elif tag == "link" and not set(attrs.get("rel", "").split()) & NOT_FETCHED:
                url = attrs["href"]
            else:
                continue
            assert not off_site(url), f"{path}: <{tag}> from {url}"
            target = urlsplit(urljoin(page_url, url)).path.lstrip("/")
            assert (site / target).is_file(), f"{path}: <{tag}> {url} is not in the site"


def test_every_link_out_of_the_site_is_marked(pages: dict[str, tuple[str, Elements]]) -> None:
    out: set[str] = set()
    for path, (_text, parsed) in pages.items():
        for tag, attrs in parsed.elements:
            if tag == "a" and another_host(attrs.get("href", "")):
                out.add(attrs["href"])
                assert attrs.get("rel") == OFF_SITE_REL, f"{path}: <a href={attrs['href']!r}>"
    # Report text (an autolink in a fixture report) and the licence in the footer.
    assert "https://example.org/hmi-probation/" in out
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in out


def test_data_images_are_allowed_for_the_stylesheets_alone(
    site: Path, pages: dict[str, tuple[str, Elements]]
) -> None:
    # img-src allows data: because Material's stylesheet draws its icons from
    # data: URLs; were that to change, the policy should drop it.
    drawn = [css for css in site.rglob("*.css") if re.search(r"url\(['\"]?data:", css.read_text())]
    assert drawn, "no stylesheet uses a data: image; take data: out of img-src"
    for path, (_text, parsed) in pages.items():
        for tag, attrs in parsed.elements:
            for name in ("src", "srcset", "href", "poster"):
                assert not attrs.get(name, "").lower().startswith("data:"), f"{path}: <{tag}>"


# --- Material's inline scripts, served as files -------------------------------------------------

_spec = importlib.util.find_spec("material")
assert _spec is not None and _spec.origin is not None
MATERIAL_PARTIALS = Path(_spec.origin).parent / "templates" / "partials" / "javascripts"
OUR_PARTIALS = ROOT / "overrides" / "partials" / "javascripts"
OUR_SCRIPTS = ROOT / "content" / "assets" / "javascripts" / "material"

# Each inline script of Material's partials (by its place in the partial) and our file for it.
SERVED_AS = {
    ("announce.html", 0): "announce.js",
    ("base.html", 0): "base.js",
    ("consent.html", 0): "consent.js",
    ("content.html", 0): "content-tabs-link.js",
    ("content.html", 1): "content.js",
    ("outdated.html", 0): "outdated.js",
    ("palette.html", 0): "palette.js",
}
# Values Material writes into its code, and where our files read them instead.
MOVED_VALUES = {
    '"{{ config.extra.scope | d(base_url) }}"': "document.currentScript.dataset.mdScope",
    '"{{ base_url }}"': "document.currentScript.dataset.mdBase",
}
INLINE = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def test_every_inline_script_material_writes_is_served_as_a_file() -> None:
    inline = {
        (partial.name, i)
        for partial in MATERIAL_PARTIALS.glob("*.html")
        for i, _ in enumerate(INLINE.findall(partial.read_text(encoding="utf-8")))
    }
    assert inline == set(SERVED_AS)
    for (partial, _), script in SERVED_AS.items():
        ours = (OUR_PARTIALS / partial).read_text(encoding="utf-8")
        assert "<script>" not in ours
        assert f"'assets/javascripts/material/{script}' | url" in ours


def test_the_served_scripts_are_materials_own_code() -> None:
    for (partial, i), script in SERVED_AS.items():
        code = INLINE.findall((MATERIAL_PARTIALS / partial).read_text(encoding="utf-8"))[i]
        for written, read in MOVED_VALUES.items():
            code = code.replace(written, read)
        assert "{{" not in code and "{%" not in code, f"{partial}: a value not moved"
        ours = (OUR_SCRIPTS / script).read_text(encoding="utf-8")
        header, _, body = ours.partition(" */\n")
        assert header.startswith("/* Material for MkDocs:"), script
        assert body == code + "\n", f"{script} differs from Material's {partial}; copy it again"


def test_the_moved_values_travel_on_the_script_element(
    pages: dict[str, tuple[str, Elements]],
) -> None:
    scopes = {}
    for path, (_text, parsed) in pages.items():
        (scope,) = [
            a["data-md-scope"]
            for tag, a in parsed.elements
            if tag == "script" and a.get("src", "").endswith("/material/base.js")
        ]
        scopes[path] = scope
    # What Material would have written: the way from the page to the site's root.
    assert scopes["index.html"] == "."
    assert scopes["reports/index.html"] == ".."
    assert scopes["reports/northshire-2004-esi/index.html"] == "../.."
    assert scopes["404.html"] == "/"


# --- A preview ----------------------------------------------------------------------------------


def test_a_preview_lets_the_live_reload_script_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    port = free_port()
    url = f"http://127.0.0.1:{port}/reports/"
    server = subprocess.Popen(
        [*MKDOCS, "serve", "-f", str(_config(tmp_path, data)), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "Content-Security-Policy" not in (html := get_page(url)):
            assert time.monotonic() < deadline, "mkdocs serve did not start"
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    parsed = _parse(html)
    (policy,) = [
        a["content"] for _, a in _meta(parsed, **{"http-equiv": "Content-Security-Policy"})
    ]
    assert policy == PREVIEW_POLICY
    # MkDocs' live reload is an inline script: without 'unsafe-inline' a preview would never reload.
    assert any("livereload" in text for text in parsed.script_text)
