"""The publisher's identity: configured once, checked, and used by every page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from datafolders import data_folder
from sites import site_config

from generator.site.publisher import fill, problems, publisher_of, stylesheet

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
PUBLISHER = CONFIG["extra"]["publisher"]


def test_the_projects_publisher_is_complete_and_real() -> None:
    assert problems(publisher_of(CONFIG["extra"]), CONFIG["site_url"]) == []


def test_stand_ins_and_gaps_are_each_reported_with_what_was_expected() -> None:
    given = {
        **PUBLISHER,
        "accessibility_email": "accessibility@example.invalid",
        "email": "not an address",
        "statement_reviewed": "December 2026",
        "colour": "indigo",
        "licence_url": "http://www.nationalarchives.gov.uk/",
        "address": "TODO",
    }
    del given["name"]
    found = problems(publisher_of({"publisher": given}), "https://reports.example.invalid/")
    assert found == [
        "site_url: expected the address the site is published at, "
        "got 'https://reports.example.invalid/'",
        "extra.publisher.name: expected a value, got none",
        "extra.publisher.email: expected an email address, got 'not an address'",
        "extra.publisher.accessibility_email: expected a real value, "
        "got the stand-in 'accessibility@example.invalid'",
        "extra.publisher.address: expected a real value, got the stand-in 'TODO'",
        "extra.publisher.licence_url: expected an https:// address, "
        "got 'http://www.nationalarchives.gov.uk/'",
        "extra.publisher.statement_reviewed: expected a date as YYYY-MM-DD, got 'December 2026'",
        "extra.publisher.colour: expected a colour as #rrggbb, got 'indigo'",
    ]


def test_no_publisher_at_all_is_every_key_missing() -> None:
    found = problems(publisher_of({}), None)
    assert found[0] == "site_url: expected the address the site is published at, got None"
    assert len(found) == 1 + len(publisher_of({}).values)


def test_a_page_is_filled_with_the_publishers_contacts_and_dates() -> None:
    publisher = publisher_of({"publisher": {**PUBLISHER, "statement_prepared": "2026-12-02"}})
    text = "Prepared on {{ publisher.statement_prepared }}; write to {{publisher.email}}."
    assert fill(text, publisher) == (f"Prepared on 2 December 2026; write to {PUBLISHER['email']}.")
    # An unknown key is left as it is, so a typing slip shows on the page.
    assert fill("{{ publisher.phone }}", publisher) == "{{ publisher.phone }}"


def test_the_colour_becomes_the_themes_primary_colour() -> None:
    css = stylesheet(publisher_of({"publisher": {**PUBLISHER, "colour": "#204060"}}))
    assert "--md-primary-fg-color: #204060;" in css
    assert "--ir-brand-dark: #183048;" in css


def _build(tmp: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "INSPECTION_REPORTS_PDF": "0"},
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("publisher")
    result = _build(tmp, site_config(tmp, "real", data_folder("site")))
    assert result.returncode == 0, result.stderr
    return tmp / "site-real"


def test_a_strict_build_with_a_stand_in_contact_fails(tmp_path: Path) -> None:
    config = site_config(tmp_path, "stand-in", data_folder("site"))
    text = yaml.safe_load(config.read_text(encoding="utf-8"))
    text["extra"]["publisher"]["accessibility_email"] = "accessibility@example.invalid"
    config.write_text(yaml.safe_dump(text, allow_unicode=True), encoding="utf-8")
    result = _build(tmp_path, config)
    assert result.returncode != 0
    assert (
        "mkdocs.yml: extra.publisher.accessibility_email: expected a real value, "
        "got the stand-in 'accessibility@example.invalid'" in result.stderr
    )
    assert not (tmp_path / "site-stand-in" / "index.html").exists()


def test_no_stand_in_address_anywhere_in_the_site(built: Path) -> None:
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".css", ".js", ".json", ".csv"}:
            assert "example.invalid" not in path.read_text("utf-8", "replace"), path


def test_pages_name_the_publisher_and_carry_share_tags(built: Path) -> None:
    statement = (built / "accessibility" / "index.html").read_text("utf-8")
    assert f"mailto:{PUBLISHER['accessibility_email']}" in statement
    assert "This statement was prepared on 2 December 2026" in statement
    assert "{{" not in statement
    report = (built / "reports" / "northshire-2004-esi" / "index.html").read_text("utf-8")
    url = CONFIG["site_url"] + "reports/northshire-2004-esi/"
    assert f'<link rel="canonical" href="{url}">' in report
    assert f'<meta property="og:url" content="{url}">' in report
    assert '<meta property="og:type" content="article">' in report
    assert PUBLISHER["name"] in report and PUBLISHER["licence"] in report
    assert f"Available at: {url}" in report  # the citation
    css = (built / "assets" / "stylesheets" / "publisher.css").read_text("utf-8")
    assert f"--md-primary-fg-color: {PUBLISHER['colour']};" in css
