"""Redis as a cache that may go away: while it is down, the site runs uncached.

Django's RedisCache raises when Redis can't be reached, which would turn every page
into a 500 (the page cache, rendition lookups and the password throttle all ask it
first). Here a read misses, a write is dropped and the outage is logged (at most once
every LOG_EVERY_SECONDS per process); redis-py reconnects by itself once Redis is back.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 10
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


def when_down(fallback: Callable[..., Any]) -> Callable:
    """Run the cache operation; if Redis is unreachable, log and return `fallback(...)`."""

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def call(self: FailSoftRedisCache, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except REDIS_DOWN as error:
                self.log_outage(error)
                return fallback(*args, **kwargs)

        return call

    return decorate


def nothing(*args, **kwargs) -> None:
    return None


def false(*args, **kwargs) -> bool:
    return False


def default_value(key: str, default: Any = None, *args, **kwargs) -> Any:
    return default


def empty_dict(*args, **kwargs) -> dict:
    return {}


def all_keys_failed(data: dict, *args, **kwargs) -> list:
    return list(data)


class FailSoftRedisCache(RedisCache):
    last_logged = 0.0

    def log_outage(self, error: Exception) -> None:
        now = time.monotonic()
        if now - FailSoftRedisCache.last_logged >= LOG_EVERY_SECONDS:
            FailSoftRedisCache.last_logged = now
            logger.warning("Redis is unreachable, serving without the cache: %s", error)

    get = when_down(default_value)(RedisCache.get)
    get_many = when_down(empty_dict)(RedisCache.get_many)
    has_key = when_down(false)(RedisCache.has_key)
    add = when_down(false)(RedisCache.add)
    set = when_down(nothing)(RedisCache.set)
    set_many = when_down(all_keys_failed)(RedisCache.set_many)
    touch = when_down(false)(RedisCache.touch)
    incr = when_down(nothing)(RedisCache.incr)
    delete = when_down(false)(RedisCache.delete)
    delete_many = when_down(nothing)(RedisCache.delete_many)
    clear = when_down(false)(RedisCache.clear)
