"""A small PDF writer for the downloadable practice sheet: text only, Helvetica, A4, several pages.

Written here rather than adding a PDF library: the sheet is headings and paragraphs. Characters outside
Windows-1252 (the encoding of the standard fonts) are replaced, which covers French and Spanish.
"""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
STYLES = {"title": ("F2", 18, 24), "h2": ("F2", 12, 18), "body": ("F1", 10, 13), "small": ("F1", 8, 11)}
# Average Helvetica glyph width ≈ 0.5 em: characters per line for each size.
WRAP = {name: int((PAGE_WIDTH - 2 * MARGIN) / (size * 0.5)) for name, (_font, size, _lead) in STYLES.items()}


def _escape(text):
    data = text.encode("cp1252", "replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def render(blocks, *, title=""):
    """``blocks``: a list of (style, text) with style in STYLES. Returns the PDF as bytes."""
    pages, current, y = [], [], PAGE_HEIGHT - MARGIN
    for style, text in blocks:
        font, size, leading = STYLES[style]
        if style == "h2":
            y -= 6
        for paragraph in (text or "").splitlines() or [""]:
            for line in textwrap.wrap(paragraph, WRAP[style]) or [""]:
                if y - leading < MARGIN:
                    pages.append(current)
                    current, y = [], PAGE_HEIGHT - MARGIN
                y -= leading
                current.append(b"BT /%s %d Tf %d %d Td (%s) Tj ET" % (font.encode(), size, MARGIN, y, _escape(line)))
        y -= 4
    pages.append(current)

    objects = []  # bodies, numbered from 1

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled below
    pages_obj = add(b"")
    font_regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font_bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for number, lines in enumerate(pages, start=1):
        footer = b"BT /F1 8 Tf %d %d Td (%s) Tj ET" % (MARGIN, MARGIN // 2, _escape(f"{title} - {number}/{len(pages)}"))
        stream = b"\n".join([*lines, footer])
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d]" % (pages_obj, PAGE_WIDTH, PAGE_HEIGHT)
        page += b" /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >>" % (font_regular, font_bold)
        kids.append(add(page + b" /Contents %d 0 R >>" % content))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = add(b"<< /Title (%s) /Producer (4 per 1000 portal) >>" % _escape(title))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
