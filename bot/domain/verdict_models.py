"""The verdict side of the pure data models: what a platform's terms say about AI training
(verdicts, the evidence and readings they rest on, the words and colours shown for them) and
what changed between two versions. No I/O, no third-party imports. `bot.domain.models`
re-exports every name defined here."""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    # uploads | inputs | personal_data | usage_data | responses | public_data
    data: tuple[str, ...] = ()
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
    # Short fingerprints of every sentence added or removed, about AI or not: how one change that
    # is not AI-relevant, reported by two sources (the page and its change feed), is recognised.
    # Empty for an AI-relevant change (recognised by `added` / `removed`). Not shown to users.
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
