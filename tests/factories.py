"""factory-boy factories of the portal shell. Domain apps add theirs in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from portal import roles
from portal.models import User

PASSWORD = "a-Strong-passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    language = "en"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """``UserFactory(role=roles.STC_REVIEWER)`` puts the user in that group (and sets up TOTP
        where the role requires it, as a real account would have to)."""
        if not create or not extracted:
            return
        # get_or_create: a transactional test before this one may have flushed the migrations' groups.
        self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        if extracted == roles.SECRETARIAT:
            self.is_staff = True
            self.save(update_fields=["is_staff"])
        if extracted in roles.MFA_REQUIRED_GROUPS:
            activate_totp(self)


TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def activate_totp(user, secret=TEST_TOTP_SECRET):
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, secret)


def current_totp_code(secret=TEST_TOTP_SECRET):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def totp_code_to_type(secret=TEST_TOTP_SECRET, margin=10):
    """The current code, taken at least ``margin`` seconds before its 30-second period ends. A browser
    types it and the server checks it seconds later: on a loaded CI machine a code taken near the end of
    its period had expired by then, the server refused it, and the journey timed out on the next page."""
    import time

    from allauth.mfa import app_settings

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < margin:
        time.sleep(left + 0.2)
    return current_totp_code(secret)


__all__ = ["UserFactory", "PASSWORD", "activate_totp", "current_totp_code", "settings", "totp_code_to_type"]
