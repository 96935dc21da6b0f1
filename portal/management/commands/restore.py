from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, Database, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `backup`: the database into --database (a name on the configured "
        "PostgreSQL server, or a SQLite file's path; default the configured database, created when missing) "
        "and the media archives into MEDIA_ROOT and PRIVATE_MEDIA_ROOT (or --media-root, --private-media-root). "
        "Refuses a database with tables or a media folder with files unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder, e.g. backups/20261201T020000Z")
        parser.add_argument("--database", default=None, help="Target database name (or SQLite file).")
        parser.add_argument("--media-root", default=None)
        parser.add_argument("--private-media-root", default=None)
        parser.add_argument("--no-media", action="store_true", help="Restore the database only.")
        parser.add_argument("--force", action="store_true", help="Replace what the targets hold.")

    def handle(self, *args, folder, database, media_root, private_media_root, no_media, force, **options):
        from portal.backups import media_roots

        target = Database.from_settings()
        if database:
            target = target.named(database)
        roots = media_roots()
        if media_root:
            roots["media"] = Path(media_root)
        if private_media_root:
            roots["private_media"] = Path(private_media_root)
        try:
            manifest = restore_backup(folder, target, roots, force=force, media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from None
        where = target.name
        self.stdout.write(f"Restored the backup of {manifest['created']} into {where}.")
        if not no_media:
            self.stdout.write(f"Media into {roots['media']} and {roots['private_media']}.")
