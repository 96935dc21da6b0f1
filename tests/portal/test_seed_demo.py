from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from newsletter.models import Subscriber
from partners.models import Organisation
from portal import roles
from portal.management.commands.seed_demo import demo_apps
from portal.models import HomePage, NewsPage, User
from practices.models import Practice
from projects.models import Call


@pytest.mark.django_db
def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email__endswith="@demo.test").exists()


@pytest.mark.django_db
def test_seed_demo_creates_one_verified_account_per_role_and_trilingual_pages(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    for email, group in roles.DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert email in printed
        assert user.check_password("demo-4p1000")
        assert EmailAddress.objects.get(user=user).verified
        # The partner account edits an organisation, so it also writes the knowledge bank.
        expected = ([group] if group else []) + (["Knowledge members"] if group == roles.PARTNER_EDITOR else [])
        assert sorted(user.groups.values_list("name", flat=True)) == sorted(expected)
    assert "demo-4p1000" in printed
    assert sorted(HomePage.objects.live().values_list("locale__language_code", flat=True)) == ["en", "es", "fr"]
    # three news items, the news item with a lead image, and the English-only one shown as an alias
    assert NewsPage.objects.live().filter(locale__language_code="es").count() == 5
    # Each domain app's own demo module ran (the apps declare them; portal names none of them).
    assert Organisation.objects.filter(published=True).exists()
    assert Practice.objects.filter(published=True, organisations__isnull=False).exists()
    assert Call.objects.exists() and Subscriber.objects.filter(email__endswith="@demo.test").exists()
    from knowledge.models import KnowledgeIndexPage, KnowledgePage

    assert sorted(bank.url for bank in KnowledgeIndexPage.objects.live()) == [
        "/en/knowledge/",
        "/es/conocimientos/",
        "/fr/connaissances/",
    ]
    public = KnowledgePage.objects.get(slug="mesurer-carbone-sol")
    assert public.live and public.alias_of_id is None and public.scope == ""
    aliases = KnowledgePage.objects.filter(
        alias_of__slug="cover-crop-termination", alias_of__locale__language_code="en"
    )
    assert sorted(aliases.values_list("locale__language_code", flat=True)) == ["es", "fr"]
    assert KnowledgePage.objects.get(slug="research-plan-of-action").scope == "college:research"


@pytest.mark.django_db
def test_seed_demo_twice_updates_instead_of_duplicating(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--scale", "2", stdout=StringIO())
    assert User.objects.filter(email__endswith="@demo.test").count() == len(roles.DEMO_ACCOUNTS)
    assert HomePage.objects.count() == 3
    # scale 2 doubles the three news of each language, without copying the first three (nor the lead
    # image item and the alias) again
    assert NewsPage.objects.filter(locale__language_code="fr").count() == 6 + 2


@pytest.mark.django_db
def test_demo_staff_accounts_print_a_working_second_factor(settings):
    from allauth.mfa.totp.internal.auth import validate_totp_code

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_totp", "chair@demo.test", stdout=out)
    from portal.demo import DEMO_TOTP_SECRETS

    assert validate_totp_code(DEMO_TOTP_SECRETS["chair@demo.test"], out.getvalue().strip())


def test_demo_modules_come_from_the_apps_in_the_order_they_declare(monkeypatch):
    from django.apps import apps

    assert [config.label for config in demo_apps()] == [
        "portal",
        "partners",
        "practices",
        "projects",
        "newsletter",
        "community",
        "forum",
        "knowledge",
    ]
    # Listed the other way round, practices (whose sheets name partners) still comes after partners,
    # and partners after portal (whose accounts it links).
    configs = list(reversed(apps.get_app_configs()))
    monkeypatch.setattr(apps, "get_app_configs", lambda: configs)
    order = [config.label for config in demo_apps()]
    assert order.index("portal") < order.index("partners") < order.index("practices")
    assert order.index("portal") < order.index("projects") and order.index("portal") < order.index("newsletter")


def test_a_demo_order_that_names_an_app_without_demo_data_is_refused(monkeypatch):
    from django.apps import apps

    partners = apps.get_app_config("partners")
    monkeypatch.setattr(partners, "demo_after", ("portal", "wagtailcore"))
    with pytest.raises(CommandError, match="partners.demo_after names apps without demo data: wagtailcore"):
        demo_apps()
