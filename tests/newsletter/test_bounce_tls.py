"""process_bounces over imaps:// and pop3s:// (TLS from the first byte, what production uses), with the
server's certificate verified for real. pymap offers only STARTTLS and the POP3 test server speaks plain
text, so a small TLS front sits before them: it accepts TLS on a free loopback port with a certificate for
the IP 127.0.0.1, issued by a CA made here, and passes the bytes both ways to the plain server. The
command trusts that CA only because the test sets SSL_CERT_FILE, which OpenSSL (and so Python's
ssl.create_default_context) reads when a context loads the default CAs, as for any OpenSSL program."""

import datetime
import ipaddress
import select
import socket
import socketserver
import ssl
import threading
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.management import CommandError

from .factories import SubscriberFactory
from .test_bounce_imap import FIVE_REPORTS_READ, PASSWORD, USER, IMAPServer, assert_five_reports_recorded, five_reports
from .test_bounce_mailbox import _POP3Handler, _raw, _run

pytestmark = pytest.mark.django_db


# --- Certificates -----------------------------------------------------------------------------------
def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, key, issuer, issuer_key, *, ca, alt_names=()):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(alt_names)), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(*items):
    out = b""
    for item in items:
        if isinstance(item, x509.Certificate):
            out += item.public_bytes(serialization.Encoding.PEM)
        else:
            out += item.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
    return out


class PKI:
    """A test CA, a server certificate it issued for IP 127.0.0.1, one it issued for another host only,
    and a second CA that issued nothing the servers show."""

    def __init__(self, folder):
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca = _certificate("Portal test CA", ca_key, "Portal test CA", ca_key, ca=True)
        other_key = ec.generate_private_key(ec.SECP256R1())
        other_ca = _certificate("Some other CA", other_key, "Some other CA", other_key, ca=True)
        key = ec.generate_private_key(ec.SECP256R1())
        ip = [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        loopback = _certificate("127.0.0.1", key, "Portal test CA", ca_key, ca=False, alt_names=ip)
        host = [x509.DNSName("mail.example.org")]
        elsewhere = _certificate("mail.example.org", key, "Portal test CA", ca_key, ca=False, alt_names=host)
        self.ca_file = folder / "ca.pem"
        self.ca_file.write_bytes(_pem(ca))
        self.other_ca_file = folder / "other-ca.pem"
        self.other_ca_file.write_bytes(_pem(other_ca))
        self.loopback_chain = folder / "loopback.pem"
        self.loopback_chain.write_bytes(_pem(loopback, key))
        self.elsewhere_chain = folder / "elsewhere.pem"
        self.elsewhere_chain.write_bytes(_pem(elsewhere, key))


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return PKI(tmp_path_factory.mktemp("pki"))


# --- The TLS front ------------------------------------------------------------------------------------
class _Relay(socketserver.BaseRequestHandler):
    """One client: TLS handshake, then bytes both ways between it and the plain server, in one thread (an
    SSL socket must not be read and written by two threads at once)."""

    def handle(self):
        front = self.server
        try:
            client = front.context.wrap_socket(self.request, server_side=True)
        except (ssl.SSLError, OSError) as error:  # e.g. the client refused our certificate
            front.handshake_errors.append(error)
            return
        front.handshakes += 1
        with client, socket.create_connection(front.backend, timeout=10) as plain:
            while True:
                readable, _, _ = select.select([client, plain], [], [], 30)
                if not readable:
                    return
                if client in readable:
                    data = client.recv(65536)
                    while data and client.pending():  # decrypted bytes select() cannot see
                        data += client.recv(client.pending())
                    if not data:
                        return
                    plain.sendall(data)
                if plain in readable:
                    data = plain.recv(65536)
                    if not data:
                        return
                    client.sendall(data)


class TLSFront(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self, backend_port, chain):
        super().__init__(("127.0.0.1", 0), _Relay)
        self.backend = ("127.0.0.1", backend_port)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(chain)
        self.handshakes = 0
        self.handshake_errors = []
        self.port = self.server_address[1]
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def wait_for_handshake_errors(self, count, timeout=5):
        """The client may raise before the front's thread has noted the failed handshake."""
        deadline = time.monotonic() + timeout
        while len(self.handshake_errors) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return len(self.handshake_errors) == count

    def stop(self):
        self.shutdown()
        self.server_close()


@pytest.fixture
def imap_server(tmp_path):
    server = IMAPServer(tmp_path / "pymap.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pop3_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _POP3Handler)
    server.daemon_threads = True
    server.store = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def front(pki):
    """front(plain_port, chain=None) -> a running TLS front; stopped after the test."""
    fronts = []

    def start(plain_port, chain=None):
        fronts.append(TLSFront(plain_port, chain or pki.loopback_chain))
        return fronts[-1]

    yield start
    for running in fronts:
        running.stop()


@pytest.fixture
def trust_test_ca(pki, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca_file))


def _imaps_url(port, folder="INBOX"):
    return f"imaps://{USER.replace('@', '%40')}:{PASSWORD}@127.0.0.1:{port}/{folder}"


def _pop3s_url(port):
    return f"pop3s://bounces%40portal.example.org:s3cret@127.0.0.1:{port}"


# --- Tests -------------------------------------------------------------------------------------------
def test_reports_are_recorded_and_expunged_over_imaps(imap_server, front, trust_test_ca, settings):
    settings.NEWSLETTER_SOFT_BOUNCE_THRESHOLD = 3
    readers = five_reports(imap_server)
    tls = front(imap_server.port)
    settings.BOUNCE_MAILBOX_URL = _imaps_url(tls.port)

    output = _run()

    assert output.strip() == FIVE_REPORTS_READ
    assert (tls.handshakes, tls.handshake_errors) == (1, [])  # it went through the front, over TLS
    assert_five_reports_recorded(readers, imap_server)
    assert _run().startswith("read 0:")


def test_reports_are_read_and_deleted_over_pop3s(pop3_server, front, trust_test_ca):
    gone = SubscriberFactory(email="gone.reader@example.net")
    angry = SubscriberFactory(email="angry@example.net")
    slow = SubscriberFactory(email="slow.reader@example.com")
    pop3_server.store.extend([_raw("postfix-hard.eml"), _raw("out-of-office.eml"), _raw("arf-complaint.eml")])
    tls = front(pop3_server.server_address[1])

    output = _run("--url", _pop3s_url(tls.port))

    assert output.strip() == (
        "read 3: 1 hard bounces, 0 soft bounces, 1 complaints, 0 for unknown addresses, "
        "0 reports without a failure; 1 other messages left in the mailbox"
    )
    assert (tls.handshakes, tls.handshake_errors) == (1, [])
    for subscriber in (gone, angry, slow):
        subscriber.refresh_from_db()
    assert gone.status == angry.status == "suppressed"
    assert (slow.status, slow.soft_bounces) == ("active", 0)
    # The reports were deleted at QUIT; the out-of-office reply stays (POP3 has no seen flag).
    assert [raw.split(b"Subject: ")[1][:13] for raw in pop3_server.store] == [b"Out of office"]


@pytest.mark.parametrize("scheme", ["imaps", "pop3s"])
@pytest.mark.parametrize(
    "trusted, chain, reason",
    [
        (None, "loopback", "unable to get local issuer certificate"),  # only the system's CAs
        ("other", "loopback", "unable to get local issuer certificate"),  # a CA that did not issue it
        ("test", "elsewhere", "IP address mismatch, certificate is not valid for '127.0.0.1'"),
    ],
    ids=["system-CAs", "wrong-CA", "other-host"],
)
def test_a_certificate_that_cannot_be_verified_is_refused_and_nothing_is_touched(
    scheme, trusted, chain, reason, request, front, pki, monkeypatch
):
    if trusted is None:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    else:
        monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca_file if trusted == "test" else pki.other_ca_file))
    subscriber = SubscriberFactory(email="gone.reader@example.net")
    chain = pki.loopback_chain if chain == "loopback" else pki.elsewhere_chain
    if scheme == "imaps":
        imap_server = request.getfixturevalue("imap_server")  # pymap only where needed: it takes a while
        imap_server.append(_raw("postfix-hard.eml"))
        tls = front(imap_server.port, chain)
        url, protocol = _imaps_url(tls.port), "IMAP"
    else:
        pop3_server = request.getfixturevalue("pop3_server")
        pop3_server.store.append(_raw("postfix-hard.eml"))
        tls = front(pop3_server.server_address[1], chain)
        url, protocol = _pop3s_url(tls.port), "POP3"

    with pytest.raises(CommandError) as refused:
        _run("--url", url)

    assert str(refused.value) == (
        f"Cannot open the mailbox: the certificate of the {protocol} server 127.0.0.1:{tls.port} "
        f"cannot be verified: {reason}"
    )
    # The client hung up during the handshake: no login, nothing read.
    assert tls.wait_for_handshake_errors(1) and tls.handshakes == 0
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.hard_bounces) == ("active", 0)
    if scheme == "imaps":
        [(subject, flags)] = imap_server.messages()
        assert subject.startswith("Undelivered") and "\\Seen" not in flags
    else:
        assert len(pop3_server.store) == 1
