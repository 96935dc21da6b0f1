"""The downloadable practice sheet as PDF: the sheet's own HTML sections (practices/_sheet.html, the
same as the page) laid out by WeasyPrint with a print stylesheet, tagged for accessibility (PDF/UA).

Text goes through Pango, so any script a partner may type prints with the installed fonts (DejaVu,
Noto, Noto CJK); numbers and dates come out as the page's language formats them. Images and styles are
read from the portal's own static and media files only: the fetcher refuses every other address, so a
sheet can never make the server fetch a URL.
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError


def _local_file(path):
    """The file on disk behind a /static/ or /media/ path, or None."""
    if path.startswith(settings.STATIC_URL):
        name = path[len(settings.STATIC_URL) :]
        found = finders.find(name)
        if found:
            return found
        candidate = settings.STATIC_ROOT / name
        return str(candidate) if candidate.is_file() else None
    if path.startswith(settings.MEDIA_URL):
        name = path[len(settings.MEDIA_URL) :]
        if default_storage.exists(name):
            return default_storage.path(name)
    return None


class PortalFilesOnly(URLFetcher):
    """Serves the portal's static and media files from disk; refuses anything else."""

    def __init__(self, site_url):
        super().__init__(allowed_protocols=("http", "https"))
        self.site = urlsplit(site_url).netloc

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = unquote(parts.path)
        filename = _local_file(path) if parts.netloc == self.site and ".." not in path else None
        if filename is None:
            raise URLFetchingError(f"not a file of the portal: {url}")
        with open(filename, "rb") as handle:
            body = handle.read()
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mimetype})


def render_sheet(practice, *, request=None):
    """The PDF of a published practice sheet, in the active language. Returns bytes."""
    site_url = settings.SITE_URL.rstrip("/") + "/"
    html = render_to_string(
        "practices/sheet_pdf.html",
        {
            "practice": practice,
            "sheet_url": site_url.rstrip("/") + practice.get_absolute_url(),
            "printed_on": timezone.now(),
        },
        request=request,
    )
    document = HTML(string=html, base_url=site_url, url_fetcher=PortalFilesOnly(site_url))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
