"""A proactive global rate limiter so fan-out never earns a global 429."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Callable

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
