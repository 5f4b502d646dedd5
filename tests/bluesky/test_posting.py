"""Graphemes, facets, threads, record keys and the write budget (no network needed)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from atproto_client.exceptions import RateLimitExceededError
from atproto_client.request import Response

from bot.adapters.bluesky.posting import (
    RichText,
    clean_untrusted,
    deterministic_tid,
    graphemes,
    split_thread,
)
from bot.adapters.bluesky.ratelimit import Budget, RateLimited, WriteLimiter, wait_from_429
from bot.adapters.store import SqliteStore

TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def test_graphemes_count_clusters_not_code_points() -> None:
    family = "👩\u200d👩\u200d👧"
    assert graphemes(family) == 1
    assert graphemes("e\u0301") == 1
    assert graphemes("abc") == 3


def test_facets_use_utf8_byte_offsets() -> None:
    rich = (
        RichText().text("Ça va 👩\u200d👩\u200d👧 ").link("example.com/x", "https://example.com/x")
    )
    (post,) = split_thread(rich)
    index = post.facets[0]["index"]
    encoded = post.text.encode()
    assert encoded[index["byteStart"] : index["byteEnd"]].decode() == "example.com/x"
    assert index["byteStart"] != len("Ça va 👩\u200d👩\u200d👧 ")  # bytes, not characters


def test_plain_text_never_becomes_a_facet() -> None:
    (post,) = split_thread(RichText().text("@artist.test see https://evil.example #tag"))
    assert post.facets == []


def test_long_text_becomes_a_thread_split_at_sentences() -> None:
    sentence = "Your uploads may be used to train AI models 👩\u200d👩\u200d👧. "
    rich = (
        RichText().text(sentence * 20).text("Source: ").link("a.example/t", "https://a.example/t")
    )
    posts = split_thread(rich)
    assert len(posts) >= 3
    assert all(p.length <= 300 for p in posts)
    assert all(p.text.endswith(".") for p in posts[:-1])  # cut after a sentence
    joined = " ".join(p.text for p in posts)
    assert joined.count("train AI models") == 20
    assert posts[-1].facets and posts[-1].text.endswith("a.example/t")


def test_a_word_longer_than_a_post_is_cut() -> None:
    posts = split_thread(RichText().text("x" * 700))
    assert [p.length for p in posts] == [300, 300, 100]


def test_clean_untrusted_drops_controls_and_truncates() -> None:
    assert clean_untrusted("a\u202eb\u200bc\n\n d") == "abc d"
    assert graphemes(clean_untrusted("word " * 100, 50)) <= 50


def test_deterministic_tid_is_valid_stable_and_distinct() -> None:
    when = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    keys = [deterministic_tid(f"tw{i}", when, j) for i in range(50) for j in range(3)]
    assert all(TID.match(k) for k in keys)
    assert len(set(keys)) == len(keys)
    assert deterministic_tid("tw7", when, 1) == deterministic_tid("tw7", when, 1)


async def test_write_budget_holds_writes_until_the_window_frees(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "budget.db")
    try:
        now = [1_000_000.0]
        repo = store
        limiter = WriteLimiter(repo, Budget(per_hour=9, per_day=12), clock=lambda: now[0])
        for _ in range(3):
            await limiter.spend(3)
        with pytest.raises(RateLimited) as hourly:
            await limiter.spend(3)
        assert hourly.value.retry_after_s == pytest.approx(3600.0)
        now[0] += 3601
        await limiter.spend(3)
        with pytest.raises(RateLimited) as daily:
            await limiter.spend(3)  # 15 > 12 a day even though the hour has room
        assert daily.value.retry_after_s > 80_000

        # Persisted: a restarted limiter still sees the day's spending.
        again = WriteLimiter(repo, Budget(per_hour=9, per_day=12), clock=lambda: now[0])
        with pytest.raises(RateLimited):
            await again.spend(3)
    finally:
        await store.close()


def test_429_waits_for_ratelimit_reset() -> None:
    now = 1_700_000_000.0
    headers = {"ratelimit-reset": str(int(now) + 120), "ratelimit-remaining": "0"}
    error = RateLimitExceededError(Response(False, 429, None, headers))
    assert wait_from_429(error, now) == pytest.approx(120.0)
    assert wait_from_429(RateLimitExceededError(Response(False, 429, None, {})), now) > 0


def test_space_before_a_link_survives_a_split() -> None:
    rich = (
        RichText()
        .text("word " * 59 + "end.\n\nSource: ")
        .link("a.example/t", "https://a.example/t")
    )
    posts = split_thread(rich)
    assert posts[-1].text == "Source: a.example/t"
    index = posts[-1].facets[0]["index"]
    assert posts[-1].text.encode()[index["byteStart"] : index["byteEnd"]] == b"a.example/t"
