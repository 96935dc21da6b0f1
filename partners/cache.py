"""Cached answers of the partners app, each family dropped together by bumping its version number:

- the partner map's GeoJSON (one entry per filter set), when an organisation, an office or an
  organisation's themes change;
- the initiatives CSV (the whole file per language and host), when an initiative, its roles, its
  themes, regions or objectives, or an organisation (whose names and publication it shows) change.

The receivers are in partners/signals.py."""

from django.core.cache import cache

VERSION_KEY = "partners:map:version"
INITIATIVES_VERSION_KEY = "partners:initiatives:version"


def _version(key):
    version = cache.get(key)
    if version is None:
        version = 1
        cache.add(key, version, None)
    return version


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def map_version():
    return _version(VERSION_KEY)


def invalidate_map():
    _bump(VERSION_KEY)


def initiatives_version():
    return _version(INITIATIVES_VERSION_KEY)


def invalidate_initiatives():
    _bump(INITIATIVES_VERSION_KEY)
