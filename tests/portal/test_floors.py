"""The floors of DESIGN.md are import-linter's contracts in pyproject.toml; `make test` keeps them
too, so a change that imports upwards fails the suite and not only `make lint`.

A layer cannot contain another, so portal's base and recruitment's floor-1 modules are named one by
one in the contract; a module added beside them that nobody placed on a floor would escape every
check. The second test makes such a module fail until it is given its floor.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_CODE = {"migrations", "static", "__pycache__"}


def contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as config:
        return tomllib.load(config)["tool"]["importlinter"]["contracts"]


def layered_modules() -> set[str]:
    floors = next(contract for contract in contracts() if contract["id"] == "floors")
    names = set()
    for layer in floors["layers"]:
        for name in layer.replace("|", ":").split(":"):
            names.add(name.strip(" ()\\\n"))
    return names


def test_import_contracts_are_kept():
    run = subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-logo", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_module_of_the_split_packages_stands_on_a_floor():
    placed = layered_modules()
    unplaced = []
    for package in ("portal", "recruitment"):
        for child in sorted((ROOT / package).iterdir()):
            if child.name in NOT_CODE or child.name == "__init__.py":
                continue
            if child.is_dir() and not (child / "__init__.py").exists():
                continue
            if child.is_file() and child.suffix != ".py":
                continue
            name = f"{package}.{child.stem}"
            if name not in placed:
                unplaced.append(name)
    assert unplaced == [], f"not on any floor in pyproject's import contract: {unplaced}"


def test_lapsing_volunteers_is_an_events_selector():
    from events.selectors import lapsing

    assert callable(lapsing.lapsing_volunteers)
