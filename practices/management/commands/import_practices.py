from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from practices.importer import RecordError, import_file


class Command(BaseCommand):
    help = (
        "Import practice sheets from a WOCAT QCAT answer (API v1 list or record, raw keyword JSON, API v2 "
        "detail; detected automatically) or a CSV file. See docs/import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything, then roll back: shows what would be created and updated, writes nothing.",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the texts of an API v2 detail answer (the /en/, /fr/ or /es/ of its address).",
        )

    def handle(self, *args, file, dry_run, language, **options):
        def progress(done, total, seconds):
            of = f"/{total}" if total else ""
            self.stderr.write(f"{done}{of} records, {seconds:.1f} s")

        try:
            report = import_file(file, dry_run=dry_run, progress=progress, language=language)
        except (OSError, RecordError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary(verbosity=options["verbosity"]))
