"""The secretariat manages the domain apps' data in the Django admin; other roles cannot."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/django-admin/partners/organisation/",
        "/django-admin/partners/hotspot/",
        "/django-admin/practices/practice/",
        "/django-admin/practices/climatezone/",
        "/django-admin/projects/call/",
        "/django-admin/newsletter/subscriber/",
        "/django-admin/portal/theme/",
    ],
)
def test_secretariat_opens_the_data_admin_and_a_partner_does_not(client_for, url):
    response = client_for("secretariat").get(url)
    assert response.status_code == 200
    assert "Select" in response.content.decode()
    refused = client_for("partner").get(url)
    assert refused.status_code == 302 and refused["Location"].startswith("/django-admin/login/")
