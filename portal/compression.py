"""Compressed JSON and GeoJSON: brotli when the client accepts it (and the ``brotli`` package is
there), else gzip, for the answers of the public API.

Django's GZipMiddleware compresses every kind of response and only with gzip; this middleware keeps
HTML as it is, adds brotli (a fifth smaller on the partner map's GeoJSON) and leaves alone a response
a view has already compressed (the partner map stores its compressed variants in the cache, so a warm
answer costs no compression at all).
"""

import gzip
import re

from django.utils.cache import patch_vary_headers

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a dependency; gzip alone still works
    brotli = None

TYPES = ("application/json", "application/geo+json")
MINIMUM = 1024  # bytes: below this, compression saves less than its headers cost
_TOKEN = re.compile(r"\s*([a-z0-9*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*", re.IGNORECASE)


def accepted(request):
    """The best encoding the request accepts among br and gzip, or None."""
    offered = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        match = _TOKEN.fullmatch(part)
        if match:
            try:
                offered[match.group(1).lower()] = float(match.group(2) or 1)
            except ValueError:
                continue
    for encoding in ("br", "gzip") if brotli is not None else ("gzip",):
        if offered.get(encoding, offered.get("*", 0)) > 0:
            return encoding
    return None


def compress(data, encoding, *, quality=5):
    """``data`` (bytes) compressed with ``encoding``; ``quality`` trades speed for size (brotli 0-11)."""
    if encoding == "br":
        return brotli.compress(data, quality=quality)
    return gzip.compress(data, compresslevel=6, mtime=0)


def encode(response, encoding, body):
    """Put the compressed ``body`` in ``response`` with the headers that say so."""
    response.content = body
    response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(body))
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


class CompressJSONMiddleware:
    """Compress JSON and GeoJSON answers for clients that ask (Accept-Encoding)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in TYPES:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if response.has_header("Content-Encoding"):
            return response
        if response.streaming:
            encoding = accepted(request)
            if encoding is not None:
                response.streaming_content = compress_stream(response.streaming_content, encoding)
                response["Content-Encoding"] = encoding
                if response.has_header("Content-Length"):
                    del response["Content-Length"]
            return response
        if len(response.content) < MINIMUM:
            return response
        encoding = accepted(request)
        if encoding is None:
            return response
        return encode(response, encoding, compress(response.content, encoding))


def compress_stream(parts, encoding, *, quality=5):
    """The pieces of a streamed answer compressed as they pass (a streamed GeoJSON of every practice is
    38 MB: neither it nor its compressed form is held whole)."""
    if encoding != "br":
        from django.utils.text import compress_sequence

        yield from compress_sequence(parts)
        return
    compressor = brotli.Compressor(quality=quality)
    for part in parts:
        packed = compressor.process(part)
        if packed:
            yield packed
    yield compressor.finish()
