"""Checking an uploaded file by what it contains, never by its name or the browser's word: a PDF starts
with ``%PDF-``; an image is what Pillow reads as JPEG, PNG or WebP, and is saved again without its
metadata (a phone's photo carries the place where it was taken)."""

from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from . import conf

IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000


@dataclass
class Checked:
    kind: str
    content: bytes
    original_name: str
    width: int | None = None
    height: int | None = None


def check(upload):
    """A ``Checked`` file, or a ValidationError saying what is wrong."""
    limit = conf.get("ATTACHMENT_MAX_BYTES")
    name = (getattr(upload, "name", "") or "")[-120:]
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is too large: files may be up to %(limit)s.") % {"name": name, "limit": filesizeformat(limit)}
        )
    data = upload.read()
    if data.startswith(b"%PDF-"):
        return Checked("pdf", data, name)
    try:
        with Image.open(BytesIO(data)) as probe:
            kind = IMAGE_FORMATS.get(probe.format)
            if kind is None or probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("%(name)s is not an image (JPEG, PNG, WebP) or a PDF.") % {"name": name})
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            image.load()
            out = BytesIO()
            if kind == "jpeg":
                image.convert("RGB").save(out, "JPEG", quality=88)
            else:
                image.save(out, probe.format)
            return Checked(kind, out.getvalue(), name, image.width, image.height)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("%(name)s is not an image (JPEG, PNG, WebP) or a PDF.") % {"name": name}) from error
