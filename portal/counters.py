"""A counter shared by every process through the cache (Redis on real services): rate limits."""

from django.core.cache import cache


def hit(key, timeout):
    """Add one to ``key`` (created with ``timeout`` seconds to live) and return the new count."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired or evicted between add and incr
        cache.set(key, 1, timeout)
        return 1
