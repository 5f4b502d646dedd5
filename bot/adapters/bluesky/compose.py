"""What the bot says on Bluesky. Only these templates add facets (the source link, mentions of
subscribers); quotes and summaries from documents and feeds are added as plain text."""

from __future__ import annotations

import logging

from bot.adapters.bluesky.posting import RichText, clean_untrusted, short_url
from bot.domain.models import ALL_PLATFORMS, PolicyEvent, Subscription
from bot.domain.present import document_label, event_headline
from bot.services.answers import Answer

log = logging.getLogger(__name__)

MAX_QUOTES = 3
QUOTE_LIMIT = 280
EXAMPLES = "“is soundcloud training on my music?”, “subscribe soundcloud”, “unsubscribe soundcloud”"


def _source(rich: RichText, url: str) -> None:
    if url.startswith(("https://", "http://")):
        rich.text("\n\nSource: ").link(short_url(url), url)


def answer_text(answer: Answer) -> RichText:
    rich = RichText().text(clean_untrusted(answer.headline))
    for evidence in answer.evidence[:MAX_QUOTES]:
        where = document_label(evidence.document_kind) if evidence.document_kind else "terms"
        if evidence.date:
            where += f", {evidence.date[:10]}"
        rich.text(f"\n\n“{clean_untrusted(evidence.quote, QUOTE_LIMIT)}” ({where})")
    if answer.last_change is not None:
        rich.text(
            f"\n\nLast AI-relevant change: {answer.last_change.occurred_at[:10]}"
            f" — {clean_untrusted(event_headline(answer.last_change, answer.platform.name), 200)}"
        )
    if answer.what_you_can_do:
        rich.text(f"\n\nWhat you can do: {clean_untrusted(answer.what_you_can_do)}")
    _source(rich, answer.source_url)
    return rich


def announcement_text(event: PolicyEvent, platform_name: str) -> RichText:
    change = event.change
    rich = RichText().text(clean_untrusted(event_headline(event, platform_name)))
    if change.summary:
        rich.text(f"\n\n{clean_untrusted(change.summary, 600)}")
    for clause in change.added[:MAX_QUOTES]:
        rich.text(f"\n\nNew: “{clean_untrusted(clause, QUOTE_LIMIT)}”")
    for clause in change.removed[:MAX_QUOTES]:
        rich.text(f"\n\nRemoved: “{clean_untrusted(clause, QUOTE_LIMIT)}”")
    _source(rich, event.url)
    return rich


def link_card(event: PolicyEvent, platform_name: str) -> dict[str, object] | None:
    if not event.url.startswith(("https://", "http://")):
        return None
    return {
        "$type": "app.bsky.embed.external",
        "external": {
            "uri": event.url,
            "title": f"{platform_name} — {document_label(event.document_kind)}",
            "description": clean_untrusted(event.change.summary or event.title, 280),
        },
    }


def dm_text(event: PolicyEvent, platform_name: str) -> RichText:
    rich = announcement_text(event, platform_name)
    rich.text(
        f"\n\nYou get this because you subscribed to {platform_name}. "
        f"Mention me with “unsubscribe {platform_name.lower()}” to stop."
    )
    return rich


def mention_fallback_text(
    event: PolicyEvent, platform_name: str, handles: list[tuple[str, str]]
) -> RichText:
    """A reply under the announcement for subscribers whose DMs are closed."""
    rich = RichText()
    for i, (handle, did) in enumerate(handles):
        if i:
            rich.text(" ")
        rich.mention(f"@{handle}", did)
    rich.text(
        f" — you subscribed to {platform_name}: its terms changed (above). "
        "Open your DMs to the bot to get these notices privately."
    )
    return rich


def help_text(prefix: str = "") -> RichText:
    lead = f"{prefix} " if prefix else ""
    return RichText().text(
        f"{lead}I watch music platforms' terms for AI training. Ask me e.g. {EXAMPLES}, "
        "or “subscriptions” to see what you follow."
    )


def subscribed_text(platform_name: str, platform_id: str) -> RichText:
    every = platform_id == ALL_PLATFORMS
    what = "every platform I track" if every else platform_name
    stop = "all" if every else platform_name.lower()
    return RichText().text(
        f"Subscribed: I'll send you a DM when {what} changes its terms on AI. "
        f"Mention me with “unsubscribe {stop}” to stop."
    )


def subscriptions_text(subs: list[Subscription], names: dict[str, str]) -> RichText:
    active = [s for s in subs if s.active]
    if not active:
        return RichText().text(
            "You're not subscribed to anything yet. Mention me with “subscribe soundcloud” "
            "(or any platform, or “all”)."
        )
    listed = ", ".join(
        "every platform"
        if s.platform_id == ALL_PLATFORMS
        else names.get(s.platform_id, s.platform_id)
        for s in active
    )
    return RichText().text(f"You're subscribed to: {listed}.")
