"""Archive-level pages: the report finder, areas, the good-practice library, open data.

Each page is rendered by its template in ``templates/explore/`` from the plain
data of :mod:`generator.explore`, :mod:`generator.trends`,
:mod:`generator.library` and :mod:`generator.datafiles`, and becomes a
:class:`~generator.render.RenderedPage` like a report does.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from generator.datafiles import ARCHIVE_CSV, DATA, documented
from generator.explore import (
    AREAS,
    REPORT_CSV,
    REPORT_JSON,
    areas,
    finder,
    follow_ups,
    framework_name,
    type_name,
)
from generator.library import library
from generator.render import REPORTS, RenderedPage, page_from_markup
from generator.templating import render_template
from generator.trends import area_charts
from generator.validate import Archive

LIBRARY = "good-practice"


def _render(
    env: Environment, name: str, context: dict[str, Any], src_uri: str, title: str, description: str
) -> RenderedPage:
    helpers = {"type_name": type_name, "framework_name": framework_name}
    markup = render_template(env, f"explore/{name}.html.j2", {**helpers, **context}, title)
    return page_from_markup(src_uri, title, description, markup, in_nav=src_uri.count("/") == 1)


def _library_pages(env: Environment, archive: Archive) -> list[RenderedPage]:
    """The library's index, then one page per criterion in the index's order.

    One page per criterion, not one for the whole library, so that no page
    grows with the whole archive; the index lists the criteria, not the boxes.
    """
    found = library(archive)
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
        pages.append(
            _render(
                env,
                "library_shelf",
                {"shelf": shelf, "title": title},
                f"{LIBRARY}/{shelf.path}/index.md",
                title,
                f"Good and poor practice examples from the reports: {shelf.heading}",
            )
        )
    return pages


def archive_pages(env: Environment, archive: Archive) -> list[RenderedPage]:
    """The finder first, then the areas index and each area, the library's pages, the data page."""
    later = follow_ups(archive)
    pages = [
        _render(
            env,
            "finder",
            {"finder": finder(archive), "follow_ups": later, "reports": archive.reports},
            f"{REPORTS}/index.md",
            "Reports",
            "Find any inspection report by area, region, year, type or overall result",
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
    for area in found:
        context = {
            "area": area,
            "frameworks": archive.frameworks,
            "reports": archive.reports,
            "follow_ups": later,
            "charts": area_charts(archive, area.reports),
        }
        pages.append(
            _render(
                env,
                "area",
                context,
                f"{AREAS}/{area.slug}/index.md",
                area.name,
                f"Every inspection of {area.name}, in time order",
            )
        )
    pages += _library_pages(env, archive)
    context = {
        "fields": documented(),
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
