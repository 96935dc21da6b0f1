"""The portal's languages come from settings.LANGUAGES alone: adding one is a settings change.

Two proofs. What reads the list while running (the API's ``lang`` parameter, the language a request may
ask for) follows ``override_settings`` at once. What is built at start-up from it (translated columns,
required translations, fallbacks, constraints, the sheet fields of partners and practices) is checked
in a fresh process whose settings are the real ones with one more language on the LANGUAGES line; there
makemigrations would add the new columns and constraints by itself."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from portal import languages

WITH_PORTUGUESE = [*settings.LANGUAGES, ("pt", "Português")]


def test_the_languages_read_while_running_follow_the_settings(client, db):
    assert languages.codes() == ("en", "fr", "es")
    assert languages.known("pt") == "en"
    with override_settings(LANGUAGES=WITH_PORTUGUESE):
        assert languages.codes() == ("en", "fr", "es", "pt")
        assert languages.known("pt") == "pt"
        assert languages.known("de") == "en"
    # The API's `lang` is an enum of the schema, built when the project starts, like the translated
    # fields: the test below adds a language to the settings line itself.
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["schemas"]["Language"]["enum"] == ["en", "fr", "es"]


PROBE = r"""
import json, os, pathlib, sys, types

path = pathlib.Path("portal/settings.py").resolve()
source = path.read_text()
line = 'LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]'
assert source.count(line) == 1, "the LANGUAGES line of portal/settings.py changed: update this test"
module = types.ModuleType("settings_with_portuguese")
module.__file__ = str(path)
exec(compile(source.replace(line, line[:-1] + ', ("pt", "Português")]'), str(path), "exec"), module.__dict__)
sys.modules[module.__name__] = module
os.environ["DJANGO_SETTINGS_MODULE"] = module.__name__

import django

django.setup()

from django.apps import apps
from django.conf import settings
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from newsletter.models import Subscriber
from partners import services as partners_services
from portal.models import Theme
from practices.api_urls import public_api
from practices import services as practices_services
from practices.models import Practice

loader = MigrationLoader(None, ignore_no_migrations=True)
changes = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps)).changes(graph=loader.graph)
operations = [
    (app, type(op).__name__, getattr(op, "name", "") or getattr(getattr(op, "constraint", None), "name", ""))
    for app, migrations in changes.items()
    for migration in migrations
    for op in migration.operations
]
[subscriber_language] = [c for c in Subscriber._meta.constraints if c.name == "newsletter_subscriber_language_valid"]
print(json.dumps({
    "codes": settings.LANGUAGE_CODES,
    "fallback": settings.MODELTRANSLATION_FALLBACK_LANGUAGES,
    "practice_name_pt": Practice._meta.get_field("name_pt").verbose_name is not None,
    "theme_label_pt_required": not Theme._meta.get_field("label_pt").blank,
    "sheet_fields": partners_services.SHEET_FIELDS,
    "practice_languages": practices_services.LANGUAGES,
    "subscriber_languages": dict(subscriber_language.condition.children)["language__in"],
    "api_enum": public_api.get_openapi_schema()["components"]["schemas"]["Language"]["enum"],
    "operations": operations,
}))
"""


def test_adding_a_language_to_the_settings_line_reaches_everything_built_from_it():
    project = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    four = ["en", "fr", "es", "pt"]
    assert facts["codes"] == four and facts["fallback"] == four
    assert facts["practice_name_pt"] and facts["theme_label_pt_required"]
    assert "description_pt" in facts["sheet_fields"]
    assert facts["practice_languages"] == four
    assert facts["subscriber_languages"] == four
    assert facts["api_enum"] == four
    operations = {tuple(op) for op in facts["operations"]}
    # makemigrations would write the new columns and widen the language constraints by itself.
    assert ("practices", "AddField", "name_pt") in operations
    assert ("partners", "AddField", "description_pt") in operations
    assert ("newsletter", "AddConstraint", "newsletter_subscriber_language_valid") in operations
    assert ("portal", "AddConstraint", "portal_user_language_known") in operations
