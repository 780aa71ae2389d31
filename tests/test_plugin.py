"""The MkDocs adapter stays thin and uses only MkDocs' documented extension points."""

from __future__ import annotations

import ast
import time
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator.mkdocs.later import FOLDER
from generator.mkdocs.plugin import InspectionReportsPlugin
from generator.mkdocs.watch import ChangesObserver

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
    """MkDocs' LiveReloadServer as a plugin may use it: ``watch``, ``unwatch``, ``observer``,
    and the WSGI server's ``get_app`` and ``set_app``."""

    def __init__(self, watched: list[str]) -> None:
        self.watched = watched
        self.observer: object = "polling"
        self.app: object = "the dev server's application"

    def get_app(self) -> object:
        return self.app

    def set_app(self, app: object) -> None:
        self.app = app

    def watch(self, path: str) -> None:
        self.watched.append(path)

    def unwatch(self, path: str) -> None:
        if path not in self.watched:
            raise KeyError(path)  # as MkDocs does for a path it does not watch
        self.watched.remove(path)


def test_serve_watches_the_data_templates_and_overrides_natively(tmp_path: Path) -> None:
    for name in ("data", "templates", "overrides", "docs"):
        (tmp_path / name).mkdir()
    plugin = InspectionReportsPlugin()
    plugin.load_config({"data_dir": "data", "templates": "templates", "overrides": "overrides"})

    class Config(dict[str, Any]):
        config_file_path = str(tmp_path / "mkdocs.yml")
        docs_dir = str(tmp_path / "docs")
        site_dir = str(tmp_path / "site")

        class theme:
            dirs = (str(tmp_path / "theme"),)

    fake = FakeServer([Config.docs_dir, Config.config_file_path])
    server: Any = fake
    config: Any = Config()
    assert plugin.on_serve(server, config=config, builder=None) is server
    assert isinstance(fake.observer, ChangesObserver)
    # What MkDocs watched moved to the native observer; the theme was not watched.
    assert fake.watched == [
        Config.docs_dir,
        Config.config_file_path,
        *(str(tmp_path / n) for n in ("data", "templates", "overrides")),
        str(tmp_path / "site" / FOLDER),  # where the build after a save asks for the next
    ]


def test_reading_a_file_is_no_change_and_saving_one_is(tmp_path: Path) -> None:
    seen: list[str] = []

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory:
                seen.append(event.event_type)

    report = tmp_path / "a.yaml"
    report.write_text("meta: {}\n", "utf-8")
    observer = ChangesObserver()
    observer.schedule(Handler(), str(tmp_path), recursive=True)
    observer.start()
    try:
        time.sleep(0.3)
        report.read_text("utf-8")  # every build reads every data file
        time.sleep(0.5)
        assert seen == []
        report.write_text("meta: {title: x}\n", "utf-8")
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "modified" in seen or "closed" in seen
    finally:
        observer.stop()
        observer.join()
