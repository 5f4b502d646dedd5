"""Embeds for answers, statuses, histories and change posts, within Discord's limits.

Text from terms documents and feeds is untrusted: it is escaped (markdown, masked links) and
mentions are broken with a zero-width space, on top of AllowedMentions.none() on every send.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlparse

import discord

from bot.domain.models import (
    ALL_PLATFORMS,
    PLATFORM_TRAINING_WORDS,
    THIRD_PARTY_WORDS,
    Change,
    Evidence,
    PlatformTraining,
    PolicyEvent,
    Subscription,
    Verdict,
)
from bot.domain.present import document_label, event_headline
from bot.services.answers import Answer, PlatformStatus

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
FOOTER_MAX = 2048
TOTAL_MAX = 6000
ZWSP = "\u200b"

COLOURS = {
    PlatformTraining.YES: 0xD83C3E,
    PlatformTraining.OPT_OUT: 0xE67E22,
    PlatformTraining.OPT_IN: 0xF1C40F,
    PlatformTraining.NO: 0x2ECC71,
    PlatformTraining.UNCLEAR: 0x95A5A6,
    PlatformTraining.NOT_MENTIONED: 0x95A5A6,
}
VERDICT_EMOJI = {
    PlatformTraining.YES: "🔴",
    PlatformTraining.OPT_OUT: "🟠",
    PlatformTraining.OPT_IN: "🟡",
    PlatformTraining.NO: "🟢",
    PlatformTraining.UNCLEAR: "⚪",
    PlatformTraining.NOT_MENTIONED: "⚪",
}


# ---------------------------------------------------------------- text safety


def break_mentions(text: str) -> str:
    """@everyone, @here, <@id>, <@&id>, <#id>, </cmd:id> can no longer render or ping."""
    text = text.replace("@everyone", f"@{ZWSP}everyone").replace("@here", f"@{ZWSP}here")
    for opener in ("<@", "<#", "</", "<:", "<a:", "<t:"):
        text = text.replace(opener, f"<{ZWSP}{opener[1:]}")
    return text


def untrusted(text: str) -> str:
    """Untrusted text made inert: no markdown, no masked links, no mentions."""
    return break_mentions(discord.utils.escape_markdown(text))


def clip(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def safe_url(url: str) -> str | None:
    """The URL if it is plain http(s), made safe inside a markdown link target."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return None
    return quote(url.strip(), safe=":/?#@!$&'*+,;=%~-._[]")


def link(label: str, url: str) -> str:
    target = safe_url(url)
    return f"[{label}]({target})" if target else ""


def verdict_words(verdict: Verdict) -> str:
    return (
        f"{VERDICT_EMOJI[verdict.platform_training]} "
        f"{PLATFORM_TRAINING_WORDS[verdict.platform_training]}"
        f" · others: {THIRD_PARTY_WORDS[verdict.third_party_training]}"
    )


# ---------------------------------------------------------------- limited embed


class LimitedEmbed:
    """Builds a discord.Embed that never exceeds Discord's per-field and total limits."""

    def __init__(
        self, title: str, description: str = "", *, colour: int = 0x5865F2, url: str = ""
    ) -> None:
        self.embed = discord.Embed(
            title=clip(title, TITLE_MAX),
            description=clip(description, DESCRIPTION_MAX) or None,
            colour=colour,
            url=safe_url(url) if url else None,
        )
        self.dropped = 0  # fields that did not fit

    def used(self) -> int:
        return len(self.embed)

    def add(self, name: str, value: str, *, inline: bool = False) -> bool:
        name = clip(name, FIELD_NAME_MAX) or ZWSP
        value = clip(value, FIELD_VALUE_MAX) or ZWSP
        if (
            len(self.embed.fields) >= FIELDS_MAX
            or self.used() + len(name) + len(value) > TOTAL_MAX - 100
        ):
            self.dropped += 1
            return False
        self.embed.add_field(name=name, value=value, inline=inline)
        return True

    def footer(self, text: str) -> discord.Embed:
        room = TOTAL_MAX - self.used()
        self.embed.set_footer(text=clip(text, min(FOOTER_MAX, max(room, 1))))
        return self.embed


# ---------------------------------------------------------------- answers


def evidence_field(evidence: Evidence) -> tuple[str, str]:
    when = f" · {evidence.date[:10]}" if evidence.date else ""
    name = f"{document_label(evidence.document_kind)}{when}"
    source = link("Read the document", evidence.url)
    room = FIELD_VALUE_MAX - len(source) - 8
    value = f"> “{clip(untrusted(evidence.quote), room)}”"
    if source:
        value += f"\n{source}"
    return name, value


def event_line(event: PolicyEvent) -> str:
    before = PLATFORM_TRAINING_WORDS[event.change.before.platform_training]
    after = PLATFORM_TRAINING_WORDS[event.change.after.platform_training]
    source = link(document_label(event.document_kind), event.url)
    return f"**{event.occurred_at[:10]}** · {before} → {after}" + (f" · {source}" if source else "")


def answer_embed(answer: Answer) -> discord.Embed:
    verdict = answer.verdict
    built = LimitedEmbed(
        answer.headline,
        f"**Verdict:** {verdict_words(verdict)}"
        + (f"\n**Scope:** {', '.join(verdict.scope)}" if verdict.scope else "")
        + (f"\n{untrusted(answer.in_plain_words)}" if answer.in_plain_words else ""),
        colour=COLOURS[verdict.platform_training],
        url=answer.source_url,
    )
    built.add("What you can do", untrusted(answer.what_you_can_do))
    if answer.last_change is not None:
        built.add("Last change", event_line(answer.last_change))
    for evidence in answer.evidence[:10]:
        built.add(*evidence_field(evidence))
    if not answer.evidence:
        built.add("Evidence", "No clause about AI training found in the documents we track.")
    return built.footer("Terms Watch quotes the platform's own terms; this is not legal advice.")


STATUS_PAGE_SIZE = 15


def status_pages(statuses: Sequence[PlatformStatus]) -> int:
    return max(1, (len(statuses) + STATUS_PAGE_SIZE - 1) // STATUS_PAGE_SIZE)


def statuses_embed(statuses: Sequence[PlatformStatus], page: int) -> discord.Embed:
    pages = status_pages(statuses)
    page = max(0, min(page, pages - 1))
    chunk = statuses[page * STATUS_PAGE_SIZE : (page + 1) * STATUS_PAGE_SIZE]
    lines = []
    for status in chunk:
        changed = f" · changed {status.last_change.occurred_at[:10]}" if status.last_change else ""
        lines.append(
            f"**{untrusted(status.platform.name)}** — {verdict_words(status.verdict)}{changed}"
        )
    built = LimitedEmbed(
        "Tracked platforms: is my music used to train AI?",
        "\n".join(lines) or "No platform is tracked yet.",
    )
    return built.footer(f"Page {page + 1} of {pages} · /training <platform> for the evidence")


def history_embed(platform_name: str, events: Sequence[PolicyEvent]) -> discord.Embed:
    built = LimitedEmbed(f"{platform_name}: AI-policy history", "Newest first.")
    if not events:
        built.embed.description = "No AI-relevant change recorded yet."
    for event in events:
        title = clip(
            untrusted(event.title or event.summary or document_label(event.document_kind)), 200
        )
        if not built.add(title, event_line(event)):
            break
    if built.dropped:
        built.embed.description = (
            f"Newest first; {len(events) - len(built.embed.fields)} older changes not shown."
        )
    return built.footer("Dates are when the change took effect or was first seen.")


def subscriptions_embed(
    subscriptions: Sequence[Subscription], name_for: Callable[[str], str], where: str
) -> discord.Embed:
    lines = []
    for sub in subscriptions:
        name = "every platform" if sub.platform_id == ALL_PLATFORMS else name_for(sub.platform_id)
        scope = "AI-relevant changes" if sub.only_ai_changes else "every change"
        state = (
            "" if sub.active else f" (paused: {clip(sub.disabled_reason, 80) or 'delivery failed'})"
        )
        lines.append(f"• **{untrusted(name)}** — {scope}{state}")
    text = "\n".join(lines) or "Nothing yet. Use /subscribe to follow a platform."
    return LimitedEmbed(f"Subscriptions for {where}", text).embed


# ---------------------------------------------------------------- change posts


@dataclass(frozen=True)
class Post:
    embed: discord.Embed
    attachment: tuple[str, bytes] | None = None  # (filename, content) when the diff is long

    def file(self) -> discord.File | None:
        if self.attachment is None:
            return None
        name, content = self.attachment
        return discord.File(io.BytesIO(content), filename=name)


def diff_markdown(event: PolicyEvent, platform_name: str) -> str:
    change = event.change
    lines = [
        f"# {platform_name}: {document_label(event.document_kind)} changed",
        f"Date: {event.occurred_at[:10]}",
        f"Document: {event.url}",
        "",
        change.summary,
        "",
    ]
    if change.added:
        lines += ["## Added clauses", *(f"+ {c}" for c in change.added), ""]
    if change.removed:
        lines += ["## Removed clauses", *(f"- {c}" for c in change.removed), ""]
    return "\n".join(lines)


def _quotes(clauses: Sequence[str], marker: str, budget: int) -> tuple[str, int]:
    """As many whole quoted clauses as fit in `budget`; returns the text and how many fit."""
    out: list[str] = []
    used = 0
    for clause in clauses:
        line = f"{marker} “{untrusted(clause)}”"
        if used + len(line) + 1 > budget:
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out), len(out)


def event_post(event: PolicyEvent, platform_name: str, headline: str = "") -> Post:
    change: Change = event.change
    title = headline or event_headline(event, platform_name)
    before, after = change.before, change.after
    verdict_text = (
        f"**Training by {untrusted(platform_name)}:** "
        f"{PLATFORM_TRAINING_WORDS[before.platform_training]}"
        f" → **{PLATFORM_TRAINING_WORDS[after.platform_training]}**\n"
        f"**Others training on it:** {THIRD_PARTY_WORDS[before.third_party_training]}"
        f" → **{THIRD_PARTY_WORDS[after.third_party_training]}**"
    )
    # The clauses get their own fields: keep the summary's plain-language lines only.
    lines = [
        line for line in change.summary.splitlines() if not line.startswith(("Added:", "Removed:"))
    ]
    summary = untrusted("\n".join(lines).strip())
    description = f"{clip(summary, DESCRIPTION_MAX - len(verdict_text) - 4)}\n\n{verdict_text}"
    built = LimitedEmbed(
        untrusted(title), description, colour=COLOURS[after.platform_training], url=event.url
    )
    complete = True
    for label, clauses, marker in (("Added", change.added, "+"), ("Removed", change.removed, "−")):
        if not clauses:
            continue
        text, fitted = _quotes(clauses, marker, FIELD_VALUE_MAX)
        if fitted < len(clauses):
            complete = False
        if not text:
            text = "(too long to quote here: see the attached file)"
        if not built.add(f"{label} ({len(clauses)})", text):
            complete = False
    if summary and len(summary) > len(clip(summary, DESCRIPTION_MAX - len(verdict_text) - 4)):
        complete = False
    attachment = None
    if not complete:
        built.add("Full change", "Every added and removed clause is in the attached file.")
        name = f"{event.platform_id}-{event.occurred_at[:10]}-changes.md"
        attachment = (name, diff_markdown(event, platform_name).encode("utf-8"))
    source = link("Read the document", event.url)
    if source:
        built.add("Source", source)
    embed = built.footer(
        f"{document_label(event.document_kind)} · {event.occurred_at[:10]}"
        " · /unsubscribe to stop these posts"
    )
    return Post(embed, attachment)
