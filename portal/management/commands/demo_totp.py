from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (demo data only, DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

        from portal.demo import DEMO_TOTP_SECRETS

        if not settings.DEBUG:
            raise CommandError("demo_totp only works on a demo portal (DEBUG on).")
        secret = DEMO_TOTP_SECRETS.get(email)
        if secret is None:
            raise CommandError(f"{email} is not a demo account with a second factor.")
        counters = list(yield_hotp_counters_from_time())
        self.stdout.write(format_hotp_value(hotp_value(secret, counters[len(counters) // 2])))
