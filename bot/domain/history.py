"""Curated history: known past AI-terms events, so the bot can answer on day one.

The data lives in `bot/data/history.yaml`; whoever reads that file (the composition root) passes
the parsed list to `parse_history`. This module does no I/O and imports no YAML library.

One entry::

    platform: soundcloud            # a platform id from config.yaml
    date: 2024-02-07                # ISO date of the change (best known)
    document_kind: terms_of_service
    url: https://soundcloud.com/terms-of-use
    title: "..."                    # optional short headline
    before: {platform_training: not_mentioned, third_party_training: not_mentioned}
    after: {platform_training: "yes"}          # third_party_training optional
    scope: [generative AI only]     # optional
    quotes:                         # exact clauses, verbatim from a cited source
      - "You explicitly agree ..."
      - {text: "...", aspect: third_party}
    removed: ["..."]                # optional: clauses the change took out
    summary: plain language
    sources: ["corpus/soundcloud/terms-of-service/2024-02-07.md", "..."]
    uncertain: false
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.domain.models import (
    Aspect,
    Change,
    EventSource,
    Evidence,
    PlatformTraining,
    PolicyEvent,
    ThirdPartyTraining,
    Verdict,
)

log = logging.getLogger(__name__)

UNCONFIRMED_PREFIX = "Unconfirmed: "

_REQUIRED = ("platform", "date", "document_kind", "url", "before", "after", "summary", "sources")
_OPTIONAL = ("title", "scope", "quotes", "removed", "uncertain")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Quote:
    text: str
    aspect: Aspect = Aspect.PLATFORM


@dataclass(frozen=True)
class HistoryEntry:
    platform_id: str
    date: str  # ISO date
    document_kind: str
    url: str
    before_platform: PlatformTraining
    after_platform: PlatformTraining
    summary: str
    sources: tuple[str, ...]
    before_third_party: ThirdPartyTraining = ThirdPartyTraining.NOT_MENTIONED
    after_third_party: ThirdPartyTraining = ThirdPartyTraining.NOT_MENTIONED
    scope: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    removed: tuple[Quote, ...] = ()
    title: str = ""
    uncertain: bool = False

    @property
    def quote_texts(self) -> tuple[str, ...]:
        return tuple(q.text for q in self.quotes)

    def _evidence(self, quotes: Sequence[Quote]) -> tuple[Evidence, ...]:
        return tuple(
            Evidence(q.text, q.aspect, self.document_kind, self.url, self.date) for q in quotes
        )

    def to_event(self) -> PolicyEvent:
        """The entry as a stored event: source HISTORY, always AI-relevant."""
        before = Verdict(
            platform_training=self.before_platform,
            third_party_training=self.before_third_party,
            evidence=self._evidence(self.removed),
        )
        after = Verdict(
            platform_training=self.after_platform,
            third_party_training=self.after_third_party,
            scope=self.scope,
            evidence=self._evidence(self.quotes),
        )
        summary = self.summary
        if self.uncertain and not summary.startswith(UNCONFIRMED_PREFIX):
            summary = UNCONFIRMED_PREFIX + summary
        change = Change(
            ai_relevant=True,
            before=before,
            after=after,
            added=self.quote_texts,
            removed=tuple(q.text for q in self.removed),
            summary=summary,
        )
        return PolicyEvent(
            platform_id=self.platform_id,
            document_kind=self.document_kind,
            url=self.url,
            occurred_at=self.date,
            source=EventSource.HISTORY,
            change=change,
            title=self.title,
        )


class _Entry:
    """Field access for one raw entry; errors name the entry index and the field."""

    def __init__(self, index: int, data: Any) -> None:
        self.index = index
        if not isinstance(data, dict):
            raise ValueError(f"history entry {index}: must be a mapping, got {type(data).__name__}")
        self.data = data
        unknown = sorted(str(k) for k in data if k not in _REQUIRED + _OPTIONAL)
        if unknown:
            raise self.fail(unknown[0], "is not a known field")
        for name in _REQUIRED:
            if name not in data or data[name] is None:
                raise self.fail(name, "is required")

    def fail(self, field: str, why: str) -> ValueError:
        return ValueError(f"history entry {self.index}: field '{field}' {why}")

    def text(self, field: str, *, required: bool = True) -> str:
        value = self.data.get(field, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.fail(field, f"must be text, got {value!r}")
        value = value.strip()
        if required and not value:
            raise self.fail(field, "must not be empty")
        return value

    def iso_date(self, field: str) -> str:
        value = self.data.get(field)
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if not isinstance(value, str) or not _DATE.match(value.strip()):
            raise self.fail(field, f"must be an ISO date (YYYY-MM-DD), got {value!r}")
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise self.fail(field, f"is not a real date: {value!r}") from None

    def strings(self, field: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(field, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(field, "must be a list of non-empty text")
        if required and not value:
            raise self.fail(field, "must list at least one item")
        return tuple(v.strip() for v in value)

    def quotes(self, field: str) -> tuple[Quote, ...]:
        value = self.data.get(field, [])
        if value is None:
            value = []
        if not isinstance(value, list):
            raise self.fail(field, "must be a list")
        result: list[Quote] = []
        for position, item in enumerate(value):
            where = f"{field}[{position}]"
            if isinstance(item, str):
                text, aspect = item, Aspect.PLATFORM.value
            elif isinstance(item, dict) and set(item) <= {"text", "aspect"} and "text" in item:
                text, aspect = item["text"], item.get("aspect", Aspect.PLATFORM.value)
            else:
                raise self.fail(where, "must be text or {text, aspect}")
            if not isinstance(text, str) or not text.strip():
                raise self.fail(where, "must be non-empty text")
            try:
                result.append(Quote(" ".join(text.split()), Aspect(aspect)))
            except ValueError:
                choices = ", ".join(a.value for a in Aspect)
                raise self.fail(where, f"has unknown aspect {aspect!r} ({choices})") from None
        return tuple(result)

    def verdict(self, field: str) -> tuple[PlatformTraining, ThirdPartyTraining]:
        value = self.data.get(field)
        if not isinstance(value, dict):
            raise self.fail(field, "must be a mapping with platform_training")
        unknown = sorted(
            str(k) for k in value if k not in ("platform_training", "third_party_training")
        )
        if unknown:
            raise self.fail(f"{field}.{unknown[0]}", "is not a known field")
        platform_raw = value.get("platform_training")
        third_raw = value.get("third_party_training", ThirdPartyTraining.NOT_MENTIONED.value)
        platform = _enum(PlatformTraining, platform_raw, self, f"{field}.platform_training")
        third = _enum(ThirdPartyTraining, third_raw, self, f"{field}.third_party_training")
        return platform, third


def _enum(kind: Any, raw: Any, entry: _Entry, field: str) -> Any:
    if isinstance(raw, bool):  # YAML 1.1 reads a bare yes/no as a boolean
        raise entry.fail(field, f'got {raw!r}: quote the value in YAML, e.g. "yes"')
    try:
        return kind(raw)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise entry.fail(field, f"must be one of {choices}, got {raw!r}") from None


def parse_history(data: list[dict[str, Any]]) -> list[HistoryEntry]:
    """Validate the curated history. Raises ValueError naming the entry index and field."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"history must be a list of entries, got {type(data).__name__}")
    entries: list[HistoryEntry] = []
    for index, item in enumerate(data):
        raw = _Entry(index, item)
        platform_id = raw.text("platform")
        if not _SLUG.match(platform_id):
            raise raw.fail(
                "platform", f"must be a platform id like 'soundcloud', got {platform_id!r}"
            )
        kind = raw.text("document_kind")
        if not _SLUG.match(kind):
            raise raw.fail("document_kind", f"must be a slug like 'terms_of_service', got {kind!r}")
        url = raw.text("url")
        if not url.startswith(("https://", "http://")):
            raise raw.fail("url", f"must be an http(s) URL, got {url!r}")
        before_platform, before_third = raw.verdict("before")
        after_platform, after_third = raw.verdict("after")
        uncertain = raw.data.get("uncertain", False)
        if not isinstance(uncertain, bool):
            raise raw.fail("uncertain", f"must be true or false, got {uncertain!r}")
        entries.append(
            HistoryEntry(
                platform_id=platform_id,
                date=raw.iso_date("date"),
                document_kind=kind,
                url=url,
                before_platform=before_platform,
                after_platform=after_platform,
                before_third_party=before_third,
                after_third_party=after_third,
                summary=raw.text("summary"),
                sources=raw.strings("sources", required=True),
                scope=raw.strings("scope"),
                quotes=raw.quotes("quotes"),
                removed=raw.quotes("removed"),
                title=raw.text("title", required=False),
                uncertain=uncertain,
            )
        )
    return entries


def for_platform(entries: Sequence[HistoryEntry], platform_id: str) -> list[HistoryEntry]:
    """One platform's entries, oldest first."""
    return sorted((e for e in entries if e.platform_id == platform_id), key=lambda e: e.date)
