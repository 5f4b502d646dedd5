"""What the bot says on Bluesky. Only these templates add facets (the source link, mentions of
subscribers); quotes and summaries from documents and feeds are added as plain text."""

from __future__ import annotations

import logging

from bot.adapters.bluesky.posting import RichText, clean_untrusted, short_url
from bot.domain.i18n import ENGLISH, Translator, quote_language_label
from bot.domain.models import ALL_PLATFORMS, PolicyEvent, Subscription
from bot.domain.present import document_label, event_headline, event_summary
from bot.services.answers import Answer

log = logging.getLogger(__name__)

MAX_QUOTES = 3
QUOTE_LIMIT = 280


def _source(rich: RichText, url: str, tr: Translator = ENGLISH) -> None:
    if url.startswith(("https://", "http://")):
        rich.text("\n\n" + tr.gettext("Source:") + " ").link(short_url(url), url)


def answer_text(answer: Answer, tr: Translator = ENGLISH) -> RichText:
    rich = RichText().text(clean_untrusted(answer.headline))
    own = answer.own_evidence[:MAX_QUOTES]
    others = answer.others_evidence[: MAX_QUOTES - len(own)] if answer.about_others else ()
    for i, evidence in enumerate((*own, *others)):
        if i == len(own):  # the quotes that follow are about others (scrapers, AI companies)
            rich.text("\n\n" + clean_untrusted(answer.about_others))
        where = (
            document_label(evidence.document_kind, tr)
            if evidence.document_kind
            else tr.gettext("terms")
        )
        if evidence.date:
            where += f", {evidence.date[:10]}"
        language = quote_language_label(evidence.quote, tr)  # quotes keep their language
        quote = clean_untrusted(evidence.quote, QUOTE_LIMIT)
        rich.text(f"\n\n“{quote}”{language} ({where})")
    if answer.last_change is not None:
        headline = event_headline(answer.last_change, answer.platform.name, tr)
        rich.text(
            "\n\n"
            + tr.gettext(
                "Last AI-relevant change: {date} — {headline}",
                date=answer.last_change.occurred_at[:10],
                headline=clean_untrusted(headline, 200),
            )
        )
    if answer.what_you_can_do:
        rich.text(
            "\n\n"
            + tr.gettext(
                "What you can do: {advice}", advice=clean_untrusted(answer.what_you_can_do)
            )
        )
    _source(rich, answer.source_url, tr)
    return rich


def announcement_text(event: PolicyEvent, platform_name: str, tr: Translator = ENGLISH) -> RichText:
    change = event.change
    rich = RichText().text(clean_untrusted(event_headline(event, platform_name, tr)))
    summary = event_summary(event, platform_name, tr)
    if summary:
        rich.text(f"\n\n{clean_untrusted(summary, 600)}")
    for clause in change.added[:MAX_QUOTES]:
        quote = clean_untrusted(clause, QUOTE_LIMIT)
        rich.text("\n\n" + tr.gettext("New: “{quote}”", quote=quote))
    for clause in change.removed[:MAX_QUOTES]:
        quote = clean_untrusted(clause, QUOTE_LIMIT)
        rich.text("\n\n" + tr.gettext("Removed: “{quote}”", quote=quote))
    _source(rich, event.url, tr)
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


def dm_text(event: PolicyEvent, platform_name: str, tr: Translator = ENGLISH) -> RichText:
    rich = announcement_text(event, platform_name, tr)
    rich.text(
        "\n\n"
        + tr.gettext(
            "You get this because you subscribed to {platform}. "
            "Mention me with “unsubscribe {name}” to stop.",
            platform=platform_name,
            name=platform_name.lower(),
        )
    )
    return rich


def mention_fallback_text(
    event: PolicyEvent, platform_name: str, handles: list[tuple[str, str]], tr: Translator = ENGLISH
) -> RichText:
    """A reply under the announcement for subscribers whose DMs are closed."""
    rich = RichText()
    for i, (handle, did) in enumerate(handles):
        if i:
            rich.text(" ")
        rich.mention(f"@{handle}", did)
    rich.text(
        " — "
        + tr.gettext(
            "you subscribed to {platform}: its terms changed (above). "
            "Open your DMs to the bot to get these notices privately.",
            platform=platform_name,
        )
    )
    return rich


def help_text(prefix: str = "", tr: Translator = ENGLISH) -> RichText:
    lead = f"{prefix} " if prefix else ""
    return RichText().text(
        lead
        + tr.gettext(
            "I watch music platforms' terms for AI training. Ask me e.g. "
            "“is soundcloud training on my music?”, “subscribe soundcloud”, "
            "“unsubscribe soundcloud”, or “subscriptions” to see what you follow."
        )
    )


def subscribed_text(platform_name: str, platform_id: str, tr: Translator = ENGLISH) -> RichText:
    if platform_id == ALL_PLATFORMS:
        return RichText().text(
            tr.gettext(
                "Subscribed: I'll send you a DM when any platform I track changes its terms on "
                "AI. Mention me with “unsubscribe all” to stop."
            )
        )
    return RichText().text(
        tr.gettext(
            "Subscribed: I'll send you a DM when {platform} changes its terms on AI. "
            "Mention me with “unsubscribe {name}” to stop.",
            platform=platform_name,
            name=platform_name.lower(),
        )
    )


def subscriptions_text(
    subs: list[Subscription], names: dict[str, str], tr: Translator = ENGLISH
) -> RichText:
    active = [s for s in subs if s.active]
    if not active:
        return RichText().text(
            tr.gettext(
                "You're not subscribed to anything yet. Mention me with “subscribe soundcloud” "
                "(or any platform, or “all”)."
            )
        )
    listed = ", ".join(
        tr.gettext("every platform")
        if s.platform_id == ALL_PLATFORMS
        else names.get(s.platform_id, s.platform_id)
        for s in active
    )
    return RichText().text(tr.gettext("You're subscribed to: {platforms}.", platforms=listed))
