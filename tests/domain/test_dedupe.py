"""One real change, reported by the page watcher and by a change feed, is one announcement."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.dedupe import reports_same_change
from bot.domain.models import Change, EventSource, PlatformTraining, PolicyEvent, Verdict

CLAUSE = "We will not use your content to train generative AI models without your consent."


def event(
    source: EventSource,
    *,
    added: tuple[str, ...] = (CLAUSE,),
    day: str = "2025-05-27",
    after: PlatformTraining = PlatformTraining.OPT_IN,
    kind: str = "terms_of_service",
) -> PolicyEvent:
    change = Change(True, Verdict(PlatformTraining.YES), Verdict(after), added, (), "summary")
    return PolicyEvent(
        "soundcloud", kind, "https://x", day, source, change, detected_at=f"{day}T10:00:00Z"
    )


def test_same_clause_from_the_other_source_is_the_same_change() -> None:
    page = event(EventSource.WATCH)
    feed = event(
        EventSource.FEED,
        added=(
            "**We will not use your content** to train generative AI models without your consent",
        ),
        day="2025-05-29",
    )
    assert reports_same_change(feed, page)


def test_different_news_is_not_suppressed() -> None:
    page = event(EventSource.WATCH)
    assert not reports_same_change(event(EventSource.FEED, added=("A new clause about AI.",)), page)
    assert not reports_same_change(event(EventSource.FEED, after=PlatformTraining.YES), page)
    assert not reports_same_change(event(EventSource.FEED, kind="privacy_policy"), page)
    assert not reports_same_change(event(EventSource.FEED, day="2025-09-10"), page)  # > 30 days
    assert not reports_same_change(event(EventSource.WATCH), page)  # same source: a new change
    history = replace(page, source=EventSource.HISTORY)
    assert not reports_same_change(event(EventSource.FEED), history)
