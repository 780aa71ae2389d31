"""The sites the benchmark builds from one synthetic archive.

- ours: the project's own ``mkdocs.yml``, inherited, with the plugin pointed
  at the synthetic data folder;
- baseline: plain MkDocs and Material with the built-in search, building one
  Markdown page per report (:mod:`inspection_tools.bench_markdown`);
- Hugo: the same Markdown pages with a minimal layout;
- Hugo + Pagefind: Hugo's site again, then indexed by Pagefind, as a Hugo
  site gets search.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

import click
import yaml
from mkdocs.utils.yaml import yaml_load

from generator.model.archive import Archive
from inspection_tools.bench_markdown import report_markdown

PLUGIN = "inspection-reports"
QUIET = {"NO_MKDOCS_2_WARNING": "1"}
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<title>{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main>'
    "</body></html>\n",
    "single.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}


class BenchError(click.ClickException):
    """A build the benchmark depends on failed or cannot run."""


def run_measured(cmd: list[str], cwd: Path, log: Path) -> tuple[float, float]:
    """Run a build; its wall-clock seconds and peak resident memory in MB."""
    env = {**os.environ, **QUIET}
    with log.open("ab") as out:
        start = perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        # wait4 gives this child's own resource usage, where getrusage would
        # give the largest of every child so far.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        tail = "\n".join(log.read_text("utf-8", "replace").splitlines()[-15:])
        raise BenchError(f"{' '.join(cmd[:2])} failed (exit {proc.returncode}):\n{tail}")
    return seconds, usage.ru_maxrss / 1024


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The options of our plugin in a loaded ``mkdocs.yml``, or None if it is not listed."""
    for entry in config.get("plugins") or []:
        if entry == PLUGIN:
            return {}
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return None


def load_config(path: Path) -> dict[str, Any]:
    with path.open("rb") as fd:
        loaded: dict[str, Any] = yaml_load(fd)
    return loaded


def ours_config(project: Path, data: Path, site: Path, out: Path) -> Path:
    """An ``mkdocs.yml`` that inherits the project's, building ``data`` into ``site``.

    MkDocs resolves relative paths from the file that is built, and replaces
    (does not merge) inherited lists, so every path becomes absolute and the
    plugin list is restated with our plugin's data folder swapped.
    """
    parent = load_config(project)
    root = project.parent
    plugins: list[Any] = []
    for entry in parent.get("plugins") or []:
        if entry == PLUGIN or (isinstance(entry, dict) and PLUGIN in entry):
            options = plugin_options({"plugins": [entry]}) or {}
            for key, value in options.items():
                if isinstance(value, str) and (root / value).exists():
                    options[key] = str((root / value).resolve())
            entry = {PLUGIN: {**options, "data_dir": str(data)}}
        plugins.append(entry)
    child: dict[str, Any] = {
        "INHERIT": str(project.resolve()),
        "docs_dir": str((root / parent.get("docs_dir", "docs")).resolve()),
        "site_dir": str(site),
        "plugins": plugins,
    }
    theme = parent.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        child["theme"] = {"custom_dir": str((root / theme["custom_dir"]).resolve())}
    out.write_text(yaml.safe_dump(child, sort_keys=False), "utf-8")
    return out


def write_markdown(archive: Archive, docs: Path) -> dict[str, str]:
    """One Markdown file per report under ``docs/reports``; slug to title."""
    (docs / "reports").mkdir(parents=True, exist_ok=True)
    titles = {}
    for slug, report in sorted(archive.reports.items()):
        (docs / "reports" / f"{slug}.md").write_text(
            report_markdown(report, archive.frameworks), "utf-8"
        )
        titles[slug] = report.meta.title
    return titles


def baseline_site(archive: Archive, work: Path) -> Path:
    """Plain MkDocs + Material + built-in search over the Markdown pages; its config file."""
    docs = work / "docs"
    titles = write_markdown(archive, docs)
    index = ["# Inspection reports\n", *(f"- [{t}](reports/{s}.md)" for s, t in titles.items())]
    (docs / "index.md").write_text("\n".join(index) + "\n", "utf-8")
    config = {"site_name": "Inspection reports", "docs_dir": "docs", "site_dir": "site",
              "theme": {"name": "material"}, "plugins": ["search"]}  # fmt: skip
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return work / "mkdocs.yml"


def hugo_site(archive: Archive, work: Path) -> Path:
    """A minimal Hugo site over the same Markdown pages; its source folder."""
    content = work / "content" / "reports"
    content.mkdir(parents=True, exist_ok=True)
    for slug, report in sorted(archive.reports.items()):
        body = report_markdown(report, archive.frameworks)
        # JSON strings are valid YAML, so titles need no escaping rules of their own.
        (content / f"{slug}.md").write_text(
            f"---\ntitle: {json.dumps(report.meta.title)}\n---\n{body}", "utf-8"
        )
    (work / "content" / "_index.md").write_text("---\ntitle: Inspection reports\n---\n", "utf-8")
    layouts = work / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, "utf-8")
    (work / "config.toml").write_text(
        'baseURL = "http://127.0.0.1/"\ntitle = "Inspection reports"\n'
        'disableKinds = ["taxonomy", "term"]\n',
        "utf-8",
    )
    return work


def hugo_command(source: Path, destination: Path | None = None) -> list[str]:
    """Hugo building ``source`` into ``destination`` (by default its ``public`` folder)."""
    hugo = shutil.which("hugo")
    if hugo is None:
        raise BenchError("hugo is not installed: run `make test` or `apt-get install -y hugo`")
    out = source / "public" if destination is None else destination
    return [hugo, "--quiet", "--source", str(source), "--destination", str(out)]


def pagefind_command(site: Path) -> list[str]:
    """Pagefind indexing a whole built site into its ``pagefind/`` folder, with its defaults.

    The same binary our plugin runs (the ``pagefind[bin]`` package), started
    the same way, so the two sites' search costs compare like for like.
    """
    return [sys.executable, "-m", "pagefind", "--site", str(site)]
