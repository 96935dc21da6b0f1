"""A press item's summary may be written in any one language; readers of the others get the fallback."""

import pytest

from newsletter.models import PressItem

pytestmark = pytest.mark.django_db


def _post(client, **summaries):
    data = {
        "title": "Los suelos de los Andes",
        "source": "El Diario",
        "url": "https://press.example.net/andes",
        "published_on": "2026-11-10",
        "language": "es",
        "added_0": "2026-11-10",
        "added_1": "10:00:00",
        **{f"summary_{code}": "" for code in ("en", "fr", "es")},
        **summaries,
    }
    return client.post("/django-admin/newsletter/pressitem/add/", data)


def test_a_spanish_summary_alone_is_enough_and_english_readers_get_it(client_for, client):
    response = _post(client_for("secretariat"), summary_es="Carbono en los suelos andinos.")
    assert response.status_code == 302, response.content.decode()[:3000]
    item = PressItem.objects.get()
    assert item.summary_es == "Carbono en los suelos andinos."
    assert "Carbono en los suelos andinos." in client.get("/en/newsletter/press/").content.decode()


def test_no_summary_in_any_language_is_refused(client_for):
    response = _post(client_for("secretariat"))
    assert response.status_code == 200
    assert "Write the short summary in at least one language." in response.content.decode()
    assert not PressItem.objects.exists()
