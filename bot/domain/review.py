"""Which changes the operator reviews before any subscriber hears of them.

A change that moves a platform's verdict is the news subscribers act on (leave a platform, opt
out). When the detector is not sure of its reading, a wrong post does more harm than a late one:
such a change is held until the operator confirms or discards it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.models import Change

log = logging.getLogger(__name__)


class ReviewMode(StrEnum):
    OFF = "off"  # nothing is held
    LOW_CONFIDENCE = "low_confidence"  # verdict moves below the confidence threshold are held
    VERDICT_MOVES = "verdict_moves"  # every verdict move is held, whatever the confidence


@dataclass(frozen=True)
class ReviewPolicy:
    mode: ReviewMode = ReviewMode.LOW_CONFIDENCE
    # Below this confidence a verdict move is held (LOW_CONFIDENCE mode).
    threshold: float = 0.6


def verdict_moved(change: Change) -> bool:
    return not change.before.same_outcome(change.after)


def needs_review(change: Change, policy: ReviewPolicy) -> bool:
    """True when this change must wait for the operator before it is delivered.

    Only changes that move a verdict are ever held: a change that quotes new clauses but keeps the
    verdict tells subscribers nothing they would act on wrongly."""
    if policy.mode is ReviewMode.OFF or not change.ai_relevant or not verdict_moved(change):
        return False
    if policy.mode is ReviewMode.VERDICT_MOVES:
        return True
    return change.confidence < policy.threshold
