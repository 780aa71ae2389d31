"""Writing a new report: `reports new`, its placeholders, and `reports schema` for editors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from scaffolds import ROOT, fill, filled, filled_pdu, new_data_folder, write_report
from yaml12 import load_yaml12

from generator import build_site
from generator.cli import main
from generator.model.report import Report
from generator.stages.load import parse_text
from generator.stages.reference import _anchor, _words, field_reference
from generator.stages.validate import load_archive


def _new(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "new.yaml"
    result = CliRunner().invoke(
        main,
        ["new", "--data", str(ROOT / "data"), *args, "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_new_writes_every_standard_and_key_question_in_order(tmp_path: Path) -> None:
    text = _new(tmp_path, "--framework", "pdu-2021", "--area", "Northvale PDU", "--year", "2023")
    doc, problems = parse_text(text, "new.yaml")
    assert problems == []
    data = doc.data
    assert (data["slug"], data["framework"]) == ("northvale-pdu-2023-pdu", "pdu-2021")
    assert data["meta"]["status"] == "draft"
    assert [k for k in ("foreword", "recommendations", "role") if k in data] == [
        "foreword",
        "recommendations",
        "role",
    ]
    fw = load_archive(ROOT / "data").frameworks["pdu-2021"]
    parts = data["parts"]
    assert [p["section"] for p in parts] == [s.id for s in fw.sections]
    for part, section in zip(parts, fw.sections, strict=True):
        assert [c["id"] for c in part["criteria"]] == [c.id for c in section.criteria]
        for crit, result in zip(section.criteria, part["criteria"], strict=True):
            if crit.rating_rule != "judgement":
                table = result["blocks"][0]
                assert table["type"] == "key-questions"
                questions = [kq["question"] for kq in table["questions"]]
                assert questions == [kq.text for kq in crit.key_questions]
    # Comments come from the field docs.
    assert "# The foreword's text\n" in text


def test_every_placeholder_is_reported_unfinished_with_its_place(tmp_path: Path) -> None:
    data = new_data_folder(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            *("new", "--data", str(data), "--framework", "pdu-2021"),
            *("--area", "Northvale PDU"),
            "--year",
            "2023",
        ],
    )
    assert result.exit_code == 0, result.output
    path = data / "reports" / "northvale-pdu-2023-pdu.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    checked = CliRunner().invoke(main, ["validate", "--data", str(data)])
    assert checked.exit_code == 1
    errors = checked.output.splitlines()
    placeholders = sum('"FILL IN: ' in line for line in lines)
    assert errors[-1] == f"{placeholders} problems in 1 file"
    title = next(i for i, line in enumerate(lines, 1) if line.lstrip().startswith("title: "))
    assert errors[0] == (
        f"{path}:{title}:10: meta.title: unfinished: the report's title "
        "(expected the report's own value, got the placeholder `reports new` wrote)"
    )
    # A placeholder in a number or a rating is one problem, not also a wrong value.
    assert not [e for e in errors if "expected a number" in e or "expected one of" in e]


def test_a_filled_scaffold_validates_scores_and_builds(tmp_path: Path) -> None:
    data = new_data_folder(tmp_path)
    report = filled_pdu(data)
    write_report(data, report)
    archive = load_archive(data)
    assert archive.problems == []
    site = build_site(data)
    page = next(p for p in site.pages if p.src_uri == "reports/northvale-pdu-2023-pdu/index.md")
    assert "Written by the inspector: the findings for 2.5." in page.html
    assert report["stated"] == {"overall": "18", "overall_rating": "Good"}
    assert any("northvale-pdu-2023-pdu" in text for text in site.files.values())


def test_a_scaffold_written_anywhere_validates_there_once_filled(tmp_path: Path) -> None:
    data = new_data_folder(tmp_path)
    out = tmp_path / "new.yaml"
    args = ("--framework", "pdu-2021", "--area", "Northvale PDU", "--year", "2023")
    written = CliRunner().invoke(main, ["new", "--data", str(data), *args, "-o", str(out)])
    assert written.exit_code == 0, written.output
    tree = fill(out.read_text(encoding="utf-8"), data)
    out.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # Outside the archive the file's name is not yet its address: only its content is checked.
    checked = CliRunner().invoke(main, ["validate", "--data", str(data), str(out)])
    assert (checked.exit_code, checked.output) == (0, "ok: 1 report, 4 frameworks\n")
    # In the archive it must be named by its slug, as the command said.
    moved = out.rename(data / "reports" / "new.yaml")
    checked = CliRunner().invoke(main, ["validate", "--data", str(data)])
    assert checked.exit_code == 1
    assert "slug: slug differs from the file name (expected 'new'" in checked.output
    moved.rename(data / "reports" / "northvale-pdu-2023-pdu.yaml")
    assert CliRunner().invoke(main, ["validate", "--data", str(data)]).exit_code == 0


@pytest.mark.parametrize(
    ("framework", "theme"),
    [("esi-2003", "domestic-violence-2003"), ("esi-follow-up-2005", None)],
)
def test_every_frameworks_filled_scaffold_validates_and_builds(
    tmp_path: Path, framework: str, theme: str | None
) -> None:
    data = new_data_folder(tmp_path)
    report = filled(data, framework, "Northvale", 2004, theme)
    write_report(data, report)
    assert load_archive(data).problems == []
    pages = [p.src_uri for p in build_site(data).pages]
    assert f"reports/{report['slug']}/index.md" in pages


@pytest.mark.parametrize("framework", ["esi-2003", "esi-follow-up-2005", "pdu-2021"])
def test_every_framework_has_a_valid_schema(framework: str) -> None:
    result = CliRunner().invoke(
        main, ["schema", "--data", str(ROOT / "data"), "--framework", framework]
    )
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _schema(framework: str) -> jsonschema.Draft202012Validator:
    result = CliRunner().invoke(
        main, ["schema", "--data", str(ROOT / "data"), "--framework", framework]
    )
    return jsonschema.Draft202012Validator(json.loads(result.output))


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "reports").glob("*.yaml")), ids=str)
def test_every_report_fits_its_frameworks_schema(path: Path) -> None:
    report = load_yaml12(path.read_text(encoding="utf-8"))
    errors = [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _schema(report["framework"]).iter_errors(report)
    ]
    assert errors == []


def test_the_schema_checks_rating_words_ids_and_placeholders(tmp_path: Path) -> None:
    text = _new(tmp_path, "--framework", "pdu-2021", "--area", "Northvale PDU", "--year", "2023")
    report = load_yaml12(text)
    validator = _schema("pdu-2021")
    placed = {tuple(e.absolute_path) for e in validator.iter_errors(report)}
    assert ("parts", 1, "criteria", 1, "blocks", 0) in placed  # its placeholder percentages
    assert ("parts", 1, "criteria", 1, "score") in placed
    report["parts"][1]["criteria"][1]["score"] = "Requires Improvement"
    report["parts"][1]["criteria"][2]["id"] = "2.9"
    errors = {tuple(e.absolute_path): e.message for e in validator.iter_errors(report)}
    assert errors[("parts", 1, "criteria", 1, "score")].startswith("'Requires Improvement' is not")
    assert errors[("parts", 1, "criteria", 2, "id")] == (
        "'2.9' is not one of ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6']"
    )


def test_the_field_reference_documents_every_field_from_the_models() -> None:
    frameworks = load_archive(ROOT / "data").frameworks
    page = field_reference(frameworks)
    schema = Report.model_json_schema()
    models = {"Report": schema, **schema["$defs"]}
    for name, model in models.items():
        section = page.split(f"{{#{_anchor(name)}}}", 1)[1].split("\n## ", 1)[0]
        for key, field in model["properties"].items():
            row = next(line for line in section.splitlines() if line.startswith(f"| `{key}` |"))
            assert row.endswith(f"| {_words(field.get('description'))} |"), row
    assert "| `publish_on` | date, `YYYY-MM-DD`, or date and time, `YYYY-MM-DD HH:MM` |  |" in page
    assert "`Outstanding`, `Good`, `Requires improvement`, `Inadequate`" in page
    assert "| 2 Court work and case supervision | `2.2` | Assessment | rating | 3, each" in page


def test_an_esi_skeleton_needs_its_theme_and_then_holds_it(tmp_path: Path) -> None:
    refused = CliRunner().invoke(
        main,
        [
            *("new", "--data", str(ROOT / "data"), "--framework", "esi-2003"),
            *("--area", "Northvale", "--year", "2004", "-o", str(tmp_path / "x.yaml")),
        ],
    )
    assert refused.exit_code == 2
    assert "framework esi-2003 reports carry a thematic element: give --theme" in refused.output
    text = _new(
        tmp_path,
        *("--framework", "esi-2003", "--theme", "domestic-violence-2003"),
        *("--area", "Northvale", "--year", "2004"),
    )
    data = parse_text(text, "new.yaml")[0].data
    assert data["thematic"]["theme"] == "domestic-violence-2003"
    assert [r["section"] for r in data["thematic"]["ratings"]] == ["B", "C", "D"]
    assert list(data["stated"]["sections"]) == ["B", "C", "D"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "published",
            "May 2004",
            "expected a date as YYYY-MM-DD, or a month as YYYY-MM, got 'May 2004'",
        ),
        (
            "published",
            "2023-02-30",
            "expected a date as YYYY-MM-DD, or a month as YYYY-MM, got '2023-02-30', "
            "which is no such date",
        ),
        (
            "publish_on",
            "2023-03-14 9am",
            "expected a date as YYYY-MM-DD, or a date and time as YYYY-MM-DD HH:MM, "
            "got '2023-03-14 9am'",
        ),
    ],
)
def test_dates_are_real_dates(tmp_path: Path, field: str, value: str, message: str) -> None:
    data = new_data_folder(tmp_path)
    report = filled_pdu(data)
    report["meta"][field] = value
    path = write_report(data, report)
    result = CliRunner().invoke(main, ["validate", "--data", str(data)])
    line = next(
        i for i, text in enumerate(path.read_text().splitlines(), 1) if f"  {field}:" in text
    )
    col = len(f"  {field}: ") + 1
    assert result.output.splitlines()[0] == f"{path}:{line}:{col}: meta.{field}: {message}"
