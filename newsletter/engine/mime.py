"""One edition's message, built once per rendering and then stamped for each recipient.

Django's EmailMultiAlternatives builds and serialises the whole MIME tree for every message (header
folding, quoted-printable...): about 2 ms of CPU per newsletter, most of the sending time. A
MessageTemplate asks Django for that tree once, with the placeholder where the unsubscribe URL goes,
keeps the serialised bytes, and for each recipient only writes the few per-recipient header lines and
puts the URL into the body. The result is the message Django would have built (tests compare both).
"""

import email.quoprimime
import re
import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME

NEWLINES = re.compile(rb"\r\n|\r|\n")
DOT_AFTER_NEWLINE = re.compile(rb"\n\.")
ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
SIMPLE_ADDRESS = re.compile(rf"{ATEXT}(\.{ATEXT})*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")
_MARKER = "@@newsletter-part-{}@@"
# SMTP's limit on a line (RFC 5322); Django switches a text part to quoted-printable beyond it.
LINE_LIMIT = 998
# Longer than any unsubscribe URL: a line that could pass the limit once the URL is in is quoted.
URL_ROOM = 512


class _QuotedLine:
    """A line of a quoted-printable part that holds the placeholder: encoded per recipient."""

    __slots__ = ("line", "charset")

    def __init__(self, line, charset):
        self.line = line
        self.charset = charset


class _Url:
    __slots__ = ()


URL = _Url()


class MessageTemplate:
    """The serialised message of ``rendered`` (subject, text, html) without its per-recipient parts.

    ``placeholder`` is the string the rendering holds where each recipient's unsubscribe URL goes."""

    def __init__(self, rendered, *, placeholder, from_email=None, headers=None):
        self.rendered = rendered
        self.placeholder = placeholder
        self.from_email = from_email or settings.DEFAULT_FROM_EMAIL
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text,
            from_email=self.from_email,
            to=["recipient@example.invalid"],
            headers=dict(headers or {}),
        )
        message.attach_alternative(rendered.html, "text/html")
        self.encoding = message.encoding or settings.DEFAULT_CHARSET
        self.sender = sanitize_address(self.from_email, self.encoding)
        tree = message.message()
        del tree["To"]
        del tree["Message-ID"]
        holes = {}
        for part in tree.walk():
            if part.is_multipart():
                continue
            charset = part.get_content_charset() or "utf-8"
            text = part.get_payload(decode=True).decode(charset)
            if placeholder not in text:
                continue
            marker = _MARKER.format(len(holes))
            transfer_encoding = part.get("Content-Transfer-Encoding", "").lower()
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if transfer_encoding in ("7bit", "8bit") and self._too_long_with_url(text, charset):
                # Django decides on the text with the URL in it: it would quote this part.
                part.replace_header("Content-Transfer-Encoding", "quoted-printable")
                transfer_encoding = "quoted-printable"
            holes[marker] = self._pieces(text, charset, transfer_encoding)
            # The generator writes a plain string payload as it is: the marker shows where the part goes.
            part._payload = marker
        serialised = tree.as_bytes(linesep="\r\n")
        pieces = []
        pattern = re.compile("|".join(re.escape(m) for m in holes).encode() or rb"(?!x)x")
        position = 0
        for found in pattern.finditer(serialised):
            pieces.append(serialised[position : found.start()])
            pieces.extend(holes[found.group().decode()])
            position = found.end()
        pieces.append(serialised[position:])
        self.pieces = _stuff([p for p in pieces if not isinstance(p, bytes) or p])

    def _too_long_with_url(self, text, charset):
        return any(
            len(line.encode(charset)) + line.count(self.placeholder) * URL_ROOM > LINE_LIMIT
            for line in text.split("\n")
            if self.placeholder in line
        )

    def _pieces(self, text, charset, transfer_encoding):
        if transfer_encoding == "quoted-printable":
            # Quoted-printable encodes line by line: the lines without the URL are encoded once.
            pieces = []
            lines = text.split("\n")
            for index, line in enumerate(lines):
                if self.placeholder in line:
                    pieces.append(_QuotedLine(line, charset))
                else:
                    pieces.append(_quote(line, charset))
                if index < len(lines) - 1:
                    pieces.append(b"\r\n")
            return _merge(pieces)
        if transfer_encoding in ("", "7bit", "8bit"):
            pieces = []
            chunks = text.split(self.placeholder)
            for index, chunk in enumerate(chunks):
                pieces.append(NEWLINES.sub(b"\r\n", chunk.encode(charset)))
                if index < len(chunks) - 1:
                    pieces.append(URL)
            return pieces
        raise ValueError(f"cannot stamp a {transfer_encoding} part")

    def stamp(self, *, to, unsubscribe, delivery_id=None):
        """(envelope sender, envelope recipients, message bytes ready for DATA: dot-stuffed, CRLF
        line ends, ending with CRLF) for one recipient."""
        # A plain ASCII address is its own sanitised form; anything else goes through Django.
        recipient = to if SIMPLE_ADDRESS.fullmatch(to) else sanitize_address(to, self.encoding)
        url = unsubscribe.encode("ascii")
        if url.startswith(b"."):
            raise ValueError("an unsubscribe URL is absolute")
        head = [
            b"To: ",
            recipient.encode("ascii"),
            b"\r\nMessage-ID: ",
            make_msgid(domain=DNS_NAME).encode("ascii"),
            b"\r\nList-Unsubscribe: <",
            url,
            b">\r\n",
        ]
        if delivery_id is not None:
            head += [b"X-Newsletter-Delivery: ", str(delivery_id).encode("ascii"), b"\r\n"]
        for piece in self.pieces:
            if type(piece) is bytes:
                head.append(piece)
            elif piece is URL:
                head.append(url)
            else:
                line = _quote(piece.line.replace(self.placeholder, unsubscribe), piece.charset)
                head.append(smtplib._quote_periods(line))
        data = b"".join(head)
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        return self.sender, [recipient], data


def _quote(line, charset):
    latin = line.encode(charset).decode("latin-1")
    return email.quoprimime.body_encode(latin, eol="\r\n").encode("ascii")


def _stuff(pieces):
    """SMTP's dot-stuffing (a line starting with "." gets another one) done once on the fixed bytes.
    The per-recipient lines of quoted-printable parts are stuffed as they are made; the URL never
    starts a line with a dot, and the header lines written per recipient never start with one."""
    stuffed = []
    line_start = True  # the per-recipient header lines come first and end with CRLF
    for piece in pieces:
        if type(piece) is bytes:
            piece = DOT_AFTER_NEWLINE.sub(b"\n..", piece)
            if line_start and piece.startswith(b"."):
                piece = b"." + piece
            line_start = piece.endswith(b"\n")
        else:
            line_start = False
        stuffed.append(piece)
    return stuffed


def _merge(pieces):
    merged = []
    for piece in pieces:
        if type(piece) is bytes and merged and type(merged[-1]) is bytes:
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged
