"""Where everything is published: every path of the site, and the one slug rule.

Pages are named by their MkDocs source path (``reports/<slug>/index.md``),
which a site builder turns into a directory URL (``/reports/<slug>/``); data
files by their path in the site.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

REPORTS = "reports"
"""Report pages: ``/reports/<slug>/``, and the finder at ``/reports/``."""
AREAS = "areas"
"""Area pages: ``/areas/<area-slug>/``, and the index at ``/areas/``."""
LIBRARY = "good-practice"
"""The good-practice library: ``/good-practice/<framework>/<criterion>/``."""
DATA = "data"
"""The open data page, ``/data/``, and the archive's data files."""
REPORT_JSON = "data.json"
"""A report's open data, beside its page: ``/reports/<slug>/data.json``."""
REPORT_CSV = "data.csv"
"""A report's figures in long format: ``/reports/<slug>/data.csv``."""
ARCHIVE_CSV = f"{DATA}/criteria.csv"
"""Every criterion of every report, one line each."""
RECOMMENDATIONS = "recommendations"
"""The recommendation tracker: ``/recommendations/``, one page per area below it."""
RECOMMENDATIONS_CSV = f"{DATA}/recommendations.csv"
"""Every recommendation of every report, and every later finding on one."""
RECOMMENDATIONS_JSON = f"{DATA}/recommendations.json"
"""The same as JSON."""
FIELD_REFERENCE = "authoring/fields.md"
"""The reference of every field a report file may hold, from the models and frameworks."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

# Latin letters that Unicode does not decompose into a base letter and an accent.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                        "þ": "th", "ı": "i"})  # fmt: skip


@lru_cache(maxsize=1 << 14)  # an archive names each area in every one of its recommendations
def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: the rule for every slug and anchor.

    Accented Latin letters lose their accents (``Ynys Môn`` gives ``ynys-mon``,
    ``Straße`` gives ``strasse``); every other character separates words, so
    text in another script, or only punctuation, gives an empty slug.
    """
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LATIN))
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_SLUG.sub("-", letters).strip("-")


def area_slug(area: str) -> str:
    """The URL segment of an area's page: ``/areas/<area-slug>/``.

    Never empty for a validated report: an area name that makes no slug is refused.
    """
    return slugify(area)


def root_of(src_uri: str) -> str:
    """The relative path from a page at ``src_uri`` back to the site's root: ``../../``."""
    return "../" * src_uri.count("/")


def report_url(slug: str) -> str:
    """A report page's folder URL, from the site's root."""
    return f"{REPORTS}/{slug}/"


def area_url(slug: str = "") -> str:
    """An area page's folder URL from the site's root; the areas index without a slug."""
    return f"{AREAS}/{slug}/" if slug else f"{AREAS}/"


def tracker_url(slug: str = "") -> str:
    """An area's recommendations page from the site's root; the tracker's index without a slug."""
    return f"{RECOMMENDATIONS}/{slug}/" if slug else f"{RECOMMENDATIONS}/"


def page_src(*parts: str) -> str:
    """The source path of the page at the folder ``parts``: ``reports/<slug>/index.md``."""
    return "/".join((*parts, "index.md"))


def report_page(slug: str) -> str:
    """A report page's source path."""
    return page_src(REPORTS, slug)


def report_files(slug: str) -> tuple[str, str]:
    """A report's two data files, by their paths in the site: JSON, then CSV."""
    return f"{REPORTS}/{slug}/{REPORT_JSON}", f"{REPORTS}/{slug}/{REPORT_CSV}"
