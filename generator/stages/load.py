"""Stage 1, load: YAML files become plain Python trees that remember where each value was.

We read libyaml's event stream (the C parser) instead of using a constructor,
for three reasons:

- every scalar stays the text the author typed, so YAML 1.1 never turns
  ``yes`` into True, ``3.10`` into 3.1, ``0755`` into 493 or a date into a date;
  the schema decides what is a number;
- we see every key, so a duplicate is an error naming both lines instead of
  the last one silently winning;
- we see anchors, aliases and tags, which the report format does not allow.

Hostile input is held to limits, each refused with one located line: a file
of at most :data:`MAX_BYTES`, mappings and lists nested at most
:data:`MAX_DEPTH` deep, and no control character but tab and newline, raw or
escaped, anywhere in the text.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from generator.model.problems import Document, Loc, Problem, dotted

try:
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

NULLS = frozenset({"", "~", "null", "Null", "NULL"})

MAX_BYTES = 2 * 1024 * 1024
"""The largest file read: 2 MiB, about 17 times the largest real report (gwent-2022-pdu.yaml,
117 KiB). A file's size bounds the nodes it can hold, and so the memory and time it takes."""

MAX_DEPTH = 40
"""How deep mappings and lists may nest: real reports and frameworks use at most 9 levels,
and every stage after this one walks the tree by recursion."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (Unicode category Cc) but tab and newline."""


def control_message(char: str) -> str:
    """Why a character YAML or the report format refuses is not allowed."""
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cc":
        return (
            "control character not allowed (expected text without control characters "
            f"but tab and newline, got {code})"
        )
    return f"character not allowed (expected printable text, got {code})"


TOO_DEEP = f"nested too deep (expected at most {MAX_DEPTH} levels of mappings and lists, got more)"


class _TooDeep(Exception):
    """Nesting past :data:`MAX_DEPTH`: the rest of the document is not read."""


def _mark(event: Any) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


class _Builder:
    """Turns a libyaml event stream into nested dicts, lists and strings."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.depth = 0

    def _text(self, event: Any, loc: Loc) -> None:
        """Report a control character in a scalar: an escape put it there (``"\\x1b"``),
        since the reader refuses them raw."""
        found = _CONTROL.search(event.value)
        if found:
            line, col = _mark(event)
            message = control_message(found.group())
            self.problems.append(Problem(self.doc.file, line, col, dotted(loc), message))

    def _deeper(self, event: Any, loc: Loc) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            line, col = _mark(event)
            self.problems.append(Problem(self.doc.file, line, col, dotted(loc), TOO_DEEP))
            raise _TooDeep

    def _refuse(self, event: Any, loc: Loc, line: int, col: int) -> None:
        """Report anchors and tags on a node."""
        if event.anchor:
            self.problems.append(
                Problem(
                    self.doc.file,
                    line,
                    col,
                    dotted(loc),
                    f"anchors are not allowed (expected plain YAML, got '&{event.anchor}')",
                )
            )
        tag = event.tag
        if tag and tag != "!":
            self.problems.append(
                Problem(
                    self.doc.file,
                    line,
                    col,
                    dotted(loc),
                    f"tags are not allowed (expected plain YAML, got '{tag}')",
                )
            )

    def node(self, events: Any, event: Any, loc: Loc) -> Any:
        # The hottest loop of validation: a report has thousands of nodes.
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        self.doc.values[loc] = (line, col)
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor or event.tag:
                self._refuse(event, loc, line, col)
            value = event.value
            if not event.style and value in NULLS:
                return None
            if _CONTROL.search(value):
                self._text(event, loc)
            return value
        if isinstance(event, yaml.AliasEvent):
            self.problems.append(
                Problem(
                    self.doc.file,
                    line,
                    col,
                    dotted(loc),
                    f"aliases are not allowed (expected plain YAML, got '*{event.anchor}')",
                )
            )
            return None
        if event.anchor or event.tag:
            self._refuse(event, loc, line, col)
        self._deeper(event, loc)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for ev in events:
                if isinstance(ev, yaml.SequenceEndEvent):
                    self.depth -= 1
                    return items
                items.append(self.node(events, ev, (*loc, len(items))))
        if isinstance(event, yaml.MappingStartEvent):
            mapping = self.mapping(events, loc)
            self.depth -= 1
            return mapping
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def mapping(self, events: Any, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.doc.keys
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            line, col = _mark(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                self.problems.append(
                    Problem(
                        self.doc.file,
                        line,
                        col,
                        dotted(loc),
                        "complex keys are not allowed (expected a plain text key)",
                    )
                )
                self.node(events, key_event, (*loc, "?"))
                self.node(events, next(events), (*loc, "?"))
                continue
            key = key_event.value
            child = (*loc, key)
            if _CONTROL.search(key):
                self._text(key_event, child)
            if key in result or child in keys:
                first = keys[child][0]
                self.problems.append(
                    Problem(
                        self.doc.file,
                        line,
                        col,
                        dotted(child),
                        f"duplicate key {key!r} (expected each key once, "
                        f"got it at line {first} and again at line {line})",
                    )
                )
                self.node(events, next(events), (*loc, f"{key}@{line}"))
                continue
            keys[child] = (line, col)
            result[key] = self.node(events, next(events), child)
        return result  # pragma: no cover - libyaml always closes mappings


def parse_text(text: str, file: str) -> tuple[Document, list[Problem]]:
    """Parse YAML text into a :class:`Document`, collecting every problem found."""
    doc = Document(file)
    builder = _Builder(doc)
    loader = None
    try:
        loader = _Loader(text)
        # Pulled straight from libyaml, not through yaml.parse's generator: a tenth of the parse.
        events = iter(loader.get_event, None)
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, col = _mark(event)
                    builder.problems.append(
                        Problem(file, line, col, "", "expected one YAML document, got several")
                    )
                    break
                doc.data = builder.node(events, next(events), ())
    except _TooDeep:
        doc.data = None
    except yaml.reader.ReaderError as err:
        # A character YAML refuses: placed where it is, in one line (libyaml gives two).
        char = chr(err.character) if isinstance(err.character, int) else ""
        at = text.find(char) if char else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        col = at - text.rfind("\n", 0, at) if at >= 0 else 1
        message = control_message(char) if char else f"YAML error: {err.reason}"
        builder.problems.append(Problem(file, line, col, "", message))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = err.problem or err.context or "invalid YAML"
        # libyaml has a limit of its own (1000), met first in flow style ("[[[…"): one message.
        message = TOO_DEEP if "nesting depth" in reason else f"YAML syntax error: {reason}"
        builder.problems.append(Problem(file, line, col, "", message))
    except yaml.YAMLError as err:
        builder.problems.append(
            Problem(file, 1, 1, "", f"YAML error: {' '.join(str(err).split())}")
        )
    finally:
        if loader is not None:
            loader.dispose()
    return doc, builder.problems


def too_large(name: str, size: int) -> Problem:
    """The problem of a file over :data:`MAX_BYTES`."""
    message = f"file too large (expected at most {MAX_BYTES:,} bytes, got {size:,})"
    return Problem(name, 1, 1, "", message)


def read_text(path: Path, shown: str | None = None) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file, turning I/O and encoding failures into problems."""
    name = shown or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # a file that grows after a check is still cut short
            size = os.fstat(handle.fileno()).st_size
    except OSError as err:
        return None, [Problem(name, 1, 1, "", f"cannot read file: {err.strerror or err}")]
    if len(raw) > MAX_BYTES:
        return None, [too_large(name, max(size, len(raw)))]
    if b"\x00" in raw:
        return None, [Problem(name, 1, 1, "", "expected UTF-8 text, got binary data")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [
            Problem(name, line, 1, "", f"expected UTF-8 text, got byte 0x{raw[err.start]:02x}")
        ]


def load_file(path: Path, shown: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Load one YAML file; the document is None when it could not be parsed at all."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    doc, problems = parse_text(text, shown or str(path))
    if doc.data is None and not problems:
        problems.append(Problem(doc.file, 1, 1, "", "expected a YAML mapping, got an empty file"))
    return doc, problems
