"""The package's layers: every import of the generator points down the pipeline, never up.

model (frameworks, reports, the archive, URLs) < stages (load → validate →
score → render) < explore (finder, areas, library, open data) and importer <
site (generator-agnostic output: cache, incremental units, search index) <
mkdocs (the adapter) < the package's top (``build()``) and ``cli``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
LAYERS = {
    "model": 0,
    "stages": 1,
    "explore": 2,
    "importer": 2,
    "site": 3,
    "mkdocs": 4,
}
TOP = 5


def _layer(module: str) -> tuple[str, int]:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1], LAYERS[parts[1]]
    return "top", TOP


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "generator"]


def test_imports_point_down_the_layers() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        name, rank = _layer(module)
        for line, target in _imports(path):
            target_name, target_rank = _layer(target)
            if target_rank > rank or (target_rank == rank and target_name != name):
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module} -> {target}")
    assert upward == []


def test_the_package_top_is_small() -> None:
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 12, top
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == {
        *LAYERS
    }


def test_no_tool_code_in_the_product() -> None:
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        assert "inspection_tools" not in text, path
