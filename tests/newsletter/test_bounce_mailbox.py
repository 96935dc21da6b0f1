"""process_bounces: DSNs (RFC 3464) and ARF complaints (RFC 5965) read from a real Maildir."""

import mailbox
import socketserver
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsletter.bounces import parse
from newsletter.models import Delivery

from .factories import EditionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "bounces"


def _raw(name, **replace):
    raw = (DATA / name).read_bytes()
    for old, new in replace.items():
        raw = raw.replace(old.encode(), str(new).encode())
    return raw


def _maildir(tmp_path, raws):
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    for raw in raws:
        box.add(raw)
    return box


def _run(*args):
    out = StringIO()
    call_command("process_bounces", *args, stdout=out)
    return out.getvalue()


def test_parser_reads_hard_soft_and_complaint_reports():
    assert parse(_raw("postfix-hard.eml")).events == [("Gone.Reader@example.net", "hard")]
    assert parse(_raw("exim-delayed.eml")).events == [("slow.reader@example.com", "soft")]
    # A failed 4.x.x is soft, a 5.x.x hard, a delivered recipient nothing.
    assert parse(_raw("two-recipients.eml")).events == [("full@example.org", "soft"), ("moved@example.org", "hard")]
    assert parse(_raw("arf-complaint.eml")).events == [("angry@example.net", "complaint")]
    ooo = parse(_raw("out-of-office.eml"))
    assert (ooo.report, ooo.events) == ("", [])


def test_command_records_every_report_deletes_them_and_leaves_other_mail(tmp_path, settings):
    settings.NEWSLETTER_SOFT_BOUNCE_THRESHOLD = 3
    gone = SubscriberFactory(email="gone.reader@example.net")
    slow = SubscriberFactory(email="slow.reader@example.com")
    full = SubscriberFactory(email="full@example.org")
    moved = SubscriberFactory(email="moved@example.org")
    angry = SubscriberFactory(email="angry@example.net")
    hidden = SubscriberFactory(email="hidden@isp.example")
    untouched = SubscriberFactory(email="happy@example.org")
    delivery = Delivery.objects.create(
        edition=EditionFactory(), subscriber=hidden, status="sent", sent_at=timezone.now()
    )
    box = _maildir(
        tmp_path,
        [
            _raw("postfix-hard.eml"),
            _raw("exim-delayed.eml"),
            _raw("two-recipients.eml"),
            _raw("arf-complaint.eml"),
            _raw("arf-redacted.eml", DELIVERY_ID=delivery.pk),
            _raw("out-of-office.eml"),
        ],
    )
    settings.BOUNCE_MAILBOX_URL = f"maildir://{box._path}"

    output = _run()

    assert output.strip() == (
        "read 6: 2 hard bounces, 2 soft bounces, 2 complaints, 0 for unknown addresses, "
        "0 reports without a failure; 1 other messages left in the mailbox"
    )
    for subscriber in (gone, slow, full, moved, angry, hidden, untouched):
        subscriber.refresh_from_db()
    assert (gone.status, gone.hard_bounces) == ("suppressed", 1)
    assert (moved.status, moved.hard_bounces) == ("suppressed", 1)
    assert (slow.status, slow.soft_bounces) == ("active", 1)
    assert (full.status, full.soft_bounces) == ("active", 1)
    assert angry.status == hidden.status == "suppressed"
    assert (untouched.status, untouched.soft_bounces, untouched.hard_bounces) == ("active", 0, 0)
    # Only the out-of-office reply is still there, marked seen, so the next run skips it.
    box = mailbox.Maildir(box._path, factory=None)
    [left] = [box.get_message(key) for key in box.iterkeys()]
    assert left["Subject"].startswith("Out of office") and "S" in left.get_flags()
    assert _run().startswith("read 0:")


def test_move_to_keeps_the_reports_in_a_folder_and_unknown_addresses_are_counted(tmp_path):
    box = _maildir(tmp_path, [_raw("postfix-hard.eml"), _raw("exim-delayed.eml")])
    output = _run("--url", str(box._path), "--move-to", "Processed")
    assert "2 for unknown addresses" in output
    box = mailbox.Maildir(box._path, factory=None)
    assert list(box.iterkeys()) == []
    processed = box.get_folder("Processed")
    assert sorted(processed.get_message(k)["Subject"][:9] for k in processed.iterkeys()) == ["Undeliver", "Warning: "]


def test_keep_records_but_leaves_the_reports(tmp_path):
    subscriber = SubscriberFactory(email="slow.reader@example.com")
    box = _maildir(tmp_path, [_raw("exim-delayed.eml")])
    assert "1 soft bounces" in _run("--url", str(box._path), "--keep")
    subscriber.refresh_from_db()
    assert subscriber.soft_bounces == 1
    box = mailbox.Maildir(box._path, factory=None)
    assert len(list(box.iterkeys())) == 1
    assert _run("--url", str(box._path)).startswith("read 0:")  # seen: not counted twice


def test_a_failing_record_leaves_the_report_in_the_mailbox(tmp_path, monkeypatch):
    from newsletter import subscriptions

    subscriber = SubscriberFactory(email="full@example.org")
    SubscriberFactory(email="moved@example.org")
    box = _maildir(tmp_path, [_raw("two-recipients.eml")])
    real = subscriptions.record_bounce

    def fail_on_second(email, kind):
        if email == "moved@example.org":
            raise RuntimeError("database went away")
        return real(email, kind)

    monkeypatch.setattr(subscriptions, "record_bounce", fail_on_second)
    with pytest.raises(RuntimeError):
        _run("--url", str(box._path))
    subscriber.refresh_from_db()
    assert subscriber.soft_bounces == 0  # all the report's events or none
    assert len(list(mailbox.Maildir(box._path, factory=None).iterkeys())) == 1


def test_without_a_mailbox_the_command_says_what_to_set(settings, tmp_path):
    settings.BOUNCE_MAILBOX_URL = ""
    with pytest.raises(CommandError, match="set BOUNCE_MAILBOX_URL or pass --url"):
        _run()
    with pytest.raises(CommandError, match="unsupported mailbox address scheme 'ftp'"):
        _run("--url", "ftp://example.org/")
    with pytest.raises(CommandError, match="Cannot open the mailbox"):
        _run("--url", str(tmp_path / "missing"))


class _POP3Handler(socketserver.StreamRequestHandler):
    """Just enough of RFC 1939 for the command: USER, PASS, STAT, RETR, DELE, QUIT (deletions apply at QUIT)."""

    def handle(self):
        store = self.server.store
        deleted = set()
        self.wfile.write(b"+OK tiny POP3 ready\r\n")
        for line in self.rfile:
            command, _, argument = line.decode().strip().partition(" ")
            command = command.upper()
            if command == "USER":
                self.wfile.write(b"+OK\r\n")
            elif command == "PASS":
                ok = argument == "s3cret"
                self.wfile.write(b"+OK logged in\r\n" if ok else b"-ERR wrong password\r\n")
            elif command == "STAT":
                self.wfile.write(f"+OK {len(store)} {sum(map(len, store))}\r\n".encode())
            elif command == "RETR":
                raw = store[int(argument) - 1]
                lines = [b"." + x if x.startswith(b".") else x for x in raw.replace(b"\r\n", b"\n").split(b"\n")]
                self.wfile.write(b"+OK\r\n" + b"\r\n".join(lines) + b"\r\n.\r\n")
            elif command == "DELE":
                deleted.add(int(argument) - 1)
                self.wfile.write(b"+OK\r\n")
            elif command == "QUIT":
                store[:] = [raw for i, raw in enumerate(store) if i not in deleted]
                self.wfile.write(b"+OK bye\r\n")
                return
            else:
                self.wfile.write(b"-ERR unknown\r\n")


@pytest.fixture
def pop3_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _POP3Handler)
    server.store = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_reports_are_read_and_deleted_over_pop3(pop3_server):
    subscriber = SubscriberFactory(email="gone.reader@example.net")
    pop3_server.store.extend([_raw("postfix-hard.eml"), _raw("out-of-office.eml")])
    port = pop3_server.server_address[1]
    output = _run("--url", f"pop3://bounces%40portal.example.org:s3cret@127.0.0.1:{port}")
    assert output.startswith("read 2: 1 hard bounces")
    subscriber.refresh_from_db()
    assert subscriber.status == "suppressed"
    assert [raw.split(b"Subject: ")[1][:13] for raw in pop3_server.store] == [b"Out of office"]
    with pytest.raises(CommandError) as refused:
        _run("--url", f"pop3://bounces:wrong@127.0.0.1:{port}")
    message = str(refused.value)
    assert message == (
        f"Cannot open the mailbox: the POP3 server 127.0.0.1:{port} refused the login of 'bounces': -ERR wrong password"
    )


def test_beat_reads_the_mailbox_every_10_minutes_when_one_is_set(tmp_path, settings):
    from django_celery_beat.models import PeriodicTask

    from newsletter import tasks

    row = PeriodicTask.objects.get(name="Newsletter: read the bounce mailbox", enabled=True)
    assert (row.task, row.interval.every, row.interval.period) == (
        "newsletter.tasks.process_bounce_mailbox",
        10,
        "minutes",
    )
    settings.BOUNCE_MAILBOX_URL = ""
    assert tasks.process_bounce_mailbox.delay().get() is None
    subscriber = SubscriberFactory(email="gone.reader@example.net")
    box = _maildir(tmp_path, [_raw("postfix-hard.eml")])
    settings.BOUNCE_MAILBOX_URL = str(box._path)
    assert tasks.process_bounce_mailbox.delay().get()["hard"] == 1
    subscriber.refresh_from_db()
    assert subscriber.status == "suppressed"
    assert list(mailbox.Maildir(box._path, factory=None).iterkeys()) == []
