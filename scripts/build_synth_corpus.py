"""Derive generator/synth_corpus.txt from the source report texts, once.

The synthetic archive needs the reports' vocabulary and sentence shapes, but
an installed package cannot rely on the source texts being beside it, so this
script distils them into a compact sentence list shipped as package data.
Real area names become ``{area}`` so generated text names the made-up area.

    .venv/bin/python scripts/build_synth_corpus.py /work/shared/source-reports
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

AREAS = re.compile(r"\b(County Durham|Durham|Gwent)\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# Markdown punctuation would turn generated prose into emphasis, links or
# raw HTML; the text model only needs the words.
MARKUP = re.compile(r"[*_`#|<>\[\]{}\\]")
GLOSSARY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9&/\-]{1,12})\t+([^\t]{4,120})$")
OUT = Path(__file__).resolve().parent.parent / "generator" / "synth_corpus.txt"


def sentences(text: str) -> list[str]:
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip().lstrip("-• ").strip()
        line = re.sub(r"^\d+\.\s+", "", line)
        if "\t" in line or "http" in line or "@" in line or "www." in line:
            continue
        line = MARKUP.sub("", line)
        for sentence in SENTENCE_END.split(line):
            sentence = " ".join(sentence.split())
            words = sentence.split()
            if len(words) < 6 or len(words) > 60 or sentence.isupper():
                continue
            if not sentence[0].isupper() or sentence[-1] not in ".!?":
                continue
            found.append(AREAS.sub("{area}", sentence))
    return found


def glossary(text: str) -> list[str]:
    entries: list[str] = []
    for line in text.splitlines():
        match = GLOSSARY_LINE.match(line.strip())
        if match and not match.group(2).strip().rstrip("%").isdigit():
            term, definition = match.group(1), match.group(2).strip()
            if not any(ch.isdigit() for ch in definition[:3]) and not AREAS.search(definition):
                entries.append(f"{term}\t{definition}")
    return entries


def main(source: Path) -> None:
    groups: dict[str, list[str]] = {"esi": [], "pdu": [], "glossary": []}
    for path in sorted(source.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        kind = "pdu" if "pdu" in path.stem else "esi"
        groups[kind] += sentences(text)
        groups["glossary"] += glossary(text)
    lines: list[str] = []
    for name, items in groups.items():
        if name == "glossary":
            # One definition per term: the reports spell a few differently.
            items = sorted({i.split("\t")[0]: i for i in reversed(items)}.values())
        unique = list(dict.fromkeys(items))
        lines.append(f"[{name}]")
        lines += unique
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{OUT}: {OUT.stat().st_size} bytes, "
        + ", ".join(f"{k} {len(v)}" for k, v in groups.items())
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/source-reports"))
