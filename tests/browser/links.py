"""A small crawler over a built site: every internal link must reach a file, and its #fragment an id."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that make the browser fetch or navigate to another URL.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "form": ("action",),
}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for name in URL_ATTRIBUTES.get(tag, ()):
            if name in values:
                self.urls.append(values[name])
        if tag in ("img", "source") and "srcset" in values:
            self.urls += [c.strip().split(" ")[0] for c in values["srcset"].split(",") if c.strip()]


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0
    fragments: int = 0
    broken: list[str] = field(default_factory=list)


@dataclass
class Site:
    """The built site as its pages' ids and links, parsed once."""

    root: Path
    site_url: str = ""
    _parsed: dict[Path, _PageParser] = field(default_factory=dict)

    def _parse(self, path: Path) -> _PageParser:
        if path not in self._parsed:
            parser = _PageParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            self._parsed[path] = parser
        return self._parsed[path]

    def _target(self, url_path: str) -> Path | None:
        """The file a server would answer for this URL path, as MkDocs' directory URLs expect."""
        candidate = self.root / url_path.lstrip("/")
        if url_path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def check(self) -> LinkReport:
        report = LinkReport()
        for page in sorted(self.root.rglob("*.html")):
            report.pages += 1
            page_url = "/" + page.relative_to(self.root).as_posix()
            for raw in self._parse(page).urls:
                url = raw.strip()
                if self.site_url and url.startswith(self.site_url):
                    # 404.html links through the absolute site_url so that it
                    # works at any depth; those links are internal all the same.
                    url = "/" + url[len(self.site_url) :]
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or not url:
                    continue
                resolved = urlsplit(urljoin(page_url, url))
                report.links += 1
                where = f"{page_url}: {raw}"
                path = unquote(resolved.path)
                if ".." in PurePosixPath(path).parts:
                    report.broken.append(f"{where} (leaves the site)")
                    continue
                target = self._target(path)
                if target is None:
                    report.broken.append(f"{where} (no such file)")
                    continue
                fragment = unquote(resolved.fragment)
                if fragment and target.suffix == ".html":
                    report.fragments += 1
                    if fragment not in self._parse(target).ids:
                        report.broken.append(f"{where} (no id {fragment!r} in {target.name})")
        return report
