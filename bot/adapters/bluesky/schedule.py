"""When to look for new mentions: fast while they flow, slower when idle.

Bluesky has no push for notifications short of the firehose, so mentions are polled. Each poll is
one read (listNotifications); at the fastest pace, one a second, that is 300 reads in five
minutes, a tenth of the PDS's 3,000-per-5-minutes read limit. After a poll that found mentions
the next one comes at the fastest pace; each empty poll stretches the wait by `growth`, up to
`slowest`. A mention therefore waits at most `slowest` seconds (plus the answer) when idle, and
about `fastest` while a conversation is going on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class PollSchedule:
    fastest: float = 1.0
    slowest: float = 3.0
    growth: float = 1.5
    current: float = 0.0

    def __post_init__(self) -> None:
        if not 0 < self.fastest <= self.slowest:
            raise ValueError("need 0 < fastest <= slowest")
        self.current = self.fastest

    def after_poll(self, found: int) -> float:
        """The wait before the next poll, given how many new mentions this one found."""
        if found > 0:
            self.current = self.fastest
        else:
            self.current = min(self.slowest, self.current * self.growth)
        return self.current
