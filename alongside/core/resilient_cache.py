"""A Redis cache that never fails a request: a cache outage degrades to rendering.

Redis down, refusing writes (out of memory under `noeviction`) or too slow: each call is logged
once per outage and answers as an empty cache would (a miss, nothing stored), so pages render
from the database, posts are accepted and rate limits let people through. For one second after
an error the cache is not even asked, so a Redis that hangs does not slow every request down.
Versions that changed meanwhile are read from the database (core/cache.py), so nothing stale is
served when Redis returns.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 1.0
_down_until = 0.0


def unavailable() -> bool:
    """Whether the cache failed within the last second (and is not being asked)."""
    return time.monotonic() < _down_until


def _guarded(method_name: str, default):
    def call(self, *args, **kwargs):
        global _down_until
        if time.monotonic() < _down_until:
            return default
        try:
            result = getattr(RedisCache, method_name)(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            if _down_until == 0.0:
                logger.warning("Cache unavailable (%s); serving without it", error)
            _down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return default
        if _down_until:
            logger.warning("Cache available again")
            _down_until = 0.0
        return result

    call.__name__ = method_name
    return call


class _Default:
    """A value that stands for "what `get` was asked to return when nothing is found"."""


class _OneClientPerPool(RedisCacheClient):
    """Django makes a new `redis.Redis` for every call, and redis-py builds a table of some 170
    reply handlers for each: a tenth of a millisecond, ten times a page. A client is safe to
    share between threads (each command borrows a connection from the pool), so one per pool
    is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool

    add = _guarded("add", False)
    set = _guarded("set", None)
    touch = _guarded("touch", False)
    delete = _guarded("delete", False)
    get_many = _guarded("get_many", {})
    set_many = _guarded("set_many", [])
    delete_many = _guarded("delete_many", None)
    has_key = _guarded("has_key", False)
    clear = _guarded("clear", None)
    # A rate-limit counter that cannot be read lets the submission through.
    incr = _guarded("incr", 0)

    def get(self, key, default=None, version=None):
        found = self.get_many([key], version=version)
        return found.get(key, default)
