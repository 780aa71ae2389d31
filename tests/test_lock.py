"""requirements/lock.txt is the install: every declared dependency pinned, hashed and in range.

``make install`` installs exactly the lock (``pip install --require-hashes``),
then the project and the developer tools editable with ``--no-deps``. So the
lock must hold every dependency that pyproject.toml (with its dev extra) and
tools/pyproject.toml declare, and the build backend of both, each pinned to
one release that the declared range admits, with the hashes of its files;
and the environment the tests run in must be that lock. ``make lock``
resolves it again after a change to either pyproject.toml.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
# uv, which `make lock` runs from a venv of its own.
UV_LOCK = ROOT / "requirements" / "uv.txt"
# Installed editable, from this repository: never from an index, so never locked.
PROJECTS = {canonicalize_name("inspection-reports"), canonicalize_name("inspection-reports-tools")}
# Packages whose declared range once admitted releases with known
# vulnerabilities: the last such release and the first fixed one.
VULNERABLE = {
    "jinja2": (Version("3.1.5"), Version("3.1.6")),
    "setuptools": (Version("78.1.0"), Version("78.1.1")),
}
HASH = re.compile(r"sha256:[0-9a-f]{64}")
FIX = "run `make lock` (see the README's Development section)"


@dataclass(frozen=True)
class Pin:
    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def name(self) -> NormalizedName:
        return canonicalize_name(self.requirement.name)

    @property
    def version(self) -> Version:
        (spec,) = self.requirement.specifier
        return Version(spec.version)

    def applies(self) -> bool:
        """Whether pip installs this line here (a universal lock has lines for other Pythons)."""
        marker = self.requirement.marker
        return marker is None or marker.evaluate()


def _pins(path: Path) -> list[Pin]:
    """A requirements file's lines, continuations joined and comments left out."""
    pins = []
    for line in path.read_text("utf-8").replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, *hashes = line.split("--hash=")
        pins.append(Pin(Requirement(spec.strip()), tuple(h.strip() for h in hashes)))
    return pins


def _locked() -> dict[NormalizedName, list[Pin]]:
    locked: dict[NormalizedName, list[Pin]] = {}
    for pin in _pins(LOCK):
        locked.setdefault(pin.name, []).append(pin)
    return locked


def _declared() -> Iterator[tuple[str, Requirement]]:
    """Every requirement of both pyproject.toml files, with where it is declared."""
    for path in (ROOT / "pyproject.toml", ROOT / "tools" / "pyproject.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        where = path.relative_to(ROOT)
        groups = {
            "[build-system] requires": data["build-system"]["requires"],
            "[project] dependencies": data["project"]["dependencies"],
            "the dev extra": data["project"].get("optional-dependencies", {}).get("dev", []),
        }
        for group, requirements in groups.items():
            for text in requirements:
                yield f"{where} {group}", Requirement(text)


def test_every_line_of_the_locks_pins_one_release_with_its_hashes() -> None:
    bad = []
    for path in (LOCK, UV_LOCK):
        for pin in _pins(path):
            specs = list(pin.requirement.specifier)
            if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
                bad.append(f"{path.name}: {pin.requirement} is not pinned with ==")
            if not pin.hashes or not all(HASH.fullmatch(h) for h in pin.hashes):
                bad.append(f"{path.name}: {pin.requirement} has no sha256 hashes")
            if pin.requirement.url or pin.requirement.extras:
                bad.append(f"{path.name}: {pin.requirement} is not a plain release")
            if pin.name in PROJECTS:
                bad.append(f"{path.name}: {pin.name} is locked but is installed editable")
    assert bad == [], f"{FIX}:\n" + "\n".join(bad)


def test_the_lock_pins_every_declared_dependency_within_its_range() -> None:
    locked = _locked()
    bad = []
    for where, requirement in _declared():
        name = canonicalize_name(requirement.name)
        if name in PROJECTS:
            continue
        pins = locked.get(name, [])
        if not pins:
            bad.append(f"{where}: {requirement} is not in the lock")
        for pin in pins:
            if not requirement.specifier.contains(pin.version, prereleases=True):
                bad.append(f"{where}: {requirement} does not admit the locked {pin.requirement}")
    assert bad == [], f"{FIX}:\n" + "\n".join(bad)


def test_the_lock_holds_what_the_declared_extras_bring() -> None:
    """pagefind[bin] brings the platform's pagefind_bin wheel, which must be locked too."""
    locked = _locked()
    missing = []
    for where, requirement in _declared():
        for extra in sorted(requirement.extras):
            for text in metadata.requires(requirement.name) or []:
                brought = Requirement(text)
                if canonicalize_name(brought.name) in locked or brought.marker is None:
                    continue
                # What the extra brings and the package without it does not.
                with_extra = brought.marker.evaluate({"extra": extra})
                if with_extra and not brought.marker.evaluate({"extra": ""}):
                    missing.append(f"{where}: {requirement.name}[{extra}] brings {brought}")
    assert missing == [], f"{FIX}:\n" + "\n".join(missing)


def test_no_release_with_a_known_vulnerability_is_declared_or_locked() -> None:
    locked = _locked()
    bad = []
    for where, requirement in _declared():
        versions = VULNERABLE.get(canonicalize_name(requirement.name))
        if versions and requirement.specifier.contains(versions[0], prereleases=True):
            bad.append(f"{where}: {requirement} admits {requirement.name} {versions[0]}")
    for name, (_, fixed) in VULNERABLE.items():
        for pin in locked.get(canonicalize_name(name), []):
            if pin.version < fixed:
                bad.append(f"the lock pins {pin.requirement}, older than {fixed}")
    assert bad == []
    jinja2 = locked.get(canonicalize_name("jinja2"), [])
    assert jinja2 and all(pin.version >= Version("3.1.6") for pin in jinja2)


def test_the_environment_is_the_lock() -> None:
    """What the tests run in is what CI installed: the locked releases and nothing else."""
    locked = {name: pins for name, pins in _locked().items() if any(p.applies() for p in pins)}
    installed = {
        canonicalize_name(dist.metadata["Name"]): Version(dist.version)
        for dist in metadata.distributions()
    }
    wrong = []
    for name, pins in sorted(locked.items()):
        (pin,) = [p for p in pins if p.applies()]
        if installed.get(name) != pin.version:
            wrong.append(f"{pin.requirement} is locked, {installed.get(name)} installed")
    for name in sorted(installed.keys() - locked.keys() - PROJECTS):
        wrong.append(f"{name} {installed[name]} is installed but not in the lock")
    wrong += [f"{name} is not installed" for name in sorted(PROJECTS - installed.keys())]
    assert wrong == [], "run `make install` (in a new .venv for the last):\n" + "\n".join(wrong)
