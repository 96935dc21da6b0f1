import importlib
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.volume import INITIATIVE_COPIES, INITIATIVE_SIZE


def scale_value(text):
    """``--scale``: a number of copies of the hand-written demo data, or ``initiative``."""
    if text == "initiative":
        return text
    try:
        return int(text)
    except ValueError:
        raise CommandError("--scale takes a whole number or 'initiative'.") from None


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
    help = (
        "Load trilingual demo data and one demo account per role (refuses when DEBUG is off). "
        "--scale N copies the hand-written demo data N times (6 practice sheets and 12 organisations each). "
        "--scale initiative is the Initiative's size: those 20 times, plus generated data — "
        + ", ".join(f"{n:,} {kind}" for kind, n in INITIATIVE_SIZE.items())
        + " (--volume 0.1 makes a tenth of it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=scale_value, default=1, help="N copies, or 'initiative'.")
        parser.add_argument(
            "--volume", type=float, default=None, help="Generated data as a fraction of the Initiative's size."
        )
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, scale, volume, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo refuses to run with DEBUG off; add --force if you really mean it.")
        if scale == "initiative":
            scale, volume = INITIATIVE_COPIES, 1.0 if volume is None else volume
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if volume is not None and volume < 0:
            raise CommandError("--volume must not be negative.")
        started = time.perf_counter()
        rows, modules = [], []
        for app_config in demo_apps():
            module = importlib.import_module(app_config.demo_module)
            modules.append(module)
            result = module.seed(scale, self.stdout)
            if app_config.label == "portal":  # this app's own demo: the accounts to print
                rows = result
        self.stdout.write(f"Demo data ({scale} copies) in {time.perf_counter() - started:.1f} s.")
        if volume:
            generated = time.perf_counter()
            self.stdout.write(f"Generated data, {volume:g} × the Initiative's size:")
            for module in modules:
                if hasattr(module, "seed_volume"):
                    module.seed_volume(volume, self.stdout)
            # The planner needs the new tables' statistics (and PostgreSQL's visibility map, which VACUUM sets).
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # not in a transaction
            analyze = "VACUUM ANALYZE" if vacuum else "ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(analyze)
            self.stdout.write(f"Generated data and {analyze} in {time.perf_counter() - generated:.1f} s.")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Demo accounts (password {settings.DEMO_PASSWORD}):"))
        for email, role, secret in rows:
            line = f"  {email:<28} {role}"
            if secret:
                line += f"  (TOTP secret {secret}; current code: manage.py demo_totp {email})"
            self.stdout.write(line)
