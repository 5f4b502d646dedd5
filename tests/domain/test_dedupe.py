"""One real change, reported by the page watcher and by a change feed, is one announcement."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.domain.dedupe import reports_same_change
from bot.domain.diff import compare
from bot.domain.models import Change, EventSource, PlatformTraining, PolicyEvent, Verdict
from tests.conftest import CORPUS

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


SOUNDCLOUD = CORPUS / "soundcloud" / "terms-of-service"


def other_change(source: EventSource, old: str, new: str, day: str = "2026-08-17") -> PolicyEvent:
    """An edit that leaves the AI clauses alone, as compare() reports it."""
    change = compare(old, new, platform_name="SoundCloud", document_label="Terms of Use")
    assert not change.ai_relevant
    return PolicyEvent(
        "soundcloud", "terms_of_service", "https://x", day, source, change,
        detected_at=f"{day}T10:00:00Z",
    )  # fmt: skip


def as_markdown_and_as_page(text: str) -> tuple[str, str]:
    """The feed's markdown, and the text a page extraction gives (no markup, no headings' #)."""
    page = re.sub(r"[*_`#>]+", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))
    return text, page


def test_an_edit_outside_the_ai_clauses_seen_by_both_sources_is_one_change() -> None:
    old_md, old_page = as_markdown_and_as_page((SOUNDCLOUD / "2025-09-10.md").read_text())
    new_md, new_page = as_markdown_and_as_page((SOUNDCLOUD / "2026-08-17.md").read_text())
    page = other_change(EventSource.WATCH, old_page, new_page)
    feed = other_change(EventSource.FEED, old_md, new_md, day="2026-08-18")
    assert page.change.changed_sentences and feed.change.changed_sentences
    assert reports_same_change(feed, page)

    # Another edit of the same document is news, and so is an AI change after a non-AI one.
    edited = new_md.replace("SMS", "text message", 1)
    assert edited != new_md
    later = other_change(EventSource.FEED, new_md, edited, day="2026-08-20")
    assert not reports_same_change(later, page)
    assert not reports_same_change(event(EventSource.FEED, day="2026-08-18"), page)


def test_an_ai_change_seen_by_both_sources_is_recognised_by_its_clauses_alone() -> None:
    """An AI-relevant change carries no sentence prints (they are never compared for it): the
    page's and the feed's reports of the 2025 opt-in change are matched on their clauses."""
    old_md, old_page = as_markdown_and_as_page((SOUNDCLOUD / "2024-02-07.md").read_text())
    new_md, new_page = as_markdown_and_as_page((SOUNDCLOUD / "2025-05-27.md").read_text())
    reports = []
    for source, old, new, day in (
        (EventSource.WATCH, old_page, new_page, "2025-05-27"),
        (EventSource.FEED, old_md, new_md, "2025-05-28"),
    ):
        change = compare(old, new, platform_name="SoundCloud", document_label="Terms of Use")
        assert change.ai_relevant and change.changed_sentences == ()
        url, kind = "https://x", "terms_of_service"
        at = f"{day}T10:00:00Z"
        reports.append(PolicyEvent("soundcloud", kind, url, day, source, change, detected_at=at))
    assert reports_same_change(reports[1], reports[0])
