"""``reports-tools synth``: a deterministic synthetic archive for tests and benchmarks.

The output folder gets ``frameworks/`` (a copy of the real ones plus made-up
themes) and ``reports/`` (N valid reports across every report type the
frameworks define). Figures a report states are computed by the scoring
engine and rounded as published, so ``reports score`` finds them coherent.
The same seed always writes the same bytes.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import yaml

from generator.importer.by_kind import as_blocks
from generator.model.archive import Archive
from generator.model.framework import Framework
from generator.model.report import Report
from generator.stages.score import Figure, round_half_up, score_report
from generator.stages.validate import load_frameworks
from inspection_tools.progress import progress
from inspection_tools.synth_esi import follow_up, full_report
from inspection_tools.synth_parts import Plan, Writer
from inspection_tools.synth_rated import rated_report
from inspection_tools.synth_text import REGIONS, area_names, corpus, slugify
from inspection_tools.synth_theme import theme_frameworks

MARKER = ".synthetic"
HEADER = (
    "# Made-up report written by `reports-tools synth`: synthetic data for tests and benchmarks.\n"
)


@dataclass(frozen=True)
class Job:
    """One report to write: its framework, plan and, for a follow-up, the original's index."""

    framework: Framework
    plan: Plan
    original: int | None = None


def _years(fw: Framework) -> list[int]:
    found = [int(y) for y in re.findall(r"\d{4}", fw.period or "")]
    first = found[0] if found else 2000
    return list(range(first, (found[-1] if len(found) > 1 else first + 4) + 1))


def plan_archive(frameworks: dict[str, Framework], count: int, seed: int) -> list[Job]:
    """Which report of which type, area and year each of ``count`` files holds."""
    rng = random.Random(f"{seed}:plan")
    methods = [f for f in frameworks.values() if f.kind == "methodology"]
    sectioned = [f for f in methods if f.banding is None]
    rated = [f for f in methods if f.banding is not None]
    ids = {f.id for f in sectioned}
    follow_ups = [f for f in frameworks.values() if f.kind == "follow-up" and f.base in ids]
    n_follow = count // 5 if follow_ups and sectioned else 0
    n_rated = int(count * 0.35 + 0.5) if rated else 0
    n_full = count - n_follow - n_rated if sectioned else 0
    n_rated = count - n_follow - n_full
    areas = area_names(rng, n_full + n_rated)
    jobs: list[Job] = []
    for i, area in enumerate(areas):
        fw = rng.choice(sectioned) if i < n_full else rng.choice(rated)
        year = rng.choice(_years(fw))
        slug = f"{slugify(area)}-{year}-{fw.report_type or fw.id}"
        quality = min(1.0, max(0.0, rng.gauss(0.6, 0.18)))
        jobs.append(Job(fw, Plan(slug, area, rng.choice(REGIONS), year, quality)))
    for i in range(n_follow):
        original = jobs[i].plan
        fu = rng.choice([f for f in follow_ups if f.base == jobs[i].framework.id] or follow_ups)
        year = original.year + 1
        slug = f"{slugify(original.area)}-{year}-{fu.report_type or fu.id}"
        quality = min(1.0, original.quality + rng.uniform(-0.1, 0.25))
        jobs.append(Job(fu, Plan(slug, original.area, original.region, year, quality), i))
    return jobs


def _skeleton(report: dict[str, Any]) -> dict[str, Any]:
    """Only what scoring reads, so that reconciling skips checking every Markdown text."""
    keep = ("id", "score", "previous_score")

    def criterion(c: dict[str, Any]) -> dict[str, Any]:
        kept = {k: c[k] for k in keep if k in c}
        if questions := [b for b in c.get("blocks", []) if b["type"] == "key-questions"]:
            kept["blocks"] = questions
        return kept

    def parts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "id": p["id"],
                "title": p["title"],
                "criteria": [criterion(c) for c in p.get("criteria", [])],
                "parts": parts(p.get("parts", [])),
            }
            for p in items
        ]

    meta = report["meta"]
    skeleton = {
        "slug": report["slug"],
        "framework": report["framework"],
        "meta": {k: meta[k] for k in ("title", "area", "year")},
        "stated": report.get("stated", {}),
        "parts": parts(report["parts"]),
    }
    if thematic := report.get("thematic"):
        skeleton["thematic"] = {
            "theme": thematic["theme"],
            "title": thematic["title"],
            "ratings": thematic["ratings"],
            "parts": parts(thematic["parts"]),
        }
    return skeleton


def _criteria(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for p in parts for c in [*p.get("criteria", []), *_criteria(p.get("parts", []))]]


def _state(report: dict[str, Any], fig: Figure) -> bool:
    """Publish a computed figure where the schema keeps it; True if anything changed."""
    value = fig.computed
    if value is None:
        return False
    kind, _, rest = fig.key.partition(":")
    if isinstance(value, float):
        value = round_half_up(value)
    stated = report.setdefault("stated", {})
    if fig.key in ("overall", "overall_rating"):
        holder, key = stated, fig.key
    elif kind == "section" and ":" not in rest:
        holder, key = stated.setdefault("sections", {}), rest
    elif kind == "theme" and ":" not in rest:
        found = [r for r in report["thematic"]["ratings"] if r.get("section") == rest]
        holder, key, value = found[0], "score", f"{value}%"
    elif kind == "criterion" and fig.kind == "rating":
        holder, key = next(c for c in _criteria(report["parts"]) if c["id"] == rest), "score"
    else:
        return False
    changed: bool = holder.get(key) != value
    holder[key] = value
    return changed


def reconcile(report: dict[str, Any], frameworks: dict[str, Framework]) -> None:
    """State every figure the engine can compute, until stated and computed agree.

    A few rounds may be needed: a decision rule can cap a rating, which changes
    the points total, which can change the overall rating.
    """
    for _ in range(6):
        card = score_report(Report.model_validate(_skeleton(report)), frameworks)
        pending = [f for f in card.figures if f.status in ("differs", "not stated")]
        if not any([_state(report, fig) for fig in pending]):
            break
    else:  # pragma: no cover - the rules in use settle in two rounds
        raise RuntimeError(f"{report['slug']}: stated figures do not settle")
    if not report.get("stated"):
        report.pop("stated", None)
    if thematic := report.get("thematic"):
        thematic["ratings"] = [r for r in thematic["ratings"] if "score" in r]


class _Dumper(yaml.CSafeDumper):
    # Reports refuse anchors and aliases; repeated lists must be written out.
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: _Dumper, value: str) -> yaml.Node:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _str)


def dump(data: dict[str, Any], header: str = HEADER) -> str:
    """A report or framework as YAML text, the same bytes every time."""
    return header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise click.UsageError(f"{out} is not empty and was not written by reports-tools synth")
    for sub in ("frameworks", "reports"):
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "reports").mkdir(parents=True)


def synthesise(count: int, seed: int, out: Path, frameworks_dir: Path) -> list[Job]:
    """Write the archive into ``out`` and return what was written."""
    _prepare(out)
    shutil.copytree(frameworks_dir, out / "frameworks")
    base = Archive()
    load_frameworks(frameworks_dir, base)
    text = corpus()
    themes = theme_frameworks(base.frameworks, random.Random(f"{seed}:themes"), text.model("esi"))
    for fragment in themes:
        path = out / "frameworks" / "themes" / f"{fragment['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            dump(fragment, "# Made-up theme written by `reports-tools synth`.\n"), "utf-8"
        )
    archive = Archive()
    load_frameworks(out / "frameworks", archive)
    if archive.problems:
        raise click.ClickException("\n".join(map(str, archive.problems)))
    fws = archive.frameworks
    jobs = plan_archive(fws, count, seed)
    written: list[dict[str, Any]] = []
    for index, job in enumerate(progress(jobs, "Writing reports")):
        rng = random.Random(f"{seed}:report:{index}")
        style = "esi" if job.framework.banding is None else "pdu"
        writer = Writer(rng, text.model(style), text, job.plan.area)
        fw = job.framework
        report: dict[str, Any]
        if job.original is not None:
            report = follow_up(fw, written[job.original], job.plan, writer)
        elif fw.banding is not None:
            report = rated_report(fw, job.plan, writer, rng.randint(81_000, 92_000))
        else:
            usable = sorted(t.id for t in fws.values() if t.kind == "theme" and t.base == fw.id)
            theme = fws[rng.choice(usable)] if usable else None
            report = full_report(fw, theme, job.plan, writer, rng.randint(81_000, 92_000))
        report = as_blocks(report)
        reconcile(report, fws)
        written.append(report)
        (out / "reports" / f"{job.plan.slug}.yaml").write_text(dump(report), "utf-8")
    (out / MARKER).write_text(f"reports-tools synth --count {count} --seed {seed}\n", "utf-8")
    return jobs


@click.command("synth")
@click.option("--count", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same files.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("data"),
    show_default=True,
    help="The data folder whose frameworks/ the archive uses.",
)
def synth_command(count: int, seed: int, out: Path, data: Path) -> None:
    """Write COUNT made-up, valid reports into OUT/reports, with OUT/frameworks beside them."""
    jobs = synthesise(count, seed, out, data / "frameworks")
    mix: dict[str, int] = {}
    for job in jobs:
        kind = job.framework.report_type or job.framework.id
        mix[kind] = mix.get(kind, 0) + 1
    click.echo(
        f"wrote {len(jobs)} reports to {out / 'reports'} ("
        + ", ".join(f"{n} {k}" for k, n in sorted(mix.items()))
        + ")"
    )
