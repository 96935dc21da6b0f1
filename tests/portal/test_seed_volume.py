"""seed_demo's generated volume (``--scale initiative`` makes it at the Initiative's size; here a small
fraction of it): bulk-inserted rows that the pages and the search read like any others."""

import io

import pytest
from django.core.management import call_command

from newsletter.models import Subscriber
from partners.models import Initiative, Organisation, OrganisationOffice
from practices.models import Practice

pytestmark = pytest.mark.django_db


def test_a_fraction_of_the_initiatives_size_is_generated_once_and_timed(client):
    out = io.StringIO()
    call_command("seed_demo", "--scale", "1", "--volume", "0.004", "--force", stdout=out)
    printed = out.getvalue()
    assert "200 generated sheets in" in printed and "40 generated organisations with" in printed
    assert "8 generated initiatives in" in printed and "400 generated subscribers in" in printed
    assert "ANALYZE in" in printed
    generated = Practice.objects.filter(slug__startswith="generated-", published=True)
    assert generated.count() == 200
    assert Organisation.objects.filter(slug__startswith="generated-").count() == 40
    assert OrganisationOffice.objects.filter(organisation__slug__startswith="generated-").count() >= 40
    assert Initiative.objects.filter(slug__startswith="generated-").count() == 8
    assert Subscriber.objects.filter(email__endswith="@generated.demo.test").count() == 400

    # The domain's common words are in nearly every generated sheet, in each language; compost in some.
    soil = client.get("/es/practices/", {"q": "suelo"}).context["page"].paginator.count
    assert soil > 150
    compost = client.get("/en/practices/", {"q": "compost"}).context["page"].paginator.count
    assert 0 < compost < soil
    sheet = generated.order_by("pk").first()
    assert client.get(sheet.get_absolute_url()).status_code == 200

    # A second run adds nothing.
    call_command("seed_demo", "--scale", "1", "--volume", "0.004", "--force", stdout=io.StringIO())
    assert Practice.objects.filter(slug__startswith="generated-").count() == 200


def test_scale_takes_a_number_or_initiative():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="whole number or 'initiative'"):
        call_command("seed_demo", "--scale", "huge", stdout=io.StringIO())
