"""Read bounce reports (RFC 3464) and complaints (ARF, RFC 5965) from the bounce mailbox and record them."""

import imaplib
import mailbox
import poplib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsletter import bounces


class Command(BaseCommand):
    help = (
        "Read the bounce mailbox (BOUNCE_MAILBOX_URL: imaps://user:pass@host/INBOX, pop3s://..., or a Maildir "
        "path), record hard and soft bounces and complaints, and delete (or move) the reports it processed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default=None, help="Mailbox to read instead of BOUNCE_MAILBOX_URL.")
        parser.add_argument("--move-to", default=None, help="Move processed reports to this folder (IMAP, Maildir).")
        parser.add_argument("--keep", action="store_true", help="Record, but leave the reports in the mailbox.")

    def handle(self, *args, url, move_to, keep, **options):
        url = url or getattr(settings, "BOUNCE_MAILBOX_URL", "")
        if not url:
            raise CommandError("No mailbox: set BOUNCE_MAILBOX_URL or pass --url.")
        try:
            box = bounces.open_mailbox(url, move_to=move_to)
        except ValueError as error:
            raise CommandError(str(error)) from error
        except (OSError, imaplib.IMAP4.error, poplib.error_proto, mailbox.Error) as error:
            # unreachable server, refused login, missing Maildir
            raise CommandError(f"Cannot open the mailbox: {error}") from error
        counts = bounces.process_mailbox(box, keep=keep)
        self.stdout.write(
            f"read {counts.read}: {counts.hard} hard bounces, {counts.soft} soft bounces, "
            f"{counts.complaint} complaints, {counts.unknown} for unknown addresses, "
            f"{counts.reports_without_failure} reports without a failure; "
            f"{counts.left} other messages left in the mailbox"
        )
