"""A proactive global rate limiter so fan-out never earns a global 429."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Protocol

from bot.services.ports import RateWindows

log = logging.getLogger(__name__)


class RateLimiter:
    """At most `rate` acquisitions in any `window_s` second window, evenly spread.

    A token bucket with a small burst (a twentieth of a second's worth) spaces the requests; a
    sliding log of the last `rate` grants makes sure no window of `window_s` ever holds more than
    `rate`, whatever the burst. Callers queue on a lock in arrival order.
    """

    def __init__(
        self,
        rate: float,
        *,
        burst: float | None = None,
        window_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = max(1.0, burst if burst is not None else rate / 20)
        self.window_s = window_s
        self._per_window = max(1, math.floor(rate * window_s))
        self._granted: deque[float] = deque(maxlen=self._per_window)
        self._tokens = self.capacity
        self._clock = clock
        self._stamp = clock()
        self._lock = asyncio.Lock()
        self.waited_s = 0.0  # total time callers spent waiting

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def _wait_needed(self) -> float:
        self._refill()
        wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
        if len(self._granted) == self._per_window:
            wait = max(wait, self._granted[0] + self.window_s - self._clock())
        return wait

    async def acquire(self) -> None:
        async with self._lock:
            while (wait := self._wait_needed()) > 0:
                self.waited_s += wait
                await asyncio.sleep(wait)
            self._tokens -= 1
            self._granted.append(self._clock())

    async def __aenter__(self) -> RateLimiter:
        await self.acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class NoLimit:
    """A limiter that never waits: the requests are limited lower down (limit_rest_calls)."""

    rate = math.inf
    waited_s = 0.0

    async def acquire(self) -> None:
        return None


class SharedRateLimiter:
    """The global limit held by every process of one bot together, through counters in the
    database (ports.RateWindows: one row per bucket and time slot).

    Time is cut into slots (a twentieth of a second); slot i's quota is its share of `rate` (the
    quotas of a second's slots add up to the rate, rounded down). A process that needs requests
    reserves up to its waiting callers' worth of the current slot in one round trip
    (`INSERT ... ON CONFLICT DO UPDATE SET n = n + k RETURNING n`) and is granted what is left of
    the quota; when nothing is left it sleeps until the next slot. A reserved request not spent
    by the end of its slot is dropped, so any second aligned on the slots holds at most `rate`
    requests of all processes together, and any other second at most one slot more (5%).
    Processes' wall clocks must agree (NTP), as for every lease.
    """

    def __init__(
        self,
        windows: RateWindows,
        rate: float,
        *,
        bucket: str = "discord",
        slots_per_second: int = 20,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.windows = windows
        self.rate = rate
        self.bucket = bucket
        self.slots_per_second = slots_per_second
        self._rate = Fraction(rate).limit_denominator(1000)
        self._clock = clock
        self._lock = asyncio.Lock()
        self._waiting = 0
        self._slot = -1
        self._tokens = 0
        self._expires = 0.0
        self._exhausted_slot = -1
        self.waited_s = 0.0
        self.round_trips = 0
        self.errors = 0

    def quota(self, slot: int) -> int:
        """Requests allowed in `slot`: floor(rate x end) - floor(rate x start), exactly."""
        p, q = self._rate.numerator, self._rate.denominator * self.slots_per_second
        return (p * (slot + 1)) // q - (p * slot) // q

    async def acquire(self) -> None:
        self._waiting += 1
        try:
            async with self._lock:
                while not await self._take():
                    pass
        finally:
            self._waiting -= 1

    async def _take(self) -> bool:
        now = self._clock()
        if self._tokens > 0 and now < self._expires:
            self._tokens -= 1
            return True
        slot_s = 1.0 / self.slots_per_second
        slot = math.floor(now * self.slots_per_second)
        quota = self.quota(slot)
        if quota > 0 and slot != self._exhausted_slot:
            want = max(1, min(quota, self._waiting))
            try:
                total = await self.windows.reserve(self.bucket, slot, want)
            except Exception as exc:  # the database did not answer: try again next slot
                self.errors += 1
                if self.errors == 1 or self.errors % 100 == 0:
                    log.warning("shared rate limit: cannot reserve requests (%s)", exc)
                total = quota + want
            self.round_trips += 1
            granted = max(0, min(want, quota - (total - want)))
            if granted < want:
                self._exhausted_slot = slot
            if granted:
                self._slot, self._tokens = slot, granted
                self._expires = (slot + 1) * slot_s
                return False  # spend them through the fast path
        wait = max((slot + 1) * slot_s - self._clock(), 0.001)
        self.waited_s += wait
        await asyncio.sleep(wait)
        return False

    async def __aenter__(self) -> SharedRateLimiter:
        await self.acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class Limiter(Protocol):
    rate: float

    async def acquire(self) -> None: ...


def limit_rest_calls(http: Any, limiter: Limiter) -> None:
    """Every REST call of this discord.py client takes one request of the global limit first.
    Interaction responses and follow-ups go through discord.py's webhook adapter instead, and
    stay exempt, as they are at Discord."""
    request = http.request

    async def limited(route: Any, **kwargs: Any) -> Any:
        await limiter.acquire()
        return await request(route, **kwargs)

    http.request = limited


def throttle_bucket_cleanup(http: Any, every_s: float = 10.0) -> None:
    """discord.py scans all its per-route rate-limit buckets for idle ones every time it creates
    a bucket, once it holds 256: a fan-out to N new channels costs O(N^2) (about 40 s of CPU
    for 20,000 channels). Scan at most every `every_s` seconds instead; idle buckets (5 minutes
    without a request) are still dropped."""
    scan = getattr(http, "_try_clear_expired_ratelimits", None)
    if scan is None:  # another discord.py: nothing to throttle
        return
    last = -math.inf

    def throttled() -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= every_s:
            last = now
            scan()

    http._try_clear_expired_ratelimits = throttled
