"""process_bounces over IMAP, against a real IMAP server: pymap's in-memory backend, run as a subprocess on
a free loopback port. The reports are put into INBOX with APPEND by imaplib (a real client), and what is
left in the mailbox afterwards is read back the same way."""

import imaplib
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError

from .factories import SubscriberFactory
from .test_bounce_mailbox import _raw, _run

pytestmark = pytest.mark.django_db
USER, PASSWORD = "bounces@portal.example.org", "s3cret"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class IMAPServer:
    def __init__(self, log):
        self.log = log  # pymap's stderr, shown if it does not start
        for _attempt in range(3):  # another process may take the free port before pymap binds it
            self.port = _free_port()
            if self._start():
                return
        raise RuntimeError(f"pymap did not start: {self.log.read_text()}")

    def _start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from pymap.main import main; main()",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--no-tls",  # plain LOGIN on loopback, as imap:// does
                    "dict",  # in memory; without --demo-data the one user has an empty INBOX
                    "--demo-user",
                    USER,
                    "--demo-password",
                    PASSWORD,
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        deadline = time.monotonic() + 20
        while self.process.poll() is None:
            try:
                with self.client() as imap:
                    imap.noop()
                return True
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.1)
        return False

    def url(self, folder="INBOX", password=PASSWORD):
        return f"imap://{USER.replace('@', '%40')}:{password}@127.0.0.1:{self.port}/{folder}"

    def client(self):
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(USER, PASSWORD)
        return imap

    def append(self, *raws, folder="INBOX"):
        with self.client() as imap:
            for raw in raws:
                status, detail = imap.append(folder, None, None, raw)
                assert status == "OK", detail

    def messages(self, folder="INBOX"):
        """[(subject, flags)] of a folder, read without marking anything seen."""
        with self.client() as imap:
            status, detail = imap.select(f'"{folder}"', readonly=True)
            assert status == "OK", detail
            _status, data = imap.uid("SEARCH", None, "ALL")
            found = []
            for uid in data[0].split():
                _status, fetched = imap.uid("FETCH", uid, "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                flags = imaplib.ParseFlags(fetched[0][0])
                subject = fetched[0][1].decode().strip().removeprefix("Subject: ")
                found.append((subject, {flag.decode() for flag in flags}))
            return found

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def imap_server(tmp_path):
    server = IMAPServer(tmp_path / "pymap.log")
    try:
        yield server
    finally:
        server.stop()


FIVE_REPORTS_READ = (
    "read 5: 2 hard bounces, 2 soft bounces, 1 complaints, 0 for unknown addresses, "
    "0 reports without a failure; 1 other messages left in the mailbox"
)


def five_reports(imap_server):
    """Six readers and five messages in INBOX: two hard bounces, two soft ones, a complaint and an
    out-of-office reply (test_bounce_tls.py reads the same over IMAPS). Returns the readers by name."""
    readers = {
        "gone": SubscriberFactory(email="gone.reader@example.net"),
        "slow": SubscriberFactory(email="slow.reader@example.com"),
        "full": SubscriberFactory(email="full@example.org"),
        "moved": SubscriberFactory(email="moved@example.org"),
        "angry": SubscriberFactory(email="angry@example.net"),
        "untouched": SubscriberFactory(email="happy@example.org"),
    }
    imap_server.append(
        _raw("postfix-hard.eml"),
        _raw("exim-delayed.eml"),
        _raw("out-of-office.eml"),
        _raw("two-recipients.eml"),
        _raw("arf-complaint.eml"),
    )
    return readers


def assert_five_reports_recorded(readers, imap_server):
    """What five_reports' run must leave: the readers' states, and INBOX holding only the
    out-of-office reply, seen (the reports expunged, not just flagged)."""
    for subscriber in readers.values():
        subscriber.refresh_from_db()
    gone, slow, full, moved, angry, untouched = (
        readers[name] for name in ("gone", "slow", "full", "moved", "angry", "untouched")
    )
    assert (gone.status, gone.hard_bounces) == ("suppressed", 1)
    assert (moved.status, moved.hard_bounces) == ("suppressed", 1)
    assert angry.status == "suppressed"
    assert (slow.status, slow.soft_bounces) == ("active", 1)  # below the threshold of 3
    assert (full.status, full.soft_bounces) == ("active", 1)
    assert (untouched.status, untouched.soft_bounces, untouched.hard_bounces) == ("active", 0, 0)
    [(subject, flags)] = imap_server.messages()
    assert subject.startswith("Out of office") and "\\Seen" in flags and "\\Deleted" not in flags


def test_reports_are_recorded_and_expunged_over_imap_and_other_mail_stays_seen(imap_server, settings):
    settings.NEWSLETTER_SOFT_BOUNCE_THRESHOLD = 3
    readers = five_reports(imap_server)
    settings.BOUNCE_MAILBOX_URL = imap_server.url()

    output = _run()

    assert output.strip() == FIVE_REPORTS_READ
    assert_five_reports_recorded(readers, imap_server)
    assert _run().startswith("read 0:")  # seen: skipped next time
    # New mail arriving later is read; what was left is not counted again.
    imap_server.append(_raw("postfix-hard.eml"))
    assert _run().startswith("read 1: 1 hard bounces")
    readers["gone"].refresh_from_db()
    assert readers["gone"].hard_bounces == 2


def test_move_to_keeps_the_reports_in_an_imap_folder_it_creates(imap_server):
    SubscriberFactory(email="gone.reader@example.net")
    imap_server.append(_raw("postfix-hard.eml"), _raw("exim-delayed.eml"), _raw("out-of-office.eml"))

    output = _run("--url", imap_server.url(), "--move-to", "Processed")

    assert output.startswith("read 3: 1 hard bounces, 0 soft bounces, 0 complaints, 1 for unknown addresses")
    [(subject, _flags)] = imap_server.messages()
    assert subject.startswith("Out of office")
    processed = imap_server.messages("Processed")
    assert sorted(subject[:9] for subject, _flags in processed) == ["Undeliver", "Warning: "]
    assert all("\\Deleted" not in flags for _subject, flags in processed)
    # The folder exists now: the next run copies into it as well.
    imap_server.append(_raw("arf-complaint.eml"))
    assert _run("--url", imap_server.url(), "--move-to", "Processed").startswith("read 1:")
    assert len(imap_server.messages("Processed")) == 3
    assert len(imap_server.messages()) == 1


def test_a_report_that_cannot_be_copied_to_the_folder_is_not_deleted(imap_server, monkeypatch):
    from newsletter import bounces

    imap_server.append(_raw("postfix-hard.eml"))
    real = bounces.IMAPBox.messages

    def folder_deleted_meanwhile(box):  # by a person, after the command created it
        with imap_server.client() as imap:
            assert imap.delete("Processed")[0] == "OK"
        yield from real(box)

    monkeypatch.setattr(bounces.IMAPBox, "messages", folder_deleted_meanwhile)
    with pytest.raises(imaplib.IMAP4.error, match="cannot copy to the IMAP folder 'Processed'"):
        _run("--url", imap_server.url(), "--move-to", "Processed")
    [(subject, flags)] = imap_server.messages()
    assert subject.startswith("Undelivered") and "\\Deleted" not in flags


def test_a_folder_name_with_a_space_is_read_and_moved_to(imap_server):
    subscriber = SubscriberFactory(email="gone.reader@example.net")
    with imap_server.client() as imap:
        assert imap.create('"Bounce reports"')[0] == "OK"
    imap_server.append(_raw("postfix-hard.eml"), folder='"Bounce reports"')

    output = _run("--url", imap_server.url("Bounce%20reports"), "--move-to", "Done reports")

    assert output.startswith("read 1: 1 hard bounces")
    subscriber.refresh_from_db()
    assert subscriber.status == "suppressed"
    assert imap_server.messages("Bounce reports") == []
    assert [subject[:9] for subject, _flags in imap_server.messages("Done reports")] == ["Undeliver"]


def test_keep_records_but_leaves_the_reports_seen_in_the_imap_folder(imap_server):
    subscriber = SubscriberFactory(email="slow.reader@example.com")
    imap_server.append(_raw("exim-delayed.eml"))
    assert "1 soft bounces" in _run("--url", imap_server.url(), "--keep")
    subscriber.refresh_from_db()
    assert subscriber.soft_bounces == 1
    [(subject, flags)] = imap_server.messages()
    assert subject.startswith("Warning:") and "\\Seen" in flags
    assert _run("--url", imap_server.url()).startswith("read 0:")  # not counted twice
    subscriber.refresh_from_db()
    assert subscriber.soft_bounces == 1


def test_a_report_whose_recording_fails_stays_unseen_for_the_next_run(imap_server, monkeypatch):
    from newsletter import subscriptions

    gone = SubscriberFactory(email="gone.reader@example.net")
    full = SubscriberFactory(email="full@example.org")
    SubscriberFactory(email="moved@example.org")
    imap_server.append(_raw("postfix-hard.eml"), _raw("two-recipients.eml"))
    real = subscriptions.record_bounce

    def fail_on_moved(email, kind):
        if email == "moved@example.org":
            raise RuntimeError("database went away")
        return real(email, kind)

    monkeypatch.setattr(subscriptions, "record_bounce", fail_on_moved)
    with pytest.raises(RuntimeError):
        _run("--url", imap_server.url())
    gone.refresh_from_db()
    full.refresh_from_db()
    assert gone.status == "suppressed"  # the first report was recorded and is gone
    assert full.soft_bounces == 0  # all the report's events or none
    [(subject, flags)] = imap_server.messages()
    assert subject.startswith("Returned mail") and "\\Seen" not in flags and "\\Deleted" not in flags

    monkeypatch.setattr(subscriptions, "record_bounce", real)
    assert _run("--url", imap_server.url()).startswith("read 1: 1 hard bounces, 1 soft bounces")
    assert imap_server.messages() == []


def test_a_wrong_password_a_missing_folder_or_no_server_says_so_and_touches_nothing(imap_server):
    subscriber = SubscriberFactory(email="gone.reader@example.net")
    imap_server.append(_raw("postfix-hard.eml"))

    with pytest.raises(CommandError) as refused:
        _run("--url", imap_server.url(password="Wr0ngPassw0rd"))
    message = str(refused.value)
    assert message.startswith("Cannot open the mailbox: ")
    assert f"127.0.0.1:{imap_server.port} refused the login of '{USER}'" in message
    assert "Invalid authentication credentials" in message and "Wr0ngPassw0rd" not in message
    assert "b'" not in message  # the server's words, not a bytes repr

    with pytest.raises(CommandError) as missing:
        _run("--url", imap_server.url("Bounces"))
    message = str(missing.value)
    assert f"cannot open the IMAP folder 'Bounces' on 127.0.0.1:{imap_server.port}" in message
    assert "does not exist" in message and "b'" not in message

    port = _free_port()  # nothing listens there
    with pytest.raises(CommandError, match=f"cannot reach the IMAP server 127.0.0.1:{port}: .*refused"):
        _run("--url", f"imap://bounces:s3cret@127.0.0.1:{port}/INBOX")

    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    [(subject, flags)] = imap_server.messages()
    assert subject.startswith("Undelivered") and "\\Seen" not in flags


def test_a_server_that_never_answers_is_given_up_after_the_timeout(monkeypatch):
    from newsletter import bounces

    monkeypatch.setattr(bounces, "MAILBOX_TIMEOUT", 0.5)
    with socket.socket() as silent:  # accepts the connection (kernel backlog), never sends a greeting
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(CommandError, match=f"cannot reach the IMAP server 127.0.0.1:{port}: .*timed out"):
            _run("--url", f"imap://bounces:s3cret@127.0.0.1:{port}/INBOX")
    assert time.monotonic() - started < 10
