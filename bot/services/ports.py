"""Small Protocols the services depend on. Adapters implement them; services never import them.

Fetching, feeds, delivery and media are here; the storage Protocols live in
`bot.services.store_ports` and are re-exported from here, so `from bot.services.ports import
Store` keeps working."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.domain.models import Delivery, Medium, PolicyEvent, SendResult
from bot.services.errors import TermsWatchError
from bot.services.store_ports import (
    BLUESKY_DONE,
    BLUESKY_PENDING,
    FEED_ENTRY_MARKER,
    AlreadyRecorded,
    BlueskyStore,
    DocumentStore,
    EventStore,
    FeedEntryProgress,
    FeedEntryStatus,
    FeedProgressStore,
    HandledNotification,
    NewSnapshot,
    OutboxStore,
    PostRef,
    ReviewStore,
    StateStore,
    Store,
    SubscriptionStore,
    feed_entry_marker,
    split_feed_entry_marker,
)

if TYPE_CHECKING:  # (asyncio too: annotations only, and the analysis worker never loads it)
    import asyncio

    from bot.config_fields import Section
    from bot.services.analysis import PageAnalysis, PageJob
    from bot.services.container import Services

__all__ = [
    "BLUESKY_DONE",
    "BLUESKY_PENDING",
    "FEED_ENTRY_MARKER",
    "AlreadyRecorded",
    "BlueskyStore",
    "Clock",
    "DocumentStore",
    "EventStore",
    "FeedEntry",
    "FeedEntryProgress",
    "FeedEntryStatus",
    "FeedProgressStore",
    "FeedReader",
    "FeedResult",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "HandledNotification",
    "MediumPackage",
    "NewSnapshot",
    "Notifier",
    "OutboxStore",
    "PageAnalyser",
    "PostRef",
    "RateWindows",
    "ReviewStore",
    "RoleElection",
    "RoleLease",
    "StateStore",
    "Store",
    "SubscriptionStore",
    "TextExtractor",
    "Transport",
    "feed_entry_marker",
    "split_feed_entry_marker",
]


class Clock(Protocol):
    def now(self) -> datetime: ...


# ---------------------------------------------------------------- fetching


class FetchError(TermsWatchError):
    """A document could not be fetched or read. The message is safe to show to operators.

    `retry_at` (ISO time, or "") is when the server said it may be asked again (Retry-After on
    a 429/503, or a hold still running from an earlier one). `held`: nothing was asked this
    time, because such a hold is still running: waiting, not a new failure."""

    def __init__(
        self, message: str, *, retryable: bool = True, retry_at: str = "", held: bool = False
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_at = retry_at
        self.held = held


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
        """Readable text (headings and lists kept as Markdown) from an HTML/Markdown/text body;
        "" when a text body has nothing readable. Raises FetchError naming the content type
        when the body is not text at all (a PDF, an image)."""
        ...


class PageAnalyser(Protocol):
    """Runs `bot.services.analysis.analyse_page` off the event loop."""

    def admit(self) -> contextlib.AbstractAsyncContextManager[None]:
        """Held while one page is fetched and analysed (bounds pages held in memory)."""
        ...

    async def analyse(self, job: PageJob, extractor: TextExtractor) -> PageAnalysis:
        """Analyse with `extractor` (an analyser may use its own copy of its default one)."""
        ...

    async def aclose(self) -> None: ...


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


# ---------------------------------------------------------------- delivery


class Notifier(Protocol):
    """Delivers one outbox row to one medium. Must not raise for expected failures."""

    media: tuple[Medium, ...]

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult: ...


# ---------------------------------------------------------------- scale-out (several processes)


@dataclass(frozen=True)
class RoleLease:
    """Who holds an elected role (watcher, fanout, bluesky), as the database says."""

    role: str
    holder: str
    term: int  # grows by one each time another process takes the role over
    acquired_at: str
    expires_at: str
    live: bool  # not expired


class RoleElection(Protocol):
    """Leases of the roles that exactly one process among those sharing a database may hold.
    bot.services.roles.RoleService renews them and fences the work; adapters implement this."""

    holder: str  # this process's id (host:pid:random)

    async def acquire(self, role: str) -> bool:
        """Take the role if free or expired, renew it if ours: True when this process holds it
        for the lease time from now. Raises when the database does not answer."""
        ...

    async def release(self, role: str) -> None:
        """Give the role up at once (clean shutdown); never raises."""
        ...

    async def leases(self) -> list[RoleLease]: ...


class RateWindows(Protocol):
    """Requests counted per time slot by every process of one bot (a shared global limit)."""

    async def reserve(self, bucket: str, slot: int, count: int) -> int:
        """Adds `count` to the slot's counter; returns the new total (including them)."""
        ...


# ---------------------------------------------------------------- media


class Transport(Protocol):
    """One medium's connection (Discord, Bluesky, the web site, the console), run by the
    composition root until stop. Its notifiers are registered with the fan-out."""

    name: str

    def notifiers(self) -> list[Notifier]: ...
    async def run(self, stop: asyncio.Event) -> None: ...
    def status(self) -> dict[str, object]:
        """For /healthz: at least {"connected": bool}. Must not raise."""
        ...


class MediumPackage(Protocol):
    """What each medium's package (bot/adapters/<medium>/__init__.py) exposes; the package
    module itself satisfies it. bot/adapters/media.py lists them. Importing the package must
    stay cheap: `build` imports the medium's heavy libraries (discord.py, atproto) itself."""

    SECTION: str  # its section of config.yaml, which the package parses and owns

    def parse(self, section: Section) -> Any:
        """The medium's settings from its section (errors name the key: Section.fail)."""
        ...

    def with_env(self, settings: Any, env: Mapping[str, str]) -> Any:
        """The settings with the medium's documented environment overrides applied."""
        ...

    def build(self, services: Services, settings: Any, env: Mapping[str, str]) -> Transport | None:
        """The medium's transport, or None when it is off (disabled, or no credentials in
        `env`: say so in the log)."""
        ...
