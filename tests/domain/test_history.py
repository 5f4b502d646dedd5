"""Curated history entries: parsing, validation errors, conversion to events."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.domain.history import UNCONFIRMED_PREFIX, HistoryEntry, parse_history
from bot.domain.models import (
    Aspect,
    EventSource,
    PlatformTraining,
    ThirdPartyTraining,
)

CLAUSE = "You explicitly agree that your Content may be used to train AI."


def entry(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "platform": "soundcloud",
        "date": "2024-02-07",
        "document_kind": "terms_of_service",
        "url": "https://soundcloud.com/terms-of-use",
        "title": "AI clause added",
        "before": {"platform_training": "not_mentioned"},
        "after": {"platform_training": "yes", "third_party_training": "prohibited"},
        "scope": ["licensed content excluded"],
        "quotes": [CLAUSE, {"text": "Others  may\n not train.", "aspect": "third_party"}],
        "summary": "SoundCloud may train AI on uploads.",
        "sources": ["corpus/soundcloud/terms-of-service/2024-02-07.md"],
        "uncertain": False,
    }
    data.update(overrides)
    return data


def test_parse_valid_entry() -> None:
    [parsed] = parse_history([entry()])
    assert isinstance(parsed, HistoryEntry)
    assert parsed.platform_id == "soundcloud"
    assert parsed.date == "2024-02-07"
    assert parsed.before_platform is PlatformTraining.NOT_MENTIONED
    assert parsed.before_third_party is ThirdPartyTraining.NOT_MENTIONED
    assert parsed.after_platform is PlatformTraining.YES
    assert parsed.after_third_party is ThirdPartyTraining.PROHIBITED
    assert parsed.quote_texts == (CLAUSE, "Others may not train.")  # whitespace collapsed
    assert parsed.quotes[1].aspect is Aspect.THIRD_PARTY
    with pytest.raises(AttributeError):
        parsed.summary = "changed"  # type: ignore[misc]


def test_yaml_dates_are_accepted() -> None:
    [parsed] = parse_history([entry(date=date(2025, 5, 21))])
    assert parsed.date == "2025-05-21"


def test_to_event_carries_verdicts_evidence_and_quotes() -> None:
    [parsed] = parse_history([entry(removed=["Old clause."])])
    event = parsed.to_event()
    assert event.source is EventSource.HISTORY
    assert event.platform_id == "soundcloud"
    assert event.document_kind == "terms_of_service"
    assert event.url == "https://soundcloud.com/terms-of-use"
    assert event.occurred_at == "2024-02-07"
    assert event.title == "AI clause added"
    assert event.ai_relevant is True
    change = event.change
    assert change.summary == "SoundCloud may train AI on uploads."
    assert change.added == (CLAUSE, "Others may not train.")
    assert change.removed == ("Old clause.",)
    assert change.after.platform_training is PlatformTraining.YES
    assert change.after.scope == ("licensed content excluded",)
    assert [e.quote for e in change.after.evidence] == list(change.added)
    first = change.after.evidence[0]
    assert (first.document_kind, first.url, first.date) == (
        "terms_of_service",
        "https://soundcloud.com/terms-of-use",
        "2024-02-07",
    )
    assert change.after.evidence[1].aspect is Aspect.THIRD_PARTY
    assert [e.quote for e in change.before.evidence] == ["Old clause."]
    assert not change.before.same_outcome(change.after)


def test_uncertain_entries_are_not_stated_as_fact() -> None:
    [parsed] = parse_history([entry(uncertain=True, quotes=[])])
    event = parsed.to_event()
    assert event.summary.startswith(UNCONFIRMED_PREFIX)
    [sure] = parse_history([entry()])
    assert not sure.to_event().summary.startswith(UNCONFIRMED_PREFIX)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"platform": None}, "platform"),
        ({"platform": "Sound Cloud"}, "platform"),
        ({"date": "May 2025"}, "date"),
        ({"date": "2025-02-30"}, "date"),
        ({"url": "soundcloud.com"}, "url"),
        ({"summary": ""}, "summary"),
        ({"sources": []}, "sources"),
        ({"before": "yes"}, "before"),
        ({"after": {"platform_training": "maybe"}}, "after.platform_training"),
        ({"after": {"platform_training": True}}, "after.platform_training"),
        ({"after": {"platform_training": "yes", "third_party_training": "no"}},
         "after.third_party_training"),
        ({"after": {"platform_training": "yes", "extra": 1}}, "after.extra"),
        ({"quotes": [""]}, "quotes[0]"),
        ({"quotes": [{"text": "x", "aspect": "both"}]}, "quotes[0]"),
        ({"uncertain": "no"}, "uncertain"),
        ({"colour": "red"}, "colour"),
    ],
)  # fmt: skip
def test_malformed_entries_name_index_and_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_history([entry(), entry(**overrides)])
    message = str(caught.value)
    assert "history entry 1" in message
    assert f"'{field}'" in message


def test_missing_required_field_is_named() -> None:
    data = entry()
    del data["document_kind"]
    with pytest.raises(ValueError, match=r"entry 0: field 'document_kind' is required"):
        parse_history([data])


def test_not_a_list_or_not_a_mapping() -> None:
    with pytest.raises(ValueError, match="list"):
        parse_history({"platform": "x"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="entry 0"):
        parse_history(["soundcloud"])  # type: ignore[list-item]
    assert parse_history([]) == []
