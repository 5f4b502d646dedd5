"""Plain-language words shared by every medium (Discord, Bluesky, console, web).

Everything here returns plain text. Quotes from terms documents are untrusted: each renderer
escapes markup and disables mentions for its own medium.
"""

from __future__ import annotations

import logging

from bot.domain.models import (
    PLATFORM_TRAINING_WORDS,
    THIRD_PARTY_WORDS,
    PlatformTraining,
    PolicyEvent,
    ThirdPartyTraining,
    Verdict,
)

log = logging.getLogger(__name__)

FIRST_VERSION_PREFIX = "First recorded version"
GENERATIVE_ONLY = "generative AI only"

_DOCUMENT_LABELS: dict[str, str] = {
    "terms_of_service": "Terms of Service",
    "terms_of_use": "Terms of Use",
    "privacy_policy": "Privacy Policy",
    "acceptable_use_policy": "Acceptable Use Policy",
    "community_guidelines": "Community Guidelines",
    "copyright_policy": "Copyright Policy",
    "cookie_policy": "Cookie Policy",
    "developer_terms": "Developer Terms",
    "ai_terms": "AI Terms",
    "ai_policy": "AI Policy",
}
_SMALL_WORDS = frozenset({"of", "and", "for", "the", "to", "in", "on", "a", "an", "or"})
_KEEP_UPPER = frozenset({"ai", "api", "eu", "us", "uk", "dsa", "sms", "faq"})


def document_label(kind: str) -> str:
    """'terms_of_service' -> 'Terms of Service'; unknown kinds are title-cased sensibly."""
    key = kind.strip().lower().replace("-", "_").replace(" ", "_")
    if key in _DOCUMENT_LABELS:
        return _DOCUMENT_LABELS[key]
    words = [w for w in key.split("_") if w]
    if not words:
        return "Terms"
    out: list[str] = []
    for i, word in enumerate(words):
        if word in _KEEP_UPPER:
            out.append(word.upper())
        elif i > 0 and word in _SMALL_WORDS:
            out.append(word)
        else:
            out.append(word.capitalize())
    return " ".join(out)


def is_plural_label(label: str) -> bool:
    """'Terms of Use' reads as plural ('they'); 'Privacy Policy' as singular ('it')."""
    first = label.split(" ", 1)[0].lower()
    return first in {"terms", "guidelines", "rules", "conditions"}


def _ai(verdict: Verdict) -> str:
    return "generative AI" if GENERATIVE_ONLY in verdict.scope else "AI"


def unread_headline(platform_name: str) -> str:
    """For a platform whose documents have not been read yet: say so, never "not mentioned"."""
    return (
        f"I haven't read {platform_name}'s terms yet (the first check is still to come), "
        "so I can't say whether it trains AI on your content."
    )


def verdict_headline(platform_name: str, verdict: Verdict, *, content_noun: str = "content") -> str:
    """One plain sentence an artist understands about the platform's own AI training."""
    ai = _ai(verdict)
    noun = content_noun
    match verdict.platform_training:
        case PlatformTraining.YES:
            return (
                f"{platform_name}'s terms allow it to train AI on your {noun}, "
                "with no stated way to refuse."
            )
        case PlatformTraining.OPT_OUT:
            return (
                f"{platform_name} may train AI on your {noun} unless you opt out "
                "(it is on by default)."
            )
        case PlatformTraining.OPT_IN:
            return (
                f"{platform_name} says it will only train {ai} on your {noun} with your "
                "explicit consent (opt-in)."
            )
        case PlatformTraining.NO:
            return f"{platform_name} says it does not train {ai} on your {noun}."
        case PlatformTraining.UNCLEAR:
            return (
                f"{platform_name}'s terms mention AI, but it is unclear whether it trains AI "
                f"on your {noun}."
            )
        case _:
            return f"{platform_name}'s terms don't mention training AI on your {noun}."


def third_party_sentence(
    platform_name: str, verdict: Verdict, *, content_noun: str = "content"
) -> str:
    """One plain sentence about whether others (scrapers, AI companies) may train on it."""
    noun = content_noun
    match verdict.third_party_training:
        case ThirdPartyTraining.PROHIBITED:
            return (
                f"{platform_name}'s terms forbid others, such as scrapers and AI companies, "
                f"from training AI on {noun} hosted there."
            )
        case ThirdPartyTraining.OPT_OUT:
            return f"Others may train AI on your {noun} on {platform_name} unless you opt out."
        case ThirdPartyTraining.OPT_IN:
            return f"Others may only train AI on your {noun} on {platform_name} with your consent."
        case ThirdPartyTraining.ALLOWED:
            return f"{platform_name}'s terms let others train AI on {noun} hosted there."
        case _:
            return (
                f"{platform_name}'s terms don't say whether others may train AI on "
                f"{noun} hosted there."
            )


def _is_first_version(event: PolicyEvent) -> bool:
    return event.change.summary.startswith(FIRST_VERSION_PREFIX)


def event_headline(event: PolicyEvent, platform_name: str) -> str:
    """A short title for posts, e.g. 'SoundCloud changed its AI terms: training allowed →
    opt-in only'."""
    change = event.change
    label = document_label(event.document_kind)
    before, after = change.before, change.after
    after_words = PLATFORM_TRAINING_WORDS[after.platform_training]
    if _is_first_version(event):
        return f"{platform_name}'s {label}: AI training {after_words}"
    if not change.ai_relevant:
        return f"{platform_name} updated its {label} (nothing about AI changed)"
    if before.platform_training != after.platform_training:
        return (
            f"{platform_name} changed its AI terms: "
            f"{PLATFORM_TRAINING_WORDS[before.platform_training]} → {after_words}"
        )
    if before.third_party_training != after.third_party_training:
        return (
            f"{platform_name} changed its AI terms for others: "
            f"{THIRD_PARTY_WORDS[before.third_party_training]} → "
            f"{THIRD_PARTY_WORDS[after.third_party_training]}"
        )
    return f"{platform_name} reworded the AI clauses of its {label} ({after_words})"


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary and ended with '…'."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return "…"
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= max(1, (limit - 1) // 2):
        cut = cut[:space]
    cut = cut.rstrip(" \t\n,;:-")
    return cut + "…"


FORUM_TITLE_MAX = 100  # Discord's limit for a thread name


def forum_title(event: PolicyEvent, platform_name: str) -> str:
    """A forum post's title, '<Platform>: <what changed>', within Discord's 100 characters."""
    change = event.change
    before, after = change.before, change.after
    if not change.ai_relevant:
        what = f"{document_label(event.document_kind)} updated, nothing about AI changed"
    elif before.platform_training != after.platform_training:
        what = (
            f"AI training {PLATFORM_TRAINING_WORDS[before.platform_training]} → "
            f"{PLATFORM_TRAINING_WORDS[after.platform_training]}"
        )
    elif before.third_party_training != after.third_party_training:
        what = (
            f"others' AI training {THIRD_PARTY_WORDS[before.third_party_training]} → "
            f"{THIRD_PARTY_WORDS[after.third_party_training]}"
        )
    else:
        what = f"AI clauses reworded ({PLATFORM_TRAINING_WORDS[after.platform_training]})"
    return truncate(f"{platform_name}: {what}", FORUM_TITLE_MAX)
