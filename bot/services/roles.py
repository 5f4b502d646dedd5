"""Elected roles: the work exactly one process does among those sharing one database.

`watcher` (watch cycles and Open Terms Archive discovery), `fanout` (draining the outbox) and
`bluesky` (the mention poller) each run in one process at a time. `RoleService` renews each
role's lease every `heartbeat_seconds` through a `RoleElection` (a lease row in the database on
PostgreSQL; `SoleElection` on SQLite, where the instance lock already makes this process the only
one), starts the role's work when the lease is won and cancels it when the lease is lost.

Fencing: a process counts a role as held until `lease_seconds - heartbeat_seconds` after the
start of its last successful renewal, on its own monotonic clock. The database lets another
process take the role only `lease_seconds` after that start, so a process that was paused or cut
off from the database has stopped acting in the role (its work cancelled, `holds()` False before
each outbox claim) a heartbeat before anyone else may begin. Work that was already in flight is
protected by the store itself: outbox rows are claimed with a lease and re-sent under the same
idempotency key, and a change is recorded at most once per transition.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping

from bot.services.metrics import Metrics
from bot.services.policies import RolePolicy
from bot.services.ports import RoleElection, RoleLease

log = logging.getLogger(__name__)

WATCHER = "watcher"
FANOUT = "fanout"
BLUESKY = "bluesky"
ROLES = (WATCHER, FANOUT, BLUESKY)

RoleWork = Callable[[asyncio.Event], Awaitable[None]]


def process_id() -> str:
    """host:pid:random — unique for each process, readable in the role_leases table."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class SoleElection:
    """Implements ports.RoleElection for a database only this process uses (SQLite with its
    instance lock): every role is this process's, with no database round trip."""

    def __init__(self, holder: str = "") -> None:
        self.holder = holder or process_id()
        self._held: set[str] = set()

    async def acquire(self, role: str) -> bool:
        self._held.add(role)
        return True

    async def release(self, role: str) -> None:
        self._held.discard(role)

    async def leases(self) -> list[RoleLease]:
        return [RoleLease(role, self.holder, 1, "", "", True) for role in sorted(self._held)]


class RoleService:
    def __init__(
        self,
        election: RoleElection,
        policy: RolePolicy,
        metrics: Metrics,
        *,
        roles: tuple[str, ...] = ROLES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.election = election
        self.policy = policy
        self.metrics = metrics
        self.roles = roles
        self.monotonic = monotonic
        self._deadline: dict[str, float] = {}
        self.takeovers: dict[str, int] = dict.fromkeys(roles, 0)
        metrics.describe(
            "termswatch_role_held", "gauge", "1 while this process holds the role (by role)"
        )
        for role in roles:
            metrics.set("termswatch_role_held", 0, {"role": role})

    @property
    def holder(self) -> str:
        return self.election.holder

    @property
    def sole(self) -> bool:
        """The only process on its database (SQLite): it holds every role, always."""
        return isinstance(self.election, SoleElection)

    def holds(self, role: str) -> bool:
        """Fenced: False once the last renewal is too old, even before the next heartbeat."""
        if self.sole:
            return role in self.roles
        return self.monotonic() < self._deadline.get(role, -math.inf)

    def held(self) -> list[str]:
        return [role for role in self.roles if self.holds(role)]

    def fence(self, role: str) -> Callable[[], bool]:
        return lambda: self.holds(role)

    async def renew(self, role: str) -> bool:
        """One heartbeat: acquire or renew the lease. A database error keeps the lease the
        process had (it may still be valid) until its fenced deadline passes."""
        started = self.monotonic()
        was_held = self.holds(role)
        try:
            won = await asyncio.wait_for(
                self.election.acquire(role), timeout=self.policy.heartbeat_seconds
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("role %s: lease renewal failed (%s)", role, exc or type(exc).__name__)
        else:
            if won:
                margin = self.policy.heartbeat_seconds
                self._deadline[role] = started + self.policy.lease_seconds - margin
            else:
                self._deadline.pop(role, None)
        held = self.holds(role)
        if held and not was_held:
            self.takeovers[role] = self.takeovers.get(role, 0) + 1
            log.info("role %s: taken by this process (%s)", role, self.holder)
        elif was_held and not held:
            log.warning("role %s: lost by this process (%s)", role, self.holder)
        self.metrics.set("termswatch_role_held", 1 if held else 0, {"role": role})
        return held

    async def run(self, works: Mapping[str, RoleWork], stop: asyncio.Event) -> None:
        """Holds each role of `works` while it can and runs its work meanwhile, until stop."""
        tasks = [
            asyncio.create_task(self._hold(role, work, stop), name=f"role-{role}")
            for role, work in works.items()
        ]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*tasks, return_exceptions=True)

    async def _hold(self, role: str, work: RoleWork, stop: asyncio.Event) -> None:
        task: asyncio.Task[None] | None = None
        try:
            while not stop.is_set():
                held = await self.renew(role)
                if task is not None and task.done():
                    if not task.cancelled() and task.exception() is not None:
                        log.error("role %s stopped with an error", role, exc_info=task.exception())
                    task = None  # started again below while the role is held
                if held and task is None:
                    task = asyncio.create_task(work(stop), name=role)
                elif not held and task is not None:
                    await _cancel(task)
                    task = None
                wait = self.policy.heartbeat_seconds
                if held:  # wake up at the fenced deadline if no renewal succeeds before
                    wait = min(wait, max(0.0, self._deadline[role] - self.monotonic()))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=wait)
        finally:
            if task is not None:
                await _cancel(task)
            if self._deadline.pop(role, None) is not None:
                await self.election.release(role)
            self.metrics.set("termswatch_role_held", 0, {"role": role})


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
