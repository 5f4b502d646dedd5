"""Bluesky's write budget (5,000 points an hour, 35,000 a day; create 3, update 2, delete 1) and
back-off after HTTP 429 (from the `ratelimit-reset` / `retry-after` headers)."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from atproto_client.exceptions import RateLimitExceededError

from bot.services.ports import BlueskyStore

log = logging.getLogger(__name__)

CREATE, UPDATE, DELETE = 3, 2, 1
HOUR, DAY = 3600.0, 86_400.0
DEFAULT_429_WAIT = 60.0


@dataclass(frozen=True)
class Budget:
    per_hour: int = 5000
    per_day: int = 35_000


class RateLimited(Exception):
    """A write or call must wait `retry_after_s` seconds."""

    def __init__(self, retry_after_s: float, why: str) -> None:
        super().__init__(f"{why}; retry in {retry_after_s:.0f}s")
        self.retry_after_s = retry_after_s


def wait_from_429(error: RateLimitExceededError, now: float) -> float:
    """Seconds to wait after a 429, from its headers; never negative, never zero."""
    try:
        if error.retry_after is not None:
            return max(1.0, float(error.retry_after))
        if error.reset_at is not None:
            return max(1.0, error.reset_at.timestamp() - now)
    except (TypeError, ValueError):
        pass
    return DEFAULT_429_WAIT


class WriteLimiter:
    """Counts write points in sliding windows (persisted, so a restart keeps counting) and
    remembers until when the server told us to hold off."""

    def __init__(
        self,
        repo: BlueskyStore,
        budget: Budget | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repo = repo
        self.budget = budget or Budget()
        self.clock = clock
        self._writes: deque[tuple[float, int]] = deque()
        self.blocked_until = 0.0
        self._loaded = False

    async def load(self) -> None:
        if not self._loaded:
            since = self.clock() - DAY
            self._writes = deque(await self.repo.writes_since(since))
            self._loaded = True

    def _prune(self, now: float) -> None:
        while self._writes and self._writes[0][0] < now - DAY:
            self._writes.popleft()

    def _wait_for(self, points: int, now: float) -> float:
        """Seconds until `points` more fit in both windows (0 if they fit now)."""
        wait = 0.0
        for window, limit in ((HOUR, self.budget.per_hour), (DAY, self.budget.per_day)):
            inside = [(at, p) for at, p in self._writes if at >= now - window]
            used = sum(p for _, p in inside)
            if used + points <= limit:
                continue
            excess = used + points - limit
            for at, p in inside:  # oldest first: wait until enough of them leave the window
                excess -= p
                if excess <= 0:
                    wait = max(wait, at + window - now)
                    break
        return wait

    def check(self) -> None:
        """Raise RateLimited while a 429 back-off is in force."""
        now = self.clock()
        if now < self.blocked_until:
            raise RateLimited(self.blocked_until - now, "Bluesky asked us to slow down")

    async def spend(self, points: int) -> None:
        """Reserve `points` write points or raise RateLimited with the time to wait."""
        await self.load()
        self.check()
        now = self.clock()
        self._prune(now)
        wait = self._wait_for(points, now)
        if wait > 0:
            raise RateLimited(wait, "write budget exhausted")
        self._writes.append((now, points))
        await self.repo.record_write(now, points)

    def note_429(self, error: RateLimitExceededError) -> float:
        now = self.clock()
        wait = wait_from_429(error, now)
        self.blocked_until = max(self.blocked_until, now + wait)
        log.warning("Bluesky rate limit hit; holding off for %.0fs", wait)
        return wait

    def used(self, window: float) -> int:
        now = self.clock()
        return sum(p for at, p in self._writes if at >= now - window)
