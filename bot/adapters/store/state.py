"""Key-value state: "last seen" markers, saved sessions.

Feed-entry markers (bot.services.ports.feed_entry_marker) are markers too, written wherever
markers are (NewSnapshot.state, record_event's state, set_state), but kept in feed_entries."""

from __future__ import annotations

from bot.adapters.store.feed_entries import feed_entry_status, upsert_feed_entry
from bot.adapters.store.sql import Engine, Sql
from bot.domain.timeutil import iso
from bot.services.ports import split_feed_entry_marker


async def upsert_state(db: Sql, key: str, value: str, now: str) -> None:
    entry = split_feed_entry_marker(key)
    if entry is not None:
        await upsert_feed_entry(db, entry[0], entry[1], value, now)
        return
    await db.execute(
        "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, value, now),
    )


class StateRepository:
    database: Engine

    async def get_state(self, key: str) -> str | None:
        entry = split_feed_entry_marker(key)
        if entry is not None:
            return await feed_entry_status(self.database.sql, *entry)
        value = await self.database.sql.fetchval("SELECT value FROM state WHERE key = ?", (key,))
        return None if value is None else str(value)

    async def states_with_prefix(self, prefix: str) -> dict[str, str]:
        """Every key-value state whose key starts with `prefix`, in one query. (LIKE may match
        more, `_` being its wildcard and SQLite's LIKE ignoring case: those are dropped.)"""
        rows = await self.database.sql.fetchall(
            "SELECT key, value FROM state WHERE key LIKE ?", (prefix + "%",)
        )
        return {str(row["key"]): str(row["value"]) for row in rows if row["key"].startswith(prefix)}

    async def set_state(self, key: str, value: str) -> None:
        now = iso(self.database.clock.now())
        async with self.database.transaction() as db:
            await upsert_state(db, key, value, now)

    async def replace_state(self, key: str, expected: str | None, value: str) -> bool:
        now = iso(self.database.clock.now())
        async with self.database.transaction() as db:
            if expected is None:
                changed = await db.execute(
                    "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (key) DO NOTHING",
                    (key, value, now),
                )
            else:
                changed = await db.execute(
                    "UPDATE state SET value = ?, updated_at = ? WHERE key = ? AND value = ?",
                    (value, now, key, expected),
                )
        return changed == 1
