"""The storage Protocols the services depend on (documents, events, subscriptions, outbox,
review, key-value state, feed progress, the Bluesky tables). The store adapters (SQLite,
PostgreSQL) implement them; `bot.services.ports` re-exports every name defined here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from bot.domain.models import (
    Delivery,
    DocumentSpec,
    DocumentState,
    Medium,
    Platform,
    PolicyEvent,
    ReviewState,
    SendOutcome,
    Snapshot,
    Subscription,
)


@dataclass(frozen=True)
class NewSnapshot:
    """What a detection stores in one transaction."""

    spec: DocumentSpec
    snapshot: Snapshot
    event: PolicyEvent | None
    etag: str = ""
    last_modified: str = ""
    state: dict[str, str] = field(default_factory=dict)  # key-value markers advanced atomically
    body_hash: str = ""
    previous_id: int | None = None  # the snapshot this version was compared with (None: first)


class AlreadyRecorded(Exception):
    """record_snapshot stored nothing: the snapshot this version was compared with already has a
    successor (the same transition recorded by another attempt, or a newer version)."""


class DocumentStore(Protocol):
    async def sync_platforms(self, platforms: Sequence[Platform]) -> None: ...
    async def document_state(self, spec: DocumentSpec) -> DocumentState: ...
    async def documents(self) -> list[DocumentState]: ...
    async def documents_of(self, platform_id: str) -> list[DocumentState]: ...
    async def latest_snapshots_of(
        self, platform_id: str
    ) -> list[tuple[DocumentState, Snapshot | None]]: ...
    async def latest_snapshot(self, document_id: int, *, with_text: bool = True) -> Snapshot | None:
        """The newest snapshot; with_text=False leaves its text empty (verdict lookups)."""
        ...

    async def record_unchanged(
        self,
        document_id: int,
        checked_at: str,
        etag: str = "",
        last_modified: str = "",
        body_hash: str = "",
    ) -> None: ...
    async def record_failure(
        self, document_id: int, error: str, at: str, failing_after: int
    ) -> int:
        """Count one more consecutive failure; returns the new count."""
        ...

    async def record_snapshot(self, new: NewSnapshot) -> int | None:
        """ONE transaction: snapshot, event, one outbox row per matching subscription,
        document state and the given key-value markers. Returns the event id, if any.
        Idempotent per transition (document, previous snapshot, new content): raises
        AlreadyRecorded, storing nothing, when new.previous_id already has a successor."""
        ...


class EventStore(Protocol):
    async def record_event(
        self, event: PolicyEvent, state: dict[str, str] | None = None
    ) -> int | None:
        """Store an event with no snapshot (feeds, curated history) and its outbox rows, in one
        transaction. Returns None if an identical event (same platform, document, date, source,
        summary) is already stored."""
        ...

    async def events(
        self,
        platform_id: str | None = None,
        *,
        ai_only: bool = False,
        limit: int = 100,
        include_unreviewed: bool = False,
    ) -> list[PolicyEvent]:
        """Newest first; events held for review, or discarded, only with include_unreviewed."""
        ...

    async def event(self, event_id: int) -> PolicyEvent | None: ...


class SubscriptionStore(Protocol):
    async def add_subscription(self, sub: Subscription) -> tuple[Subscription, bool]:
        """Returns the stored subscription and whether it was newly created (or re-activated)."""
        ...

    async def remove_subscription(self, medium: Medium, target: str, platform_id: str) -> bool: ...
    async def subscriptions_for(self, medium: Medium, target: str) -> list[Subscription]: ...
    async def active_subscriptions(self, medium: Medium | None = None) -> list[Subscription]: ...
    async def remove_subscriptions_where(
        self,
        *,
        guild_id: str | None = None,
        medium: Medium | None = None,
        target: str | None = None,
    ) -> int: ...


class OutboxStore(Protocol):
    async def claim_due(
        self, now: str, limit: int, media: Sequence[Medium], lease_until: str = ""
    ) -> list[Delivery]:
        """Due rows (pending, retry past their time, or sending whose lease ran out), marked
        SENDING with attempts+1 and next_attempt_at=lease_until, in one transaction."""
        ...

    async def requeue_interrupted(self, now: str) -> int:
        """At start-up: rows left SENDING by a crash become due now."""
        ...

    async def mark_failed(self, delivery_id: int, error: str) -> None:
        """Gave up after the maximum number of attempts; the subscription stays."""
        ...

    async def deliveries_for_event(self, event_id: int) -> list[Delivery]: ...

    async def mark_sent(self, delivery_id: int, external_id: str, at: str) -> None: ...
    async def mark_retry(
        self,
        delivery_id: int,
        error: str,
        next_attempt_at: str,
        outcome: SendOutcome = SendOutcome.RETRY,
    ) -> None:
        """Due again at next_attempt_at; `outcome` (RETRY or REFUSED) is kept as the row's
        last_outcome for the next attempt to see."""
        ...

    async def mark_disabled(self, delivery_id: int, error: str) -> None:
        """Marks the row DISABLED and deactivates its subscription (same transaction)."""
        ...

    async def deliveries_by_status(self) -> dict[tuple[str, str], int]:
        """(medium, status) -> count, for metrics."""
        ...

    async def oldest_undelivered(self) -> str | None:
        """When the oldest row still to deliver (pending, retry, sending) was queued (ISO)."""
        ...


class ReviewStore(Protocol):
    async def held_events(self, limit: int = 50) -> list[PolicyEvent]:
        """Events waiting for the operator's review, oldest first."""
        ...

    async def unprompted_held_events(self, limit: int = 20) -> list[PolicyEvent]: ...
    async def mark_review_prompted(self, event_id: int, where: str) -> None: ...
    async def review_prompt(self, event_id: int) -> str: ...
    async def resolve_review(
        self, event_id: int, decision: ReviewState, at: str, by: str
    ) -> PolicyEvent | None:
        """Confirm (held outbox rows become due) or discard a held event, in one transaction;
        None when the event is not held."""
        ...


class StateStore(Protocol):
    async def get_state(self, key: str) -> str | None: ...
    async def states_with_prefix(self, prefix: str) -> dict[str, str]: ...
    async def set_state(self, key: str, value: str) -> None: ...
    async def replace_state(self, key: str, expected: str | None, value: str) -> bool:
        """Compare-and-set across processes: store `value` only if the key still holds
        `expected` (None: the key is absent). True when this call stored it."""
        ...


# Feed progress is kept per entry. "This entry is done" is a state marker like any other (passed
# to `ingest_version` / `NewSnapshot.state`, so it advances in the transaction that stores the
# version), whose key `feed_entry_marker` builds; the store keeps such markers in its feed-entry
# table rather than the key-value table. Values are FeedEntryStatus values.
FEED_ENTRY_MARKER = "feed-entry\x1f"


class FeedEntryStatus(StrEnum):
    SEEN = "seen"  # its version was stored (or it was a re-extraction, or the first look)
    SUPERSEDED = "superseded"  # a newer version of the document was stored: never fetched
    FAILED = "failed"  # fetching it failed; tried again at next_try_at
    SKIPPED = "skipped"  # failed `max_tries` times: given up (listed in /healthz)


def feed_entry_marker(feed_url: str, entry_key: str) -> str:
    """The state-marker key recording one feed entry's status (see FEED_ENTRY_MARKER)."""
    return f"{FEED_ENTRY_MARKER}{feed_url}\x1f{entry_key}"


def split_feed_entry_marker(key: str) -> tuple[str, str] | None:
    """(feed_url, entry_key) of a feed_entry_marker key; None for any other key."""
    if not key.startswith(FEED_ENTRY_MARKER):
        return None
    feed_url, sep, entry_key = key[len(FEED_ENTRY_MARKER) :].partition("\x1f")
    return (feed_url, entry_key) if sep and feed_url and entry_key else None


@dataclass(frozen=True)
class FeedEntryProgress:
    feed_url: str
    entry_key: str
    status: FeedEntryStatus
    tries: int = 0
    next_try_at: str = ""  # ISO; "" = now
    last_error: str = ""
    link: str = ""
    updated_at: str = ""


class FeedProgressStore(Protocol):
    async def feed_entries(self, feed_url: str) -> dict[str, FeedEntryProgress]:
        """Every recorded entry of one feed, by entry key."""
        ...

    async def mark_feed_entries(
        self, feed_url: str, entry_keys: Sequence[str], status: FeedEntryStatus, at: str
    ) -> None:
        """Record many entries at once (one transaction), e.g. superseded or technical ones."""
        ...

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
        """One more failed try; the entry becomes SKIPPED once it has failed max_tries times.
        Returns its new progress."""
        ...

    async def skipped_feed_entries(self, limit: int = 50) -> list[FeedEntryProgress]:
        """Entries given up on, newest first (for /healthz)."""
        ...


class Store(
    DocumentStore,
    EventStore,
    SubscriptionStore,
    OutboxStore,
    ReviewStore,
    StateStore,
    FeedProgressStore,
    Protocol,
):
    """Everything the store adapter offers (SQLite or PostgreSQL)."""


# ---------------------------------------------------------------- Bluesky bookkeeping

BLUESKY_PENDING = "pending"
BLUESKY_DONE = "done"


@dataclass(frozen=True)
class HandledNotification:
    uri: str
    status: str
    reply_uri: str


@dataclass(frozen=True)
class PostRef:
    uri: str
    cid: str


@runtime_checkable
class BlueskyStore(Protocol):
    """The Bluesky adapter's own tables (migration 003): handled notifications, announcement
    roots, DM-refused mention fallbacks, write points spent."""

    async def notification(self, uri: str) -> HandledNotification | None: ...

    async def claim_notification(
        self, uri: str, cid: str, author_did: str, reason: str, indexed_at: str
    ) -> bool:
        """Record a notification as taken on. False if it was already done."""
        ...

    async def finish_notification(self, uri: str, intent: str, reply_uri: str) -> None: ...

    async def count_notifications(self, status: str | None = None) -> int: ...

    async def announcement(self, event_id: int) -> PostRef | None: ...

    async def save_announcement(self, event_id: int, ref: PostRef) -> None: ...

    async def queue_mention(self, event_id: int, did: str) -> None: ...

    async def events_with_pending_mentions(self) -> list[int]: ...

    async def next_mention_batch(
        self, event_id: int, size: int, min_size: int = 1
    ) -> tuple[int, list[str]] | None: ...

    async def mark_batch_posted(self, event_id: int, batch: int) -> None: ...

    async def record_write(self, at: float, points: int) -> None: ...

    async def writes_since(self, since: float) -> list[tuple[float, int]]: ...
