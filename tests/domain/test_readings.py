"""Readings (who trains, on what, for what, control), confidence, and their plain words."""

from __future__ import annotations

import pytest

from bot.domain.diff import compare
from bot.domain.models import LOW_CONFIDENCE, Aspect, Verdict, is_low_confidence
from bot.domain.present import readings_sentence
from bot.domain.verdict import classify


def _platform_reading(text: str):  # type: ignore[no-untyped-def]
    verdict = classify(text)
    own = [r for r in verdict.readings if r.aspect is Aspect.PLATFORM]
    assert own, verdict
    return verdict, own[0]


def test_other_ml_on_personal_data_in_plain_words() -> None:
    verdict, reading = _platform_reading(
        "We use your personal data to train machine learning models that power recommendations "
        "and keep the service safe."
    )
    assert verdict.platform_training.value == "yes"
    assert (reading.actor, reading.purpose, reading.control) == ("service", "other_ml", "none")
    assert "personal_data" in reading.data and set(reading.uses) >= {"recommendations", "safety"}
    assert readings_sentence("Spotify", verdict) == (
        "Spotify uses your personal data to train machine-learning models for recommendations "
        "and safety; its terms don't say it trains generative AI on your uploads."
    )


def test_generative_opt_in_on_uploads() -> None:
    verdict, reading = _platform_reading(
        "We will not use your music to train generative AI models without your explicit consent."
    )
    assert verdict.platform_training.value == "opt_in"
    assert (reading.purpose, reading.control) == ("generative", "opt_in")
    assert "uploads" in reading.data
    assert "if you agree" in readings_sentence("Acme", verdict)


@pytest.mark.parametrize(
    ("text", "control", "where"),
    [
        (
            "We may use your prompts and chats to train our models. You can turn this off in "
            "your settings.",
            "opt_out",
            "settings",
        ),
        (
            "If you are on a free plan, your content may be used to train our AI models unless "
            "you opt out.",
            "plan",
            "",
        ),
    ],
)
def test_controls(text: str, control: str, where: str) -> None:
    _, reading = _platform_reading(text)
    assert (reading.control, reading.where) == (control, where)


def test_inputs_are_told_apart_from_uploads() -> None:
    _, reading = _platform_reading("We may use your prompts and conversations to train our AI.")
    assert "inputs" in reading.data


def test_third_party_actor() -> None:
    verdict = classify("Users must not scrape the Site to train artificial intelligence models.")
    third = [r for r in verdict.readings if r.aspect is Aspect.THIRD_PARTY]
    assert third and third[0].actor == "third_parties" and third[0].value == "prohibited"


def test_confidence_is_in_range_and_low_for_broad_or_conflicting_wording() -> None:
    sure = classify("We do not use your content to train artificial intelligence models.")
    broad = classify(
        "We may use your content to develop and improve our services, including through machine "
        "learning."
    )
    conflict = classify(
        "We use your uploads to train our AI models. We never use your uploads to train AI."
    )
    nothing = classify("We host your files and keep them safe.")
    for verdict in (sure, broad, conflict, nothing):
        assert 0.0 <= verdict.confidence <= 1.0
    assert not is_low_confidence(sure.confidence) and not is_low_confidence(nothing.confidence)
    assert broad.confidence < LOW_CONFIDENCE and conflict.confidence < LOW_CONFIDENCE


def test_change_confidence_is_the_weaker_verdict_when_the_verdict_moves() -> None:
    old = "We host your files."
    new = (
        "We host your files. We may use your content to develop and improve our services, "
        "including through machine learning."
    )
    change = compare(old, new, platform_name="Acme", document_label="Terms")
    assert change.ai_relevant
    assert change.confidence == min(change.before.confidence, change.after.confidence)
    assert change.low_confidence and change.to_dict()["low_confidence"] is True


def test_old_rows_without_readings_or_confidence_still_load() -> None:
    data = classify("We may use your uploads to train our AI models.").to_dict()
    again = Verdict.from_dict(data)
    assert again.readings and again.confidence == data["confidence"]
    del data["readings"], data["confidence"]
    old = Verdict.from_dict(data)
    assert old.readings == () and old.confidence == 1.0
    assert old.platform_training.value == "yes"


def test_every_platform_quote_supports_the_verdict() -> None:
    verdict = classify(
        "You grant us a licence to use your content to train our AI models. Notwithstanding "
        "the foregoing, we will not use your music to train generative AI without your consent."
    )
    assert verdict.platform_training.value == "opt_in"
    quotes = [e.quote for e in verdict.evidence if e.aspect is Aspect.PLATFORM]
    assert quotes and all("without your consent" in q for q in quotes)
    # the narrowed licence still shows among the readings, with its own value
    assert {r.value for r in verdict.readings if r.aspect is Aspect.PLATFORM} == {"opt_in", "yes"}
