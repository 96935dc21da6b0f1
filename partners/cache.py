"""The cached GeoJSON of the partner map: one cache entry per filter set, all dropped together by
bumping a version number whenever an organisation or office changes."""

from django.core.cache import cache

VERSION_KEY = "partners:map:version"


def map_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def invalidate_map():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
