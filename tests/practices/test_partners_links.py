"""A sheet names the published partners who use the practice; a partner's sheet names its practices."""

import pytest

from tests.partners.factories import OfficeFactory, OrganisationFactory

from .factories import make_practice


@pytest.fixture
def partners(db):
    shown = OrganisationFactory(name="Soil Lab of Thiès", slug="soil-lab", published=True)
    OfficeFactory(organisation=shown)
    hidden = OrganisationFactory(name="Unpublished cooperative", slug="hidden-coop", published=False)
    return shown, hidden


def test_sheet_lists_published_partners_only(client, partners):
    shown, hidden = partners
    practice = make_practice(name_en="Zaï pits", organisations=["soil-lab"])
    practice.organisations.add(hidden)  # even if linked, an unpublished partner stays out of sight
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Partners who use it" in html
    assert f'<a href="{shown.get_absolute_url()}">Soil Lab of Thiès</a>' in html
    assert "Unpublished cooperative" not in html


def test_partner_sheet_lists_its_published_practices(client, partners):
    shown, _hidden = partners
    practice = make_practice(name_en="Zaï pits", organisations=["soil-lab"])
    make_practice(published=False, name_en="Draft practice", organisations=["soil-lab"])
    html = client.get(shown.get_absolute_url()).content.decode()
    assert f'<a href="{practice.get_absolute_url()}">Zaï pits</a>' in html
    assert "Draft practice" not in html


def test_unknown_or_unpublished_partner_in_sheet_data_is_refused(partners):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_practice(name_en="Linked wrongly", organisations=["hidden-coop"])
    assert "Unknown partners: hidden-coop." in error.value.messages
    from practices.models import Practice

    assert not Practice.objects.filter(name_en="Linked wrongly").exists()


def test_sheet_and_initiative_link_each_other_when_published(client, db):
    from tests.partners.test_initiatives import make_initiative

    soca = make_initiative("SOCa")
    make_initiative("Hidden programme", published=False)
    practice = make_practice(name_en="Zaï pits", initiatives=["soca"])
    make_practice(published=False, name_en="Draft practice", initiatives=["soca"])
    html = client.get(practice.get_absolute_url()).content.decode()
    assert f'<a href="{soca.get_absolute_url()}">SOCa</a>' in html
    initiative_page = client.get(soca.get_absolute_url()).content.decode()
    assert f'<a href="{practice.get_absolute_url()}">Zaï pits</a>' in initiative_page
    assert "Draft practice" not in initiative_page
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Unknown initiatives: hidden-programme."):
        make_practice(name_en="Wrong link", initiatives=["hidden-programme"])
