"""Every report has its area's region: its own words first, else data/regions.yaml.

The finder's and the search's Region filters can only find a report that has a
region; three of the four real reports name none in their text, so the table
(with a source for each row) fills the gap, and never overrides a report.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import build
from generator.explore.finder import finder
from generator.importer.common import Sink
from generator.importer.esi_front import region_named
from generator.model.archive import Archive
from generator.model.framework import Source
from generator.model.regions import AreaRegion, Regions
from generator.site.cache import DiskCache
from generator.site.incremental import Builder, Plan
from generator.stages.regions import apply_regions
from generator.stages.validate import load_archive, load_regions

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES = ROOT / "tests" / "fixtures" / "import"


def test_every_real_report_has_a_region() -> None:
    archive = load_archive(DATA)
    assert not archive.problems
    regions = {slug: r.meta.region for slug, r in archive.reports.items()}
    assert regions == {
        "county-durham-2004-esi": "North East",
        "gwent-2004-esi": "Wales",
        "gwent-2005-esi-follow-up": "Wales",
        "gwent-2022-pdu": "Wales",
    }


def test_the_finder_offers_every_region_and_finds_all_three_gwent_reports() -> None:
    found = finder(load_archive(DATA))
    assert found.regions == ["North East", "Wales"]
    wales = [row.report.slug for row in found.rows if row.report.meta.region == "Wales"]
    assert sorted(wales) == ["gwent-2004-esi", "gwent-2005-esi-follow-up", "gwent-2022-pdu"]


def test_the_importer_reads_the_region_a_report_names() -> None:
    sink = Sink()
    text = (SOURCES / "county-durham-2004-esi.txt").read_text(encoding="utf-8")
    # "(target for the North East Region)" and "The North-East Region Probation Forum".
    assert region_named(text, sink) == "North East"
    assert sink.notes == ["region 'North East': named in the text (line 255)"]
    gwent = (SOURCES / "gwent-2004-esi.txt").read_text(encoding="utf-8")
    assert region_named(gwent, Sink()) is None


def test_a_text_naming_two_regions_records_none() -> None:
    sink = Sink()
    text = "Staff of the North West Region met the Wales Region's managers; regional plans."
    assert region_named(text, sink) is None
    assert sink.notes == ["region: the text names several (North West, Wales); none recorded"]


def test_the_table_fills_gaps_and_never_overrides_a_report() -> None:
    archive = load_archive(DATA)
    table = Regions(
        regions=[
            AreaRegion(area="county durham", region="Elsewhere", source=Source(document="d")),
            AreaRegion(area="GWENT", region="Wales", source=Source(document="d")),
        ]
    )
    imported = Archive(reports=dict(archive.reports))
    durham = imported.reports["county-durham-2004-esi"]
    gwent = imported.reports["gwent-2004-esi"]
    imported.reports["gwent-2004-esi"] = gwent.model_copy(
        update={"meta": gwent.meta.model_copy(update={"region": None})}
    )
    apply_regions(imported, table)
    assert imported.reports["county-durham-2004-esi"].meta.region == durham.meta.region
    assert imported.reports["gwent-2004-esi"].meta.region == "Wales"


def test_a_broken_region_table_is_reported_where_it_is_wrong(tmp_path: Path) -> None:
    shutil.copytree(DATA / "frameworks", tmp_path / "frameworks")
    (tmp_path / "regions.yaml").write_text(
        "regions:\n  - area: Gwent\n    regon: Wales\n", encoding="utf-8"
    )
    archive = load_archive(tmp_path)
    messages = [p.message for p in archive.problems]
    assert messages == [
        "missing required key 'region'",
        "missing required key 'source'",
        "unknown key 'regon' (did you mean 'region'?)",
    ]


_TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_ROWS = st.lists(
    st.fixed_dictionaries(
        {},
        optional={"area": _VALUES, "region": _VALUES, "source": _VALUES, "extra": _VALUES},
    ),
    max_size=3,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.one_of(_VALUES, st.fixed_dictionaries({"regions": _ROWS | _VALUES})))
def test_any_region_table_gives_problems_never_a_crash(table: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "regions.yaml").write_text(
            yaml.safe_dump(table, allow_unicode=True), encoding="utf-8"
        )
        archive = Archive()
        found = load_regions(folder, archive)
        assert isinstance(found, Regions)
        for problem in archive.problems:
            assert problem.file.endswith("regions.yaml")
            assert problem.line >= 1 and problem.col >= 1 and problem.message
        if not archive.problems:
            assert all(isinstance(r.region, str) for r in found.regions)


def test_editing_the_region_table_rekeys_the_pages(tmp_path: Path) -> None:
    # A page showing a region must be rendered again when the table changes,
    # although no report file did.
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    cache = DiskCache(tmp_path / "cache")

    def plan() -> Plan:
        return Builder(data, ROOT / "templates", ROOT / "overrides", cache, 1).plan()

    first = plan()
    table = data / "regions.yaml"
    table.write_text(table.read_text("utf-8").replace("region: Wales", "region: Cymru"), "utf-8")
    changed = plan()
    assert changed.keys["gwent-2004-esi"] != first.keys["gwent-2004-esi"]
    assert changed.archive.reports["gwent-2004-esi"].meta.region == "Cymru"
    # The report's own region stays: its text names Wales.
    assert changed.archive.reports["gwent-2022-pdu"].meta.region == "Wales"


def test_a_region_from_the_table_is_marked_as_the_sites_on_the_cover() -> None:
    pages = {p.src_uri: p.html for p in build(ROOT / "data")}
    archive = load_archive(ROOT / "data")
    assert archive.regions_added == {"gwent-2004-esi", "gwent-2005-esi-follow-up"}
    marker = '<dd>Wales <span class="site-added-inline" data-site-added data-pagefind-ignore>'
    for slug in sorted(archive.regions_added):
        assert marker in pages[f"reports/{slug}/index.md"]
    # The PDU report names its own region: nothing is added.
    assert "site-added-inline" not in pages["reports/gwent-2022-pdu/index.md"]
