from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, make_backup, newest_age_hours


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format; or a copy of the SpatiaLite file), MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT into one folder <BACKUP_DIR>/<UTC stamp>/, then keep the newest BACKUP_KEEP backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="Where the backup folders go (default BACKUP_DIR).")
        parser.add_argument(
            "--keep", type=int, default=None, help="Complete backups kept there (default BACKUP_KEEP; 0 keeps all)."
        )

        parser.add_argument(
            "--check-age",
            type=float,
            default=None,
            metavar="HOURS",
            help="Make no backup: exit 1 unless the newest complete backup is younger than HOURS (health check).",
        )

    def handle(self, *args, dir, keep, check_age, **options):
        if check_age is not None:
            age = newest_age_hours(dir)
            if age is None or age > check_age:
                seen = "no backup" if age is None else f"the newest backup is {age:.1f} hours old"
                raise CommandError(f"{seen} in {dir or settings.BACKUP_DIR} (limit {check_age:g} hours).")
            self.stdout.write(f"The newest backup is {age:.1f} hours old.")
            return
        keep = settings.BACKUP_KEEP if keep is None else keep
        try:
            folder = make_backup(dir, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(folder))
