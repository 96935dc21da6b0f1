from django.core.management.base import BaseCommand, CommandError

from practices.importer import RecordError, import_file


class Command(BaseCommand):
    help = "Import practice sheets from a WOCAT QCAT JSON file (API v2 raw keyword format) or a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            report = import_file(file)
        except (OSError, RecordError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
