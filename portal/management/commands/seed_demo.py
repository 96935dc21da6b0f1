import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def demo_apps():
    """The installed apps that declare a ``demo_module``, each after the apps of its ``demo_after``
    (otherwise in INSTALLED_APPS order). Portal names no domain app: each declares its own."""
    pending = [config for config in apps.get_app_configs() if getattr(config, "demo_module", None)]
    declared = {config.label for config in pending}
    for config in pending:
        unknown = set(config.demo_after) - declared
        if unknown:
            raise CommandError(f"{config.label}.demo_after names apps without demo data: {', '.join(sorted(unknown))}")
    ordered, done = [], set()
    while pending:
        ready = next((config for config in pending if set(config.demo_after) <= done), None)
        if ready is None:
            raise CommandError(f"demo_after runs in a circle: {', '.join(c.label for c in pending)}")
        pending.remove(ready)
        ordered.append(ready)
        done.add(ready.label)
    return ordered


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
        for app_config in demo_apps():
            result = importlib.import_module(app_config.demo_module).seed(scale, self.stdout)
            if app_config.label == "portal":  # this app's own demo: the accounts to print
                rows = result
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Demo accounts (password {settings.DEMO_PASSWORD}):"))
        for email, role, secret in rows:
            line = f"  {email:<28} {role}"
            if secret:
                line += f"  (TOTP secret {secret}; current code: manage.py demo_totp {email})"
            self.stdout.write(line)
