"""The field reference page (``/authoring/fields/``) as a file of the MkDocs site.

The page itself is :mod:`generator.stages.reference`'s, made from the models and
the frameworks, so it cannot drift from them. It is kept in the disk cache under
the hash of the code and the framework files: making it builds the schema of
every model, which a build that validates nothing would otherwise not need.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from generator.model.urls import FIELD_REFERENCE as PAGE
from generator.site.cache import DiskCache, code_hash, digest, tree_hash
from generator.stages.files import yaml_files


def reference_page(data: Path, cache: DiskCache) -> str:
    """The field reference, made from the frameworks in ``data``, as Markdown."""
    folder = data / "frameworks"
    # Where each file leads too: a framework linked from outside the data folder is refused.
    leads = [os.path.realpath(p) for p in yaml_files(folder)]
    key = digest(code_hash(), str(data), tree_hash(folder), *leads)
    page = cache.get("reference", key)
    if isinstance(page, str):
        return page
    # Loaded only to make the page, which is all the models and frameworks.
    from generator.model.archive import Archive
    from generator.stages.reference import field_reference
    from generator.stages.validate import load_frameworks

    frameworks = Archive()
    load_frameworks(folder, frameworks)
    page = field_reference(frameworks.frameworks)
    cache.put("reference", key, page)
    return page


def reference_file(config: MkDocsConfig, data: Path, cache: DiskCache) -> File:
    """The field reference, made from the frameworks in ``data``, outside the navigation."""
    content = reference_page(data, cache)
    return File.generated(config, PAGE, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
