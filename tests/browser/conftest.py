"""Session fixtures: build the site once, serve it on 127.0.0.1, drive Debian's Chromium.

Set ``BROWSER_TESTS_SITE=site`` (any built site directory) to test an existing
build instead of building a fresh one into a temporary directory, and
``BROWSER_TESTS_DATA`` to the data directory that build came from (default
``data``), which says which report is of which type.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from .pagetypes import ROOT, SitePages
from .reader import DESKTOP

CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
ARTIFACTS = ROOT / "artifacts"

# Chromium flags from the issue: no sandbox (we run as root in a container), and
# nothing that phones home, so a run needs no network beyond 127.0.0.1.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: reads the built site in Chromium (deselect with -m 'not browser')"
    )


def missing_dependency(what: str) -> None:
    """Fail, not skip: a suite that silently skips when its tools are absent proves nothing."""
    pytest.fail(f"{what} is missing; run `make browser-deps` (make test does it for you)")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("BROWSER_TESTS_SITE")
    if prebuilt:
        path = (ROOT / prebuilt).resolve()
        if not (path / "index.html").is_file():
            pytest.fail(f"BROWSER_TESTS_SITE={prebuilt} holds no built site (no index.html)")
        return path
    if not (ROOT / "mkdocs.yml").is_file():
        pytest.skip("no mkdocs.yml yet: there is no site to read")
    out = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return out


@pytest.fixture(scope="session")
def site(site_dir: Path) -> SitePages:
    data = ROOT / os.environ.get("BROWSER_TESTS_DATA", "data")
    return SitePages(site_dir, data / "reports")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    # Port 0: the OS picks a free port, so parallel runs never collide.
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        missing_dependency(str(CHROMIUM))
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    # Playwright's 30 s default turns one missing element into a long wait.
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    # A script error is a broken page even when every assertion passed.
    assert not errors, f"uncaught script errors: {errors}"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    path = NODE_MODULES / "axe-core" / "axe.min.js"
    if not path.is_file():
        missing_dependency(str(path))
    return path


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    path = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not path.is_file():
        missing_dependency(str(path))
    if shutil.which("java") is None:
        missing_dependency("java")
    return path


@pytest.fixture(scope="session")
def screenshots() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
