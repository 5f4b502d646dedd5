"""Policy events and the outbox rows created with them, in the same transaction."""

from __future__ import annotations

import hashlib
import json
import logging

from bot.adapters.store.sql import Engine, Row, Sql
from bot.adapters.store.state import upsert_state
from bot.domain.models import (
    ALL_PLATFORMS,
    Change,
    DeliveryStatus,
    EventSource,
    PolicyEvent,
    ReviewState,
    Verdict,
)
from bot.domain.timeutil import iso
from bot.services.ports import NewSnapshot

log = logging.getLogger(__name__)


def transition_key(new: NewSnapshot) -> str:
    """The idempotency key of an event found by comparing two versions: the document, the
    snapshot it was compared with and the new content. Never the time it was seen, so a retry
    of the same comparison is the same event."""
    snapshot = new.snapshot
    material = json.dumps(
        ["transition", snapshot.document_id, new.previous_id, snapshot.content_hash]
    )
    return hashlib.sha256(material.encode()).hexdigest()


def event_dedup_key(event: PolicyEvent) -> str:
    """Events with no snapshot (curated history, stored directly): the same content is the
    same event."""
    change = event.change
    material = json.dumps(
        [
            event.platform_id,
            event.document_kind,
            event.url,
            event.occurred_at,
            event.source.value,
            list(change.added),
            list(change.removed),
            change.after.platform_training.value,
            change.summary,
        ]
    )
    return hashlib.sha256(material.encode()).hexdigest()


def change_to_json(change: Change) -> str:
    return json.dumps({**change.to_dict(), "changed_sentences": list(change.changed_sentences)})


def change_from_json(text: str) -> Change:
    data = json.loads(text)
    return Change(
        ai_relevant=bool(data["ai_relevant"]),
        before=Verdict.from_dict(data["before"]),
        after=Verdict.from_dict(data["after"]),
        added=tuple(data.get("added", ())),
        removed=tuple(data.get("removed", ())),
        summary=data.get("summary", ""),
        changed_sentences=tuple(data.get("changed_sentences", ())),
        confidence=float(data.get("confidence", 1.0)),  # rows from before confidence: 1.0
    )


def event_from_row(row: Row) -> PolicyEvent:
    return PolicyEvent(
        id=row["id"],
        platform_id=row["platform_id"],
        document_kind=row["document_kind"],
        url=row["url"],
        occurred_at=row["occurred_at"],
        detected_at=row["detected_at"],
        source=EventSource(row["source"]),
        title=row["title"],
        change=change_from_json(row["change_json"]),
        review=ReviewState(row["review"]),
    )


async def insert_event(
    db: Sql,
    event: PolicyEvent,
    now: str,
    snapshot_id: int | None = None,
    dedup_key: str | None = None,
) -> int | None:
    """Insert the event and one outbox row per subscribed target. Caller holds the transaction.
    Returns None when the same event was stored before."""
    detected = event.detected_at or now
    event_id = await db.fetchval(
        "INSERT INTO events (platform_id, document_kind, url, occurred_at, detected_at,"
        " source, ai_relevant, title, change_json, dedup_key, snapshot_id, review)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING"
        " RETURNING id",
        (
            event.platform_id,
            event.document_kind,
            event.url,
            event.occurred_at,
            detected,
            event.source.value,
            int(event.ai_relevant),
            event.title,
            change_to_json(event.change),
            dedup_key or event_dedup_key(event),
            snapshot_id,
            event.review.value,
        ),
    )
    if event_id is None:
        return None
    # A held event's rows wait for the operator; confirming makes them pending.
    held = event.review is ReviewState.HELD
    status = DeliveryStatus.HELD if held else DeliveryStatus.PENDING
    if event.source is EventSource.HISTORY:
        return event_id  # curated history is background knowledge, not news to post
    roles = db.dialect.group_concat_distinct("NULLIF(ping_role_id, '')")
    # Typed parameters: in INSERT ... SELECT, PostgreSQL cannot tell a bare `?`'s type.
    await db.execute(
        "INSERT INTO deliveries (event_id, subscription_id, medium, target, status,"
        " next_attempt_at, created_at, ping_role_ids)"
        " SELECT CAST(? AS BIGINT), MIN(id), medium, target, CAST(? AS TEXT),"
        f" CAST(? AS TEXT), CAST(? AS TEXT), COALESCE({roles}, '') FROM subscriptions"
        " WHERE active = 1 AND platform_id IN (?, ?) AND (only_ai_changes = 0 OR ? = 1)"
        " GROUP BY medium, target ON CONFLICT (event_id, medium, target) DO NOTHING",
        (
            event_id,
            status.value,
            detected,
            detected,
            event.platform_id,
            ALL_PLATFORMS,
            int(event.ai_relevant),
        ),
    )
    return event_id


class EventRepository:
    database: Engine

    async def record_event(
        self, event: PolicyEvent, state: dict[str, str] | None = None
    ) -> int | None:
        now = iso(self.database.clock.now())

        async def record(db: Sql) -> int | None:
            event_id = await insert_event(db, event, now)
            for key, value in (state or {}).items():
                await upsert_state(db, key, value, now)
            return event_id

        return await self.database.transact(record)

    async def events(
        self,
        platform_id: str | None = None,
        *,
        ai_only: bool = False,
        limit: int = 100,
        include_unreviewed: bool = False,
    ) -> list[PolicyEvent]:
        """Newest first. Held and discarded events are left out unless `include_unreviewed`:
        what the operator has not confirmed is not public."""
        clauses, args = [], []
        if not include_unreviewed:
            clauses.append("review IN (?, ?)")
            args += [ReviewState.NONE.value, ReviewState.CONFIRMED.value]
        if platform_id is not None:
            clauses.append("platform_id = ?")
            args.append(platform_id)
        if ai_only:
            clauses.append("ai_relevant = 1")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        query = f"SELECT * FROM events {where} ORDER BY occurred_at DESC, id DESC LIMIT ?"
        rows = await self.database.sql.fetchall(query, (*args, limit))
        return [event_from_row(row) for row in rows]

    async def event(self, event_id: int) -> PolicyEvent | None:
        row = await self.database.sql.fetchone("SELECT * FROM events WHERE id = ?", (event_id,))
        return event_from_row(row) if row else None
