"""Request counters in fixed windows, kept in the shared cache (the `integra_cache` table or Redis).

A window is `period` seconds long and starts at a multiple of it; its counter is created by `cache.add` (only
the first of racing requests creates it) and raised by `cache.incr`, which is atomic on both caches: Redis
INCR, and on the database the row locked while it is raised (`integra.core.cache.DatabaseCache`). So N
requests at once count N, whatever the number of threads, processes and servers.

A cache that cannot be reached (Redis stopped, frozen, restarting) must not take the API down with it: the
count is then unknown (`hit` answers None; the caller lets the request through, a limit being a protection
and not a rule of access) and this process leaves the cache alone for `CACHE_RETRY_SECONDS`, so a frozen
Redis costs one request its socket timeout (2 s, settings.redis_cache), not every request.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache

from integra.core.cache import Breaker

CACHE_RETRY_SECONDS = 30
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

_breaker = Breaker("requests are not counted", CACHE_RETRY_SECONDS)


@dataclass(frozen=True)
class Hit:
    count: int  # requests counted in this window, this one included
    reset_in: int  # whole seconds until the window ends


def parse_rate(rate: str) -> tuple[int, int]:
    """`600/min` → (600, 60): DRF's notation, N per s|sec|m|min|h|hour|d|day."""
    number, _slash, period = rate.partition("/")
    return int(number), PERIODS[period.strip()[:1]]


def reset_breaker() -> None:
    """Ask the cache again at once (tests, and nothing else)."""
    _breaker.reset()


def hit(key: str, period: int) -> Hit | None:
    """Count one request under `key` in the current window; None when the cache cannot be reached."""
    if _breaker.down():
        return None
    now = time.time()
    window = int(now // period)
    name = f"{key}:{window}"
    try:
        cache.add(name, 0, timeout=period + 60)
        try:
            count = cache.incr(name)
        except ValueError:  # culled between add and incr: this request starts the window again
            cache.add(name, 1, timeout=period + 60)
            count = 1
    except Exception:  # ConnectionInterrupted, TimeoutError, a database error: the count is unknown
        _breaker.trip()
        return None
    return Hit(count=count, reset_in=max(1, math.ceil((window + 1) * period - now)))


def peek(key: str, period: int) -> int | None:
    """The count of the current window under `key` without counting; None when the cache cannot be reached."""
    if _breaker.down():
        return None
    try:
        return int(cache.get(f"{key}:{int(time.time() // period)}") or 0)
    except Exception:
        _breaker.trip()
        return None
