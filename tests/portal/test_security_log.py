"""The security log: sign-ins and failures, lockouts, permission denials, downloads, erasures; UTC
times, no typed address, password, token or query string; read by the secretariat; pruned."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal import roles
from portal.models import SecurityEvent
from portal.privacy import prune

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(email, password, ip="198.51.100.7"):
    client = Client(REMOTE_ADDR=ip)
    return client, client.post("/en/accounts/login/", {"login": email, "password": password})


def test_a_sign_in_and_a_failure_are_logged_without_what_was_typed(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False}
    user = UserFactory(email="signer@example.org")
    _login("signer@example.org", "a-wrong-password-123")
    _login("nobody-here@example.org", "another-wrong-one")
    client, response = _login("signer@example.org", PASSWORD)
    assert response.status_code == 302
    lines = list(SecurityEvent.objects.order_by("pk").values_list("kind", "user_id", "path", "ip"))
    assert lines == [
        ("login_failed", user.pk, "/en/accounts/login/", "198.51.100.7"),
        ("login_failed", None, "/en/accounts/login/", "198.51.100.7"),
        ("login", user.pk, "/en/accounts/login/", "198.51.100.7"),
    ]
    stored = " ".join(str(v) for e in SecurityEvent.objects.all() for v in (e.path, e.detail))
    for secret in ("a-wrong-password-123", "another-wrong-one", "nobody-here", PASSWORD):
        assert secret not in stored
    assert SecurityEvent.objects.first().created_at.utcoffset() == timedelta(0)  # UTC


def test_a_lockout_is_logged(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False}
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(email="guessed@example.org")
    for n in range(4):
        _login("guessed@example.org", "wrong", ip=f"203.0.113.{n}")
    assert SecurityEvent.objects.filter(kind="locked_out", user_id=user.pk).exists()


def test_a_permission_denial_names_the_permission_path_and_account(client_for, role_users):
    friend = client_for("friend")
    assert friend.get("/en/review/?token=secret-token").status_code == 404
    line = SecurityEvent.objects.get(kind="denied")
    assert line.user_id == role_users["friend"].pk
    assert line.path == "/en/review/" and "secret-token" not in str(line.detail)
    assert line.detail["permission"].startswith("projects.")


def test_an_export_is_logged(client_for, role_users):
    from tests.partners.factories import OrganisationFactory

    OrganisationFactory(name="Exported Soil Lab")
    staff = client_for("secretariat")
    response = staff.post(
        "/django-admin/partners/organisation/",
        {"action": "export_csv", "_selected_action": list(_organisations())},
    )
    assert response.status_code == 200 and "Exported Soil Lab" in response.content.decode("utf-8-sig")
    line = SecurityEvent.objects.get(kind="export")
    assert (line.user_id, line.detail) == (role_users["secretariat"].pk, {"file": "organisations.csv"})
    # Public data downloaded anonymously (the open API's CSV) is not a line.
    assert Client().get("/api/v1/initiatives.csv").status_code == 200
    assert SecurityEvent.objects.filter(kind="export").count() == 1


def _organisations():
    from partners.models import Organisation

    return Organisation.objects.values_list("pk", flat=True)


def test_the_secretariat_reads_the_log_others_do_not(client_for, role_users):
    SecurityEvent.objects.create(kind="denied", user_id=4242, path="/en/review/", detail={"permission": "x.y"})
    page = client_for("secretariat").get("/django-admin/portal/securityevent/?kind__exact=denied")
    body = page.content.decode()
    assert page.status_code == 200 and "4242" in body and "Lines are kept 365 days" in body
    assert client_for("reviewer").get("/django-admin/portal/securityevent/").status_code in (302, 403)


def test_old_lines_are_pruned(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 365
    old = SecurityEvent.objects.create(kind="login", user_id=1, created_at=timezone.now() - timedelta(days=366))
    recent = SecurityEvent.objects.create(kind="login", user_id=1, created_at=timezone.now() - timedelta(days=10))
    assert prune()["security_log"] == 1
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [recent.pk] and old.pk != recent.pk


def test_staff_erasure_is_in_the_log_by_account_id_only(role_users):
    from portal.privacy import erase_account

    person = UserFactory(email="leaving@example.org", role=roles.FRIEND)
    erase_account(person, by=role_users["secretariat"])
    line = SecurityEvent.objects.get(kind="erasure")
    assert line.user_id == role_users["secretariat"].pk and line.detail == {"account": person.pk, "row": "deleted"}
