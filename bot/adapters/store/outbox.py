"""The delivery outbox: claim due rows, then mark them sent, retry or disabled."""

from __future__ import annotations

from collections.abc import Sequence

from bot.adapters.store.sql import Engine, Row
from bot.domain.models import Delivery, DeliveryStatus, Medium, SendOutcome

CLAIMABLE = (DeliveryStatus.PENDING.value, DeliveryStatus.RETRY.value, DeliveryStatus.SENDING.value)


def delivery_from_row(row: Row) -> Delivery:
    return Delivery(
        id=row["id"],
        event_id=row["event_id"],
        subscription_id=row["subscription_id"],
        medium=Medium(row["medium"]),
        target=row["target"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        external_id=row["external_id"],
        last_error=row["last_error"],
        last_outcome=SendOutcome(row["last_outcome"]) if row["last_outcome"] else None,
        ping_role_ids=tuple(r for r in row["ping_role_ids"].split(",") if r),
    )


class OutboxRepository:
    database: Engine

    async def claim_due(
        self, now: str, limit: int, media: Sequence[Medium], lease_until: str = ""
    ) -> list[Delivery]:
        """Due rows are marked SENDING (attempts+1) with a lease: a row whose sender died is
        claimed again once the lease (next_attempt_at) has passed."""
        if not media:
            return []
        marks = ",".join("?" for _ in media)
        async with self.database.transaction() as db:
            rows = await db.fetchall(
                f"SELECT id FROM deliveries WHERE status IN (?, ?, ?) AND next_attempt_at <= ?"
                f" AND medium IN ({marks}) ORDER BY next_attempt_at, id LIMIT ?"
                + db.dialect.lock_rows,
                (*CLAIMABLE, now, *[m.value for m in media], limit),
            )
            ids = [row[0] for row in rows]
            if not ids:
                return []
            id_marks = ",".join("?" for _ in ids)
            await db.execute(
                f"UPDATE deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?"
                f" WHERE id IN ({id_marks})",
                (DeliveryStatus.SENDING.value, lease_until or now, *ids),
            )
            rows = await db.fetchall(
                f"SELECT * FROM deliveries WHERE id IN ({id_marks}) ORDER BY id", ids
            )
            return [delivery_from_row(row) for row in rows]

    async def requeue_interrupted(self, now: str) -> int:
        """At start-up nothing is in flight: rows left SENDING by a crash are due now."""
        async with self.database.transaction() as db:
            return await db.execute(
                "UPDATE deliveries SET next_attempt_at = ? WHERE status = ?",
                (now, DeliveryStatus.SENDING.value),
            )

    async def _update_one(self, query: str, args: Sequence[object]) -> None:
        """One statement on one row. On PostgreSQL it runs on a pooled connection as its own
        transaction, beside the process's other writers (the row lock is all it needs): the
        fan-out marks many rows a second, and queueing each behind the write lock made the
        marking, not Discord's limit, set the pace. SQLite: a write transaction as usual."""
        if self.database.dialect.name == "postgres":
            await self.database.sql.execute(query, args)
            return
        async with self.database.transaction() as db:
            await db.execute(query, args)

    async def mark_sent(self, delivery_id: int, external_id: str, at: str) -> None:
        await self._update_one(
            "UPDATE deliveries SET status = ?, external_id = ?, sent_at = ?, last_error = '',"
            " last_outcome = ? WHERE id = ?",
            (DeliveryStatus.SENT.value, external_id, at, SendOutcome.SENT.value, delivery_id),
        )

    async def mark_retry(
        self,
        delivery_id: int,
        error: str,
        next_attempt_at: str,
        outcome: SendOutcome = SendOutcome.RETRY,
    ) -> None:
        await self._update_one(
            "UPDATE deliveries SET status = ?, last_error = ?, next_attempt_at = ?,"
            " last_outcome = ? WHERE id = ?",
            (DeliveryStatus.RETRY.value, error[:500], next_attempt_at, outcome.value, delivery_id),
        )

    async def mark_failed(self, delivery_id: int, error: str) -> None:
        await self._update_one(
            "UPDATE deliveries SET status = ?, last_error = ? WHERE id = ?",
            (DeliveryStatus.FAILED.value, error[:500], delivery_id),
        )

    async def mark_disabled(self, delivery_id: int, error: str) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE deliveries SET status = ?, last_error = ?, last_outcome = ? WHERE id = ?",
                (DeliveryStatus.DISABLED.value, error[:500], SendOutcome.GONE.value, delivery_id),
            )
            row = await db.fetchone(
                "SELECT medium, target FROM deliveries WHERE id = ?", (delivery_id,)
            )
            if row is None:
                return
            # The target is gone or forbids us: stop every subscription and pending row for it.
            await db.execute(
                "UPDATE subscriptions SET active = 0, disabled_reason = ?"
                " WHERE medium = ? AND target = ? AND active = 1",
                (error[:200], row["medium"], row["target"]),
            )
            await db.execute(
                "UPDATE deliveries SET status = ?, last_error = ? WHERE medium = ? AND target = ?"
                " AND status IN (?, ?)",
                (
                    DeliveryStatus.DISABLED.value,
                    "target disabled",
                    row["medium"],
                    row["target"],
                    DeliveryStatus.PENDING.value,
                    DeliveryStatus.RETRY.value,
                ),
            )

    async def deliveries_by_status(self) -> dict[tuple[str, str], int]:
        rows = await self.database.sql.fetchall(
            "SELECT medium, status, COUNT(*) FROM deliveries GROUP BY medium, status"
        )
        return {(row[0], row[1]): int(row[2]) for row in rows}

    async def oldest_undelivered(self) -> str | None:
        """created_at of the oldest row still to deliver (pending, retry or sending)."""
        value = await self.database.sql.fetchval(
            "SELECT MIN(created_at) FROM deliveries WHERE status IN (?, ?, ?)", CLAIMABLE
        )
        return str(value) if value else None

    async def deliveries_for_event(self, event_id: int) -> list[Delivery]:
        rows = await self.database.sql.fetchall(
            "SELECT * FROM deliveries WHERE event_id = ? ORDER BY id", (event_id,)
        )
        return [delivery_from_row(row) for row in rows]
