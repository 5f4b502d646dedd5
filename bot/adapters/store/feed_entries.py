"""Feed progress per entry (migration 005): seen / superseded / failed (with backoff) / skipped."""

from __future__ import annotations

from collections.abc import Sequence

from bot.adapters.store.sql import Engine, Row, Sql
from bot.services.ports import FeedEntryProgress, FeedEntryStatus

_MAX_ERROR_CHARS = 500
_BATCH = 500


def _progress(row: Row) -> FeedEntryProgress:
    try:
        status = FeedEntryStatus(row["status"])
    except ValueError:  # written by a newer version: treat as done rather than refetch
        status = FeedEntryStatus.SEEN
    return FeedEntryProgress(
        feed_url=row["feed_url"],
        entry_key=row["entry_key"],
        status=status,
        tries=row["tries"],
        next_try_at=row["next_try_at"],
        last_error=row["last_error"],
        link=row["link"],
        updated_at=row["updated_at"],
    )


async def upsert_feed_entry(db: Sql, feed_url: str, entry_key: str, status: str, at: str) -> None:
    """Mark one entry done (a state marker, see bot.services.ports.FEED_ENTRY_MARKER), inside
    the caller's transaction. Its failure history (tries, last error) is kept."""
    await db.execute(
        "INSERT INTO feed_entries (feed_url, entry_key, status, updated_at)"
        " VALUES (?, ?, ?, ?)"
        " ON CONFLICT (feed_url, entry_key) DO UPDATE SET status = excluded.status,"
        " next_try_at = '', updated_at = excluded.updated_at",
        (feed_url, entry_key, str(status), at),
    )


async def feed_entry_status(db: Sql, feed_url: str, entry_key: str) -> str | None:
    status = await db.fetchval(
        "SELECT status FROM feed_entries WHERE feed_url = ? AND entry_key = ?",
        (feed_url, entry_key),
    )
    return None if status is None else str(status)


class FeedEntryRepository:
    database: Engine

    async def feed_entries(self, feed_url: str) -> dict[str, FeedEntryProgress]:
        rows = await self.database.sql.fetchall(
            "SELECT * FROM feed_entries WHERE feed_url = ?", (feed_url,)
        )
        return {row["entry_key"]: _progress(row) for row in rows}

    async def mark_feed_entries(
        self, feed_url: str, entry_keys: Sequence[str], status: FeedEntryStatus, at: str
    ) -> None:
        keys = list(dict.fromkeys(entry_keys))
        if not keys:
            return
        async with self.database.transaction() as db:
            for start in range(0, len(keys), _BATCH):
                await db.executemany(
                    "INSERT INTO feed_entries (feed_url, entry_key, status, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (feed_url, entry_key) DO UPDATE SET"
                    " status = excluded.status, next_try_at = '', updated_at = excluded.updated_at",
                    [(feed_url, key, status.value, at) for key in keys[start : start + _BATCH]],
                )

    async def record_feed_entry_failure(
        self,
        feed_url: str,
        entry_key: str,
        *,
        link: str,
        error: str,
        at: str,
        next_try_at: str,
        max_tries: int,
    ) -> FeedEntryProgress:
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO feed_entries (feed_url, entry_key, status, tries, next_try_at,"
                " last_error, link, updated_at) VALUES (?, ?, 'failed', 1, ?, ?, ?, ?)"
                " ON CONFLICT (feed_url, entry_key) DO UPDATE SET tries = tries + 1,"
                " next_try_at = excluded.next_try_at, last_error = excluded.last_error,"
                " link = excluded.link, updated_at = excluded.updated_at, status = 'failed'",
                (feed_url, entry_key, next_try_at, error[:_MAX_ERROR_CHARS], link, at),
            )
            await db.execute(
                "UPDATE feed_entries SET status = 'skipped', next_try_at = ''"
                " WHERE feed_url = ? AND entry_key = ? AND tries >= ?",
                (feed_url, entry_key, max_tries),
            )
            row = await db.fetchone(
                "SELECT * FROM feed_entries WHERE feed_url = ? AND entry_key = ?",
                (feed_url, entry_key),
            )
        assert row is not None
        return _progress(row)

    async def skipped_feed_entries(self, limit: int = 50) -> list[FeedEntryProgress]:
        rows = await self.database.sql.fetchall(
            "SELECT * FROM feed_entries WHERE status = 'skipped' ORDER BY updated_at DESC LIMIT ?",
            (limit,),
        )
        return [_progress(row) for row in rows]
