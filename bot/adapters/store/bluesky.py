"""The Bluesky tables of migration 003 (bot.services.ports.BlueskyStore), on either engine."""

from __future__ import annotations

import logging

from bot.adapters.store.sql import Engine
from bot.domain.timeutil import iso
from bot.services.ports import BLUESKY_DONE, BLUESKY_PENDING, HandledNotification, PostRef

log = logging.getLogger(__name__)


class BlueskyRepository:
    """Handled notifications, announcement roots, mention fallbacks, write points."""

    database: Engine

    def _now(self) -> str:
        return iso(self.database.clock.now())

    # ------------------------------------------------------------ notifications

    async def notification(self, uri: str) -> HandledNotification | None:
        row = await self.database.sql.fetchone(
            "SELECT uri, status, reply_uri FROM bluesky_notifications WHERE uri = ?", (uri,)
        )
        return HandledNotification(row[0], row[1], row[2]) if row else None

    async def claim_notification(
        self, uri: str, cid: str, author_did: str, reason: str, indexed_at: str
    ) -> bool:
        """Record a notification as taken on. False if it was already done."""
        now = self._now()
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO bluesky_notifications (uri, cid, author_did, reason, indexed_at,"
                " status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uri) DO NOTHING",
                (uri, cid, author_did, reason, indexed_at, BLUESKY_PENDING, now),
            )
            status = await db.fetchval(
                "SELECT status FROM bluesky_notifications WHERE uri = ?", (uri,)
            )
        return status is not None and status != BLUESKY_DONE

    async def finish_notification(self, uri: str, intent: str, reply_uri: str) -> None:
        now = self._now()
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE bluesky_notifications SET status = ?, intent = ?, reply_uri = ?,"
                " handled_at = ? WHERE uri = ?",
                (BLUESKY_DONE, intent, reply_uri, now, uri),
            )

    async def count_notifications(self, status: str | None = None) -> int:
        query = "SELECT COUNT(*) FROM bluesky_notifications"
        args: tuple[str, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            args = (status,)
        return int(await self.database.sql.fetchval(query, args) or 0)

    # ------------------------------------------------------------ announcements

    async def announcement(self, event_id: int) -> PostRef | None:
        row = await self.database.sql.fetchone(
            "SELECT uri, cid FROM bluesky_announcements WHERE event_id = ?", (event_id,)
        )
        return PostRef(row[0], row[1]) if row else None

    async def save_announcement(self, event_id: int, ref: PostRef) -> None:
        now = self._now()
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO bluesky_announcements (event_id, uri, cid, posted_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET uri = excluded.uri,"
                " cid = excluded.cid",
                (event_id, ref.uri, ref.cid, now),
            )

    # ------------------------------------------------------------ mention fallback

    async def queue_mention(self, event_id: int, did: str) -> None:
        now = self._now()
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO bluesky_mention_fallback (event_id, did, created_at)"
                " VALUES (?, ?, ?) ON CONFLICT (event_id, did) DO NOTHING",
                (event_id, did, now),
            )

    async def events_with_pending_mentions(self) -> list[int]:
        rows = await self.database.sql.fetchall(
            "SELECT DISTINCT event_id FROM bluesky_mention_fallback WHERE posted = 0"
            " ORDER BY event_id"
        )
        return [int(r[0]) for r in rows]

    async def next_mention_batch(
        self, event_id: int, size: int, min_size: int = 1
    ) -> tuple[int, list[str]] | None:
        """An unposted batch of DIDs for the event: a batch left by a crash first (same number,
        so the same record key), else up to `size` queued DIDs (at least `min_size`) given the
        next batch number."""
        async with self.database.transaction() as db:
            left = await db.fetchval(
                "SELECT batch FROM bluesky_mention_fallback WHERE event_id = ? AND posted = 0"
                " AND batch IS NOT NULL ORDER BY batch LIMIT 1",
                (event_id,),
            )
            if left is None:
                rows = await db.fetchall(
                    "SELECT did FROM bluesky_mention_fallback WHERE event_id = ? AND batch IS NULL"
                    " ORDER BY created_at, did LIMIT ?",
                    (event_id, size),
                )
                dids = [str(r[0]) for r in rows]
                if not dids or len(dids) < min_size:
                    return None
                found = await db.fetchval(
                    "SELECT COALESCE(MAX(batch), 0) + 1 FROM bluesky_mention_fallback"
                    " WHERE event_id = ?",
                    (event_id,),
                )
                batch = int(found or 1)
                await db.executemany(
                    "UPDATE bluesky_mention_fallback SET batch = ? WHERE event_id = ? AND did = ?",
                    [(batch, event_id, did) for did in dids],
                )
                return batch, dids
            batch = int(left)
            rows = await db.fetchall(
                "SELECT did FROM bluesky_mention_fallback WHERE event_id = ? AND batch = ?"
                " ORDER BY did",
                (event_id, batch),
            )
            return batch, [str(r[0]) for r in rows]

    async def mark_batch_posted(self, event_id: int, batch: int) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE bluesky_mention_fallback SET posted = 1 WHERE event_id = ? AND batch = ?",
                (event_id, batch),
            )

    # ------------------------------------------------------------ write points

    async def record_write(self, at: float, points: int) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "INSERT INTO bluesky_writes (at, points) VALUES (?, ?)", (float(at), points)
            )
            await db.execute("DELETE FROM bluesky_writes WHERE at < ?", (float(at) - 86_400.0,))

    async def writes_since(self, since: float) -> list[tuple[float, int]]:
        rows = await self.database.sql.fetchall(
            "SELECT at, points FROM bluesky_writes WHERE at >= ? ORDER BY at", (float(since),)
        )
        return [(float(r[0]), int(r[1])) for r in rows]
