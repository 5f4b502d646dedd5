"""One wording case of the rule tests (test_wording_controls, test_wording_agents_purposes): a
sentence written for the tests, the platform values it may be read as, and the third-party
values (None: any)."""

from __future__ import annotations

from bot.domain.verdict import classify

Case = tuple[str, set[str], set[str] | None]


def assert_read_as(name: str, case: Case) -> None:
    text, platform, third = case
    verdict = classify(text)
    assert verdict.platform_training.value in platform, name
    if third is not None:
        assert verdict.third_party_training.value in third, name
