"""What changed between two versions of one terms document, as far as AI training goes."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from bot.domain.clauses import LICENSED, UNCLEAR, Clause, find_ai_clauses
from bot.domain.dedupe import changed_sentence_prints
from bot.domain.models import (
    PLATFORM_TRAINING_WORDS,
    THIRD_PARTY_WORDS,
    Aspect,
    Change,
    PlatformTraining,
    ThirdPartyTraining,
    Verdict,
)
from bot.domain.normalize import normalize_text
from bot.domain.pattern_code import compile_pattern
from bot.domain.present import (
    FIRST_VERSION_PREFIX,
    GENERATIVE_ONLY,
    is_plural_label,
    third_party_sentence,
    truncate,
    verdict_headline,
)
from bot.domain.readings import reading_of
from bot.domain.verdict import verdict_from_clauses

log = logging.getLogger(__name__)

QUOTE_LIMIT = 300
MAX_QUOTES = 3


def _unique_quotes(clauses: list[Clause]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for clause in clauses:
        if clause.quote not in seen:
            seen.add(clause.quote)
            out.append(clause.quote)
    return out


def _unique(quotes: list[str]) -> list[str]:
    return list(dict.fromkeys(quotes))


def _key(quote: str) -> str:
    return " ".join(quote.split())


TOUCH_UP_SIMILARITY = 0.88  # share of words two versions of one sentence have in common
_WORD = compile_pattern(r"\w+")


_Sense = tuple[str, str, str, tuple[str, ...], str, tuple[str, ...], str, bool]
# who else may train, besides the one the sentence is about: "we and our partners may use",
# "share it with our partners to train" (not "data from partners": a source, not a trainer)
_PARTNER = (
    r"(?:partners?|affiliates?|group companies|partenaires|sociétés du groupe|socios|parceiros"
    r"|partnern?)"
)
_OTHERS_TOO = compile_pattern(
    r"\b(?:we|us|nous|wir|nosotros|nós|noi|wij) (?:and|et|or|ou|und|y|e|en) (?:our |nos |unsere"
    r" |nuestros |os nossos |i nostri |onze )?(?:selected |certain |certains )?"
    + _PARTNER
    + r"|\b(?:with|avec|mit|con|com|met) (?:our |nos |unseren |nuestros |os nossos |i nostri "
    r"|onze )?(?:selected |certain |certains )?"
    + _PARTNER
    + r"|\b"
    + _PARTNER
    + r" (?:may|can|will|could|pourront|peuvent|können|dürfen|podrán|pueden"
    r"|poderão|possono|kunnen|mogen)\b",
    re.I,
)


def _sense(c: Clause) -> _Sense:
    """What one clause says: aspect and value, who trains (and whether others are named
    too), on what, for what, with which control."""
    r = reading_of(replace(c, context=""))  # the sentence alone, not the one read after it
    return (
        c.aspect.value,
        c.reading,
        r.actor,
        r.data,
        r.purpose,
        r.uses,
        r.control,
        bool(_OTHERS_TOO.search(c.quote)),
    )


def _meaning(clauses: list[Clause]) -> dict[str, frozenset[_Sense]]:
    out: dict[str, set[_Sense]] = {}
    for c in clauses:
        out.setdefault(c.quote, set()).add(_sense(c))
    return {q: frozenset(v) for q, v in out.items()}


def _drop_touch_ups(
    added: list[str], removed: list[str], old: list[Clause], new: list[Clause]
) -> tuple[list[str], list[str]]:
    """A sentence whose wording was touched up (a name, a link, a word or two) and that reads
    the same is neither added nor removed: its meaning did not change."""
    if not added or not removed:
        return added, removed
    old_meaning, new_meaning = _meaning(old), _meaning(new)
    words = {q: set(_WORD.findall(q.lower())) for q in (*added, *removed)}
    kept_removed = list(removed)
    kept_added: list[str] = []
    for quote in added:
        twin = next(
            (
                r
                for r in kept_removed
                if old_meaning.get(r) == new_meaning.get(quote)
                and len(words[r] & words[quote])
                >= TOUCH_UP_SIMILARITY * len(words[r] | words[quote])
            ),
            None,
        )
        if twin is None:
            kept_added.append(quote)
        else:
            kept_removed.remove(twin)
    return kept_added, kept_removed


# What a version says about AI training, as far as a subscriber to AI changes cares: for each
# aspect and value its sentences are read as (platform: yes, opt_out ...; others: prohibited ...),
# who trains, on what data, for which purposes and uses, with which controls.
_Profile = set[tuple[str, ...]]
_GRANTS = frozenset({"yes", "opt_out", "unclear", LICENSED})


def _profile(clauses: list[Clause], verdict: Verdict) -> _Profile:
    out: _Profile = set()
    # a broad sentence next to clear ones adds no value of its own (the verdict rests on the
    # clear ones) but may still widen the data, actors or purposes
    broad_counts = verdict.platform_training is PlatformTraining.UNCLEAR
    for c in clauses:
        if broad_counts or c.aspect is not Aspect.PLATFORM or c.reading != UNCLEAR:
            out.add((c.aspect.value, c.reading))
        if c.aspect is not Aspect.PLATFORM:
            continue
        _, value, actor, data, purpose, uses, control, others_too = _sense(c)
        if control:
            out.add(("control", control))
        if value in _GRANTS:  # what the platform says it may train on, who, and for what
            out.add(("actor", actor))
            out.update(("data", d) for d in data)
            out.add(("purpose", purpose))
            out.update(("use", u) for u in uses)
            if others_too:
                out.add(("actor", "partners"))
    return out


def _data_uses(clauses: list[Clause]) -> set[tuple[str, str]]:
    """Which data each grant sentence puts to which stated purpose (personal data to train
    generative models, inputs to train safety classifiers)."""
    out: set[tuple[str, str]] = set()
    for c in clauses:
        if c.aspect is not Aspect.PLATFORM:
            continue
        _, value, _, data, purpose, _, _, _ = _sense(c)
        if value in _GRANTS and purpose != "unstated":
            out.update((d, purpose) for d in data)
    return out


def _changes_meaning(
    added: list[str],
    removed: list[str],
    old: tuple[list[Clause], Verdict],
    new: tuple[list[Clause], Verdict],
) -> bool:
    """True when the sentences added or removed change what the document says about AI
    training: a value no sentence had before (or none has any more), or, for a value, other
    actors, data, purposes or controls.

    A rewording that keeps what the sentences mean (punctuation, numbering, a renamed company
    or product, a translated rendering, a second sentence repeating a promise) changes nothing
    a subscriber to AI changes needs to hear. One that widens the data, the actors or the
    purposes, or changes the value or the control (an opt-out removed, a consent added) does."""
    if not added and not removed:
        return False
    # data put to a purpose no sentence put it to before is a wider use even when both were
    # named before, each in its own sentence (personal data trained other models, chats
    # trained generative ones; now personal data trains generative models)
    return _profile(*old) != _profile(*new) or bool(_data_uses(new[0]) - _data_uses(old[0]))


def _now_phrase(verdict: Verdict, plural: bool) -> str:
    ai = "generative AI" if GENERATIVE_ONLY in verdict.scope else "AI"
    s = "" if plural else "s"
    match verdict.platform_training:
        case PlatformTraining.YES:
            return f"allow{s} training AI on your uploads"
        case PlatformTraining.OPT_OUT:
            return f"allow{s} training AI on your uploads unless you opt out"
        case PlatformTraining.OPT_IN:
            return (
                f"only allow{s} training {ai} on your uploads with your explicit consent (opt-in)"
            )
        case PlatformTraining.NO:
            return f"say{s} your uploads are not used to train {ai}"
        case PlatformTraining.UNCLEAR:
            return (
                f"mention{s} AI training, but are unclear about it"
                if plural
                else ("mentions AI training, but is unclear about it")
            )
        case _:
            return f"say{s} nothing about training AI on your uploads"


def _past_phrase(verdict: Verdict, plural: bool) -> str:
    who = "they" if plural else "it"
    match verdict.platform_training:
        case PlatformTraining.YES:
            return f"{who} allowed it"
        case PlatformTraining.OPT_OUT:
            return f"{who} allowed it unless you opted out"
        case PlatformTraining.OPT_IN:
            return f"{who} required your explicit consent"
        case PlatformTraining.NO:
            return f"{who} said your uploads were not used to train AI"
        case PlatformTraining.UNCLEAR:
            return f"{who} {'were' if plural else 'was'} unclear about it"
        case _:
            return f"{who} said nothing about it"


def _quoted(label: str, quotes: list[str]) -> list[str]:
    lines = [f"{label}: “{truncate(q, QUOTE_LIMIT)}”" for q in quotes[:MAX_QUOTES]]
    if len(quotes) > MAX_QUOTES:
        lines.append(f"(and {len(quotes) - MAX_QUOTES} more)")
    return lines


def _summary(
    platform_name: str,
    document_label: str,
    before: Verdict,
    after: Verdict,
    added: list[str],
    removed: list[str],
    first: bool,
    ai_relevant: bool,
) -> str:
    doc = f"{platform_name}'s {document_label}"
    plural = is_plural_label(document_label)
    if first:
        head = f"{FIRST_VERSION_PREFIX} of {doc}. {verdict_headline(platform_name, after)}"
        if after.third_party_training is not ThirdPartyTraining.NOT_MENTIONED:
            head += " " + third_party_sentence(platform_name, after)
        # only the sentences the verdicts rest on: each supports the value it is quoted for
        supporting = _unique([e.quote for e in after.evidence])
        return "\n".join([head, *_quoted("Quoted", supporting)])
    if not ai_relevant:
        if added or removed:
            their = "their" if plural else "its"
            return (
                f"{doc} changed, but nothing about AI training changed: {their} sentences about "
                "it were reworded without changing what they say."
            )
        return f"{doc} changed, but nothing about AI training changed."
    if before.platform_training != after.platform_training:
        head = f"{doc} now {_now_phrase(after, plural)}; before, {_past_phrase(before, plural)}."
    elif before.third_party_training != after.third_party_training:
        head = (
            f"{doc} changed what others may do with your uploads: now "
            f"{THIRD_PARTY_WORDS[after.third_party_training]}; before, "
            f"{THIRD_PARTY_WORDS[before.third_party_training]}."
        )
    else:
        their = "their" if plural else "its"
        head = (
            f"{doc} changed {their} wording about AI training; the verdict is unchanged "
            f"({PLATFORM_TRAINING_WORDS[after.platform_training]}; "
            f"{THIRD_PARTY_WORDS[after.third_party_training]})."
        )
    return "\n".join([head, *_quoted("Added", added), *_quoted("Removed", removed)])


def compare(
    old_text: str | None,
    new_text: str,
    *,
    platform_name: str,
    document_label: str,
    new_normalized: str | None = None,
    new_clauses: list[Clause] | None = None,
    old_normalized: str | None = None,
    old_clauses: list[Clause] | None = None,
) -> Change:
    """Classify both versions and say what changed about AI (old_text None: first version).
    `new_normalized`: `normalize_text(new_text)` when the caller already has it; `new_clauses`:
    `find_ai_clauses(new_normalized)`, likewise. `old_normalized` and `old_clauses`: the same
    for `old_text` (both or neither), e.g. stored with the old version."""
    if new_normalized is None:
        new_normalized = normalize_text(new_text)
    if new_clauses is None:
        new_clauses = find_ai_clauses(new_normalized)
    after = verdict_from_clauses(new_clauses)
    new_quotes = _unique_quotes(new_clauses)
    if old_text is None:
        before = Verdict()
        ai_relevant = bool(new_clauses)
        summary = _summary(
            platform_name, document_label, before, after, new_quotes, [], True, ai_relevant
        )
        return Change(
            ai_relevant, before, after, tuple(new_quotes), (), summary, confidence=after.confidence
        )
    if old_normalized is None or old_clauses is None:
        old_normalized = normalize_text(old_text)
        old_clauses = find_ai_clauses(old_normalized)
    before = verdict_from_clauses(old_clauses)
    old_quotes = _unique_quotes(old_clauses)
    old_keys = {_key(q) for q in old_quotes}
    new_keys = {_key(q) for q in new_quotes}
    added = [q for q in new_quotes if _key(q) not in old_keys]
    removed = [q for q in old_quotes if _key(q) not in new_keys]
    added, removed = _drop_touch_ups(added, removed, old_clauses, new_clauses)
    ai_relevant = not before.same_outcome(after) or _changes_meaning(
        added, removed, (old_clauses, before), (new_clauses, after)
    )
    summary = _summary(
        platform_name, document_label, before, after, added, removed, False, ai_relevant
    )
    # The changed sentences' prints recognise one change reported by the page and by its feed
    # when it is not about AI (bot.domain.dedupe.reports_same_change); an AI-relevant change is
    # recognised by its added and removed AI clauses, so its prints would never be read.
    changed = () if ai_relevant else changed_sentence_prints(old_normalized, new_normalized)
    return Change(
        ai_relevant,
        before,
        after,
        tuple(added),
        tuple(removed),
        summary,
        changed,
        confidence=change_confidence(before, after),
    )


def change_confidence(before: Verdict, after: Verdict) -> float:
    """A change is as sure as the less sure of its two verdicts when the verdict moves (the
    move is only as good as both readings); otherwise as sure as the new verdict."""
    if before.same_outcome(after):
        return after.confidence
    return min(before.confidence, after.confidence)
