"""One message over the open SMTP connection of Django's backend, with the delivery's mark written
just before the final "." of DATA (see send_message and marks.py).

This is the one module that drives smtplib below its documented surface (``SMTP.send``,
``SMTP.getreply``, ``SMTP.sock``, Django's ``EmailBackend.connection``): docs/newsletter-engine.md lists
what to check on a Python or Django upgrade.
"""

import functools
import logging
import smtplib
import socket

from .mime import SIMPLE_ADDRESS

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=64)
def route_address(address):
    """<address> as MAIL FROM and RCPT TO want it (smtplib.quoteaddr, whose parsing is slow)."""
    return f"<{address}>" if SIMPLE_ADDRESS.fullmatch(address) else smtplib.quoteaddr(address)


def is_temporary(error):
    """A failure worth another attempt later: 4xx replies, lost connections and timeouts."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Lost connection, timeouts: the server did not accept the message.
    return isinstance(error, smtplib.SMTPServerDisconnected | OSError)


def describe(error):
    """The reason recorded on a delivery (codes and server text; never the address)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {msg!r}" for code, msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error!r}"
    return f"{type(error).__name__}: {error}"


def send_message(backend, envelope, mark_sent):
    """Send one message over the open SMTP connection of Django's backend. ``mark_sent`` (see
    marks.py) starts the delivery's mark after the whole body went out but BEFORE the final "." of
    DATA, and returns a callable that waits for the mark's result (its row count).
    ``envelope`` is (sender, recipients, data) from MessageTemplate.stamp: data is dot-stuffed with
    CRLF line ends.

    Why: until the server reads that "." it discards the message if the connection drops. So a worker
    killed before the mark leaves a claim that is safely sent again later (nobody got it), and a worker
    killed after the "." was written has handed both the mark and the end of the message to the kernel,
    which delivers them although the process is gone. On PostgreSQL the mark is pipelined: its UPDATE is
    written, the "." follows at once, and both answers are read afterwards, so the window that remains
    is the time between those two writes (microseconds): a worker killed exactly there has marked a
    message whose "." never left (one reader missing; docs/newsletter-engine.md). Marking after the
    server's "250" instead would leave a window of a full round trip and a commit in which a kill means
    a second copy. A refusal of the "." itself (4xx/5xx) raises, and the caller takes the mark back.

    A database that does not answer the mark raises marks.MarkTimeout: before the "." when the mark
    could not even be written (the message is then not sent), after it otherwise (sent, mark pending).
    The SMTP reply is then left unread; the caller stops (see send.send_batch).

    When the server offers PIPELINING (RFC 2920; Postfix does), MAIL, RCPT and DATA go in one write and
    their replies are read together: two round trips a message instead of four."""
    smtp = backend.connection
    if getattr(smtp, "_newsletter_nodelay", False) is False and smtp.sock is not None:
        # The final "." goes in its own small write; with Nagle's algorithm it would wait for the
        # server's delayed ACK of the body (tens of milliseconds per message).
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtp._newsletter_nodelay = True
    sender, recipients, data = envelope
    smtp.ehlo_or_helo_if_needed()
    if smtp.has_extn("pipelining"):
        smtp.send(
            b"".join(
                [f"MAIL FROM:{route_address(sender)}\r\n".encode()]
                + [f"RCPT TO:{route_address(r)}\r\n".encode() for r in recipients]
                + [b"DATA\r\n"]
            )
        )
        mail_reply = smtp.getreply()
        rcpt_replies = [smtp.getreply() for _r in recipients]
        data_reply = smtp.getreply()
    else:
        mail_reply = smtp.mail(sender)
        rcpt_replies = [smtp.rcpt(r) for r in recipients] if mail_reply[0] == 250 else []
        data_reply = smtp.docmd("data") if mail_reply[0] == 250 and rcpt_replies else None
    refused = {r: reply for r, reply in zip(recipients, rcpt_replies, strict=False) if reply[0] not in (250, 251)}
    if mail_reply[0] != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(*mail_reply, sender)
    if len(refused) == len(recipients):
        if data_reply is not None and data_reply[0] == 354:
            # Pipelined DATA accepted although nobody may receive: end it empty, then forget it.
            smtp.send(b".\r\n")
            smtp.getreply()
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    if data_reply[0] != 354:
        smtp.rset()
        raise smtplib.SMTPDataError(*data_reply)
    smtp.send(data)
    marked = mark_sent()
    smtp.send(b".\r\n")
    if not marked():
        # Our claim was recovered as stale meanwhile, which send_batch's half-timeout guard prevents
        # unless this process stood still for minutes: the message went out, another worker may send it
        # too. Logged without the address (personal data stays out of logs).
        logger.warning("a newsletter message went out after its claim had been recovered as stale")
    code, reply = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def abort(backend):
    """Drop the SMTP connection of Django's backend at once, without QUIT: in the middle of a message a
    QUIT would be read as part of its body. A message whose "." was not sent is discarded by the server;
    one whose "." was sent is the server's already."""
    if backend.connection is not None:
        backend.connection.close()
        backend.connection = None
