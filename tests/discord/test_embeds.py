"""Embeds stay inside Discord's limits; long diffs become an attachment; untrusted text is inert."""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from bot.adapters.discord.embeds import (
    DESCRIPTION_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    TITLE_MAX,
    TOTAL_MAX,
    answer_embed,
    event_post,
    history_embed,
    untrusted,
)
from bot.adapters.discord.limiter import RateLimiter
from bot.adapters.i18n import translator
from bot.domain.models import (
    Change,
    EventSource,
    Evidence,
    Platform,
    PlatformTraining,
    PolicyEvent,
    Verdict,
)
from bot.services.answers import Answer


def within_limits(embed: dict) -> None:
    assert len(embed.get("title", "")) <= TITLE_MAX
    assert len(embed.get("description", "")) <= DESCRIPTION_MAX
    assert len(embed.get("fields", [])) <= FIELDS_MAX
    for f in embed.get("fields", []):
        assert len(f["name"]) <= 256 and 0 < len(f["value"]) <= FIELD_VALUE_MAX
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    total += len(embed.get("footer", {}).get("text", ""))
    assert total <= TOTAL_MAX


def event(
    added: tuple[str, ...], summary: str = "SoundCloud now allows AI training."
) -> PolicyEvent:
    before = Verdict(PlatformTraining.NOT_MENTIONED)
    after = Verdict(PlatformTraining.YES)
    return PolicyEvent(
        platform_id="soundcloud",
        document_kind="terms_of_service",
        url="https://soundcloud.com/terms-of-use",
        occurred_at="2024-02-07",
        source=EventSource.WATCH,
        change=Change(True, before, after, added, (), summary),
        title="T" * 400,
        id=7,
    )


def test_short_change_fits_without_attachment() -> None:
    post = event_post(event(("Your content may be used to train AI.",)), "SoundCloud")
    embed = post.embed.to_dict()
    within_limits(embed)
    assert post.attachment is None
    assert "Your content may be used to train AI." in embed["fields"][0]["value"]
    assert "not mentioned" in embed["description"] and "training allowed" in embed["description"]


def test_long_diff_is_attached_not_cut_silently() -> None:
    clauses = tuple(
        f"Clause {i}: " + "we may train models on your uploads. " * 20 for i in range(60)
    )
    post = event_post(event(clauses, summary="S" * 5000), "SoundCloud")
    embed = post.embed.to_dict()
    within_limits(embed)
    assert post.attachment is not None
    name, content = post.attachment
    assert name.endswith(".md")
    text = content.decode("utf-8")
    assert all(c in text for c in clauses)  # every clause, whole
    assert any("attached" in f["value"] for f in embed["fields"])


def test_answer_embed_with_many_long_quotes_fits() -> None:
    evidence = tuple(
        Evidence(
            "q" * 3000 + f" {i}",
            document_kind="terms_of_service",
            url="https://soundcloud.com/terms-of-use",
            date="2024-02-07",
        )
        for i in range(40)
    )
    platform = Platform("soundcloud", "SoundCloud")
    answer = Answer(
        platform,
        Verdict(PlatformTraining.YES, evidence=evidence),
        "Yes: SoundCloud may train AI on your music",
        evidence,
        "x" * 5000,
        None,
        "https://soundcloud.com/terms-of-use",
    )
    within_limits(answer_embed(answer).to_dict())


def test_history_embed_fits_with_many_events() -> None:
    events = [event(("a",)) for _ in range(80)]
    embed = history_embed("SoundCloud", events).to_dict()
    within_limits(embed)
    assert "older changes not shown" in embed["description"]


@pytest.mark.parametrize("language", ["ja", "de", "pt-BR"])
def test_translated_embeds_stay_within_limits(language: str) -> None:
    """Translations are longer (German) or count differently (Japanese): the limits hold."""
    tr = translator(language)
    clauses = tuple(
        f"Clause {i}: " + "we may train models on your uploads. " * 20 for i in range(60)
    )
    post = event_post(event(clauses, summary="S" * 5000), "SoundCloud", tr=tr)
    within_limits(post.embed.to_dict())
    assert post.attachment is not None
    assert tr.gettext("Added clauses") in post.attachment[1].decode("utf-8")
    evidence = tuple(
        Evidence("q" * 3000 + f" {i}", document_kind="terms_of_service", url="https://x.example/t")
        for i in range(40)
    )
    answer = Answer(
        Platform("soundcloud", "SoundCloud"),
        Verdict(PlatformTraining.YES, evidence=evidence),
        "S" * 300,
        evidence,
        "x" * 5000,
        None,
        "https://soundcloud.com/terms-of-use",
    )
    embed = answer_embed(answer, tr).to_dict()
    within_limits(embed)
    assert embed["fields"][0]["name"] == tr.gettext("What you can do")
    history = history_embed("SoundCloud", [event(("a",)) for _ in range(80)], tr).to_dict()
    within_limits(history)


def test_untrusted_text_cannot_mention_or_link() -> None:
    text = untrusted("@everyone @here <@123> <@!5> <@&9> <#77> [x](https://e.vil) **b**")
    for raw in ("@everyone", "@here", "<@123>", "<@!5>", "<@&9>", "<#77>", "**b**"):
        assert raw not in text
    assert not re.search(r"(?<!\\)\[x\]\(", text), "a masked link would render"


async def test_limiter_spreads_requests_at_the_rate() -> None:
    limiter = RateLimiter(100.0)  # burst of 5
    started = time.monotonic()
    await asyncio.gather(*(limiter.acquire() for _ in range(55)))
    elapsed = time.monotonic() - started
    assert 0.45 <= elapsed < 0.8  # (55 - 5 burst) / 100 per second


async def test_limiter_never_exceeds_rate_in_any_window() -> None:
    limiter = RateLimiter(200.0)
    stamps: list[float] = []

    async def one() -> None:
        await limiter.acquire()
        stamps.append(time.monotonic())

    await asyncio.gather(*(one() for _ in range(300)))
    for i, start in enumerate(stamps):
        in_window = sum(1 for s in stamps[i:] if s - start < 1.0)
        assert in_window <= 200
