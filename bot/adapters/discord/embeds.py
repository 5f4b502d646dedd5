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

from bot.domain.i18n import ENGLISH, Translator, quote_language_label
from bot.domain.models import (
    ALL_PLATFORMS,
    VERDICT_COLOURS,
    Change,
    Evidence,
    PlatformTraining,
    PolicyEvent,
    Subscription,
    Verdict,
)
from bot.domain.present import (
    document_label,
    event_headline,
    event_summary,
    others_words,
    training_words,
)
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

COLOURS = {verdict: int(hex_colour[1:], 16) for verdict, hex_colour in VERDICT_COLOURS.items()}
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


def verdict_words(verdict: Verdict, tr: Translator = ENGLISH) -> str:
    return f"{VERDICT_EMOJI[verdict.platform_training]} " + tr.gettext(
        "{verdict} · others: {others}",
        verdict=training_words(verdict.platform_training, tr),
        others=others_words(verdict.third_party_training, tr),
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


def evidence_field(evidence: Evidence, tr: Translator = ENGLISH) -> tuple[str, str]:
    when = f" · {evidence.date[:10]}" if evidence.date else ""
    name = f"{document_label(evidence.document_kind, tr)}{when}"
    source = link(tr.gettext("Read the document"), evidence.url)
    language = quote_language_label(evidence.quote, tr)  # quotes stay in their own language
    room = FIELD_VALUE_MAX - len(source) - len(language) - 8
    value = f"> “{clip(untrusted(evidence.quote), room)}”{language}"
    if source:
        value += f"\n{source}"
    return name, value


def event_line(event: PolicyEvent, tr: Translator = ENGLISH) -> str:
    before = training_words(event.change.before.platform_training, tr)
    after = training_words(event.change.after.platform_training, tr)
    source = link(document_label(event.document_kind, tr), event.url)
    return f"**{event.occurred_at[:10]}** · {before} → {after}" + (f" · {source}" if source else "")


def answer_embed(answer: Answer, tr: Translator = ENGLISH) -> discord.Embed:
    verdict = answer.verdict
    built = LimitedEmbed(
        answer.headline,
        tr.gettext("**Verdict:** {verdict}", verdict=verdict_words(verdict, tr))
        + (
            "\n" + tr.gettext("**Scope:** {scope}", scope=", ".join(verdict.scope))
            if verdict.scope
            else ""
        )
        # The plain-words reading is composed in English: shown to English readers only.
        + (
            f"\n{untrusted(answer.in_plain_words)}"
            if answer.in_plain_words and tr.language == "en"
            else ""
        )
        # the third-party quotes among the fields are about others, not the platform's own use
        + (f"\n{answer.about_others}" if answer.about_others else ""),
        colour=COLOURS[verdict.platform_training],
        url=answer.source_url,
    )
    built.add(tr.gettext("What you can do"), untrusted(answer.what_you_can_do))
    if answer.last_change is not None:
        built.add(tr.gettext("Last change"), event_line(answer.last_change, tr))
    for evidence in answer.evidence[:10]:
        built.add(*evidence_field(evidence, tr))
    if not answer.evidence:
        built.add(
            tr.gettext("Evidence"),
            tr.gettext("No clause about AI training found in the documents we track."),
        )
    return built.footer(
        tr.gettext("Terms Watch quotes the platform's own terms; this is not legal advice.")
    )


STATUS_PAGE_SIZE = 15


def status_pages(statuses: Sequence[PlatformStatus]) -> int:
    return max(1, (len(statuses) + STATUS_PAGE_SIZE - 1) // STATUS_PAGE_SIZE)


def statuses_embed(
    statuses: Sequence[PlatformStatus],
    page: int,
    *,
    category: str = "",
    tr: Translator = ENGLISH,
) -> discord.Embed:
    pages = status_pages(statuses)
    page = max(0, min(page, pages - 1))
    chunk = statuses[page * STATUS_PAGE_SIZE : (page + 1) * STATUS_PAGE_SIZE]
    lines = []
    for status in chunk:
        changed = (
            " · " + tr.gettext("changed {date}", date=status.last_change.occurred_at[:10])
            if status.last_change
            else ""
        )
        lines.append(
            f"**{untrusted(status.platform.name)}** — {verdict_words(status.verdict, tr)}{changed}"
        )
    title = tr.gettext("Tracked platforms: is my music used to train AI?")
    built = LimitedEmbed(
        tr.gettext("{category}: is my work used to train AI?", category=category)
        if category
        else title,
        "\n".join(lines) or tr.gettext("No platform is tracked yet."),
    )
    return built.footer(
        tr.gettext(
            "Page {page} of {pages} · /training <platform> for the evidence",
            page=page + 1,
            pages=pages,
        )
    )


def history_embed(
    platform_name: str, events: Sequence[PolicyEvent], tr: Translator = ENGLISH
) -> discord.Embed:
    built = LimitedEmbed(
        tr.gettext("{platform}: AI-policy history", platform=platform_name),
        tr.gettext("Newest first."),
    )
    if not events:
        built.embed.description = tr.gettext("No AI-relevant change recorded yet.")
    for event in events:
        heading = event.title or event.summary if tr.language == "en" else ""
        title = clip(
            untrusted(heading or event_headline(event, platform_name, tr)),
            200,
        )
        if not built.add(title, event_line(event, tr)):
            break
    if built.dropped:
        built.embed.description = tr.gettext(
            "Newest first; {count} older changes not shown.",
            count=len(events) - len(built.embed.fields),
        )
    return built.footer(tr.gettext("Dates are when the change took effect or was first seen."))


def subscriptions_embed(
    subscriptions: Sequence[Subscription],
    name_for: Callable[[str], str],
    where: str,
    tr: Translator = ENGLISH,
) -> discord.Embed:
    lines = []
    for sub in subscriptions:
        name = (
            tr.gettext("every platform")
            if sub.platform_id == ALL_PLATFORMS
            else name_for(sub.platform_id)
        )
        scope = (
            tr.gettext("AI-relevant changes") if sub.only_ai_changes else tr.gettext("every change")
        )
        reason = clip(sub.disabled_reason, 80) or tr.gettext("delivery failed")
        state = "" if sub.active else " " + tr.gettext("(paused: {reason})", reason=reason)
        lines.append(f"• **{untrusted(name)}** — {scope}{state}")
    text = "\n".join(lines) or tr.gettext("Nothing yet. Use /subscribe to follow a platform.")
    return LimitedEmbed(tr.gettext("Subscriptions for {where}", where=where), text).embed


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


def diff_markdown(event: PolicyEvent, platform_name: str, tr: Translator = ENGLISH) -> str:
    change = event.change
    lines = [
        "# "
        + tr.gettext(
            "{platform}: {document} changed",
            platform=platform_name,
            document=document_label(event.document_kind, tr),
        ),
        tr.gettext("Date: {date}", date=event.occurred_at[:10]),
        tr.gettext("Document: {url}", url=event.url),
        "",
        event_summary(event, platform_name, tr),
        "",
    ]
    if change.added:
        lines += ["## " + tr.gettext("Added clauses"), *(f"+ {c}" for c in change.added), ""]
    if change.removed:
        lines += ["## " + tr.gettext("Removed clauses"), *(f"- {c}" for c in change.removed), ""]
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


def event_post(
    event: PolicyEvent, platform_name: str, headline: str = "", tr: Translator = ENGLISH
) -> Post:
    change: Change = event.change
    title = headline or event_headline(event, platform_name, tr)
    before, after = change.before, change.after
    verdict_text = (
        tr.gettext(
            "**Training by {platform}:** {before} → **{after}**",
            platform=untrusted(platform_name),
            before=training_words(before.platform_training, tr),
            after=training_words(after.platform_training, tr),
        )
        + "\n"
        + tr.gettext(
            "**Others training on it:** {before} → **{after}**",
            before=others_words(before.third_party_training, tr),
            after=others_words(after.third_party_training, tr),
        )
    )
    # The clauses get their own fields: keep the summary's plain-language lines only.
    lines = [
        line
        for line in event_summary(event, platform_name, tr).splitlines()
        if not line.startswith(("Added:", "Removed:"))
    ]
    summary = untrusted("\n".join(lines).strip())
    description = f"{clip(summary, DESCRIPTION_MAX - len(verdict_text) - 4)}\n\n{verdict_text}"
    built = LimitedEmbed(
        untrusted(title), description, colour=COLOURS[after.platform_training], url=event.url
    )
    complete = True
    added = tr.gettext("Added ({count})", count=len(change.added))
    removed = tr.gettext("Removed ({count})", count=len(change.removed))
    language = quote_language_label(" ".join(change.added + change.removed), tr).strip()
    for label, clauses, marker in ((added, change.added, "+"), (removed, change.removed, "−")):
        if not clauses:
            continue
        text, fitted = _quotes(clauses, marker, FIELD_VALUE_MAX)
        if fitted < len(clauses):
            complete = False
        if not text:
            text = tr.gettext("(too long to quote here: see the attached file)")
        if not built.add(f"{label} {language}".strip(), text):
            complete = False
    if summary and len(summary) > len(clip(summary, DESCRIPTION_MAX - len(verdict_text) - 4)):
        complete = False
    attachment = None
    if not complete:
        built.add(
            tr.gettext("Full change"),
            tr.gettext("Every added and removed clause is in the attached file."),
        )
        name = f"{event.platform_id}-{event.occurred_at[:10]}-changes.md"
        attachment = (name, diff_markdown(event, platform_name, tr).encode("utf-8"))
    source = link(tr.gettext("Read the document"), event.url)
    if source:
        built.add(tr.gettext("Source"), source)
    embed = built.footer(
        f"{document_label(event.document_kind, tr)} · {event.occurred_at[:10]} · "
        + tr.gettext("/unsubscribe to stop these posts")
    )
    return Post(embed, attachment)
