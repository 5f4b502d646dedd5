"""Three `python -m bot run` processes on one PostgreSQL against the fake Discord: the fan-out
holder is killed with SIGKILL mid-fan-out, another process takes the role over within 30 s, and
every event is posted exactly once to every channel, within the global limit of all three."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import asyncpg

from bot.adapters.store import SqlStore
from bot.domain.models import (
    Change,
    EventSource,
    Medium,
    Platform,
    PlatformTraining,
    PolicyEvent,
    Subscription,
    Verdict,
)
from tests.discord.conftest import GUILD, Pages, bot_env
from tests.discord.fake_discord import FakeDiscord
from tests.discord.fake_payloads import TokenBucket
from tests.discord.processes import BotProcess, Fleet, bot_config
from tests.pg import free_port

CHANNELS = 120
FIRST_CHANNEL = 7000
DATES = ("2024-02-07", "2025-05-27")  # two events, each to every channel
RATE = 40.0  # requests/s for the three processes together (bot limiter and fake's limit)
TAKEOVER_LIMIT_S = 30.0


async def prepare(url: str, pages: Pages) -> None:
    store = await SqlStore.open(url)
    try:
        await store.sync_platforms([Platform("soundcloud", "SoundCloud")])
        for i in range(CHANNELS):
            await store.add_subscription(
                Subscription(
                    Medium.DISCORD_CHANNEL,
                    str(FIRST_CHANNEL + i),
                    "soundcloud",
                    guild_id=str(GUILD),
                )
            )
        for date in DATES:
            change = Change(
                True,
                Verdict(),
                Verdict(PlatformTraining.YES),
                (f"Your Content may be used to train artificial intelligence ({date}).",),
                (),
                "SoundCloud now says your uploads may train AI.",
            )
            event = PolicyEvent(
                "soundcloud",
                "terms_of_service",
                pages.url("soundcloud"),
                date,
                EventSource.FEED,
                change,
                title=f"SoundCloud terms changed on {date}",
            )
            event_id = await store.record_event(event)
            assert event_id is not None
    finally:
        await store.close()


def posts_per_channel(fake: FakeDiscord) -> list[int]:
    return [len(fake.messages.get(str(FIRST_CHANNEL + i), [])) for i in range(CHANNELS)]


async def health(process: BotProcess) -> dict[str, object]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{process.web_port}/healthz") as response,
    ):
        return dict(await response.json())


async def test_fanout_holder_killed_another_takes_over_and_posts_each_once(
    tmp_path: Path, fake: FakeDiscord, pages: Pages, postgres_url: str
) -> None:
    await prepare(postgres_url, pages)
    fake.global_limit = TokenBucket(RATE)  # Discord's global limit, for all processes together
    platforms = [
        {
            "id": "soundcloud",
            "name": "SoundCloud",
            "documents": [{"kind": "terms_of_service", "url": pages.url("soundcloud")}],
        }
    ]
    fleet = Fleet(postgres_url, bot_env(fake))
    fake.hold_messages()  # Discord stores the posts, the holder never hears back before dying
    try:
        for i in range(3):
            port = free_port()
            config = bot_config(tmp_path / f"p{i}", platforms=platforms, rate=RATE, web_port=port)
            await fleet.launch(config, tmp_path / f"bot{i}.log", web_port=port)
        first = await fleet.wait_for_holder("fanout", 60)
        await fake.wait_until(lambda: sum(posts_per_channel(fake)) >= 30, 60)
        await fleet.kill(first)
        killed_at = time.monotonic()
        posted_before = sum(posts_per_channel(fake))
        assert posted_before < CHANNELS * len(DATES), "the kill must land mid-fan-out"
        fake.release()

        second = await fleet.wait_for_holder("fanout", TAKEOVER_LIMIT_S, other_than=first)
        takeover_s = time.monotonic() - killed_at
        assert takeover_s < TAKEOVER_LIMIT_S
        assert "fanout" in (await health(second))["roles"]["held"]  # type: ignore[index]
        others = [p for p in fleet.processes if p.alive() and p is not second]
        for process in others:
            assert "fanout" not in (await health(process))["roles"]["held"]  # type: ignore[index]

        await fake.wait_until(
            lambda: min(posts_per_channel(fake)) >= len(DATES), 60 + CHANNELS * len(DATES) / RATE
        )
        await asyncio.sleep(1.0)  # any duplicate would have arrived by now
    finally:
        fake.release()
        codes = await fleet.stop()

    assert posts_per_channel(fake) == [len(DATES)] * CHANNELS, fleet.logs()
    nonces = [(r.path, r.json["nonce"]) for r in fake.message_posts()]
    assert len(set(nonces)) == CHANNELS * len(DATES)  # one key per outbox row
    assert fake.deduplicated >= 1  # rows in flight at the kill were re-sent, and absorbed
    assert fake.rate_limited == 0, "the three processes together kept to the global limit"
    assert codes.count(0) == 2, fleet.logs()  # the two survivors stop cleanly
    connection = await asyncpg.connect(postgres_url)
    try:
        leases = await connection.fetch("SELECT role, expires_at FROM role_leases")
    finally:
        await connection.close()
    assert {row["role"] for row in leases} == {"watcher", "fanout", "bluesky"}
    assert all(row["expires_at"] == "" for row in leases)  # given up at once on SIGTERM
    print(f"takeover after kill -9: {takeover_s:.1f} s")
