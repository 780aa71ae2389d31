"""The field reference page (``/authoring/fields/``) as a file of the MkDocs site.

The page itself is :mod:`generator.stages.reference`'s, made at each build from
the models and the frameworks, so it cannot drift from them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.model.archive import Archive
from generator.stages.reference import PAGE, field_reference
from generator.stages.validate import load_frameworks


def add_reference(config: MkDocsConfig, files: Files, data: Path) -> None:
    """Add the field reference, made from the frameworks in ``data``, outside the navigation."""
    frameworks = Archive()
    load_frameworks(data / "frameworks", frameworks)
    content = field_reference(frameworks.frameworks)
    files.append(File.generated(config, PAGE, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
