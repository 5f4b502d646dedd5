"""Small Protocols the services depend on. Adapters implement them; services never import them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.domain.models import (
    Delivery,
    DocumentSpec,
    DocumentState,
    Medium,
    Platform,
    PolicyEvent,
    SendResult,
    Snapshot,
    Subscription,
)


class Clock(Protocol):
    def now(self) -> datetime: ...


# ---------------------------------------------------------------- fetching


class FetchError(Exception):
    """A document could not be fetched or read. The message is safe to show to operators."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class FetchResult:
    not_modified: bool
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    final_url: str = ""
    elapsed_s: float = 0.0


class Fetcher(Protocol):
    async def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        """Conditional GET. Raises FetchError on timeouts, HTTP errors, oversize bodies."""
        ...


class TextExtractor(Protocol):
    def extract(self, body: bytes, content_type: str, url: str = "") -> str:
        """Readable text (headings and lists kept as Markdown) from an HTML/Markdown/text body."""
        ...


@dataclass(frozen=True)
class FeedEntry:
    entry_id: str
    title: str
    link: str
    updated: str  # ISO datetime
    technical: bool = False  # a re-extraction, not a real change (OTA "Apply technical ...")
    content_url: str = ""  # where the new version's text can be fetched, if known


@dataclass(frozen=True)
class FeedResult:
    not_modified: bool
    entries: tuple[FeedEntry, ...] = ()
    etag: str = ""
    last_modified: str = ""


class FeedReader(Protocol):
    async def read(self, url: str, *, etag: str = "", last_modified: str = "") -> FeedResult:
        """Raises FetchError when the feed cannot be fetched or parsed."""
        ...


# ---------------------------------------------------------------- storage


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
        self, platform_id: str | None = None, *, ai_only: bool = False, limit: int = 100
    ) -> list[PolicyEvent]:
        """Newest first."""
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
    async def mark_retry(self, delivery_id: int, error: str, next_attempt_at: str) -> None: ...
    async def mark_disabled(self, delivery_id: int, error: str) -> None:
        """Marks the row DISABLED and deactivates its subscription (same transaction)."""
        ...

    async def deliveries_by_status(self) -> dict[tuple[str, str], int]:
        """(medium, status) -> count, for metrics."""
        ...


class StateStore(Protocol):
    async def get_state(self, key: str) -> str | None: ...
    async def set_state(self, key: str, value: str) -> None: ...


class Store(DocumentStore, EventStore, SubscriptionStore, OutboxStore, StateStore, Protocol):
    """Everything the SQLite adapter offers."""


# ---------------------------------------------------------------- delivery


class Notifier(Protocol):
    """Delivers one outbox row to one medium. Must not raise for expected failures."""

    media: tuple[Medium, ...]

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult: ...
