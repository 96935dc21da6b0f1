"""A counter shared by every process through the cache (Redis on real services): rate limits.

When the cache cannot count (Redis down: django-redis answers None instead of raising), ``hit``
returns 0, so every limit built on it fails open, and ``wait_for_slot`` paces this process alone."""

import time

from django.core.cache import cache


def hit(key, timeout):
    """Add one to ``key`` (created with ``timeout`` seconds to live) and return the new count; 0 when
    the shared cache is unreachable."""
    cache.add(key, 0, timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # expired or evicted between add and incr
        cache.set(key, 1, timeout)
        return 1
    return count or 0


def wait_for_slot(name, rate):
    """Block until ``rate`` events a second, counted across every process under ``name``, allow one
    more. The n-th event of a second waits for its slot at n/rate into that second, so events are
    spread over the second rather than sent in one burst at its start. ``rate`` 0: no limit. Without
    the shared counter (Redis down) each process keeps to ``rate`` on its own."""
    if not rate:
        return
    while True:
        second = int(time.time())
        slot = hit(f"{name}:{second}", timeout=5)
        if slot == 0:
            time.sleep(1 / rate)
            return
        if slot <= rate:
            time.sleep(max(0.0, second + (slot - 1) / rate - time.time()))
            return
        time.sleep(max(0.0, second + 1 - time.time()))
