"""Which changes wait for the operator: only verdict moves, and only when the detector is unsure."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain.models import Change, PlatformTraining, Verdict
from bot.domain.review import ReviewMode, ReviewPolicy, needs_review

NOT_MENTIONED = Verdict()
GRANT = Verdict(platform_training=PlatformTraining.YES)


def change(before: Verdict, after: Verdict, confidence: float, ai: bool = True) -> Change:
    return Change(ai_relevant=ai, before=before, after=after, confidence=confidence)


@pytest.mark.parametrize(
    ("confidence", "held"), [(0.0, True), (0.59, True), (0.6, False), (0.95, False)]
)
def test_a_verdict_move_is_held_below_the_threshold(confidence: float, held: bool) -> None:
    policy = ReviewPolicy(ReviewMode.LOW_CONFIDENCE, threshold=0.6)
    assert needs_review(change(NOT_MENTIONED, GRANT, confidence), policy) is held


def test_an_unsure_change_that_keeps_the_verdict_is_not_held() -> None:
    policy = ReviewPolicy(ReviewMode.LOW_CONFIDENCE, threshold=0.6)
    same = change(GRANT, GRANT, 0.1)
    assert not needs_review(same, policy)
    assert not needs_review(replace(same, ai_relevant=False), policy)


def test_a_change_not_about_ai_is_never_held() -> None:
    policy = ReviewPolicy(ReviewMode.VERDICT_MOVES)
    assert not needs_review(change(NOT_MENTIONED, GRANT, 0.1, ai=False), policy)


def test_modes() -> None:
    move = change(NOT_MENTIONED, GRANT, 1.0)
    assert needs_review(move, ReviewPolicy(ReviewMode.VERDICT_MOVES))
    assert not needs_review(move, ReviewPolicy(ReviewMode.LOW_CONFIDENCE))
    assert not needs_review(change(NOT_MENTIONED, GRANT, 0.0), ReviewPolicy(ReviewMode.OFF))
