"""The Spanish catalogue is complete: every marked string has a translation, none is fuzzy."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = ["portal", "home", "recruitment", "events", "training", "templates"]


def _msgids(po_file: Path) -> set[str]:
    ids = set()
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.MULTILINE)
        if match:
            text = "".join(re.findall(r'"(.*)"', match.group(1)))
            if text:
                ids.add(text)
    return ids


def test_every_spanish_entry_is_translated_and_none_is_fuzzy():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path):
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--ignore", "tests/*", "-v0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(tmp_path),
            "PORTAL_VAR_DIR": str(tmp_path / "var"),
        },
    )
    assert result.returncode == 0, result.stderr
    fresh = _msgids(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po")
    missing = sorted(fresh - _msgids(CATALOGUE))
    assert not missing, (
        "These strings are not in locale/es/LC_MESSAGES/django.po; run `make messages-update` "
        f"and translate them: {missing}"
    )
