"""Plain-language words shared by every medium (Discord, Bluesky, console, web).

Everything here returns plain text. Quotes from terms documents are untrusted: each renderer
escapes markup and disables mentions for its own medium.
"""

from __future__ import annotations

import logging

from bot.domain.i18n import ENGLISH, N_, Translator
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

_DOCUMENT_LABELS: dict[str, str] = {  # msgids: translated where shown
    "terms_of_service": N_("Terms of Service"),
    "terms_of_use": N_("Terms of Use"),
    "privacy_policy": N_("Privacy Policy"),
    "acceptable_use_policy": N_("Acceptable Use Policy"),
    "community_guidelines": N_("Community Guidelines"),
    "copyright_policy": N_("Copyright Policy"),
    "cookie_policy": N_("Cookie Policy"),
    "developer_terms": N_("Developer Terms"),
    "ai_terms": N_("AI Terms"),
    "ai_policy": N_("AI Policy"),
}
_SMALL_WORDS = frozenset({"of", "and", "for", "the", "to", "in", "on", "a", "an", "or"})
_KEEP_UPPER = frozenset({"ai", "api", "eu", "us", "uk", "dsa", "sms", "faq"})


def document_label(kind: str, tr: Translator = ENGLISH) -> str:
    """'terms_of_service' -> 'Terms of Service'; unknown kinds are title-cased sensibly."""
    key = kind.strip().lower().replace("-", "_").replace(" ", "_")
    if key in _DOCUMENT_LABELS:
        return tr.gettext(_DOCUMENT_LABELS[key])
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


def unread_headline(platform_name: str, tr: Translator = ENGLISH) -> str:
    """For a platform whose documents have not been read yet: say so, never "not mentioned"."""
    return tr.gettext(
        "I haven't read {platform}'s terms yet (the first check is still to come), "
        "so I can't say whether it trains AI on your content.",
        platform=platform_name,
    )


def verdict_headline(
    platform_name: str, verdict: Verdict, tr: Translator = ENGLISH, *, content_noun: str = ""
) -> str:
    """One plain sentence an artist understands about the platform's own AI training."""
    text = _headline(platform_name, verdict, tr)
    if content_noun and tr.language == "en":  # another noun only reads right in English
        text = text.replace("your content", f"your {content_noun}")
    return text


def _headline(p: str, verdict: Verdict, tr: Translator) -> str:
    generative = GENERATIVE_ONLY in verdict.scope
    match verdict.platform_training:
        case PlatformTraining.YES:
            return tr.gettext(
                "{platform}'s terms allow it to train AI on your content, "
                "with no stated way to refuse.",
                platform=p,
            )
        case PlatformTraining.OPT_OUT:
            return tr.gettext(
                "{platform} may train AI on your content unless you opt out (it is on by default).",
                platform=p,
            )
        case PlatformTraining.OPT_IN if generative:
            return tr.gettext(
                "{platform} says it will only train generative AI on your content with your "
                "explicit consent (opt-in).",
                platform=p,
            )
        case PlatformTraining.OPT_IN:
            return tr.gettext(
                "{platform} says it will only train AI on your content with your "
                "explicit consent (opt-in).",
                platform=p,
            )
        case PlatformTraining.NO if generative:
            return tr.gettext(
                "{platform} says it does not train generative AI on your content.", platform=p
            )
        case PlatformTraining.NO:
            return tr.gettext("{platform} says it does not train AI on your content.", platform=p)
        case PlatformTraining.UNCLEAR:
            return tr.gettext(
                "{platform}'s terms mention AI, but it is unclear whether it trains AI "
                "on your content.",
                platform=p,
            )
        case _:
            return tr.gettext(
                "{platform}'s terms don't mention training AI on your content.", platform=p
            )


def third_party_sentence(platform_name: str, verdict: Verdict, tr: Translator = ENGLISH) -> str:
    """One plain sentence about whether others (scrapers, AI companies) may train on it."""
    p = platform_name
    match verdict.third_party_training:
        case ThirdPartyTraining.PROHIBITED:
            return tr.gettext(
                "{platform}'s terms forbid others, such as scrapers and AI companies, "
                "from training AI on content hosted there.",
                platform=p,
            )
        case ThirdPartyTraining.OPT_OUT:
            return tr.gettext(
                "Others may train AI on your content on {platform} unless you opt out.",
                platform=p,
            )
        case ThirdPartyTraining.OPT_IN:
            return tr.gettext(
                "Others may only train AI on your content on {platform} with your consent.",
                platform=p,
            )
        case ThirdPartyTraining.ALLOWED:
            return tr.gettext(
                "{platform}'s terms let others train AI on content hosted there.", platform=p
            )
        case _:
            return tr.gettext(
                "{platform}'s terms don't say whether others may train AI on content hosted there.",
                platform=p,
            )


def _is_first_version(event: PolicyEvent) -> bool:
    return event.change.summary.startswith(FIRST_VERSION_PREFIX)


def training_words(value: PlatformTraining, tr: Translator = ENGLISH) -> str:
    return tr.gettext(PLATFORM_TRAINING_WORDS[value])


def others_words(value: ThirdPartyTraining, tr: Translator = ENGLISH) -> str:
    return tr.gettext(THIRD_PARTY_WORDS[value])


def event_headline(event: PolicyEvent, platform_name: str, tr: Translator = ENGLISH) -> str:
    """A short title for posts, e.g. 'SoundCloud changed its AI terms: training allowed →
    opt-in only'."""
    change = event.change
    label = document_label(event.document_kind, tr)
    before, after = change.before, change.after
    after_words = training_words(after.platform_training, tr)
    p = platform_name
    if _is_first_version(event):
        return tr.gettext(
            "{platform}'s {document}: AI training {verdict}",
            platform=p,
            document=label,
            verdict=after_words,
        )
    if not change.ai_relevant:
        return tr.gettext(
            "{platform} updated its {document} (nothing about AI changed)",
            platform=p,
            document=label,
        )
    if before.platform_training != after.platform_training:
        return tr.gettext(
            "{platform} changed its AI terms: {before} → {after}",
            platform=p,
            before=training_words(before.platform_training, tr),
            after=after_words,
        )
    if before.third_party_training != after.third_party_training:
        return tr.gettext(
            "{platform} changed its AI terms for others: {before} → {after}",
            platform=p,
            before=others_words(before.third_party_training, tr),
            after=others_words(after.third_party_training, tr),
        )
    return tr.gettext(
        "{platform} reworded the AI clauses of its {document} ({verdict})",
        platform=p,
        document=label,
        verdict=after_words,
    )


def event_summary(event: PolicyEvent, platform_name: str, tr: Translator = ENGLISH) -> str:
    """The change's summary: as stored (English) or, in another language, the new verdicts in
    plain words (the stored summary is written once, in English, when the change is found)."""
    if tr.language == "en":
        return event.change.summary
    after = event.change.after
    return (
        f"{verdict_headline(platform_name, after, tr)} "
        f"{third_party_sentence(platform_name, after, tr)}"
    )


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


def forum_title(event: PolicyEvent, platform_name: str, tr: Translator = ENGLISH) -> str:
    """A forum post's title, '<Platform>: <what changed>', within Discord's 100 characters."""
    change = event.change
    before, after = change.before, change.after
    if not change.ai_relevant:
        what = tr.gettext(
            "{document} updated, nothing about AI changed",
            document=document_label(event.document_kind, tr),
        )
    elif before.platform_training != after.platform_training:
        what = tr.gettext(
            "AI training {before} → {after}",
            before=training_words(before.platform_training, tr),
            after=training_words(after.platform_training, tr),
        )
    elif before.third_party_training != after.third_party_training:
        what = tr.gettext(
            "others' AI training {before} → {after}",
            before=others_words(before.third_party_training, tr),
            after=others_words(after.third_party_training, tr),
        )
    else:
        what = tr.gettext(
            "AI clauses reworded ({verdict})", verdict=training_words(after.platform_training, tr)
        )
    return truncate(f"{platform_name}: {what}", FORUM_TITLE_MAX)


# ---------------------------------------------------------------- readings in plain words
_DATA_WORDS = {
    "uploads": "your uploads",
    "inputs": "what you type (prompts and chats)",
    "personal_data": "your personal data",
    "usage_data": "data about how you use it",
    "responses": "answers to your surveys and forms",
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
