import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load trilingual demo data and one demo account per role (refuses when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the amount of demo data.")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo refuses to run with DEBUG off; add --force if you really mean it.")
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        rows = []
        # portal first (accounts, pages), then each domain app that ships demo data.
        for app_config in apps.get_app_configs():
            if app_config.name not in ("portal", "partners", "practices", "projects", "newsletter"):
                continue
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError:
                continue
            result = module.seed(scale, self.stdout)
            if app_config.name == "portal":
                rows = result
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Demo accounts (password {settings.DEMO_PASSWORD}):"))
        for email, role, secret in rows:
            line = f"  {email:<28} {role}"
            if secret:
                line += f"  (TOTP secret {secret}; current code: manage.py demo_totp {email})"
            self.stdout.write(line)
