"""A person downloads their data and erases their account, on a 360 px phone: from /my/, the data page,
the download, the erasure page (a wrong password first), the confirmation; axe-core on both pages."""

import json

import pytest
from django.core import mail

from portal.models import User
from tests.browser.test_call_journey import ARTIFACTS, login_as
from tests.browser.test_journeys import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_person_downloads_their_data_then_erases_their_account_on_a_phone(phone_page):
    _journey(phone_page, "phone")


def test_a_person_downloads_their_data_then_erases_their_account_on_a_desktop(browser_page):
    _journey(browser_page, "desktop")


def _journey(page, size):
    person = UserFactory(email="leaving.person@example.org", first_name="Ines", last_name="Departing")
    login_as(page, person)
    page.goto(f"{page.base}/en/my/")
    assert_accessible(page)
    page.get_by_role("link", name="My data: download or erase my account").click()
    assert "everything the portal holds about you" in page.locator("main").inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["portal"]["account"]["email"] == "leaving.person@example.org"

    page.get_by_role("link", name="Erase my account…").click()
    main = page.locator("main").inner_text()
    assert "What is deleted" in main and "What stays, anonymised" in main
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"erase-account-{size}.png", full_page=True)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand that my account is erased for good and cannot be restored.").check()
    page.get_by_role("button", name="Erase my account for good").click()
    assert "This is not your password." in page.locator("main").inner_text()
    assert User.objects.filter(pk=person.pk).exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that my account is erased for good and cannot be restored.").check()
    page.get_by_role("button", name="Erase my account for good").click()
    assert "Your account has been erased." in page.locator("body").inner_text()
    assert_accessible(page)
    assert not User.objects.filter(pk=person.pk).exists()
    assert [m.to for m in mail.outbox] == [["leaving.person@example.org"]]
    page.goto(f"{page.base}/en/my/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)
