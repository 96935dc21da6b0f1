"""The cache on Redis, failing open when Redis is down (docs/security.md, "Faults").

django-redis with IGNORE_EXCEPTIONS turns every failed call into a miss (get), a dropped write (set,
delete, incr) or None. One call needs the opposite answer: ``add``. allauth's rate limits take a short
lock with ``cache.add`` before they count, and wait a second for it; with ``add`` answering None the
lock is never taken and every login is refused with a 429 for as long as Redis is down. Here ``add``
reports success instead, so those limits fail open like the portal's own (portal.counters) while the
login lockouts of django-axes keep counting in the database."""

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted


class RedisCache(DjangoRedisCache):
    def add(self, *args, **kwargs):
        try:
            return self.client.add(*args, **kwargs)
        except ConnectionInterrupted as error:
            if self._ignore_exceptions:
                return True
            raise error.__cause__ from None
