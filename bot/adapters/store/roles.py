"""Leases of the elected roles, and the shared request-rate windows, in the database.

Both write one row with one statement (an upsert), so any number of processes may race on it.
On PostgreSQL the statement runs on a pooled connection outside the process's write lock: a
heartbeat never waits behind a long write of the watcher. (SQLite has one process per file, which
holds every role without asking; these classes still work on it, for tests.)
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.adapters.store.sql import Engine, Sql
from bot.domain.timeutil import iso, later
from bot.services.ports import Clock, RoleLease

log = logging.getLogger(__name__)

# Take the role if it is free, expired, or already ours (then renew). No row back: another
# process holds it. `term` grows when the holder changes (a fencing number for logs).
ACQUIRE = (
    "INSERT INTO role_leases (role, holder, term, acquired_at, renewed_at, expires_at)"
    " VALUES (?, ?, 1, ?, ?, ?)"
    " ON CONFLICT (role) DO UPDATE SET"
    " term = CASE WHEN role_leases.holder = excluded.holder THEN role_leases.term"
    " ELSE role_leases.term + 1 END,"
    " acquired_at = CASE WHEN role_leases.holder = excluded.holder THEN role_leases.acquired_at"
    " ELSE excluded.acquired_at END,"
    " holder = excluded.holder, renewed_at = excluded.renewed_at,"
    " expires_at = excluded.expires_at"
    " WHERE role_leases.holder = excluded.holder OR role_leases.expires_at <= excluded.renewed_at"
    " RETURNING term"
)

RESERVE = (
    "INSERT INTO rate_windows (bucket, slot, n) VALUES (?, ?, ?)"
    " ON CONFLICT (bucket, slot) DO UPDATE SET n = rate_windows.n + excluded.n RETURNING n"
)


@asynccontextmanager
async def _statement(database: Engine) -> AsyncIterator[Sql]:
    """PostgreSQL: the pool (autocommit, no process write lock). SQLite: a write transaction."""
    if database.dialect.name == "postgres":
        yield database.sql
    else:
        async with database.transaction() as db:
            yield db


class LeaseElection:
    """Implements ports.RoleElection with one lease row per role (table role_leases)."""

    def __init__(self, database: Engine, clock: Clock, holder: str, lease_seconds: float) -> None:
        self.database = database
        self.clock = clock
        self.holder = holder
        self.lease_seconds = lease_seconds

    async def acquire(self, role: str) -> bool:
        now = self.clock.now()
        stamp = iso(now)
        async with _statement(self.database) as db:
            term = await db.fetchval(
                ACQUIRE, (role, self.holder, stamp, stamp, later(now, self.lease_seconds))
            )
        return term is not None

    async def release(self, role: str) -> None:
        """Give the role up at once (clean shutdown): another process may take it now."""
        with contextlib.suppress(Exception):
            async with _statement(self.database) as db:
                await db.execute(
                    "UPDATE role_leases SET expires_at = ? WHERE role = ? AND holder = ?",
                    ("", role, self.holder),
                )

    async def leases(self) -> list[RoleLease]:
        rows = await self.database.sql.fetchall(
            "SELECT role, holder, term, acquired_at, expires_at FROM role_leases ORDER BY role"
        )
        now = iso(self.clock.now())
        return [
            RoleLease(
                role=row["role"],
                holder=row["holder"],
                term=int(row["term"]),
                acquired_at=row["acquired_at"],
                expires_at=row["expires_at"],
                live=row["expires_at"] > now,
            )
            for row in rows
        ]


class SqlRateWindows:
    """Implements ports.RateWindows: requests counted per (bucket, slot) in table rate_windows."""

    KEEP_SLOTS = 600  # rows of older slots are deleted now and then

    def __init__(self, database: Engine) -> None:
        self.database = database
        self._last_cleanup = 0

    async def reserve(self, bucket: str, slot: int, count: int) -> int:
        async with _statement(self.database) as db:
            total = int(await db.fetchval(RESERVE, (bucket, slot, count)))
        if slot - self._last_cleanup >= self.KEEP_SLOTS:
            self._last_cleanup = slot
            async with _statement(self.database) as db:
                await db.execute(
                    "DELETE FROM rate_windows WHERE bucket = ? AND slot < ?",
                    (bucket, slot - self.KEEP_SLOTS),
                )
        return total
