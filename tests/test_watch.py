"""``mkdocs serve`` hears of saved files from the operating system, not by polling."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from generator.mkdocs.watch import watch


class FakeServer:
    """The two attributes of MkDocs' LiveReloadServer that a change sets."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.polled: list[str] = []

    def watch(self, path: str) -> None:
        self.polled.append(path)

    def asked(self, within: float) -> bool:
        with self._rebuild_cond:
            return self._rebuild_cond.wait_for(lambda: self._want_rebuild, timeout=within)


def test_a_saved_file_asks_for_a_rebuild_and_a_read_does_not(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "a.yaml"
    report.parent.mkdir()
    report.write_text("meta: {}\n", "utf-8")
    server = FakeServer()
    observer = watch(server, [tmp_path, tmp_path / "missing"])
    assert observer is not None and server.polled == []
    try:
        time.sleep(0.2)
        report.read_text("utf-8")  # the build reads every data file
        assert not server.asked(within=0.5)
        report.write_text("meta: {title: x}\n", "utf-8")
        assert server.asked(within=5)
    finally:
        observer.stop()
        observer.join()


def test_without_the_servers_rebuild_flag_mkdocs_polls(tmp_path: Path) -> None:
    class Polling:
        def __init__(self) -> None:
            self.polled: list[str] = []

        def watch(self, path: str) -> None:
            self.polled.append(path)

    server = Polling()
    assert watch(server, [tmp_path, tmp_path / "missing"]) is None
    assert server.polled == [str(tmp_path)]
