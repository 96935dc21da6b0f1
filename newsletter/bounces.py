"""Bounces and complaints that arrive by e-mail: delivery status notifications (RFC 3464,
multipart/report; report-type=delivery-status) and abuse reports (ARF, RFC 5965, report-type=
feedback-report), read from a mailbox (IMAP, POP3 or a local Maildir) by `manage.py process_bounces`.

Parsing is pure; the mailbox classes only fetch, delete, move or mark messages; process_mailbox ties them
to subscriptions.record_bounce. A message that is neither a DSN nor an ARF report is left in the mailbox
(marked seen where the mailbox has flags) for a person to read."""

import email
import email.policy
import imaplib
import mailbox
import poplib
import re
import ssl
from dataclasses import dataclass, field
from email.parser import HeaderParser
from urllib.parse import unquote, urlsplit

from django.db import transaction

from . import subscriptions


# --- Parsing --------------------------------------------------------------------------------------
@dataclass
class Parsed:
    report: str = ""  # "delivery-status", "feedback-report" or "" (not a report: leave the message)
    events: list = field(default_factory=list)  # (address, "hard" | "soft" | "complaint")


def _address(value):
    """'rfc822; Ana@Example.org' or 'Ana <ana@example.org>' -> 'Ana@Example.org'."""
    if not value:
        return ""
    value = str(value)
    if ";" in value:
        value = value.split(";", 1)[1]
    _name, address = email.utils.parseaddr(value.strip())
    return address if "@" in address else ""


def _blocks(part):
    """The header blocks of a message/delivery-status (or feedback-report) part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return payload
    text = payload if isinstance(payload, str) else ""
    return [HeaderParser().parsestr(block) for block in re.split(r"\r?\n\s*\r?\n", text.strip()) if block.strip()]


def _original_headers(report):
    """Headers of the returned original message (message/rfc822 or text/rfc822-headers part)."""
    for part in report.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            payload = part.get_payload()
            return payload[0] if isinstance(payload, list) and payload else None
        if ctype == "text/rfc822-headers":
            return HeaderParser().parsestr(part.get_payload(decode=True).decode("utf-8", "replace"))
    return None


def _kind(action, status):
    action = (action or "").strip().lower()
    code = (status or "").strip()[:1]
    if action in ("delivered", "relayed", "expanded"):
        return None
    if action == "delayed":
        return "soft"
    if code == "5":
        return "hard"
    if code == "4":
        return "soft"
    return "hard" if action == "failed" else None


def parse(raw):
    """What a bounce or complaint message reports. ``raw``: the message's bytes."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report":
        return Parsed()
    report_type = (message.get_param("report-type") or "").lower()
    parsed = Parsed(report=report_type if report_type in ("delivery-status", "feedback-report") else "")
    if parsed.report == "delivery-status":
        for part in message.walk():
            if part.get_content_type() != "message/delivery-status":
                continue
            for block in _blocks(part)[1:]:  # the first block is about the message, the others per recipient
                address = _address(block.get("Original-Recipient")) or _address(block.get("Final-Recipient"))
                kind = _kind(block.get("Action"), block.get("Status"))
                if address and kind:
                    parsed.events.append((address, kind))
    elif parsed.report == "feedback-report":
        fields = None
        for part in message.walk():
            if part.get_content_type() == "message/feedback-report":
                blocks = _blocks(part)
                fields = blocks[0] if blocks else None
        if fields is None or (fields.get("Feedback-Type") or "abuse").strip().lower() not in (
            "abuse",
            "fraud",
            "other",
        ):
            return parsed
        original = _original_headers(message)
        address = _address(fields.get("Original-Rcpt-To"))
        delivery_id = (original.get("X-Newsletter-Delivery", "") if original is not None else "").strip()
        if not address and delivery_id.isdigit():
            # Many providers redact the reader's address; our own header names the delivery.
            from .models import Delivery

            delivery = Delivery.objects.filter(pk=int(delivery_id)).select_related("subscriber").first()
            address = delivery.subscriber.email if delivery else ""
        if not address and original is not None:
            address = _address(original.get("To"))
        if address:
            parsed.events.append((address, "complaint"))
    # One report may name a recipient twice (several attempts): count it once.
    parsed.events = list(dict.fromkeys(parsed.events))
    return parsed


# --- Mailboxes ------------------------------------------------------------------------------------
class MaildirBox:
    """A local Maildir (tests and small setups). Reads new and unseen messages."""

    def __init__(self, path, move_to=None):
        self.box = mailbox.Maildir(path, factory=None, create=False)
        self.move_to = move_to

    def messages(self):
        for key in list(self.box.iterkeys()):
            if "S" not in self.box.get_message(key).get_flags():
                yield key, self.box.get_bytes(key)

    def done(self, key):
        if self.move_to:
            folder = (
                self.box.get_folder(self.move_to)
                if self.move_to in self.box.list_folders()
                else self.box.add_folder(self.move_to)
            )
            message = self.box.get_message(key)
            message.set_subdir("cur")
            message.add_flag("S")
            folder.add(message)
        self.box.remove(key)

    def leave(self, key):
        message = self.box.get_message(key)
        message.set_subdir("cur")
        message.add_flag("S")
        self.box[key] = message

    def close(self):
        self.box.close()


def _imap_quote(name):
    """A folder name as an IMAP quoted string: imaplib sends arguments as they are, and a name with a
    space ("Bounce reports") would otherwise be two arguments."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _server_text(detail):
    """The server's words from an imaplib answer ([b'[NONEXISTENT] ...'] or b'...') or from an imaplib
    or poplib error (which carries such bytes), as text."""
    if isinstance(detail, imaplib.IMAP4.error | poplib.error_proto):
        detail = detail.args[0] if detail.args else ""
    if isinstance(detail, list | tuple):
        detail = b" ".join(item for item in detail if isinstance(item, bytes))
    return detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)


# Seconds a mailbox server may stay silent before the command gives up (beat's lock lasts 600 s).
MAILBOX_TIMEOUT = 60


def _tls():
    """The TLS context of imaps:// and pop3s://: the server's certificate must chain to a trusted CA and
    name the host of the URL. imaplib and poplib would check neither without it (their default context
    verifies nothing). The trusted CAs are the system's; SSL_CERT_FILE (a PEM file) or SSL_CERT_DIR name
    others, as for any OpenSSL program: a mail server with a private CA."""
    return ssl.create_default_context()


def _connect(protocol, where, client, *args, **kwargs):
    """client(*args, **kwargs), with errors that say which server and whether its certificate is to blame."""
    try:
        return client(*args, **kwargs)
    except ssl.SSLCertVerificationError as error:
        reason = (error.verify_message or str(error)).rstrip(".")
        raise OSError(f"the certificate of the {protocol} server {where} cannot be verified: {reason}") from error
    except OSError as error:  # refused, unknown host, timeout, other TLS failures
        raise OSError(f"cannot reach the {protocol} server {where}: {error}") from error


class IMAPBox:
    """imap://user:password@host[:port]/Folder (plain) or imaps://... (TLS). Reads unseen messages."""

    def __init__(self, url, move_to=None):
        parts = urlsplit(url)
        port = parts.port or (993 if parts.scheme == "imaps" else 143)
        where = f"{parts.hostname}:{port}"
        if parts.scheme == "imaps":
            self.imap = _connect(
                "IMAP", where, imaplib.IMAP4_SSL, parts.hostname, port, ssl_context=_tls(), timeout=MAILBOX_TIMEOUT
            )
        else:
            self.imap = _connect("IMAP", where, imaplib.IMAP4, parts.hostname, port, timeout=MAILBOX_TIMEOUT)
        user = unquote(parts.username or "")
        try:
            self.imap.login(user, unquote(parts.password or ""))
        except imaplib.IMAP4.error as error:
            self.imap.shutdown()
            raise imaplib.IMAP4.error(
                f"the IMAP server {where} refused the login of {user!r}: {_server_text(error)}"
            ) from error
        self.folder = unquote(parts.path.lstrip("/")) or "INBOX"
        self.move_to = move_to
        try:
            status, detail = self.imap.select(_imap_quote(self.folder))
            if status != "OK":
                raise imaplib.IMAP4.error(
                    f"cannot open the IMAP folder {self.folder!r} on {where}: {_server_text(detail)}"
                )
            if move_to and self.imap.status(_imap_quote(move_to), "(MESSAGES)")[0] != "OK":
                # Created before anything is read, like the Maildir box does, so that no report is
                # recorded and then left because it cannot be copied.
                status, detail = self.imap.create(_imap_quote(move_to))
                if status != "OK":
                    raise imaplib.IMAP4.error(
                        f"cannot create the IMAP folder {move_to!r} on {where}: {_server_text(detail)}"
                    )
        except BaseException:
            self.imap.logout()
            raise

    def messages(self):
        _status, data = self.imap.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            _status, fetched = self.imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), b"")
            yield uid, raw

    def done(self, uid):
        if self.move_to:
            status, detail = self.imap.uid("COPY", uid, _imap_quote(self.move_to))
            if status != "OK":  # never delete a report that was not copied
                raise imaplib.IMAP4.error(f"cannot copy to the IMAP folder {self.move_to!r}: {_server_text(detail)}")
        self.imap.uid("STORE", uid, "+FLAGS", r"(\Deleted)")

    def leave(self, uid):
        self.imap.uid("STORE", uid, "+FLAGS", r"(\Seen)")

    def close(self):
        self.imap.expunge()
        self.imap.logout()


class POP3Box:
    """pop3://user:password@host[:port] (plain) or pop3s://... (TLS). POP3 has no flags and no folders:
    reports are deleted, other messages stay and are read again next time."""

    def __init__(self, url, move_to=None):
        parts = urlsplit(url)
        port = parts.port or (995 if parts.scheme == "pop3s" else 110)
        where = f"{parts.hostname}:{port}"
        if parts.scheme == "pop3s":
            self.pop = _connect(
                "POP3", where, poplib.POP3_SSL, parts.hostname, port, context=_tls(), timeout=MAILBOX_TIMEOUT
            )
        else:
            self.pop = _connect("POP3", where, poplib.POP3, parts.hostname, port, timeout=MAILBOX_TIMEOUT)
        user = unquote(parts.username or "")
        try:
            self.pop.user(user)
            self.pop.pass_(unquote(parts.password or ""))
        except poplib.error_proto as error:
            self.pop.close()
            raise poplib.error_proto(
                f"the POP3 server {where} refused the login of {user!r}: {_server_text(error)}"
            ) from error

    def messages(self):
        count, _size = self.pop.stat()
        for number in range(1, count + 1):
            _response, lines, _octets = self.pop.retr(number)
            yield number, b"\r\n".join(lines) + b"\r\n"

    def done(self, number):
        self.pop.dele(number)

    def leave(self, number):
        pass

    def close(self):
        self.pop.quit()  # the deletions take effect now


def open_mailbox(url, move_to=None):
    """BOUNCE_MAILBOX_URL: imaps://user:pass@host/INBOX, imap://..., pop3s://..., pop3://..., or a
    Maildir path (maildir:///var/mail/bounces or just /var/mail/bounces)."""
    scheme = urlsplit(url).scheme
    if scheme in ("imap", "imaps"):
        return IMAPBox(url, move_to=move_to)
    if scheme in ("pop3", "pop3s"):
        if move_to:
            raise ValueError("POP3 has no folders: processed reports can only be deleted")
        return POP3Box(url)
    if scheme in ("", "maildir", "file"):
        return MaildirBox(unquote(urlsplit(url).path) if scheme else url, move_to=move_to)
    raise ValueError(f"unsupported mailbox address scheme {scheme!r}")


# --- Processing -----------------------------------------------------------------------------------
@dataclass
class Counts:
    read: int = 0
    hard: int = 0
    soft: int = 0
    complaint: int = 0
    unknown: int = 0  # reported addresses that are no subscriber
    reports_without_failure: int = 0  # a DSN that only says "delivered" or "relayed"
    left: int = 0  # not a report: left in the mailbox


def process_mailbox(box, *, keep=False):
    """Record every bounce and complaint of ``box`` (subscriptions.record_bounce) and delete (or move) each
    report once its events are committed; other messages are left. ``keep``: leave reports too."""
    counts = Counts()
    try:
        for key, raw in box.messages():
            counts.read += 1
            parsed = parse(raw)
            if not parsed.report:
                counts.left += 1
                box.leave(key)
                continue
            if not parsed.events:
                counts.reports_without_failure += 1
            with transaction.atomic():
                for address, kind in parsed.events:
                    if subscriptions.record_bounce(address, kind) is None:
                        counts.unknown += 1
                    else:
                        setattr(counts, kind, getattr(counts, kind) + 1)
            if keep:
                box.leave(key)
            else:
                box.done(key)
    finally:
        box.close()
    return counts
