"""Cached counts of the practices list and API (facet counts and totals per filter set) and the places
the maps read (practice-places.geojson, plain and compressed, per filter set), all dropped together by
bumping a version number whenever a sheet, or what its facets read, changes."""

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


def key(kind, parts, at=None):
    """A cache key for ``kind`` (facets, count) of the filter set ``parts`` at version ``at`` (by
    default the current one)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"practices:{kind}:{at if at is not None else version()}:{digest}"


# The version this process last read. A cached value is asked for together with the version, in one
# round trip (MGET), under the key of that version: when the version has not moved, which is nearly
# always, the value comes back at once; otherwise it is read again under the current version. A page
# of the API asked Redis 12 times, one round trip after another (about 4 ms each at load 10).
_seen = {"version": None}


def remember(kind, parts, compute):
    """The cached value for ``parts``, computed (and stored) when missing."""
    guess = _seen["version"]
    if guess is not None:
        name = key(kind, parts, guess)
        found = cache.get_many([VERSION_KEY, name])
        if found.get(VERSION_KEY) == guess and found.get(name) is not None:
            return found[name]
    current = version()
    _seen["version"] = current
    name = key(kind, parts, current)
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, TIMEOUT)
    return value
