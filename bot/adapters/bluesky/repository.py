"""The Bluesky tables of migration 003, on the store's own SQLite connection."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.adapters.store.database import Database

log = logging.getLogger(__name__)

PENDING = "pending"
DONE = "done"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class HandledNotification:
    uri: str
    status: str
    reply_uri: str


@dataclass(frozen=True)
class PostRef:
    uri: str
    cid: str


class BlueskyRepository:
    """Tiny repository: handled notifications, announcement roots, mention fallbacks, writes."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # ------------------------------------------------------------ notifications

    async def notification(self, uri: str) -> HandledNotification | None:
        async with self.database.connection.execute(
            "SELECT uri, status, reply_uri FROM bluesky_notifications WHERE uri = ?", (uri,)
        ) as cursor:
            row = await cursor.fetchone()
        return HandledNotification(row[0], row[1], row[2]) if row else None

    async def claim_notification(
        self, uri: str, cid: str, author_did: str, reason: str, indexed_at: str
    ) -> bool:
        """Record a notification as taken on. False if it was already done."""
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO bluesky_notifications (uri, cid, author_did, reason, indexed_at,"
                " status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uri) DO NOTHING",
                (uri, cid, author_did, reason, indexed_at, PENDING, _now()),
            )
            async with db.execute(
                "SELECT status FROM bluesky_notifications WHERE uri = ?", (uri,)
            ) as cursor:
                row = await cursor.fetchone()
        return row is not None and row[0] != DONE

    async def finish_notification(self, uri: str, intent: str, reply_uri: str) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE bluesky_notifications SET status = ?, intent = ?, reply_uri = ?,"
                " handled_at = ? WHERE uri = ?",
                (DONE, intent, reply_uri, _now(), uri),
            )

    async def count_notifications(self, status: str | None = None) -> int:
        query = "SELECT COUNT(*) FROM bluesky_notifications"
        args: tuple[str, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            args = (status,)
        async with self.database.connection.execute(query, args) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------ announcements

    async def announcement(self, event_id: int) -> PostRef | None:
        async with self.database.connection.execute(
            "SELECT uri, cid FROM bluesky_announcements WHERE event_id = ?", (event_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return PostRef(row[0], row[1]) if row else None

    async def save_announcement(self, event_id: int, ref: PostRef) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO bluesky_announcements (event_id, uri, cid, posted_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET uri = excluded.uri,"
                " cid = excluded.cid",
                (event_id, ref.uri, ref.cid, _now()),
            )

    # ------------------------------------------------------------ mention fallback

    async def queue_mention(self, event_id: int, did: str) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO bluesky_mention_fallback (event_id, did, created_at)"
                " VALUES (?, ?, ?) ON CONFLICT (event_id, did) DO NOTHING",
                (event_id, did, _now()),
            )

    async def events_with_pending_mentions(self) -> list[int]:
        async with self.database.connection.execute(
            "SELECT DISTINCT event_id FROM bluesky_mention_fallback WHERE posted = 0"
            " ORDER BY event_id"
        ) as cursor:
            rows = await cursor.fetchall()
        return [int(r[0]) for r in rows]

    async def next_mention_batch(
        self, event_id: int, size: int, min_size: int = 1
    ) -> tuple[int, list[str]] | None:
        """An unposted batch of DIDs for the event: a batch left by a crash first (same number,
        so the same record key), else up to `size` queued DIDs (at least `min_size`) given the
        next batch number."""
        async with self.database.transaction() as db:
            async with db.execute(
                "SELECT batch FROM bluesky_mention_fallback WHERE event_id = ? AND posted = 0"
                " AND batch IS NOT NULL ORDER BY batch LIMIT 1",
                (event_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                async with db.execute(
                    "SELECT did FROM bluesky_mention_fallback WHERE event_id = ? AND batch IS NULL"
                    " ORDER BY created_at, did LIMIT ?",
                    (event_id, size),
                ) as cursor:
                    dids = [str(r[0]) for r in await cursor.fetchall()]
                if not dids or len(dids) < min_size:
                    return None
                async with db.execute(
                    "SELECT COALESCE(MAX(batch), 0) + 1 FROM bluesky_mention_fallback"
                    " WHERE event_id = ?",
                    (event_id,),
                ) as cursor:
                    found = await cursor.fetchone()
                batch = int(found[0]) if found else 1
                await db.executemany(
                    "UPDATE bluesky_mention_fallback SET batch = ? WHERE event_id = ? AND did = ?",
                    [(batch, event_id, did) for did in dids],
                )
                return batch, dids
            batch = int(row[0])
            async with db.execute(
                "SELECT did FROM bluesky_mention_fallback WHERE event_id = ? AND batch = ?"
                " ORDER BY did",
                (event_id, batch),
            ) as cursor:
                return batch, [str(r[0]) for r in await cursor.fetchall()]

    async def mark_batch_posted(self, event_id: int, batch: int) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE bluesky_mention_fallback SET posted = 1 WHERE event_id = ? AND batch = ?",
                (event_id, batch),
            )

    # ------------------------------------------------------------ write points

    async def record_write(self, at: float, points: int) -> None:
        async with self.database.transaction() as db:
            await db.execute("INSERT INTO bluesky_writes (at, points) VALUES (?, ?)", (at, points))
            await db.execute("DELETE FROM bluesky_writes WHERE at < ?", (at - 86_400.0,))

    async def writes_since(self, since: float) -> list[tuple[float, int]]:
        async with self.database.connection.execute(
            "SELECT at, points FROM bluesky_writes WHERE at >= ? ORDER BY at", (since,)
        ) as cursor:
            rows = await cursor.fetchall()
        return [(float(r[0]), int(r[1])) for r in rows]
