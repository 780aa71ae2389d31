"""ProperDocs, the maintained continuation of MkDocs 1.x, builds the same site as MkDocs.

It is our way out when Material for MkDocs reaches its end of life: the same
``mkdocs.yml``, our plugin and Material's theme, built by ``properdocs build``
instead of ``mkdocs build``. Both build ``data/`` from nothing (the plugin's
cache off) at a fixed ``SOURCE_DATE_EPOCH``, and every file of the two sites
must be the same bytes, but for the ``<meta name="generator">`` tag, which
names the tool that built the page.

ProperDocs is its own distribution (module and command ``properdocs``), so it
installs beside MkDocs in one environment: the dev extra brings it. It finds
our plugin through the ``mkdocs.plugins`` entry point and Material through
``mkdocs.themes``, and inside its own process it answers every
``import mkdocs...`` with its own modules.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "inspection-reports"
PROPERDOCS = "properdocs>=1.6.7,<2"
# Where this test installs ProperDocs if the environment lacks it (no dev extra).
FALLBACK = ROOT / ".cache" / "properdocs"
GENERATOR = re.compile(rb'<meta name="generator"[^>]*>')
ENV = {
    "SOURCE_DATE_EPOCH": "1700000000",
    # Material's notice about its end of life, and ProperDocs' about MkDocs 2.
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
}


def _properdocs_path() -> str | None:
    """A folder to put on PYTHONPATH for ``python -m properdocs``; None if it is installed.

    Skips only when ProperDocs cannot be installed at all. Its requirements
    are all MkDocs' own, which the project depends on, so it is installed
    without them, beside nothing else.
    """
    if importlib.util.find_spec("properdocs") is not None:
        return None
    if not (FALLBACK / "properdocs" / "__main__.py").is_file():
        partial = FALLBACK.with_name("properdocs.partial")
        shutil.rmtree(partial, ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
             "--target", str(partial), PROPERDOCS],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        if done.returncode:
            shutil.rmtree(partial, ignore_errors=True)
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-3:])
            pytest.skip(
                f"ProperDocs is not installed and `pip install {PROPERDOCS}` failed: {tail}"
            )
        shutil.rmtree(FALLBACK, ignore_errors=True)
        partial.rename(FALLBACK)
    return str(FALLBACK)


def _config(tmp: Path, name: str) -> Path:
    """The project's mkdocs.yml building data/ into ``tmp/name``, with our plugin's cache off."""
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    config["site_dir"] = str(tmp / name)
    if "custom_dir" in config["theme"]:
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    plugins = []
    for entry in config.get("plugins") or []:
        if entry == PLUGIN or (isinstance(entry, dict) and PLUGIN in entry):
            options = dict((entry[PLUGIN] if isinstance(entry, dict) else None) or {})
            for key in ("data_dir", "templates", "overrides"):
                if key in options:
                    options[key] = str(ROOT / options[key])
            entry = {PLUGIN: {**options, "cache_dir": ""}}
        plugins.append(entry)
    config["plugins"] = plugins
    path = tmp / f"{name}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


def _build(tool: str, config: Path, pythonpath: str | None) -> None:
    env = {**os.environ, **ENV}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pythonpath, env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", "-f", str(config)],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{tool} build failed:\n{done.stderr[-3000:]}"


def _files(site: Path) -> set[Path]:
    return {p.relative_to(site) for p in site.rglob("*") if p.is_file()}


def _differences(left: Path, right: Path) -> list[str]:
    """Every file on one side only, or different once the generator tags are blanked."""
    found = []
    for name in sorted(_files(left) | _files(right)):
        a, b = left / name, right / name
        if not (a.is_file() and b.is_file()):
            found.append(f"{name}: only in {left.name if a.is_file() else right.name}")
            continue
        before, after = (GENERATOR.sub(b"<meta generator>", p.read_bytes()) for p in (a, b))
        if before == after:
            continue
        try:
            old, new = (text.decode("utf-8").splitlines() for text in (before, after))
        except UnicodeDecodeError:
            found.append(f"{name}: binary files differ")
            continue
        diff = difflib.unified_diff(old, new, n=0, lineterm="")
        found.append(f"{name}:\n" + "\n".join(list(diff)[2:8]))
    return found


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    pythonpath = _properdocs_path()
    _build("mkdocs", _config(tmp_path, "mkdocs"), None)
    _build("properdocs", _config(tmp_path, "properdocs"), pythonpath)
    mkdocs, properdocs = tmp_path / "mkdocs", tmp_path / "properdocs"

    # Not two empty folders: every report page and the search index are there.
    reports = sorted((ROOT / "data" / "reports").glob("*.yaml"))
    assert reports
    for report in reports:
        assert (properdocs / "reports" / report.stem / "index.html").is_file(), report.stem
    assert (properdocs / "pagefind" / "pagefind-entry.json").is_file()
    # And ProperDocs, not MkDocs under another name, built the second.
    tags = set(GENERATOR.findall((properdocs / "index.html").read_bytes()))
    assert tags and all(b"ProperDocs" in tag for tag in tags), tags

    differing = _differences(mkdocs, properdocs)
    print("\n\n".join(differing))
    assert not differing, f"{len(differing)} files differ:\n" + "\n".join(differing)
