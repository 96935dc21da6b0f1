"""A real SMTP server on loopback (aiosmtpd) that records what it accepts and can refuse chosen
recipients with chosen replies (e.g. "451 4.7.1 try later", "550 5.1.1 no such user")."""

import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self):
        # Postfix offers PIPELINING (RFC 2920); aiosmtpd does not announce it but reads pipelined
        # commands in order, which is all the extension asks of a server.
        self.pipelining = True
        self.lock = threading.Lock()
        self.messages = []  # (time received, recipients, parsed message)
        self.refuse = {}  # address -> list of replies to give, one per attempt
        self.refuse_data = {}  # address -> list of replies to the end of DATA (after the whole body)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            replies = self.refuse.get(address)
            if replies:
                return replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            for address in envelope.rcpt_tos:
                replies = self.refuse_data.get(address)
                if replies:
                    return replies.pop(0)
            self.messages.append((time.time(), list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for _t, rcpt, m in self.messages if address in rcpt]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    settings.SITE_URL = "https://portal.example.org"
    settings.NEWSLETTER_RATE_PER_SECOND = 0
    try:
        yield recorder
    finally:
        controller.stop()

