"""Elected roles on a real database (SQLite and PostgreSQL): one holder, takeover after the lease
expires, fencing of a holder that stopped renewing, and the shared request limit."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import pytest

from bot.adapters.discord.limiter import SharedRateLimiter
from bot.adapters.store import SqlStore
from bot.adapters.store.roles import LeaseElection, SqlRateWindows
from bot.config import Config, ConfigError
from bot.services.fanout import FanoutService
from bot.services.metrics import Metrics
from bot.services.policies import RolePolicy
from bot.services.roles import FANOUT, RoleService, SoleElection
from tests.conftest import FakeClock
from tests.core.test_fanout import ScriptedNotifier, an_event, subscribe

LEASE = 15.0
POLICY = RolePolicy(lease_seconds=LEASE, heartbeat_seconds=5.0)


class Ticker:
    """A monotonic clock moved by hand (the fencing clock)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def election(store: SqlStore, clock: FakeClock, holder: str) -> LeaseElection:
    return LeaseElection(store.database, clock, holder, LEASE)


async def test_one_holder_at_a_time(store: SqlStore, clock: FakeClock) -> None:
    a, b = election(store, clock, "a"), election(store, clock, "b")
    assert await a.acquire("fanout")
    assert not await b.acquire("fanout")
    assert await b.acquire("watcher")  # roles are independent
    clock.advance(LEASE - 1)
    assert await a.acquire("fanout")  # renewed by its holder
    clock.advance(LEASE - 1)  # b tries again before a's renewed lease runs out
    assert not await b.acquire("fanout")
    leases = {lease.role: lease for lease in await a.leases()}
    assert (leases["fanout"].holder, leases["fanout"].term, leases["fanout"].live) == ("a", 1, True)
    assert leases["watcher"].holder == "b"


async def test_racing_processes_elect_exactly_one(store: SqlStore, clock: FakeClock) -> None:
    elections = [election(store, clock, f"p{i}") for i in range(6)]
    won = await asyncio.gather(*(e.acquire("watcher") for e in elections))
    assert sum(won) == 1


async def test_takeover_after_the_lease_expires(store: SqlStore, clock: FakeClock) -> None:
    a, b = election(store, clock, "a"), election(store, clock, "b")
    assert await a.acquire("fanout")
    clock.advance(LEASE)  # a died: no renewal for a whole lease
    assert await b.acquire("fanout")
    assert not await a.acquire("fanout")  # a is back, too late: b holds it
    (lease,) = await b.leases()
    assert (lease.holder, lease.term) == ("b", 2)


async def test_release_hands_the_role_over_at_once(store: SqlStore, clock: FakeClock) -> None:
    a, b = election(store, clock, "a"), election(store, clock, "b")
    assert await a.acquire("bluesky")
    await a.release("bluesky")
    assert await b.acquire("bluesky")


async def test_fenced_before_anyone_else_may_take_over(store: SqlStore, clock: FakeClock) -> None:
    """A holder that cannot renew (paused, cut off) stops counting the role as held a heartbeat
    before the database lets another process take it, and then claims no outbox row."""
    ticker = Ticker()
    roles = RoleService(election(store, clock, "a"), POLICY, Metrics(), monotonic=ticker)
    assert await roles.renew(FANOUT)
    fanout = FanoutService(store, clock, Metrics())
    fanout.register(notifier := ScriptedNotifier())
    fanout.fence = roles.fence(FANOUT)
    await subscribe(store, "c1")
    await store.record_event(an_event(clock))

    ticker.t += LEASE - POLICY.heartbeat_seconds  # no renewal since: the fence closes
    clock.advance(LEASE - POLICY.heartbeat_seconds)
    assert not roles.holds(FANOUT)
    assert not await election(store, clock, "b").acquire(FANOUT)  # not yet free for others
    assert (await fanout.drain_once()).claimed == 0
    assert notifier.sent == []

    assert await roles.renew(FANOUT)  # renewed in time: back in the role
    assert (await fanout.drain_once()).sent == 1


async def test_work_runs_only_while_the_role_is_held(store: SqlStore, clock: FakeClock) -> None:
    """RoleService starts a role's work when it wins the lease and cancels it when another
    process has taken the role over."""
    policy = RolePolicy(lease_seconds=3.0, heartbeat_seconds=0.2)
    a = RoleService(LeaseElection(store.database, clock, "a", 3.0), policy, Metrics())
    running = asyncio.Event()
    cancelled = asyncio.Event()

    async def work(stop: asyncio.Event) -> None:
        running.set()
        try:
            await stop.wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    stop = asyncio.Event()
    task = asyncio.create_task(a.run({FANOUT: work}, stop))
    await asyncio.wait_for(running.wait(), 5)
    assert a.held() == [FANOUT]
    # Another process takes the role (a's lease looks expired on the shared clock).
    clock.advance(10)
    assert await LeaseElection(store.database, clock, "b", 3.0).acquire(FANOUT)
    await asyncio.wait_for(cancelled.wait(), 5)
    assert a.held() == []
    stop.set()
    await asyncio.wait_for(task, 5)


async def test_sole_election_holds_every_role_without_fencing() -> None:
    ticker = Ticker()
    roles = RoleService(SoleElection("me"), POLICY, Metrics(), monotonic=ticker)
    for role in roles.roles:
        assert await roles.renew(role)
    ticker.t += 10 * LEASE  # one process per SQLite file: nothing to fence
    assert roles.held() == list(roles.roles)


def test_quota_of_a_second_adds_up_to_the_rate() -> None:
    for rate in (45.0, 50.0, 200.0, 0.5, 123.4):
        limiter = SharedRateLimiter(SqlRateWindows.__new__(SqlRateWindows), rate)
        first, seconds = 1_700_000_000, 10
        slots = range(first, first + limiter.slots_per_second * seconds)
        assert sum(limiter.quota(slot) for slot in slots) == pytest.approx(rate * seconds, abs=1)


async def test_shared_limit_holds_across_limiters(store_target: str) -> None:
    """Three processes' limiters sharing one database never grant more than the rate together
    (plus at most one slot, a twentieth of a second, in a second not aligned on the slots), and
    use most of it."""
    stores = [await SqlStore.open(store_target) for _ in range(3)]
    try:
        rate = 60.0
        limiters = [SharedRateLimiter(SqlRateWindows(s.database), rate) for s in stores]
        stamps: list[float] = []

        async def user(limiter: SharedRateLimiter, n: int) -> None:
            for _ in range(n):
                await limiter.acquire()
                stamps.append(time.monotonic())

        started = time.monotonic()
        await asyncio.gather(*(user(limiter, 30) for limiter in limiters for _ in range(3)))
        elapsed = time.monotonic() - started
    finally:
        for s in stores:
            await s.close()
    assert len(stamps) == 270
    stamps.sort()
    busiest = max(sum(1 for t in stamps[i:] if t - stamps[i] < 1.0) for i in range(len(stamps)))
    assert busiest <= rate * 1.05 + 3  # + 3: the test's own scheduling jitter
    assert elapsed >= 270 / rate - 1.0  # could not go faster than the limit
    assert elapsed <= 270 / rate + 2.5  # and used most of it


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({"lease_seconds": 2}, "'roles.lease_seconds' must be at least 3"),
        ({"lease_seconds": 10, "heartbeat_seconds": 4}, "'roles.heartbeat_seconds' must be at"),
        ({"heartbeat": 1}, "'roles.heartbeat' is not a known setting"),
    ],
)
def test_role_settings_are_checked(roles: dict[str, float], message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        Config.from_dict({"roles": roles}, base_dir=tmp_path)
