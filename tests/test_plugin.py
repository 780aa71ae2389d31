"""The MkDocs adapter stays thin and uses only MkDocs' documented extension points."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from generator.mkdocs.plugin import InspectionReportsPlugin

ROOT = Path(__file__).resolve().parents[1]
ADAPTER = ROOT / "generator" / "mkdocs"


def test_the_plugin_module_is_at_most_200_lines() -> None:
    lines = (ADAPTER / "plugin.py").read_text("utf-8").splitlines()
    assert len(lines) <= 200


def test_no_private_attribute_of_another_object_is_touched() -> None:
    """``x._name`` only where ``x`` is our own ``self``: never MkDocs' objects' internals."""
    found = []
    for path in sorted(ADAPTER.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert found == []


class FakeServer:
    """MkDocs' LiveReloadServer as a plugin may use it: its public ``watch``."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_data_templates_and_overrides(tmp_path: Path) -> None:
    for name in ("data", "templates", "overrides"):
        (tmp_path / name).mkdir()
    plugin = InspectionReportsPlugin()
    plugin.load_config({"data_dir": "data", "templates": "templates", "overrides": "overrides"})

    class Config(dict[str, Any]):
        config_file_path = str(tmp_path / "mkdocs.yml")

    fake = FakeServer()
    server: Any = fake
    config: Any = Config()
    assert plugin.on_serve(server, config=config, builder=None) is server
    assert fake.watched == [str(tmp_path / n) for n in ("data", "templates", "overrides")]
