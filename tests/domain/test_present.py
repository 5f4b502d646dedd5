"""Plain-language words: headlines, document labels, event titles, truncation."""

from __future__ import annotations

import pytest

from bot.domain.diff import compare
from bot.domain.models import (
    Change,
    EventSource,
    PlatformTraining,
    PolicyEvent,
    ThirdPartyTraining,
    Verdict,
)
from bot.domain.present import (
    document_label,
    event_headline,
    third_party_sentence,
    truncate,
    verdict_headline,
)
from bot.domain.verdict import GENERATIVE_ONLY


def _event(change: Change, kind: str = "terms_of_service") -> PolicyEvent:
    return PolicyEvent(
        platform_id="soundcloud",
        document_kind=kind,
        url="https://example.com/terms",
        occurred_at="2025-05-27",
        source=EventSource.WATCH,
        change=change,
    )


def test_verdict_headline_for_every_value_is_distinct_and_names_the_platform() -> None:
    lines = {
        value: verdict_headline("SoundCloud", Verdict(platform_training=value))
        for value in PlatformTraining
    }
    assert len(set(lines.values())) == len(PlatformTraining)
    for value, line in lines.items():
        assert line.startswith("SoundCloud") and line.endswith("."), value
    assert "opt out" in lines[PlatformTraining.OPT_OUT]
    assert "does not train" in lines[PlatformTraining.NO]
    assert "don't mention" in lines[PlatformTraining.NOT_MENTIONED]


def test_opt_in_headline_with_generative_scope() -> None:
    verdict = Verdict(platform_training=PlatformTraining.OPT_IN, scope=(GENERATIVE_ONLY,))
    assert verdict_headline("SoundCloud", verdict, content_noun="music") == (
        "SoundCloud says it will only train generative AI on your music with your explicit "
        "consent (opt-in)."
    )
    plain = Verdict(platform_training=PlatformTraining.OPT_IN)
    assert "only train AI on your content" in verdict_headline("Zoom", plain)


def test_third_party_sentence_for_every_value() -> None:
    lines = {
        value: third_party_sentence("Deezer", Verdict(third_party_training=value))
        for value in ThirdPartyTraining
    }
    assert len(set(lines.values())) == len(ThirdPartyTraining)
    assert "forbid others" in lines[ThirdPartyTraining.PROHIBITED]
    assert all("Deezer" in line for line in lines.values())


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("terms_of_service", "Terms of Service"),
        ("privacy_policy", "Privacy Policy"),
        ("acceptable-use-policy", "Acceptable Use Policy"),
        ("terms_of_use", "Terms of Use"),
        ("ai_training_notice", "AI Training Notice"),
        ("code_of_conduct", "Code of Conduct"),
        ("", "Terms"),
    ],
)
def test_document_label(kind: str, label: str) -> None:
    assert document_label(kind) == label


def test_event_headline_for_a_verdict_change() -> None:
    change = Change(
        ai_relevant=True,
        before=Verdict(platform_training=PlatformTraining.YES),
        after=Verdict(platform_training=PlatformTraining.OPT_IN),
        summary="...",
    )
    assert event_headline(_event(change), "SoundCloud") == (
        "SoundCloud changed its AI terms: training allowed → opt-in only"
    )


def test_event_headlines_for_other_kinds_of_change() -> None:
    unchanged = Verdict(platform_training=PlatformTraining.OPT_IN)
    boring = Change(ai_relevant=False, before=unchanged, after=unchanged)
    assert event_headline(_event(boring), "SoundCloud") == (
        "SoundCloud updated its Terms of Service (nothing about AI changed)"
    )
    third = Change(
        ai_relevant=True,
        before=Verdict(),
        after=Verdict(third_party_training=ThirdPartyTraining.PROHIBITED),
    )
    assert "for others" in event_headline(_event(third), "Deezer")
    reworded = Change(ai_relevant=True, before=unchanged, after=unchanged)
    assert "reworded" in event_headline(_event(reworded, "privacy_policy"), "SoundCloud")


def test_event_headline_for_a_first_version() -> None:
    text = "We will not use your content to train AI models without your explicit consent."
    change = compare(None, text, platform_name="SoundCloud", document_label="Terms of Use")
    headline = event_headline(_event(change), "SoundCloud")
    assert headline == "SoundCloud's Terms of Service: AI training opt-in only"


@pytest.mark.parametrize("limit", [1, 5, 10, 20, 37, 80])
def test_truncate_cuts_at_a_word_boundary(limit: int) -> None:
    text = "SoundCloud changed its AI terms: training allowed, then opt-in only for everyone."
    out = truncate(text, limit)
    assert len(out) <= limit
    if len(text) > limit:
        assert out.endswith("…")
        body = out[:-1]
        assert text.startswith(body)
        if limit >= 20:  # long enough to keep whole words
            assert text[len(body)] in " ,:"


def test_truncate_keeps_short_text_and_handles_long_words() -> None:
    assert truncate("short", 10) == "short"
    assert truncate("x" * 50, 10) == "x" * 9 + "…"
    assert truncate("anything", 0) == ""
