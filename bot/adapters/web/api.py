"""JSON views of the same data as the pages: /api/platforms and /api/platforms/{id}."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from bot.adapters.web.pages import platform_path
from bot.domain.models import (
    PLATFORM_TRAINING_WORDS,
    THIRD_PARTY_WORDS,
    DocumentState,
    Platform,
    PolicyEvent,
    Verdict,
)
from bot.domain.present import document_label, event_headline

log = logging.getLogger(__name__)


def dumps(data: Any) -> str:
    """JSON whose text holds no raw <, > or &: safe even if someone pastes it into HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def links(platform_id: str) -> dict[str, str]:
    return {
        "html": platform_path(platform_id),
        "api": f"/api{platform_path(platform_id)}",
        "feed": platform_path(platform_id, "/feed.atom"),
        "timeline": platform_path(platform_id, "/timeline.png"),
    }


def verdict_json(verdict: Verdict, *, evidence: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "platform_training": verdict.platform_training.value,
        "platform_training_words": PLATFORM_TRAINING_WORDS[verdict.platform_training],
        "third_party_training": verdict.third_party_training.value,
        "third_party_words": THIRD_PARTY_WORDS[verdict.third_party_training],
        "scope": list(verdict.scope),
    }
    if evidence:
        data["evidence"] = [e.to_dict() for e in verdict.evidence]
    return data


def event_json(event: PolicyEvent, platform_name: str) -> dict[str, Any]:
    change = event.change
    return {
        "id": event.id,
        "platform_id": event.platform_id,
        "headline": event_headline(event, platform_name),
        "document_kind": event.document_kind,
        "document": document_label(event.document_kind),
        "url": event.url,
        "occurred_at": event.occurred_at,
        "detected_at": event.detected_at,
        "source": event.source.value,
        "ai_relevant": event.ai_relevant,
        "summary": change.summary,
        "before": verdict_json(change.before, evidence=False),
        "after": verdict_json(change.after, evidence=False),
        "added": list(change.added),
        "removed": list(change.removed),
        "html": platform_path(event.platform_id) + (f"#event-{event.id}" if event.id else ""),
    }


def last_change_json(event: PolicyEvent | None, platform_name: str) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "id": event.id,
        "date": event.occurred_at[:10],
        "headline": event_headline(event, platform_name),
        "url": event.url,
    }


def platform_summary(
    platform: Platform, verdict: Verdict, last_change: PolicyEvent | None, failing: int
) -> dict[str, Any]:
    return {
        "id": platform.id,
        "name": platform.name,
        "category": platform.category,
        "verdict": verdict_json(verdict, evidence=False),
        "last_change": last_change_json(last_change, platform.name),
        "failing_documents": failing,
        "links": links(platform.id),
    }


def document_json(document: DocumentState) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "label": document_label(document.kind),
        "url": document.url,
        "last_checked_at": document.last_checked_at or None,
        "last_changed_at": document.last_changed_at or None,
        "failing": document.failing,
    }


def platform_detail(
    platform: Platform,
    verdict: Verdict,
    headline: str,
    what_you_can_do: str,
    source_url: str,
    events: Sequence[PolicyEvent],
    documents: Sequence[DocumentState],
) -> dict[str, Any]:
    return {
        "id": platform.id,
        "name": platform.name,
        "category": platform.category,
        "aliases": list(platform.aliases),
        "headline": headline,
        "verdict": verdict_json(verdict, evidence=True),
        "what_you_can_do": what_you_can_do,
        "source_url": source_url,
        "last_change": last_change_json(events[0] if events else None, platform.name),
        "events": [event_json(e, platform.name) for e in events],
        "documents": [document_json(d) for d in documents],
        "links": links(platform.id),
    }
