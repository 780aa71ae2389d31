"""A report's own words never become markup: hostile values through every field that reaches a page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml
from datafolders import data_folder

ROOT = Path(__file__).resolve().parent.parent
SITE_DATA = data_folder("site")
REPORT = "eastmoor-2022-pdu.yaml"
HOSTILE = {
    "title": "An inspection <img src=x onerror=alert(1)> \" ' of: Eastmoor PDU",
    "area": "Eastmoor</title><script>alert(1)</script>",
    "region": 'North" onmouseover="alert(1)',
}


class Markup(HTMLParser):
    """Every element and attribute a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        if tag == "img" and ("src", "x") in attrs:
            self.found.append("<img src=x>")
        self.found += [f"{tag}[{name}]" for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data: str) -> None:
        if self._script and "alert(1)" in data:
            self.found.append("<script>alert(1)")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def test_hostile_titles_areas_and_regions_stay_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    path = data / "reports" / REPORT
    lines = path.read_text("utf-8").splitlines()
    for key, value in HOSTILE.items():
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  {key}:"))
        lines[at] = f"  {key}: {yaml.safe_dump(value, default_style=chr(34)).strip()}"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config.update(docs_dir=str(ROOT / "content"), site_dir=str(tmp_path / "site"))
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    options = {"data_dir": str(data), "templates": str(ROOT / "templates"), "cache_dir": ""}
    config["plugins"] = [{"inspection-reports": {**options, "search_index": "never"}}]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "site").rglob("*.html"))
    shown = [p for p in pages if "Eastmoor" in p.read_text("utf-8")]
    assert len(shown) >= 3  # the report, its area and the finder at least
    found = {}
    for page in pages:
        parser = Markup()
        parser.feed(page.read_text("utf-8"))
        if parser.found:
            found[str(page.relative_to(tmp_path))] = parser.found
    assert found == {}
