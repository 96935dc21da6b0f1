"""Every string a person reads is in the catalog of every language of settings.LANGUAGES (each checked on
its own: a string missing from the Spanish catalog only fails), translated (no empty, no fuzzy entry)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# The strings of the code are English: every other language of the portal has a catalog.
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# What makemessages does not scan (as make makemessages). It files each source file under the nearest
# <folder>/locale (the domain apps), else under the project's locale/.
IGNORES = [".venv/*", "tests/*", "staticfiles/*", "media/*", "benchmarks/*"]
NOT_SOURCE = {".venv", ".git", "media", "staticfiles", "node_modules"}


def locale_folders(base=BASE):
    """locale/ and every <folder>/locale/ of the project (the apps' catalogs)."""
    folders = [base / "locale"] if (base / "locale").is_dir() else []
    for folder in sorted(base.iterdir()):
        if folder.is_dir() and folder.name not in NOT_SOURCE and (folder / "locale").is_dir():
            folders.append(folder / "locale")
    return folders


def catalogs(base=BASE):
    return [po for folder in locale_folders(base) for po in sorted(folder.glob("*/LC_MESSAGES/*.po"))]


def _name(path, base=BASE):
    return path.relative_to(base).as_posix()


def _msgids(path):
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def test_there_are_catalogs_and_one_per_language_in_each_locale_folder():
    assert LANGUAGES, "settings.LANGUAGES names no language besides the source language"
    folders = locale_folders()
    assert BASE / "locale" in folders and len(folders) > 1
    expected = {f"{_name(folder)}/{code}/LC_MESSAGES/django.po" for folder in folders for code in LANGUAGES}
    assert sorted(expected - {_name(po) for po in catalogs()}) == []


@pytest.mark.parametrize("po", catalogs(), ids=_name)
def test_catalog_is_complete_and_valid(po):
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    assert _msgids(po), f"{_name(po)} holds no string"


@pytest.mark.parametrize("folder", locale_folders(), ids=_name)
def test_the_languages_of_a_locale_folder_hold_the_same_strings(folder):
    """A string added to one language's catalog and forgotten in another's."""
    strings = {code: _msgids(folder / code / "LC_MESSAGES" / "django.po") for code in LANGUAGES}
    every = set().union(*strings.values())
    missing = {code: sorted(msgid for _ctx, msgid in every - found) for code, found in strings.items()}
    assert {code: ids for code, ids in missing.items() if ids} == {}


def test_catalogs_hold_every_string_of_the_code(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(
        BASE,
        copy,
        ignore=shutil.ignore_patterns(*NOT_SOURCE, "*.sqlite3", "__pycache__", "*.mo"),
    )
    ignores = [arg for pattern in IGNORES for arg in ("-i", pattern)]
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", *languages, "--no-location", *ignores],
        cwd=copy,
        capture_output=True,
        text=True,
        check=True,
    )
    missing = {}
    for po in catalogs(copy):
        original = BASE / po.relative_to(copy)
        new = _msgids(po) - (_msgids(original) if original.exists() else set())
        if new:
            missing[_name(po, copy)] = sorted(msgid for _ctx, msgid in new)
    assert missing == {}, "Strings not yet in the catalogs (run make makemessages and translate): " + repr(missing)
