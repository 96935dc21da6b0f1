"""The IANA time zone names, read once per process.

``zoneinfo.available_timezones()`` walks the whole tz database on disk at every call (0.12 s each,
measured here with the other core busy); it ran in every event and call form and every page save
(``full_clean``). The names change only with the tzdata package, which a process restart picks up."""

import functools
import zoneinfo


@functools.cache
def names():
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def choices():
    return tuple((name, name.replace("_", " ")) for name in sorted(names()))


def known(name):
    return name in names()
