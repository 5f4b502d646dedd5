"""Pure data models shared by every layer. No I/O, no third-party imports.

Platforms, documents, events, subscriptions and deliveries are here; verdicts, evidence and
changes live in `bot.domain.verdict_models` and are re-exported from here, so
`from bot.domain.models import Verdict` keeps working."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.i18n import N_
from bot.domain.verdict_models import (
    LOW_CONFIDENCE,
    PLATFORM_TRAINING_WORDS,
    THIRD_PARTY_WORDS,
    VERDICT_COLOURS,
    Aspect,
    Change,
    Evidence,
    PlatformTraining,
    Reading,
    ThirdPartyTraining,
    Verdict,
    is_low_confidence,
)

__all__ = [
    "ALL_PLATFORMS",
    "CATEGORIES",
    "LOW_CONFIDENCE",
    "PLATFORM_TRAINING_WORDS",
    "THIRD_PARTY_WORDS",
    "VERDICT_COLOURS",
    "Aspect",
    "Change",
    "Delivery",
    "DeliveryStatus",
    "DocumentSpec",
    "DocumentState",
    "EventSource",
    "Evidence",
    "FeedSpec",
    "Medium",
    "Platform",
    "PlatformTraining",
    "PolicyEvent",
    "Reading",
    "ReviewState",
    "SendOutcome",
    "SendResult",
    "Snapshot",
    "Subscription",
    "ThirdPartyTraining",
    "Verdict",
    "is_low_confidence",
]


@dataclass(frozen=True)
class DocumentSpec:
    """A terms document the operator asked us to watch."""

    platform_id: str
    kind: str  # terms_of_service, privacy_policy, ...
    url: str
    source: str = ""  # where the URL comes from (an Open Terms Archive declaration, the platform)


@dataclass(frozen=True)
class FeedSpec:
    url: str
    platform_id: str
    document_kind: str = "terms_of_service"


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    documents: tuple[DocumentSpec, ...] = ()
    opt_out: str = ""  # plain-language steps a user can take, if any
    category: str = "other"  # a key of CATEGORIES
    opt_out_source: str = ""  # the dated source the opt_out steps come from


# Platform categories, in the order they are listed (Discord /platforms, the status page).
CATEGORIES: dict[str, str] = {
    "music-streaming": N_("Music streaming and stores"),
    "music-distribution": N_("Music distribution"),
    "ai-music": N_("AI music"),
    "beats-samples": N_("Beats and samples"),
    "creator-monetisation": N_("Creator monetisation"),
    "visual-art": N_("Visual art and stock"),
    "writing": N_("Writing"),
    "video-live": N_("Video and live"),
    "social": N_("Social"),
    "storage-transfer": N_("Storage and transfer"),
    "work-code": N_("Work and code"),
    "other": N_("Other"),
}


class ReviewState(StrEnum):
    """Whether an event waits for, or got, the operator's review before anyone hears of it."""

    NONE = ""  # confident: delivered as usual
    HELD = "held"  # low confidence: its outbox rows wait for the operator
    CONFIRMED = "confirmed"
    DISCARDED = "discarded"


class EventSource(StrEnum):
    WATCH = "watch"  # a fetched document changed
    FEED = "feed"  # a change feed (Open Terms Archive, RSS) reported it
    HISTORY = "history"  # curated history of known past events
    REPLAY = "replay"  # versions replayed from a folder


@dataclass(frozen=True)
class PolicyEvent:
    """One change of one platform's terms, the unit that is stored and delivered."""

    platform_id: str
    document_kind: str
    url: str
    occurred_at: str  # ISO date or datetime of the change (best known)
    source: EventSource
    change: Change
    title: str = ""
    id: int | None = None
    detected_at: str = ""  # ISO datetime the bot learnt of it
    review: ReviewState = ReviewState.NONE

    @property
    def ai_relevant(self) -> bool:
        return self.change.ai_relevant

    @property
    def summary(self) -> str:
        return self.change.summary


class Medium(StrEnum):
    CONSOLE = "console"
    DISCORD_CHANNEL = "discord_channel"
    DISCORD_DM = "discord_dm"
    BLUESKY_POST = "bluesky_post"  # announcement from the bot's own account
    BLUESKY_DM = "bluesky_dm"  # notice to one Bluesky subscriber


ALL_PLATFORMS = "*"


@dataclass(frozen=True)
class Subscription:
    medium: Medium
    target: str  # channel id, user id, DID, or "console"
    platform_id: str  # a platform id or ALL_PLATFORMS
    only_ai_changes: bool = True
    guild_id: str | None = None
    active: bool = True
    id: int | None = None
    created_at: str = ""
    disabled_reason: str = ""
    ping_role_id: str = ""  # a Discord role this subscription's posts ping ("" = nobody)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a fan-out; if seen at start-up, the send may have happened
    SENT = "sent"
    RETRY = "retry"
    DISABLED = "disabled"  # target gone or forbidden; subscription disabled
    FAILED = "failed"  # gave up after the maximum number of attempts; subscription kept
    HELD = "held"  # its event waits for the operator's review; never claimed until confirmed
    DISCARDED = "discarded"  # the operator discarded its event: never sent


@dataclass(frozen=True)
class Delivery:
    """One outbox row: one event for one subscription."""

    id: int
    event_id: int
    subscription_id: int
    medium: Medium
    target: str
    status: DeliveryStatus
    attempts: int = 0
    next_attempt_at: str = ""
    external_id: str = ""
    last_error: str = ""
    last_outcome: SendOutcome | None = None  # of the previous attempt (None: first attempt)
    ping_role_ids: tuple[str, ...] = ()  # roles the post pings (opted in per subscription)

    @property
    def idempotency_key(self) -> str:
        """Stable per outbox row: used as Discord nonce, Bluesky rkey, etc."""
        return f"tw{self.id}"


class SendOutcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # transient: try again later
    GONE = "gone"  # target vanished or forbids us: disable the subscription
    # The target refused us (Discord 403/404): retried once after a short delay, and GONE if
    # the next attempt is refused too (Delivery.last_outcome says so). One refusal can be a
    # permission being fixed or a hiccup.
    REFUSED = "refused"


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    external_id: str = ""
    error: str = ""
    retry_after_s: float | None = None

    @classmethod
    def sent(cls, external_id: str = "") -> SendResult:
        return cls(SendOutcome.SENT, external_id=external_id)

    @classmethod
    def retry(cls, error: str, retry_after_s: float | None = None) -> SendResult:
        return cls(SendOutcome.RETRY, error=error, retry_after_s=retry_after_s)

    @classmethod
    def refused(cls, error: str, retry_after_s: float | None = None) -> SendResult:
        return cls(SendOutcome.REFUSED, error=error, retry_after_s=retry_after_s)

    @classmethod
    def gone(cls, error: str) -> SendResult:
        return cls(SendOutcome.GONE, error=error)


@dataclass(frozen=True)
class Snapshot:
    document_id: int
    text: str  # extracted text, as quoted; compare with content_hash
    content_hash: str
    fetched_at: str
    verdict: Verdict = field(default_factory=Verdict)
    version_date: str = ""  # date the version was published/recorded, if known
    id: int | None = None
    extractor: str = ""  # version of the page extractor that made `text` ("" if not extracted)
    # the normalised text and its clauses, for the next comparison (bot.domain.analysis; "" if
    # not stored, or not read)
    analysis: str = ""


@dataclass(frozen=True)
class DocumentState:
    id: int
    platform_id: str
    kind: str
    url: str
    etag: str = ""
    last_modified: str = ""
    last_checked_at: str = ""
    last_changed_at: str = ""
    consecutive_failures: int = 0
    failing: bool = False
    last_error: str = ""
    body_hash: str = ""  # sha256 of the last fetched body's bytes
