"""Answering "is my platform training on my music?" from stored snapshots and curated history."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from bot.domain.i18n import ENGLISH, N_, Translator, quote_language_label
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
from bot.domain.present import (
    readings_sentence,
    third_party_sentence,
    unread_headline,
    verdict_headline,
)
from bot.services.errors import UnknownPlatform
from bot.services.ports import DocumentStore, EventStore

log = logging.getLogger(__name__)

__all__ = ["Answer", "AnswerService", "PlatformStatus", "UnknownPlatform", "combine"]

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
    PlatformTraining.YES: N_(
        "The terms state no way to refuse. You can stop uploading new work, remove what you "
        "uploaded, or ask support to confirm in writing how your content is used."
    ),
    PlatformTraining.OPT_OUT: N_(
        "Look for the AI or data-sharing setting in your account and turn it off."
    ),
    PlatformTraining.OPT_IN: N_(
        "Nothing to do unless you choose to opt in: training needs your consent."
    ),
    PlatformTraining.NO: N_(
        "Nothing to do: the platform says it does not train AI on your content."
    ),
    PlatformTraining.UNCLEAR: N_(
        "The wording is ambiguous: ask the platform's support to clarify."
    ),
    PlatformTraining.NOT_MENTIONED: N_(
        "The terms we track say nothing about AI training. Subscribe to hear if that changes."
    ),
}


UNREAD_ADVICE = N_("Subscribe to hear what its terms say about AI once they have been read.")


@dataclass(frozen=True)
class Answer:
    platform: Platform
    verdict: Verdict
    headline: str
    evidence: tuple[Evidence, ...]
    what_you_can_do: str
    last_change: PolicyEvent | None
    source_url: str
    read: bool = True  # False until a document of the platform has been read once
    in_plain_words: str = ""  # who trains, on what, for what, with which control
    # what the terms say about others (scrapers, AI companies, users) training on content
    # hosted there: the sentence the third-party quotes are shown under ("" when none)
    about_others: str = ""

    @property
    def own_evidence(self) -> tuple[Evidence, ...]:
        """Quotes for the platform's own training: empty when the verdict is `not_mentioned`."""
        return tuple(e for e in self.evidence if e.aspect is Aspect.PLATFORM)

    @property
    def others_evidence(self) -> tuple[Evidence, ...]:
        """Quotes for others' training (a ban on scrapers ...), shown under `about_others`."""
        return tuple(e for e in self.evidence if e.aspect is Aspect.THIRD_PARTY)


@dataclass(frozen=True)
class PlatformStatus:
    platform: Platform
    verdict: Verdict
    last_change: PolicyEvent | None
    documents: list[DocumentState]
    read: bool = True  # some document was read (or a curated fact is known)


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

    async def answer(self, question: str, tr: Translator = ENGLISH) -> Answer:
        platform = self.directory.find_in(question) or self.directory.resolve(question)
        if platform is None:
            # Name back only what the user called the platform, not their whole sentence.
            asked = parse_intent(question).platform_query or question
            raise UnknownPlatform(asked, self.directory.close_matches(asked))
        return await self.answer_for(platform.id, tr)

    async def answer_for(self, platform_id: str, tr: Translator = ENGLISH) -> Answer:
        status = await self.status(platform_id)
        verdict = status.verdict
        platform = status.platform
        if platform.opt_out:  # curated steps are written in English: say so when answering
            what = platform.opt_out + quote_language_label(platform.opt_out, tr)
        else:
            what = tr.gettext(GENERIC_ADVICE[verdict.platform_training])
        headline = verdict_headline(platform.name, verdict, tr)
        if not status.read:  # never "not mentioned" for terms nobody has read yet
            headline = unread_headline(platform.name, tr)
            if not platform.opt_out:
                what = tr.gettext(UNREAD_ADVICE)
        # Every quote supports the value it is shown for: the platform's own sentences only
        # for a verdict that rests on some (never for "not mentioned"), the others' sentences
        # under the sentence about others
        evidence = tuple(
            e
            for e in verdict.evidence
            if (
                e.aspect is Aspect.PLATFORM
                and verdict.platform_training is not PlatformTraining.NOT_MENTIONED
            )
            or (
                e.aspect is Aspect.THIRD_PARTY
                and verdict.third_party_training is not ThirdPartyTraining.NOT_MENTIONED
            )
        )
        about_others = ""
        if status.read and any(e.aspect is Aspect.THIRD_PARTY for e in evidence):
            about_others = third_party_sentence(platform.name, verdict, tr)
        source = next((e.url for e in evidence if e.url), "")
        if not source and platform.documents:
            source = platform.documents[0].url
        return Answer(
            platform=platform,
            verdict=verdict,
            headline=headline,
            evidence=evidence,
            what_you_can_do=what,
            last_change=status.last_change,
            source_url=source,
            read=status.read,
            in_plain_words=readings_sentence(platform.name, verdict),
            about_others=about_others,
        )

    async def status(self, platform_id: str) -> PlatformStatus:
        platform = self.directory.get(platform_id)
        if platform is None:
            raise UnknownPlatform(platform_id, self.directory.close_matches(platform_id))
        latest = await self.store.latest_snapshots_of(platform_id)  # one query
        documents = [document for document, _ in latest]
        events = await self.store.events(platform_id, ai_only=True, limit=200)
        by_kind: dict[str, _Dated] = {}
        for document, snapshot in latest:
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
        last = next((e for e in events if _about_training(e)), None)
        return PlatformStatus(platform, verdict, last, documents, read=bool(by_kind))

    async def statuses(self, category: str | None = None) -> list[PlatformStatus]:
        """Every platform's status (curated first), or only those of one category."""
        platforms = self.directory.all()
        if category is not None:
            platforms = [p for p in platforms if p.category == category]
        return [await self.status(p.id) for p in platforms]

    async def history(self, platform_id: str, limit: int = 50) -> list[PolicyEvent]:
        if self.directory.get(platform_id) is None:
            raise UnknownPlatform(platform_id, self.directory.close_matches(platform_id))
        return await self.store.events(platform_id, ai_only=True, limit=limit)


def _about_training(event: PolicyEvent) -> bool:
    """A change to show as the last one in an answer about training: one found in the
    documents (AI-relevant: a training clause changed in meaning, or a verdict moved), or a
    history event that moved a verdict or quotes a sentence about training. A curated note
    whose verdicts stay put and whose quote is no training clause (a ban on AI-generated
    uploads) is history, not a change in what the terms say about training."""
    if event.source is not EventSource.HISTORY:
        return True
    change = event.change
    if not change.before.same_outcome(change.after):
        return True
    # the classifier, loaded only when an answer needs it (a watch cycle never does)
    from bot.domain.clauses import find_ai_clauses
    from bot.domain.normalize import normalize_text

    return any(find_ai_clauses(normalize_text(q)) for q in (*change.added, *change.removed))


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
