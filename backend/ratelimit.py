"""Token-bucket rate limits: in this process by default, shared through Redis when configured.

A bucket holds up to ``burst`` tokens and refills at ``per_minute``; each request takes one.
An empty bucket answers "wait N seconds" instead of dropping anything, so the channel can
tell the citizen politely and nothing already accepted is touched. With several ``serve``
workers, set ``FRONTDESK_REDIS_URL`` so they share one set of buckets (a Lua script keeps
each check atomic, on Redis's own clock). If Redis is unreachable the limiter lets requests
through and logs a warning: a front desk that refuses everybody is worse than one that
briefly limits nobody.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("frontdesk.ratelimit")


@dataclass(frozen=True)
class Limit:
    """A bucket's size and refill rate."""

    burst: int
    per_minute: float

    @property
    def per_second(self) -> float:
        """Tokens added per second."""
        return self.per_minute / 60.0


@dataclass(frozen=True)
class Decision:
    """Whether a request may go ahead, and if not how many seconds to wait."""

    allowed: bool
    retry_after: float = 0.0


class RateLimiter(Protocol):
    """Takes a token from ``key``'s bucket."""

    async def hit(self, key: str, limit: Limit) -> Decision:
        """Allow the request or say how long to wait."""
        ...


class MemoryRateLimiter:
    """Buckets in this process; least recently used buckets are forgotten past ``max_keys``."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, *, max_keys: int = 100_000
    ) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    async def hit(self, key: str, limit: Limit) -> Decision:
        """Take a token from ``key``'s bucket."""
        now = self._clock()
        tokens, at = self._buckets.pop(key, (float(limit.burst), now))
        tokens = min(float(limit.burst), tokens + max(now - at, 0.0) * limit.per_second)
        decision = Decision(True)
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            decision = Decision(False, (1.0 - tokens) / limit.per_second)
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        return decision


# Refill and take atomically inside Redis, on Redis's clock so every worker agrees.
_SCRIPT = """
local burst = tonumber(ARGV[1]); local rate = tonumber(ARGV[2])
local t = redis.call('TIME'); local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(b[1]) or burst; local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0; local wait = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return {allowed, tostring(wait)}
"""


class RedisRateLimiter:
    """Buckets in Redis, through redis-py's asyncio client and one atomic Lua script.

    redis-py is the optional extra ``frontdesk[redis]``: only a deployment with several
    workers needs it, so it is imported here, when ``FRONTDESK_REDIS_URL`` is set.
    """

    def __init__(self, url: str, *, prefix: str = "frontdesk:rl:", timeout: float = 1.0) -> None:
        try:
            import redis.asyncio as redis
            from redis.exceptions import RedisError
        except ImportError as missing:
            raise RuntimeError(
                "FRONTDESK_REDIS_URL is set but redis-py is not installed: "
                "pip install 'frontdesk[redis]'"
            ) from missing
        self._errors: tuple[type[BaseException], ...] = (OSError, TimeoutError, RedisError)
        self._client = redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, decode_responses=True
        )
        self._script = self._client.register_script(_SCRIPT)
        self._prefix = prefix

    async def hit(self, key: str, limit: Limit) -> Decision:
        """Take a token from ``key``'s bucket in Redis; allow when Redis cannot be reached."""
        try:
            allowed, wait = await self._script(
                keys=[self._prefix + key], args=[limit.burst, limit.per_second]
            )
        except self._errors:
            log.warning("rate limiter: redis unavailable, allowing")
            return Decision(True)
        return Decision(bool(allowed), float(wait))

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


def build_limiter(redis_url: str) -> RateLimiter:
    """The Redis limiter when ``redis_url`` is set, else the in-process one."""
    return RedisRateLimiter(redis_url) if redis_url else MemoryRateLimiter()
