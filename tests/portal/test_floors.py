"""The floors of DESIGN.md, read from the source: a module imports only from its floor or below,
imports inside functions included. Checked with the AST so nothing has to be imported to see it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Packages above each floor that the floor must not reach.
UPPER_THAN_BASE = (
    "home",
    "recruitment",
    "training",
    "events",
    "portal.newsletters",
    "portal.insights",
    "portal.dashboard",
    # The project wiring stands on top of every floor.
    "portal.settings",
    "portal.urls",
    "portal.celery",
    "portal.wsgi",
    "portal.management",
)
# Project wiring in portal/ that may import everything (the package's __init__ loads Celery's
# app, as Celery's Django guide has it).
TOP_WIRING = (
    "portal/__init__.py",
    "portal/settings/",
    "portal/urls.py",
    "portal/celery.py",
    "portal/wsgi.py",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    package = list(path.relative_to(ROOT).with_suffix("").parts)
    package = package[:-1]  # a module's relative imports start from its package
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def reaches(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(
        module
        for module in modules
        if any(module == package or module.startswith(package + ".") for package in packages)
    )


def base_modules() -> list[Path]:
    portal = ROOT / "portal"
    upper = {portal / name for name in ("newsletters", "insights", "dashboard", "management")}
    return [
        path
        for path in sorted(portal.rglob("*.py"))
        if not any(parent in upper for parent in path.parents)
        and "migrations" not in path.parts
        and not str(path.relative_to(ROOT)).startswith(TOP_WIRING)
    ]


@pytest.mark.parametrize("path", base_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_portal_base_imports_nothing_from_upper_floors(path):
    assert reaches(imported_modules(path), UPPER_THAN_BASE) == []


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "portal" / "newsletters").rglob("*.py")),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_newsletters_import_neither_insights_nor_dashboard(path):
    if "migrations" in path.parts:
        return
    assert reaches(imported_modules(path), ("portal.insights", "portal.dashboard")) == []


def test_lapsing_volunteers_is_an_events_selector():
    from events.selectors.lapsing import lapsing_volunteers

    assert callable(lapsing_volunteers)
