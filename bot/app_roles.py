"""The composition root's part for scale-out: elected roles and the shared request limit.

Processes sharing one PostgreSQL elect one watcher, one fan-out and one Bluesky poller through
lease rows (bot/adapters/store/roles.py) and count Discord requests together. On SQLite this
process is the only one (instance lock): it holds every role with no database round trip, and
Discord requests are limited in-process."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.adapters.store import SqlStore
from bot.services.container import Services
from bot.services.metrics import Metrics
from bot.services.policies import RolePolicy
from bot.services.ports import Clock, RateWindows
from bot.services.roles import (
    BLUESKY,
    FANOUT,
    WATCHER,
    RoleService,
    RoleWork,
    SoleElection,
    process_id,
)

__all__ = ["FANOUT", "build_roles", "role_works"]


def build_roles(
    policy: RolePolicy,
    store: SqlStore,
    clock: Clock,
    metrics: Metrics,
    monotonic: Callable[[], float],
) -> tuple[RoleService, RateWindows | None]:
    if store.engine != "postgres":
        return RoleService(SoleElection(), policy, metrics, monotonic=monotonic), None
    from bot.adapters.store.roles import LeaseElection, SqlRateWindows

    election = LeaseElection(store.database, clock, process_id(), policy.lease_seconds)
    roles = RoleService(election, policy, metrics, monotonic=monotonic)
    return roles, SqlRateWindows(store.database)


def role_works(services: Services) -> dict[str, RoleWork]:
    """What each elected role runs while this process holds it. The Bluesky poller is gated
    inside the Bluesky transport (which also delivers Bluesky posts for the fan-out), so its
    work here only keeps the role."""

    async def watcher(stop: asyncio.Event) -> None:
        tasks = [asyncio.create_task(services.watch.run(stop), name="watch")]
        if services.discovery is not None and services.discovery.collections:
            tasks.append(asyncio.create_task(services.discovery.run(stop), name="discovery"))
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

    async def idle(stop: asyncio.Event) -> None:
        await stop.wait()

    return {WATCHER: watcher, FANOUT: services.fanout.run, BLUESKY: idle}
