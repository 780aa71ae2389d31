"""What a build with little or nothing to do keeps from the last one, and that it stays exact."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from datafolders import data_folder
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, InclusionLevel

import generator.mkdocs.reference as reference
import generator.stages.reference as stage
from generator.mkdocs.frame import Excluded, files_of, plain
from generator.mkdocs.reuse import Output
from generator.model.framework import Framework
from generator.site import incremental
from generator.site.cache import DiskCache
from generator.site.incremental import Builder
from generator.stages.reference import field_reference

ROOT = Path(__file__).resolve().parent.parent


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(data_folder("site"), data)
    return data


def test_a_later_build_reads_only_the_report_files_changed_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incremental, "RACY_NS", 0)  # each file old enough to trust its status
    data, cache = _data(tmp_path), DiskCache(tmp_path / "cache")

    def builder() -> Builder:  # a new one each time, as each `mkdocs build` makes
        return Builder(data, ROOT / "templates", ROOT / "overrides", cache, 1)

    first = builder().plan()
    reports = data / "reports"
    changed = reports / "westvale-2005-esi.yaml"
    changed.write_text(changed.read_text("utf-8") + "\n", "utf-8")
    read: list[str] = []
    real = Path.read_bytes

    def spy(path: Path) -> bytes:
        if path.parent == reports:
            read.append(path.name)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    again = builder().plan()
    assert read == ["westvale-2005-esi.yaml"]
    assert again.keys["westvale-2005-esi"] != first.keys["westvale-2005-esi"]
    assert again.hashes["westvale-2005-esi"] != first.hashes["westvale-2005-esi"]
    read.clear()
    assert builder().plan().keys == again.keys and read == []


def test_the_field_reference_is_made_again_only_when_a_framework_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, cache = _data(tmp_path), DiskCache(tmp_path / "cache")
    made: list[int] = []

    def counted(frameworks: dict[str, Framework]) -> str:
        made.append(1)
        return field_reference(frameworks)

    monkeypatch.setattr(stage, "field_reference", counted)  # imported when a page is made
    page = reference.reference_page(data, cache)
    assert "## Frameworks" in page and made == [1]
    assert reference.reference_page(data, cache) == page and made == [1]
    framework = sorted((data / "frameworks").glob("*.yaml"))[0]
    text = framework.read_text("utf-8")
    framework.write_text(text.replace("title: ", "title: Renamed ", 1), "utf-8")
    renamed = reference.reference_page(data, cache)
    assert made == [1, 1] and "Renamed" in renamed
    assert reference.reference_page(data, DiskCache(None)) == renamed  # as made without a cache


BASES = ["https://example.org/", "https://example.org/sub/", "http://example.org/a%20b/",
         "https://example.org/sub", "https://example.org/?q=1", "https://example.org/#top"]  # fmt: skip
URLS = ["reports/a-b/", "reports/", "", "./", "a/./b/", "a/../b/", "..", "../x/", "/root/",
        "//host/x/", "a//b/", "mailto:x", "a:b/", "reports/%C3%A9t%C3%A9/", "a/b.html",
        "a/.well-known/", "a/..b/", ".x/", "a/.", "a/..", "a;b/", "a?b", "a#b", "a\\b/"]  # fmt: skip


@pytest.mark.parametrize("base", BASES)
def test_a_plain_url_joins_as_urljoin_would(base: str) -> None:
    joined = [url for url in URLS if plain(base, url)]
    for url in joined:
        assert base + url == urljoin(base, url)
        assert urlsplit(base).path + url == urlsplit(urljoin(base, url)).path
    if base.endswith("/") and "?" not in base and "#" not in base:
        assert "reports/a-b/" in joined and "reports/%C3%A9t%C3%A9/" in joined
    else:
        assert joined == []


def test_a_kept_excluded_file_is_the_one_made_for_the_last_build(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    config = MkDocsConfig()
    config.load_dict(
        {"site_name": "t", "docs_dir": str(tmp_path / "d"), "site_dir": str(tmp_path / "s")}
    )
    assert config.validate() == ([], [])
    outputs = [
        Output("reports/a/index.html", "reports/a/index.md", "page"),
        Output("reports/a/data.csv", "reports/a/data.csv", "file"),
        Output("reports/index.html", "reports/index.md", "nav", "Reports"),
    ]
    excluded: Excluded = {}

    class Keeping(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        """Adds the kept files from ``on_files``, where MkDocs has a plugin add files."""

        def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
            files_of(config, files, outputs, excluded)
            return files

    config.plugins["keeping"] = Keeping()
    first = config.plugins.on_files(Files([]), config=config)
    second = config.plugins.on_files(Files([]), config=config)
    for src in ("reports/a/index.md", "reports/a/data.csv"):
        assert second.get_file_from_path(src) is first.get_file_from_path(src)
        assert second.get_file_from_path(src).inclusion == InclusionLevel.EXCLUDED  # type: ignore[union-attr]
    # A page in the navigation gets a Page of its own at every build: made anew.
    nav = second.get_file_from_path("reports/index.md")
    assert nav is not None and nav is not first.get_file_from_path("reports/index.md")
    assert nav.inclusion == InclusionLevel.UNDEFINED
