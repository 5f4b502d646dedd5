"""From AI clauses to a verdict: does the platform (or others) train AI on users' content?"""

from __future__ import annotations

import logging

from bot.domain.clauses import LICENSED, UNCLEAR, Clause, find_ai_clauses
from bot.domain.models import Aspect, Evidence, PlatformTraining, ThirdPartyTraining, Verdict
from bot.domain.normalize import normalize_text
from bot.domain.readings import TIER as _TIER
from bot.domain.readings import reading_of

log = logging.getLogger(__name__)

GENERATIVE_ONLY = "generative AI only"
LICENSED_EXCLUDED = "licensed content excluded"
PUBLIC_DATA = "publicly available information"

_MAX_PER_VALUE = 3
_MAX_READINGS = 8
_PERMISSIVE = {"yes", "opt_out"}
_RESTRICTIVE = {"no", "opt_in"}


def _strength(clause: Clause) -> float:
    """How firmly one sentence supports its own reading."""
    if {"broad", "unresolved_subject"} & set(clause.signals) or clause.reading == UNCLEAR:
        return 0.45
    strength = 0.9
    if "implicit" in clause.signals:  # training words with no AI term ("learns from ...")
        strength -= 0.2
    if "training" not in clause.signals:  # AI named next to content use, no training verb
        strength -= 0.2
    return strength


def confidence_of(
    platform: list[Clause], decisive: list[Clause], third: list[Clause], value: PlatformTraining
) -> float:
    """The verdict's confidence in [0, 1] (rule: see LOW_CONFIDENCE in bot.domain.models).

    - no sentence about the platform's own training: 0.9 (0.95 when no AI sentence at all);
    - otherwise the strongest decisive sentence: 0.9 for an explicit training sentence, 0.7
      for training words without an AI term or AI named without a training verb, 0.45 for
      broad wording, an unresolved subject or an unclear reading; +0.05 when two or more
      decisive sentences agree;
    - minus 0.3 when the document both grants (yes/opt-out) and refuses (no/opt-in) training
      and the verdict had to pick one;
    - at most 0.5 for an "unclear" verdict.
    """
    if not decisive:
        return 0.9 if platform or third else 0.95
    best = max(_strength(c) for c in decisive)
    if len({c.quote for c in decisive}) >= 2 and best > 0.5:
        best += 0.05
    values = {c.reading for c in platform}
    if values & _PERMISSIVE and values & _RESTRICTIVE:
        best -= 0.3
    if value is PlatformTraining.UNCLEAR:
        best = min(best, 0.5)
    return round(min(1.0, max(0.05, best)), 2)


def _tier_scoped_refusals(platform: list[Clause]) -> bool:
    """Every "no" is about paid or business plans and some sentence grants: the grant is the
    default plan's rule ("free plans are trained on; paid plans never")."""
    refusals = [c for c in platform if c.reading == "no"]
    return bool(refusals) and all(_TIER.search((c.context or c.quote).lower()) for c in refusals)


def _narrow_refusals(platform: list[Clause]) -> bool:
    """Every "no" refuses one kind of data ("the content of emails", "your payment
    information") next to a grant or broad wording: the refusal does not cover users' content in
    general, so the other reading stands."""
    refusals = [c for c in platform if c.reading == "no"]
    return bool(refusals) and all("narrow" in c.signals for c in refusals)


def _platform_value(readings: set[str]) -> PlatformTraining:
    if not readings:
        return PlatformTraining.NOT_MENTIONED
    if "opt_out" in readings:
        return PlatformTraining.OPT_OUT
    if "opt_in" in readings:  # a consent rule narrows any general licence
        return PlatformTraining.OPT_IN
    if "yes" in readings and "no" in readings:
        return PlatformTraining.UNCLEAR
    if "yes" in readings:
        return PlatformTraining.YES
    if "no" in readings:
        return PlatformTraining.NO
    return PlatformTraining.UNCLEAR


def _third_value(readings: set[str]) -> ThirdPartyTraining:
    for value in (
        ThirdPartyTraining.PROHIBITED,
        ThirdPartyTraining.OPT_OUT,
        ThirdPartyTraining.OPT_IN,
        ThirdPartyTraining.ALLOWED,
    ):
        if value.value in readings:
            return value
    return ThirdPartyTraining.NOT_MENTIONED


def _scope(platform: list[Clause], decisive: list[Clause], licensed: list[Clause]) -> list[str]:
    scope: list[str] = []
    restrictive = [c for c in decisive if c.reading in ("no", "opt_in")]
    if restrictive and all("generative" in c.signals for c in restrictive):
        scope.append(GENERATIVE_ONLY)
    if licensed:
        scope.append(LICENSED_EXCLUDED)
    if decisive and all("public_data" in c.signals for c in decisive):
        scope.append(PUBLIC_DATA)
    return scope


def verdict_from_clauses(clauses: list[Clause]) -> Verdict:
    """Aggregate per-sentence readings into one verdict with quoted evidence."""
    platform = [c for c in clauses if c.aspect is Aspect.PLATFORM and c.reading != LICENSED]
    licensed = [c for c in clauses if c.reading == LICENSED]
    third = [c for c in clauses if c.aspect is Aspect.THIRD_PARTY]
    values = {c.reading for c in platform}
    if {"yes", "no"} <= values and _tier_scoped_refusals(platform):
        values.discard("no")
    if "no" in values and values & {"yes", UNCLEAR} and _narrow_refusals(platform):
        values.discard("no")  # (a refusal for some kinds of data leaves the grant standing)
    p_value = _platform_value(values)
    t_value = _third_value({c.reading for c in third})

    if p_value is PlatformTraining.UNCLEAR:
        decisive = [c for c in platform if c.reading in ("yes", "no", UNCLEAR)]
    else:
        decisive = [c for c in platform if c.reading == p_value.value]
    evidence: list[Evidence] = []
    seen: set[tuple[str, Aspect]] = set()

    def cite(items: list[Clause], limit: int) -> None:
        for c in items[:limit]:
            key = (c.quote, c.aspect)
            if key not in seen:
                seen.add(key)
                evidence.append(Evidence(quote=c.quote, aspect=c.aspect))

    # every quote supports the value it is quoted for: sentences read otherwise (a general
    # licence that a consent rule narrows) only appear among the readings
    cite(decisive, _MAX_PER_VALUE)
    cite(licensed, 1)
    third_decisive = [c for c in third if c.reading == t_value.value]
    cite(third_decisive, _MAX_PER_VALUE)
    decisive_ids = {id(c) for c in decisive}
    others = [c for c in platform if id(c) not in decisive_ids]
    read: list[Clause] = []
    for c in [*decisive, *others, *third_decisive]:
        if len(read) < _MAX_READINGS and all(
            (r.quote, r.aspect) != (c.quote, c.aspect) for r in read
        ):
            read.append(c)
    first_position: dict[str, int] = {}
    for c in clauses:
        first_position.setdefault(c.quote, c.position)
    evidence.sort(key=lambda e: first_position.get(e.quote, 0))
    return Verdict(
        platform_training=p_value,
        third_party_training=t_value,
        scope=tuple(_scope(platform, decisive, licensed)),
        evidence=tuple(evidence),
        readings=tuple(reading_of(c) for c in read),
        confidence=confidence_of(platform, decisive, third, p_value),
    )


def classify(text: str) -> Verdict:
    """The verdict for one terms document (raw Markdown/text or already normalised).

    Evidence quotes are exact sentences of `normalize_text(text)`."""
    return verdict_from_clauses(find_ai_clauses(normalize_text(text)))
