"""Sites the tests build: the project's mkdocs.yml, pointed at a test's data and folders."""

from __future__ import annotations

import filecmp
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def site_config(tmp: Path, name: str, data: Path, **options: object) -> Path:
    """A config in ``tmp`` building ``data`` into ``tmp/site-<name>``, with plugin ``options``."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "content")
    config["site_dir"] = str(tmp / f"site-{name}")
    if "custom_dir" in config["theme"]:
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    plugin = {"data_dir": str(data), "templates": str(ROOT / "templates"), **options}
    config["plugins"] = [{"inspection-reports": plugin}]
    path = tmp / f"{name}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build_project_site(out: Path) -> None:
    """A strict build of the project as it stands (mkdocs.yml and data/) into ``out``."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on, for a preview server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_page(url: str, timeout: float = 5) -> str:
    """A page's text; '' while the server does not answer yet."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def differing(left: Path, right: Path) -> list[str]:
    """Every file that differs or exists on one side only, compared byte for byte."""
    found: list[str] = []
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            found.append(str(name))
    return found
