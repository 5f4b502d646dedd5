"""Key-value state: "last seen" markers, saved sessions."""

from __future__ import annotations

import aiosqlite

from bot.adapters.store.database import Database


async def upsert_state(db: aiosqlite.Connection, key: str, value: str) -> None:
    await db.execute(
        "INSERT INTO state (key, value, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, value),
    )


class StateRepository:
    database: Database

    async def get_state(self, key: str) -> str | None:
        async with self.database.connection.execute(
            "SELECT value FROM state WHERE key = ?", (key,)
        ) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else None

    async def set_state(self, key: str, value: str) -> None:
        async with self.database.transaction() as db:
            await upsert_state(db, key, value)
