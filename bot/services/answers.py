"""Answering "is my platform training on my music?" from stored snapshots and curated history."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from bot.domain.intents import parse_intent
from bot.domain.models import (
    Aspect,
    DocumentState,
    EventSource,
    Evidence,
    Platform,
    PlatformTraining,
    PolicyEvent,
    Reading,
    ThirdPartyTraining,
    Verdict,
)
from bot.domain.platforms import PlatformDirectory
from bot.domain.present import readings_sentence, verdict_headline
from bot.services.ports import DocumentStore, EventStore

log = logging.getLogger(__name__)

# When documents disagree, the statement that gives the platform the most room wins: an artist
# needs to know the widest use their terms allow.
PLATFORM_ORDER = [
    PlatformTraining.YES,
    PlatformTraining.OPT_OUT,
    PlatformTraining.OPT_IN,
    PlatformTraining.NO,
    PlatformTraining.UNCLEAR,
    PlatformTraining.NOT_MENTIONED,
]
THIRD_PARTY_ORDER = [
    ThirdPartyTraining.ALLOWED,
    ThirdPartyTraining.OPT_OUT,
    ThirdPartyTraining.OPT_IN,
    ThirdPartyTraining.PROHIBITED,
    ThirdPartyTraining.NOT_MENTIONED,
]

GENERIC_ADVICE = {
    PlatformTraining.YES: (
        "The terms state no way to refuse. You can stop uploading new work, remove what you "
        "uploaded, or ask support to confirm in writing how your content is used."
    ),
    PlatformTraining.OPT_OUT: (
        "Look for the AI or data-sharing setting in your account and turn it off."
    ),
    PlatformTraining.OPT_IN: (
        "Nothing to do unless you choose to opt in: training needs your consent."
    ),
    PlatformTraining.NO: "Nothing to do: the platform says it does not train AI on your content.",
    PlatformTraining.UNCLEAR: "The wording is ambiguous: ask the platform's support to clarify.",
    PlatformTraining.NOT_MENTIONED: (
        "The terms we track say nothing about AI training. Subscribe to hear if that changes."
    ),
}


class UnknownPlatform(Exception):
    def __init__(self, query: str, suggestions: list[Platform]) -> None:
        super().__init__(f"unknown platform: {query!r}")
        self.query = query
        self.suggestions = suggestions

    def user_message(self) -> str:
        text = f"I don't track a platform called “{self.query.strip()[:60]}”."
        if self.suggestions:
            names = ", ".join(p.name for p in self.suggestions[:3])
            text += f" Did you mean: {names}?"
        return text


@dataclass(frozen=True)
class Answer:
    platform: Platform
    verdict: Verdict
    headline: str
    evidence: tuple[Evidence, ...]
    what_you_can_do: str
    last_change: PolicyEvent | None
    source_url: str
    in_plain_words: str = ""  # who trains, on what, for what, with which control


@dataclass(frozen=True)
class PlatformStatus:
    platform: Platform
    verdict: Verdict
    last_change: PolicyEvent | None
    documents: list[DocumentState]


@dataclass(frozen=True)
class _Dated:
    date: str
    verdict: Verdict


class AnswerStore(DocumentStore, EventStore, Protocol):
    """What answering needs from storage."""


class AnswerService:
    def __init__(self, directory: PlatformDirectory, store: AnswerStore) -> None:
        self.directory = directory
        self.store = store

    def suggest(self, prefix: str, limit: int = 25) -> list[Platform]:
        return self.directory.suggest(prefix, limit)

    def resolve(self, query: str) -> Platform:
        platform = self.directory.resolve(query) or self.directory.find_in(query)
        if platform is None:
            raise UnknownPlatform(query, self.directory.close_matches(query))
        return platform

    async def answer(self, question: str) -> Answer:
        platform = self.directory.find_in(question) or self.directory.resolve(question)
        if platform is None:
            # Name back only what the user called the platform, not their whole sentence.
            asked = parse_intent(question).platform_query or question
            raise UnknownPlatform(asked, self.directory.close_matches(asked))
        return await self.answer_for(platform.id)

    async def answer_for(self, platform_id: str) -> Answer:
        status = await self.status(platform_id)
        verdict = status.verdict
        platform = status.platform
        what = platform.opt_out or GENERIC_ADVICE[verdict.platform_training]
        source = next((e.url for e in verdict.evidence if e.url), "")
        if not source and platform.documents:
            source = platform.documents[0].url
        return Answer(
            platform=platform,
            verdict=verdict,
            headline=verdict_headline(platform.name, verdict),
            evidence=verdict.evidence,
            what_you_can_do=what,
            last_change=status.last_change,
            source_url=source,
            in_plain_words=readings_sentence(platform.name, verdict),
        )

    async def status(self, platform_id: str) -> PlatformStatus:
        platform = self.directory.get(platform_id)
        if platform is None:
            raise UnknownPlatform(platform_id, self.directory.close_matches(platform_id))
        documents = [d for d in await self.store.documents() if d.platform_id == platform_id]
        events = await self.store.events(platform_id, ai_only=True, limit=200)
        by_kind: dict[str, _Dated] = {}
        for document in documents:
            snapshot = await self.store.latest_snapshot(document.id, with_text=False)
            if snapshot is None:
                continue
            date = snapshot.version_date or snapshot.fetched_at
            _keep_newest(by_kind, document.kind, _Dated(date, snapshot.verdict))
        for event in events:
            if event.source is EventSource.HISTORY:
                _keep_newest(
                    by_kind, event.document_kind, _Dated(event.occurred_at, event.change.after)
                )
        verdict = combine([dated.verdict for dated in by_kind.values()])
        return PlatformStatus(platform, verdict, events[0] if events else None, documents)

    async def statuses(self) -> list[PlatformStatus]:
        return [await self.status(p.id) for p in self.directory.all()]

    async def history(self, platform_id: str, limit: int = 50) -> list[PolicyEvent]:
        if self.directory.get(platform_id) is None:
            raise UnknownPlatform(platform_id, self.directory.close_matches(platform_id))
        return await self.store.events(platform_id, ai_only=True, limit=limit)


def _keep_newest(by_kind: dict[str, _Dated], kind: str, candidate: _Dated) -> None:
    current = by_kind.get(kind)
    if current is None or candidate.date[:10] >= current.date[:10]:
        by_kind[kind] = candidate


def combine(verdicts: list[Verdict]) -> Verdict:
    """One verdict for a platform from its documents' verdicts."""
    if not verdicts:
        return Verdict()
    platform = min((v.platform_training for v in verdicts), key=PLATFORM_ORDER.index)
    third = min((v.third_party_training for v in verdicts), key=THIRD_PARTY_ORDER.index)
    scope: list[str] = []
    evidence: list[Evidence] = []
    readings: list[Reading] = []
    # Only quotes that support the combined values: a document's platform quotes when its
    # platform verdict is the one given, its third-party quotes when its third-party verdict is
    # (a rule about AI-generated uploads in a document that forbids scraping is neither).
    for v in verdicts:
        own = v.platform_training == platform and platform is not PlatformTraining.NOT_MENTIONED
        others = v.third_party_training == third and third is not ThirdPartyTraining.NOT_MENTIONED
        if own:
            scope.extend(s for s in v.scope if s not in scope)
            readings.extend(r for r in v.readings if r.aspect is Aspect.PLATFORM)
        if others:
            readings.extend(r for r in v.readings if r.aspect is Aspect.THIRD_PARTY)
        for e in v.evidence:
            wanted = own if e.aspect is Aspect.PLATFORM else others
            if wanted and e not in evidence:
                evidence.append(e)
    evidence.sort(key=lambda e: e.aspect is not Aspect.PLATFORM)  # the platform's own first
    deciding = [v for v in verdicts if v.platform_training == platform] or verdicts
    confidence = min(v.confidence for v in deciding)
    return Verdict(
        platform, third, tuple(scope), tuple(evidence), tuple(readings), confidence=confidence
    )
