"""Plain-language words shared by every medium (Discord, Bluesky, console, web).

Everything here returns plain text. Quotes from terms documents are untrusted: each renderer
escapes markup and disables mentions for its own medium.
"""

from __future__ import annotations

import logging

from bot.domain.models import (
    PLATFORM_TRAINING_WORDS,
    THIRD_PARTY_WORDS,
    Aspect,
    PlatformTraining,
    PolicyEvent,
    Reading,
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


# ---------------------------------------------------------------- readings in plain words
_DATA_WORDS = {
    "uploads": "your uploads",
    "inputs": "what you type (prompts and chats)",
    "personal_data": "your personal data",
    "usage_data": "data about how you use it",
    "public_data": "publicly available information",
}
_USE_WORDS = {
    "recommendations": "recommendations",
    "safety": "safety",
    "search": "search",
    "advertising": "advertising",
    "speech": "speech recognition",
    "translation": "translation",
}
_WHERE_WORDS = {
    "settings": "in your settings",
    "form": "with a form",
    "email": "by writing to them",
}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _reading_words(name: str, reading: Reading) -> str:
    who = {"partners": f"{name}'s partners", "third_parties": "Third parties"}.get(
        reading.actor, name
    )
    data = _and([_DATA_WORDS[d] for d in reading.data if d in _DATA_WORDS] or ["your content"])
    if reading.purpose == "generative":
        what = "to train generative AI"
    elif reading.purpose == "other_ml":
        uses = [_USE_WORDS[u] for u in reading.uses if u in _USE_WORDS]
        what = "to train machine-learning models" + (f" for {_and(uses)}" if uses else "")
    else:
        what = "to train AI"
    where = _WHERE_WORDS.get(reading.where, "")
    match reading.value:
        case "yes":
            text = f"{who} uses {data} {what}"
        case "opt_out":
            text = f"{who} uses {data} {what} unless you opt out" + (f" {where}" if where else "")
        case "opt_in":
            text = f"{who} only uses {data} {what} if you agree (opt-in)"
        case "no":
            text = f"{who} says it does not use {data} {what}"
        case _:
            text = f"{who} may use {data} {what}; the wording is broad"
    if reading.control == "plan":
        text += " (it depends on your plan)"
    return text


def readings_sentence(platform_name: str, verdict: Verdict) -> str:
    """What the platform's AI sentences say, in plain words: who, on what, for what, control.

    e.g. "Spotify uses your personal data to train machine-learning models for recommendations
    and safety; its terms don't say it trains generative AI on your uploads." Empty when the
    verdict rests on no sentence about the platform's own training."""
    own = [
        r
        for r in verdict.readings
        if r.aspect is Aspect.PLATFORM and r.value and r.value == verdict.platform_training.value
    ]
    if not own and verdict.platform_training is PlatformTraining.UNCLEAR:
        own = [r for r in verdict.readings if r.aspect is Aspect.PLATFORM and r.value]
    if not own:
        return ""
    parts: list[str] = []
    for reading in own:
        words = _reading_words(platform_name, reading)
        if words not in parts:
            parts.append(words)
        if len(parts) == 2:
            break
    text = "; ".join(parts)
    permissive = verdict.platform_training in (
        PlatformTraining.YES,
        PlatformTraining.OPT_OUT,
        PlatformTraining.UNCLEAR,
    )
    if permissive and all(r.purpose == "other_ml" for r in own):
        text += "; its terms don't say it trains generative AI on your uploads"
    return text + "."
