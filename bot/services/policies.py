"""The tunable policies of watching and fan-out, defined once.

config.yaml's `watch:` and `fanout:` sections are read field by field from these dataclasses
(bot/config.py, `Section.policy`): every field is a config key, its default is the one written
here, and the values accepted lie between the field's `min` and `max`. Add a knob here and it is
configurable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T", float, int, bool)

HOUR = 3600
DAY = 24 * HOUR
WEEK = 7 * DAY


def knob(default: T, minimum: float = 0, maximum: float = 0) -> T:
    """A policy field with its default and the bounds config.yaml must keep to."""
    return field(default=default, metadata={"min": minimum, "max": maximum})


@dataclass(frozen=True)
class WatchPolicy:
    """How documents are watched (`watch:`). The fetch knobs are used by the HTTP fetcher."""

    interval_seconds: float = knob(900.0, 1, WEEK)
    failing_after: int = knob(5, 1, 1000)
    timeout_seconds: float = knob(20.0, 0.1, 600)
    max_bytes: int = knob(5_000_000, 1024, 100_000_000)
    concurrency: int = knob(8, 1, 100)
    per_host_interval_seconds: float = knob(2.0, 0, HOUR)
    allow_private_addresses: bool = knob(False)  # loopback/LAN pages: tests, benches, intranets


@dataclass(frozen=True)
class FanoutPolicy:
    """How the outbox is drained (`fanout:`)."""

    interval_seconds: float = knob(2.0, 0.01, HOUR)
    batch_size: int = knob(100, 1, 10_000)
    max_attempts: int = knob(8, 1, 100)
    lease_seconds: float = knob(120.0, 1, DAY)  # a claimed row is claimed again after this
    base_backoff_seconds: float = knob(5.0, 0, DAY)
    max_backoff_seconds: float = knob(3600.0, 0, WEEK)
    concurrency: int = knob(64, 1, 1000)  # sends in flight at once


@dataclass(frozen=True)
class RolePolicy:
    """How the elected roles (watcher, fanout, bluesky) are held when several processes share
    one PostgreSQL database (`roles:`). A killed holder's role is taken over within
    lease_seconds + heartbeat_seconds; config.py also requires heartbeat <= lease / 3."""

    lease_seconds: float = knob(15.0, 3, 300)
    heartbeat_seconds: float = knob(5.0, 0.2, 100)
