"""Atom (RFC 4287) feeds of policy events, for feed readers and Discord RSS bots.

Built with ElementTree, which escapes text and attributes; characters XML 1.0 forbids are
removed first, since ElementTree would write them through and break the document.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.adapters.web.pages import safe_href, short_summary
from bot.domain.models import PLATFORM_TRAINING_WORDS, THIRD_PARTY_WORDS, PolicyEvent
from bot.domain.present import document_label, event_headline
from bot.domain.timeutil import parse_iso

log = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
TAG_AUTHORITY = "tag:termswatch,2024"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_QUOTES = 10

ET.register_namespace("", ATOM_NS)


def xml_text(value: object) -> str:
    """Text safe to put in an XML 1.0 document (escaping is ElementTree's job)."""
    return _NOT_XML.sub("", str(value))


_MENTION = re.compile(r"@(?=everyone|here)|<(?=[@#])")


def defang_mentions(text: str) -> str:
    """Feeds are reposted by Discord RSS bots we do not control: a zero-width space keeps
    "@everyone", "@here" and "<@id>" from a terms page from pinging anyone there."""
    return _MENTION.sub(lambda m: m.group(0) + "\u200b", text)


def entry_id(event: PolicyEvent) -> str:
    """Stable forever for a stored event: feed readers use it to spot what is new."""
    return f"{TAG_AUTHORITY}:event/{event.id}"


def rfc3339(value: str, fallback: str = "1970-01-01T00:00:00Z") -> str:
    try:
        return parse_iso(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return fallback


@dataclass(frozen=True)
class FeedInfo:
    feed_id: str  # e.g. tag:termswatch,2024:feed/all
    title: str
    self_url: str  # absolute URL of the feed itself
    site_url: str  # absolute URL of the matching HTML page
    generated: str  # RFC 3339 time used when there is no entry


def event_summary(event: PolicyEvent, platform_name: str) -> str:
    """Plain text: what changed, the verdict before and after, and the exact clauses."""
    change = event.change
    before, after = change.before, change.after
    lines = [short_summary(change.summary)] if change.summary else []
    lines.append(
        f"Platform training: {PLATFORM_TRAINING_WORDS[before.platform_training]} → "
        f"{PLATFORM_TRAINING_WORDS[after.platform_training]}."
    )
    if before.third_party_training != after.third_party_training:
        lines.append(
            f"Others training on it: {THIRD_PARTY_WORDS[before.third_party_training]} → "
            f"{THIRD_PARTY_WORDS[after.third_party_training]}."
        )
    for clause in change.added[:MAX_QUOTES]:
        lines.append(f"Added: “{clause}”")
    for clause in change.removed[:MAX_QUOTES]:
        lines.append(f"Removed: “{clause}”")
    hidden = max(len(change.added) - MAX_QUOTES, 0) + max(len(change.removed) - MAX_QUOTES, 0)
    if hidden:
        lines.append(f"… and {hidden} more clauses.")
    lines.append(f"{document_label(event.document_kind)} of {platform_name}: {event.url}")
    return "\n".join(lines)


def render_feed(
    info: FeedInfo,
    events: Sequence[PolicyEvent],
    *,
    platform_name: Callable[[str], str],
    entry_url: Callable[[PolicyEvent], str],
) -> bytes:
    """The Atom document as UTF-8 bytes. `events` newest first; events without id are skipped."""
    feed = ET.Element(f"{{{ATOM_NS}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(
            parent, f"{{{ATOM_NS}}}{tag}", {k: xml_text(v) for k, v in attrs.items()}
        )
        if text is not None:
            element.text = xml_text(text)
        return element

    stored = [e for e in events if e.id is not None]
    updated_values = [_updated(e) for e in stored]
    sub(feed, "id", info.feed_id)
    sub(feed, "title", info.title)
    sub(feed, "subtitle", "Changes to what platforms' terms say about training AI on your work.")
    sub(feed, "updated", max(updated_values) if updated_values else info.generated)
    sub(feed, "link", rel="self", type="application/atom+xml", href=info.self_url)
    sub(feed, "link", rel="alternate", type="text/html", href=info.site_url)
    author = sub(feed, "author")
    sub(author, "name", "Terms Watch")
    sub(feed, "generator", "Terms Watch")

    for event, updated in zip(stored, updated_values, strict=True):
        name = platform_name(event.platform_id)
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(event))
        sub(entry, "title", defang_mentions(event_headline(event, name)))
        sub(entry, "updated", updated)
        sub(entry, "published", rfc3339(event.occurred_at, updated))
        sub(entry, "link", rel="alternate", type="text/html", href=entry_url(event))
        source = safe_href(event.url)
        if source:
            sub(
                entry, "link", rel="related", href=source, title=document_label(event.document_kind)
            )
        sub(
            entry,
            "category",
            term=event.change.after.platform_training.value,
            label=PLATFORM_TRAINING_WORDS[event.change.after.platform_training],
        )
        sub(entry, "summary", defang_mentions(event_summary(event, name)), type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def _updated(event: PolicyEvent) -> str:
    published = rfc3339(event.occurred_at)
    return rfc3339(event.detected_at, published) if event.detected_at else published
