"""Cached counts of the practices list and API (facet counts and totals per filter set), all dropped
together by bumping a version number whenever a sheet, or what its facets read, changes."""

import hashlib

from django.core.cache import cache

VERSION_KEY = "practices:counts:version"
TIMEOUT = 3600


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        current = 1
        cache.add(VERSION_KEY, current, None)
    return current


def invalidate():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def key(kind, parts):
    """A cache key for ``kind`` (facets, count) of the filter set ``parts`` at the current version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"practices:{kind}:{version()}:{digest}"


def remember(kind, parts, compute):
    """The cached value for ``parts``, computed (and stored) when missing."""
    name = key(kind, parts)
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, TIMEOUT)
    return value
