"""Archive-level pages: the report finder, areas, the good-practice library, open data.

Each page is rendered by its template in ``templates/explore/`` from the plain
data of :mod:`generator.explore.finder`, :mod:`generator.explore.trends`,
:mod:`generator.explore.library` and :mod:`generator.explore.datafiles`, and becomes a
:class:`~generator.stages.render.RenderedPage` like a report does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from jinja2 import Environment
from markupsafe import Markup

from generator.explore import tracker
from generator.explore.datafiles import documented
from generator.explore.finder import Area, areas, finder, framework_name, type_name
from generator.explore.library import Entry, Library, library
from generator.explore.trends import area_charts
from generator.model.archive import Archive, follow_ups
from generator.model.report import Report
from generator.model.urls import (
    ARCHIVE_CSV,
    AREAS,
    DATA,
    LIBRARY,
    RECOMMENDATIONS,
    RECOMMENDATIONS_CSV,
    RECOMMENDATIONS_JSON,
    REPORT_CSV,
    REPORT_JSON,
    REPORTS,
    root_of,
)
from generator.stages.page import RenderedPage, page_from_markup
from generator.stages.templating import render_template

T = TypeVar("T")


class Keeper(Protocol):
    """What keeps archive pages between builds (a preview server's memo); see ``generator.site``."""

    def page(
        self, src_uri: str, slugs: Iterable[str], make: Callable[[], RenderedPage]
    ) -> RenderedPage:
        """The page at ``src_uri`` showing the reports ``slugs``: kept, or made by ``make``."""
        ...

    def entries(self, archive: Archive, report: Report) -> list[Entry]:
        """A report's library entries, kept or derived."""
        ...

    def derived(self, kind: str, name: str, slugs: Iterable[str], make: Callable[[], T]) -> T:
        """What ``make`` derives from the reports ``slugs``, kept while none of them changes."""
        ...


def _always(src_uri: str, slugs: Iterable[str], make: Callable[[], RenderedPage]) -> RenderedPage:
    return make()


def _fragments(memo: Keeper | None, src_uri: str) -> Callable[..., Markup]:
    def fragment(name: str, slugs: Iterable[str], macro: Any, *args: Any) -> Markup:
        """What ``macro(*args)`` writes on this page, kept while the reports ``slugs`` are
        unchanged: a page listing every report makes again only the changed ones' rows."""

        def make() -> Markup:
            return Markup(macro(*args))

        if memo is None:
            return make()
        return memo.derived("fragment", f"{src_uri}#{macro.name}:{name}", slugs, make)

    return fragment


def _render(
    env: Environment,
    name: str,
    context: dict[str, Any],
    src_uri: str,
    title: str,
    description: str,
    memo: Keeper | None = None,
) -> RenderedPage:
    helpers = {"type_name": type_name, "framework_name": framework_name}
    helpers["fragment"] = _fragments(memo, src_uri)
    context = {**helpers, "root": root_of(src_uri), **context}
    markup = render_template(env, f"explore/{name}.html.j2", context, title)
    return page_from_markup(src_uri, title, description, markup, in_nav=src_uri.count("/") == 1)


def _library_pages(
    env: Environment, found: Library, keep: Callable[..., RenderedPage], memo: Keeper | None
) -> list[RenderedPage]:
    """The library's index, then one page per criterion in the index's order.

    One page per criterion, not one for the whole library, so that no page
    grows with the whole archive; the index lists the criteria, not the boxes.
    """
    pages = [
        _render(
            env,
            "library",
            {"library": found},
            f"{LIBRARY}/index.md",
            "Good practice",
            "Every good and poor practice example from every report, by criterion and standard",
        )
    ]
    for shelf in (s for shelves in found.shelves.values() for s in shelves):
        title = f"Good practice: {shelf.heading}"
        src_uri = f"{LIBRARY}/{shelf.path}/index.md"
        pages.append(
            keep(
                src_uri,
                (e.report.slug for e in shelf.entries),
                lambda shelf=shelf, title=title, src_uri=src_uri: _render(
                    env,
                    "library_shelf",
                    {"shelf": shelf, "title": title},
                    src_uri,
                    title,
                    f"Good and poor practice examples from the reports: {shelf.heading}",
                    memo,
                ),
            )
        )
    return pages


def _tracker_pages(
    env: Environment,
    archive: Archive,
    found: list[tracker.Shelf],
    keep: Callable[..., RenderedPage],
) -> list[RenderedPage]:
    """The tracker's index of areas, then one page per area with recommendations.

    Split by area, as the library is by criterion, so that no page holds the
    whole archive; an area's page is made again only when a report it shows changes.
    """
    pages = [
        _render(
            env,
            "recommendations",
            {"shelves": found, "not_judged": tracker.NOT_JUDGED},
            f"{RECOMMENDATIONS}/index.md",
            "Recommendations",
            "Every recommendation of every report, and what later inspections found",
        )
    ]
    for shelf in found:
        src_uri = f"{RECOMMENDATIONS}/{shelf.slug}/index.md"
        title = f"Recommendations: {shelf.area}"
        pages.append(
            keep(
                src_uri,
                shelf.shown,
                lambda shelf=shelf, title=title, src_uri=src_uri: _render(
                    env,
                    "recommendations_area",
                    {
                        "shelf": shelf,
                        "title": title,
                        "frameworks": archive.frameworks,
                        "not_judged": tracker.NOT_JUDGED,
                    },
                    src_uri,
                    title,
                    f"Every recommendation made to {shelf.area}, and what later inspections found",
                ),
            )
        )
    return pages


def archive_pages(
    env: Environment,
    archive: Archive,
    memo: Keeper | None = None,
    tracked: list[tracker.Tracked] | None = None,
) -> list[RenderedPage]:
    """The finder first, then the areas index and each area, the library's pages, the data page.

    With a ``memo`` (already started for this archive), pages that show only
    unchanged reports are taken from the last build instead of rendered.
    ``tracked`` is the archive's :func:`~generator.explore.tracker.tracked`, if already known.
    """
    keep = memo.page if memo is not None else _always
    later = follow_ups(archive)
    pages = [
        _render(
            env,
            "finder",
            {"finder": finder(archive), "follow_ups": later, "reports": archive.reports},
            f"{REPORTS}/index.md",
            "Reports",
            "Find any inspection report by area, region, year, type or overall result",
            memo,
        )
    ]
    found = areas(archive)
    pages.append(
        _render(
            env,
            "areas",
            {"areas": found},
            f"{AREAS}/index.md",
            "Areas",
            "Every inspected area and its inspections",
        )
    )
    shelves = tracker.shelves(tracker.tracked(archive) if tracked is None else tracked)
    recommendations = {s.slug: s for s in shelves}
    for area in found:
        # The page links each report's original and follow-ups, so it shows those too.
        shown = [r.slug for r in area.reports]
        shown += [r.meta.follow_up_of or "" for r in area.reports]
        shown += [f.slug for r in area.reports for f in later.get(r.slug, [])]
        shelf = recommendations.get(area.slug)
        shown += shelf.shown if shelf else []
        src_uri = f"{AREAS}/{area.slug}/index.md"

        def make(
            area: Area = area, src_uri: str = src_uri, shelf: tracker.Shelf | None = shelf
        ) -> RenderedPage:
            context = {
                "open_recommendations": [e for e in shelf.entries if not e.closed] if shelf else [],
                "area": area,
                "frameworks": archive.frameworks,
                "reports": archive.reports,
                "follow_ups": later,
                "charts": area_charts(archive, area.reports),
            }
            return _render(
                env,
                "area",
                context,
                src_uri,
                area.name,
                f"Every inspection of {area.name}, in time order",
            )

        pages.append(keep(src_uri, shown, make))
    found_library = library(archive, memo.entries) if memo is not None else library(archive)
    pages += _library_pages(env, found_library, keep, memo)
    pages += _tracker_pages(env, archive, shelves, keep)
    context = {
        "fields": documented(),
        "recommendations_csv": RECOMMENDATIONS_CSV.removeprefix(f"{DATA}/"),
        "recommendations_json": RECOMMENDATIONS_JSON.removeprefix(f"{DATA}/"),
        "archive_csv": ARCHIVE_CSV.removeprefix(f"{DATA}/"),
        "report_json": REPORT_JSON,
        "report_csv": REPORT_CSV,
        "reports": sorted(archive.reports),
    }
    pages.append(
        _render(
            env,
            "data",
            context,
            f"{DATA}/index.md",
            "Open data",
            "Every figure of every report as CSV and JSON, and what each field means",
        )
    )
    return pages
