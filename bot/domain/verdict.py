"""From AI clauses to a verdict: does the platform (or others) train AI on users' content?"""

from __future__ import annotations

import logging

from bot.domain.clauses import LICENSED, UNCLEAR, Clause, find_ai_clauses
from bot.domain.models import Aspect, Evidence, PlatformTraining, ThirdPartyTraining, Verdict
from bot.domain.normalize import normalize_text

log = logging.getLogger(__name__)

GENERATIVE_ONLY = "generative AI only"
LICENSED_EXCLUDED = "licensed content excluded"
PUBLIC_DATA = "publicly available information"

_MAX_PER_VALUE = 3


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
    p_value = _platform_value({c.reading for c in platform})
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

    cite(decisive, _MAX_PER_VALUE)
    decisive_ids = {id(c) for c in decisive}
    others = [c for c in platform if id(c) not in decisive_ids and c.reading != UNCLEAR]
    cite(others, 1)
    cite(licensed, 1)
    cite([c for c in third if c.reading == t_value.value], _MAX_PER_VALUE)
    first_position: dict[str, int] = {}
    for c in clauses:
        first_position.setdefault(c.quote, c.position)
    evidence.sort(key=lambda e: first_position.get(e.quote, 0))
    return Verdict(
        platform_training=p_value,
        third_party_training=t_value,
        scope=tuple(_scope(platform, decisive, licensed)),
        evidence=tuple(evidence),
    )


def classify(text: str) -> Verdict:
    """The verdict for one terms document (raw Markdown/text or already normalised).

    Evidence quotes are exact sentences of `normalize_text(text)`."""
    return verdict_from_clauses(find_ai_clauses(normalize_text(text)))
