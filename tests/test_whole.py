"""A build from exactly what the live site was built from writes nothing, and only such a build."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from datafolders import data_folder
from markdown.extensions.toc import slugify  # type: ignore[import-untyped]
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, get_files
from sites import site_config

from generator.mkdocs.frame import frame
from generator.mkdocs.whole import Record, inputs_key

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
SAME = "The live site is what this build would make"


def _build(
    config: Path, strict: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    return subprocess.run(
        [*command, "--strict"] if strict else command,
        capture_output=True,
        text=True,
        timeout=300,
        env={**ENV, **(env or {})},
        check=False,
    )


def _built(config: Path, **env: str) -> str:
    """A strict build that succeeds; what it logged."""
    result = _build(config, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _files(site: Path) -> dict[str, tuple[str, int, int]]:
    """Every file of the site: its bytes' hash, inode and modification time."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            st = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(site).as_posix()] = (digest, st.st_ino, st.st_mtime_ns)
    return found


def _hashes(site: Path) -> dict[str, str]:
    return {name: value[0] for name, value in _files(site).items()}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A site built once, its docs a copy to edit: the config, and its live site."""
    tmp = tmp_path_factory.mktemp("whole")
    docs = tmp / "docs"
    shutil.copytree(ROOT / "content", docs)
    data = tmp / "data"
    shutil.copytree(data_folder("site"), data)
    config = site_config(tmp, "live", data)
    settings = yaml.safe_load(config.read_text("utf-8"))
    settings["docs_dir"] = str(docs)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    assert SAME not in _built(config)
    return config, tmp / "site-live"


def _same_again(config: Path, site: Path, **env: str) -> None:
    """A build from the same inputs: it writes nothing, and the live site is untouched."""
    before = _files(site)
    assert SAME in _built(config, **env)
    assert _files(site) == before


def test_a_build_from_the_same_inputs_leaves_the_live_site_untouched(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    config, site = published
    _same_again(config, site)
    # A clean build elsewhere from the same inputs is byte for byte the live site.
    settings = yaml.safe_load(config.read_text("utf-8"))
    settings["site_dir"] = str(tmp_path / "fresh")
    fresh = tmp_path / "fresh.yml"
    fresh.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    assert SAME not in _built(fresh)
    assert _hashes(tmp_path / "fresh") == _hashes(site)


@contextlib.contextmanager
def _added(config: Path, line: str) -> Iterator[None]:
    """The site's hand-written accessibility page with ``line`` added, as it was afterwards."""
    page = Path(yaml.safe_load(config.read_text("utf-8"))["docs_dir"]) / "accessibility.md"
    text = page.read_text("utf-8")
    page.write_text(f"{text}\n{line}\n", "utf-8")
    try:
        yield
    finally:
        page.write_text(text, "utf-8")


def test_a_changed_hand_written_page_is_published(published: tuple[Path, Path]) -> None:
    config, site = published
    with _added(config, "A sentence added for the test."):
        assert SAME not in _built(config)
        assert "A sentence added for the test." in (site / "accessibility/index.html").read_text()
        _same_again(config, site)
    assert SAME not in _built(config)
    assert "A sentence added for the test." not in (site / "accessibility/index.html").read_text()


def test_a_changed_build_date_is_published(published: tuple[Path, Path]) -> None:
    config, site = published
    _built(config)
    assert "<lastmod>2023-11-14</lastmod>" in (site / "sitemap.xml").read_text("utf-8")
    assert SAME not in _built(config, SOURCE_DATE_EPOCH="1800000000")
    assert "<lastmod>2027-01-15</lastmod>" in (site / "sitemap.xml").read_text("utf-8")
    _same_again(config, site, SOURCE_DATE_EPOCH="1800000000")  # the record is of that date now
    assert SAME not in _built(config)


def test_a_changed_configuration_or_value_read_from_the_environment_is_published(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    config, _ = published
    settings = yaml.safe_load(config.read_text("utf-8"))
    del settings["site_description"]
    settings["site_dir"] = str(tmp_path / "site")
    env_config = tmp_path / "env.yml"
    text = yaml.safe_dump(settings, allow_unicode=True)
    env_config.write_text(text + "site_description: !ENV [WHOLE_DESCRIPTION, none]\n", "utf-8")
    home = tmp_path / "site" / "index.html"
    _built(env_config, WHOLE_DESCRIPTION="First description")
    assert SAME in _built(env_config, WHOLE_DESCRIPTION="First description")
    assert SAME not in _built(env_config, WHOLE_DESCRIPTION="Second description")
    assert 'content="Second description"' in home.read_text("utf-8")
    # The configuration file itself.
    env_config.write_text(
        env_config.read_text("utf-8").replace("site_name: ", "site_name: Renamed ")
    )
    assert SAME not in _built(env_config, WHOLE_DESCRIPTION="Second description")
    assert "Renamed Inspection reports" in home.read_text("utf-8")
    assert SAME in _built(env_config, WHOLE_DESCRIPTION="Second description")


def test_a_live_site_changed_by_hand_is_built_again(published: tuple[Path, Path]) -> None:
    config, site = published
    _built(config)
    expected = _hashes(site)
    page = site / "index.html"
    page.write_text(page.read_text("utf-8") + "<!-- edited -->", "utf-8")
    assert SAME not in _built(config)
    assert _hashes(site) == expected
    (site / "reports" / "stray.html").write_text("stray", "utf-8")
    assert SAME not in _built(config)
    assert _hashes(site) == expected
    _same_again(config, site)


def test_a_build_that_warned_is_not_taken_as_the_live_site(
    published: tuple[Path, Path],
) -> None:
    config, site = published
    with _added(config, "[broken](no-such-page.md)"):
        warned = _build(config, strict=False)
        assert warned.returncode == 0 and "no-such-page.md" in warned.stderr
        # Published, as a build that is not strict is; but a strict one still fails.
        result = _build(config)
        assert result.returncode == 1 and SAME not in result.stderr
    assert SAME not in _built(config)
    _same_again(config, site)


def test_a_build_with_a_hook_never_skips_its_work(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    config, _ = published
    hook = tmp_path / "hook.py"
    hook.write_text("def on_page_content(html, **_):\n    return html\n", "utf-8")
    settings = yaml.safe_load(config.read_text("utf-8"))
    settings["hooks"] = [str(hook)]
    settings["site_dir"] = str(tmp_path / "site")
    hooked = tmp_path / "hooked.yml"
    hooked.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    _built(hooked)
    assert SAME not in _built(hooked)


def _config(tmp_path: Path, **values: object) -> MkDocsConfig:
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "Test", "docs_dir": str(tmp_path / "docs"), **values})
    errors, warnings = config.validate()
    assert (errors, warnings) == ([], [])
    return config


def _slug(value: str, separator: str) -> str:
    return value


def test_the_inputs_key_covers_the_configuration_as_loaded(tmp_path: Path) -> None:
    def css(text: str) -> list[File]:
        file = File("x.css", src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=True)
        file.content_string = text
        return [file]

    def key(config: MkDocsConfig, alone: bool = True, **change: object) -> str | None:
        parts: dict[str, object] = {"frame_key": "f", "site": "{}", "units": {"a": "1"}}
        parts |= {"extra": css("x")}
        return inputs_key(config, alone, **(parts | change))  # type: ignore[arg-type]

    config = _config(tmp_path)
    first = key(config)
    assert first is not None and key(_config(tmp_path)) == first
    assert key(_config(tmp_path, use_directory_urls=False)) != first
    assert key(_config(tmp_path, extra={"a": 1})) != first
    assert key(config, units={"a": "2"}) != first
    assert key(config, extra=css("y")) != first
    assert key(_config(tmp_path, markdown_extensions=["abbr", "markdown.extensions.toc"]))
    # Code named in the configuration counts by its name, if an installed package holds it.
    named = [{"toc": {"slugify": slugify}}, "pymdownx.superfences"]
    assert key(_config(tmp_path, markdown_extensions=named)) not in (None, first)
    assert key(_config(tmp_path, markdown_extensions=[{"toc": {"slugify": _slug}}])) is None
    # An extension that includes files reads what no key covers.
    assert key(_config(tmp_path, markdown_extensions=["pymdownx.snippets"])) is None
    # What no key covers: another plugin or a hook, a template of the docs, a local extension.
    assert key(config, alone=False) is None
    assert key(_config(tmp_path, extra_templates=["robots.txt"])) is None
    (tmp_path / "local_extension.py").write_text(
        "from markdown import Extension\n"
        "class Local(Extension):\n    def extendMarkdown(self, md): pass\n"
        "def makeExtension(**kwargs): return Local(**kwargs)\n",
        "utf-8",
    )
    sys.path.insert(0, str(tmp_path))
    try:
        assert key(_config(tmp_path, markdown_extensions=["local_extension"])) is None
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("local_extension", None)


def test_the_record_holds_only_for_its_key_and_the_site_as_it_was(tmp_path: Path) -> None:
    live = tmp_path / "site"
    (live / "a").mkdir(parents=True)
    (live / "a" / "index.html").write_text("a", "utf-8")
    (live / "b.txt").write_text("b", "utf-8")
    record, nav = Record(tmp_path / "cache", live), ["a/index.md"]
    assert record.holds("k") is None
    record.write("k", nav)
    assert record.holds("k") == nav
    assert record.holds("other") is None and record.holds(None) is None
    (live / "a" / "new.html").write_text("new", "utf-8")
    assert record.holds("k") is None  # a file added
    (live / "a" / "new.html").unlink()
    record.write("k", nav)
    (live / "b.txt").write_text("B", "utf-8")
    assert record.holds("k") is None  # a file changed
    record.write("k", nav)
    (live / "b.txt").unlink()
    assert record.holds("k") is None  # a file removed
    record.write("k", nav)
    record.forget()
    assert record.holds("k") is None
    assert Record(None, live).holds("k") is None


def test_the_frame_reads_a_hand_written_file_through_a_link(tmp_path: Path) -> None:
    config = _config(tmp_path)
    elsewhere = tmp_path / "elsewhere.css"
    elsewhere.write_text("a {}", "utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (tmp_path / "docs" / "linked.css").symlink_to(elsewhere)
    first = frame(config, get_files(config), "build")
    elsewhere.write_text("a { color: red }", "utf-8")
    assert frame(config, get_files(config), "build") != first
