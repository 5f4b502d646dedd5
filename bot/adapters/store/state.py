"""Key-value state: "last seen" markers, saved sessions.

Feed-entry markers (bot.services.ports.feed_entry_marker) are markers too, written wherever
markers are (NewSnapshot.state, record_event's state, set_state), but kept in feed_entries."""

from __future__ import annotations

import aiosqlite

from bot.adapters.store.database import Database
from bot.adapters.store.feed_entries import feed_entry_status, upsert_feed_entry
from bot.services.ports import split_feed_entry_marker


async def upsert_state(db: aiosqlite.Connection, key: str, value: str) -> None:
    entry = split_feed_entry_marker(key)
    if entry is not None:
        await upsert_feed_entry(db, entry[0], entry[1], value)
        return
    await db.execute(
        "INSERT INTO state (key, value, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, value),
    )


class StateRepository:
    database: Database

    async def get_state(self, key: str) -> str | None:
        entry = split_feed_entry_marker(key)
        if entry is not None:
            return await feed_entry_status(self.database.connection, *entry)
        async with self.database.connection.execute(
            "SELECT value FROM state WHERE key = ?", (key,)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def set_state(self, key: str, value: str) -> None:
        async with self.database.transaction() as db:
            await upsert_state(db, key, value)
