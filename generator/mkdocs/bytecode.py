"""Material's compiled templates, kept from one build to the next."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket


class KeptBytecodeCache(FileSystemBytecodeCache):
    """Compiled theme templates, kept across rebuilds and, with a cache folder, across builds.

    MkDocs makes a new theme environment for every build, and compiling
    Material's templates would be most of a rebuild with nothing to do. Jinja
    checks each template's source against its checksum before using what is
    kept, so an edited override is compiled again.
    """

    def __init__(self, folder: Path | None) -> None:
        self.code: dict[str, bytes] = {}
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            super().__init__(str(folder))

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)
        elif self.folder is not None:
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            super().dump_bytecode(bucket)


def for_build(env: Environment, kept: KeptBytecodeCache) -> Environment:
    """MkDocs' theme environment for one build, with templates compiled before from ``kept``."""
    env.bytecode_cache = kept
    # MkDocs makes a new environment for every build, so no template changes
    # while this one is used: Material includes dozens of partials in every
    # page, and each include would otherwise look at its file's time again.
    env.auto_reload = False
    return env
