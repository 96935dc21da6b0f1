"""Every string a person reads is in the FR and ES catalogs, translated (no empty, no fuzzy entry)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
DOMAIN_APPS = ["partners", "practices", "projects", "newsletter"]
# What the project-level catalog (locale/) does not scan: each domain app has its own catalog.
# makemessages files each source file under the nearest <app>/locale, else locale/ (as make makemessages).
ROOT_IGNORES = [".venv/*", "tests/*", "staticfiles/*", "media/*", "benchmarks/*"]


def catalogs(base=BASE):
    roots = [base / "locale"] + [base / app / "locale" for app in DOMAIN_APPS if (base / app / "locale").is_dir()]
    return [po for root in roots for po in sorted(root.glob("*/LC_MESSAGES/django.po"))]


def _msgids(path):
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def test_there_is_a_french_and_a_spanish_project_catalog():
    found = {po.relative_to(BASE).as_posix() for po in catalogs()}
    assert {"locale/fr/LC_MESSAGES/django.po", "locale/es/LC_MESSAGES/django.po"} <= found


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: p.relative_to(BASE).as_posix())
def test_catalog_is_complete_and_valid(po):
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_catalogs_hold_every_string_of_the_code(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(
        BASE,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "media", "staticfiles", "*.sqlite3", "__pycache__", "*.mo"),
    )
    ignores = [arg for pattern in ROOT_IGNORES for arg in ("-i", pattern)]
    run = {"capture_output": True, "text": True, "check": True}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", *ignores], cwd=copy, **run
    )  # noqa: S603
    missing = {}
    for po in catalogs(copy):
        if "/fr/" not in po.as_posix():
            continue
        original = BASE / po.relative_to(copy)
        new = _msgids(po) - _msgids(original)
        if new:
            missing[po.relative_to(copy).as_posix()] = sorted(msgid for _ctx, msgid in new)
    assert missing == {}, "Strings not yet in the catalogs (run make messages and translate): " + repr(missing)
