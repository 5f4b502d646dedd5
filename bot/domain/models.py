"""Pure data models shared by every layer. No I/O, no third-party imports."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.domain.i18n import N_


class PlatformTraining(StrEnum):
    """Does the platform itself (or partners it picks) train AI on users' content?"""

    YES = "yes"  # allowed, no stated way to refuse
    OPT_OUT = "opt_out"  # allowed by default, with a stated way to refuse
    OPT_IN = "opt_in"  # only with explicit consent
    NO = "no"  # the platform says it does not
    NOT_MENTIONED = "not_mentioned"
    UNCLEAR = "unclear"


class ThirdPartyTraining(StrEnum):
    """May others (scrapers, AI companies) train on what is hosted there?"""

    PROHIBITED = "prohibited"
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    ALLOWED = "allowed"
    NOT_MENTIONED = "not_mentioned"


PLATFORM_TRAINING_WORDS: dict[PlatformTraining, str] = {
    PlatformTraining.YES: N_("training allowed"),
    PlatformTraining.OPT_OUT: N_("training unless you opt out"),
    PlatformTraining.OPT_IN: N_("opt-in only"),
    PlatformTraining.NO: N_("does not train"),
    PlatformTraining.NOT_MENTIONED: N_("not mentioned"),
    PlatformTraining.UNCLEAR: N_("unclear"),
}

# The one colour of each verdict: Discord embeds, the timeline PNG and the web page's CSS
# (bot/adapters/web/static/style.css, checked by tests/web/test_pages.py) all use it. White text
# on each passes WCAG AA.
VERDICT_COLOURS: dict[PlatformTraining, str] = {
    PlatformTraining.YES: "#b91c1c",
    PlatformTraining.OPT_OUT: "#b45309",
    PlatformTraining.OPT_IN: "#1d4ed8",
    PlatformTraining.NO: "#15803d",
    PlatformTraining.NOT_MENTIONED: "#4b5563",
    PlatformTraining.UNCLEAR: "#7e22ce",
}

THIRD_PARTY_WORDS: dict[ThirdPartyTraining, str] = {
    ThirdPartyTraining.PROHIBITED: N_("others may not train on it"),
    ThirdPartyTraining.OPT_OUT: N_("others may train unless you opt out"),
    ThirdPartyTraining.OPT_IN: N_("others only with your consent"),
    ThirdPartyTraining.ALLOWED: N_("others may train on it"),
    ThirdPartyTraining.NOT_MENTIONED: N_("not mentioned"),
}


class Aspect(StrEnum):
    PLATFORM = "platform"
    THIRD_PARTY = "third_party"


@dataclass(frozen=True)
class Evidence:
    """One exact sentence quoted from a terms document."""

    quote: str
    aspect: Aspect = Aspect.PLATFORM
    document_kind: str = ""
    url: str = ""
    date: str | None = None  # ISO date (YYYY-MM-DD) of the version quoted

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "aspect": self.aspect.value,
            "document_kind": self.document_kind,
            "url": self.url,
            "date": self.date,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(
            quote=str(data["quote"]),
            aspect=Aspect(data.get("aspect", Aspect.PLATFORM.value)),
            document_kind=str(data.get("document_kind", "")),
            url=str(data.get("url", "")),
            date=data.get("date"),
        )


# Confidence below this is "low": a change that moves a verdict of low confidence is held for
# the operator instead of being announced (see Verdict.confidence and docs/detector.md).
LOW_CONFIDENCE = 0.6


def is_low_confidence(confidence: float) -> bool:
    return confidence < LOW_CONFIDENCE


@dataclass(frozen=True)
class Reading:
    """What one AI sentence says, read along four axes (values in bot.domain.readings)."""

    quote: str
    aspect: Aspect = Aspect.PLATFORM
    value: str = ""  # the sentence's own reading: yes/no/opt_in/... or prohibited/allowed/...
    actor: str = ""  # service | partners | third_parties | users
    data: tuple[str, ...] = ()  # uploads | inputs | personal_data | usage_data | public_data
    purpose: str = ""  # generative | other_ml | unstated
    uses: tuple[str, ...] = ()  # for other_ml: recommendations, safety, ...
    control: str = ""  # opt_in | opt_out | none | plan
    where: str = ""  # where the control is: settings, form, email, ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "aspect": self.aspect.value,
            "value": self.value,
            "actor": self.actor,
            "data": list(self.data),
            "purpose": self.purpose,
            "uses": list(self.uses),
            "control": self.control,
            "where": self.where,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reading:
        return cls(
            quote=str(data.get("quote", "")),
            aspect=Aspect(data.get("aspect", Aspect.PLATFORM.value)),
            value=str(data.get("value", "")),
            actor=str(data.get("actor", "")),
            data=tuple(data.get("data", ())),
            purpose=str(data.get("purpose", "")),
            uses=tuple(data.get("uses", ())),
            control=str(data.get("control", "")),
            where=str(data.get("where", "")),
        )


@dataclass(frozen=True)
class Verdict:
    platform_training: PlatformTraining = PlatformTraining.NOT_MENTIONED
    third_party_training: ThirdPartyTraining = ThirdPartyTraining.NOT_MENTIONED
    scope: tuple[str, ...] = ()  # e.g. ("generative AI only", "licensed content excluded")
    evidence: tuple[Evidence, ...] = ()
    readings: tuple[Reading, ...] = ()  # one per AI sentence the verdict rests on
    confidence: float = 1.0  # in [0, 1]; below LOW_CONFIDENCE is "low"

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform_training": self.platform_training.value,
            "third_party_training": self.third_party_training.value,
            "scope": list(self.scope),
            "evidence": [e.to_dict() for e in self.evidence],
            "readings": [r.to_dict() for r in self.readings],
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            platform_training=PlatformTraining(data.get("platform_training", "not_mentioned")),
            third_party_training=ThirdPartyTraining(
                data.get("third_party_training", "not_mentioned")
            ),
            scope=tuple(data.get("scope", ())),
            evidence=tuple(Evidence.from_dict(e) for e in data.get("evidence", ())),
            readings=tuple(Reading.from_dict(r) for r in data.get("readings", ())),
            confidence=float(data.get("confidence", 1.0)),
        )

    def with_source(self, document_kind: str, url: str, date: str | None) -> Verdict:
        """The same verdict with every piece of evidence tagged with its document."""
        tagged = tuple(Evidence(e.quote, e.aspect, document_kind, url, date) for e in self.evidence)
        return replace(self, evidence=tagged)

    def same_outcome(self, other: Verdict) -> bool:
        return (
            self.platform_training == other.platform_training
            and self.third_party_training == other.third_party_training
        )


@dataclass(frozen=True)
class Change:
    """What changed between two versions of one document, as far as AI is concerned."""

    ai_relevant: bool
    before: Verdict
    after: Verdict
    added: tuple[str, ...] = ()  # AI clauses present only in the new version
    removed: tuple[str, ...] = ()  # AI clauses present only in the old version
    summary: str = ""
    # Short fingerprints of every sentence added or removed, about AI or not: how one change
    # reported by two sources (the page and its change feed) is recognised. Not shown to users.
    changed_sentences: tuple[str, ...] = ()
    # How sure the detector is about this change (see bot.domain.confidence.change_confidence);
    # a change that moves the verdict with a low confidence is held for the operator.
    confidence: float = 1.0

    @property
    def low_confidence(self) -> bool:
        return is_low_confidence(self.confidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ai_relevant": self.ai_relevant,
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "added": list(self.added),
            "removed": list(self.removed),
            "summary": self.summary,
            "confidence": self.confidence,
            "low_confidence": self.low_confidence,
        }


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
