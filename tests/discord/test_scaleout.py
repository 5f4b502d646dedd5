"""Several `python -m bot run` processes on one PostgreSQL against the fake Discord, killed with
SIGKILL while they hold an elected role:

- the fan-out holder, mid-fan-out, with the processes holding one shard each of three (and,
  as before shards, all three on the one shard): another process takes the role over within
  30 s and every event is posted exactly once to every channel, forums included (the forums of
  guilds on another process's shard are posted to from the channel facts their owner shares),
  within the global limit of all three together;
- the watcher holder, after a page changed: the other process takes the role over within 30 s
  and records the change exactly once (one event, one outbox row per subscription)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import discord
import pytest

from bot.adapters.discord.channel_facts import ChannelDirectory
from bot.adapters.store import SqlStore
from bot.domain.models import Medium, Platform, Subscription
from tests.discord.conftest import CHANNELS as GUILD_CHANNELS
from tests.discord.conftest import GUILD, SC_NEW, Pages, ai_event, served, soundcloud_only
from tests.discord.fake_channels import FORUM
from tests.discord.fake_discord import FakeDiscord
from tests.discord.fake_payloads import TokenBucket
from tests.discord.processes import Fleet, bot_config
from tests.discord.test_shards import GUILDS
from tests.pg import free_port

PER_GUILD = 20  # channels in each of the six guilds; the last one of each is a forum
CHANNELS = {g: [g + 1 + i for i in range(PER_GUILD)] for g in GUILDS}
FORUMS = [channels[-1] for channels in CHANNELS.values()]
ALL_CHANNELS = [c for channels in CHANNELS.values() for c in channels]
DATES = ("2024-02-07", "2025-05-27")  # two events, each to every channel
RATE = 40.0  # requests/s for the three processes together (bot limiter and fake's limit)
TAKEOVER_LIMIT_S = 30.0

# shard count (None: Discord's recommended one, all on shard 0 of 1) and each process's shards
LAYOUTS = {
    "three processes, one shard each": (3, [[0], [1], [2]]),
    "three processes, all on one shard": (None, [None, None, None]),
}


@pytest.fixture
async def guilds_fake() -> AsyncIterator[FakeDiscord]:
    """Six guilds (two on each shard of three) of twenty channels, one of them a forum."""
    fake = FakeDiscord()
    for guild, channels in CHANNELS.items():
        fake.add_guild(guild, channels, name=f"Guild {guild}")
    for forum in FORUMS:
        fake.set_channel_kind(forum, FORUM)
    async with served(fake):
        yield fake


async def subscribe(url: str, channels: dict[int, list[int]]) -> None:
    store = await SqlStore.open(url)
    try:
        await store.sync_platforms([Platform("soundcloud", "SoundCloud")])
        for guild, ids in channels.items():
            for channel in ids:
                await store.add_subscription(
                    Subscription(
                        Medium.DISCORD_CHANNEL, str(channel), "soundcloud", guild_id=str(guild)
                    )
                )
    finally:
        await store.close()


async def queue_events(url: str, pages: Pages) -> None:
    """Two AI-relevant events: one outbox row for each channel and event."""
    store = await SqlStore.open(url)
    try:
        for date in DATES:
            event = ai_event(pages, date, f"SoundCloud terms changed on {date}")
            assert await store.record_event(event) is not None
    finally:
        await store.close()


async def forum_facts_shared(url: str) -> None:
    """Until the owner of each forum's shard has written its kind to the store."""
    store = await SqlStore.open(url)
    try:
        directory = ChannelDirectory(store)
        deadline = time.monotonic() + 30
        while True:
            facts = [await directory.recall(forum) for forum in FORUMS]
            if all(f is not None and f.kind == discord.ChannelType.forum for f in facts):
                return
            assert time.monotonic() < deadline, f"forum facts not shared: {facts}"
            await asyncio.sleep(0.2)
    finally:
        await store.close()


def posts_per_channel(fake: FakeDiscord) -> list[int]:
    """Messages in each text channel, new posts in each forum."""
    return [
        len(fake.forum_posts.get(str(c), []) if c in FORUMS else fake.messages.get(str(c), []))
        for c in ALL_CHANNELS
    ]


async def query(url: str, sql: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        return list(await connection.fetch(sql))
    finally:
        await connection.close()


@pytest.mark.parametrize("layout", list(LAYOUTS))
async def test_fanout_holder_killed_another_takes_over_and_posts_each_once(
    layout: str, tmp_path: Path, guilds_fake: FakeDiscord, pages: Pages, postgres_url: str
) -> None:
    fake = guilds_fake
    count, layout_ids = LAYOUTS[layout]
    await subscribe(postgres_url, CHANNELS)
    fake.global_limit = TokenBucket(RATE)  # Discord's global limit, for all processes together
    fleet = Fleet.against(postgres_url, fake)
    try:
        for i, ids in enumerate(layout_ids):
            port = free_port()
            config = bot_config(
                tmp_path / f"p{i}", platforms=soundcloud_only(pages), rate=RATE, web_port=port
            )
            await fleet.launch(
                config, tmp_path / f"bot{i}.log", web_port=port, shard_ids=ids, shard_count=count
            )
        await fleet.wait_connected()
        if count is not None:  # the forums' owners shared their kind before anything is queued
            await forum_facts_shared(postgres_url)
        fake.hold_messages()  # Discord stores the posts, the holder never hears back before dying
        await queue_events(postgres_url, pages)
        first = await fleet.wait_for_holder("fanout", 60)
        await fake.wait_until(lambda: sum(posts_per_channel(fake)) >= 30, 60)
        await fleet.kill(first)
        killed_at = time.monotonic()
        posted_before = sum(posts_per_channel(fake))
        assert posted_before < len(ALL_CHANNELS) * len(DATES), "the kill must land mid-fan-out"
        fake.release()

        second = await fleet.wait_for_holder("fanout", TAKEOVER_LIMIT_S, other_than=first)
        takeover_s = time.monotonic() - killed_at
        assert takeover_s < TAKEOVER_LIMIT_S
        for process in fleet.processes:  # /healthz: its shards and the roles it holds
            if process.alive():
                health = await fleet.healthz(process)
                assert ("fanout" in health["roles"]["held"]) == (process is second)
                if count is not None:
                    shards = health["transports"]["discord"]
                    assert (shards["shards"], shards["shard_count"]) == ([process.index], count)

        try:
            await fake.wait_until(
                lambda: min(posts_per_channel(fake)) >= len(DATES),
                60 + len(ALL_CHANNELS) * len(DATES) / RATE,
            )
        except TimeoutError:
            sql = "SELECT target, status, attempts, last_error FROM deliveries WHERE sent_at = ''"
            unsent = [tuple(r) for r in await query(postgres_url, sql)]
            raise AssertionError(f"unsent: {unsent}\n{fleet.logs()}") from None
        await asyncio.sleep(1.0)  # any duplicate would have arrived by now
    finally:
        fake.release()
        codes = await fleet.stop()

    assert posts_per_channel(fake) == [len(DATES)] * len(ALL_CHANNELS), fleet.logs()
    texts = len(ALL_CHANNELS) - len(FORUMS)
    nonces = [(r.path, r.json["nonce"]) for r in fake.message_posts()]
    assert len(set(nonces)) == texts * len(DATES)  # one key per outbox row
    assert fake.deduplicated >= 1  # rows in flight at the kill were re-sent, and absorbed
    assert fake.rate_limited == 0, "the three processes together kept to the global limit"
    assert not [r for r in fake.requests if r.status == 400], "no plain message to a forum"
    if count is not None:  # forums of guilds on other processes' shards, posted to as forums
        by = {(r.path.split("/")[2], r.who) for r in fake.sent("POST", r"/channels/\d+/threads")}
        owner = {str(CHANNELS[g][-1]): fleet.processes[(g >> 22) % count].who for g in GUILDS}
        assert any(who != owner[forum] for forum, who in by), by
    assert codes.count(0) == 2, fleet.logs()  # the two survivors stop cleanly
    for process in fleet.processes:  # the start-up lines: shards held, roles elected
        started = process.log.read_text(errors="replace")
        shards = f"shards {process.index} of {count}" if count else "shards: Discord's recommended"
        assert f"transport: discord ({shards}" in started
        assert "roles: watcher, fanout, bluesky elected among the processes on this Post" in started
    leases = await query(postgres_url, "SELECT role, expires_at FROM role_leases")
    assert {row["role"] for row in leases} == {"watcher", "fanout", "bluesky"}
    assert all(row["expires_at"] == "" for row in leases)  # given up at once on SIGTERM
    print(f"{layout}: fan-out taken over {takeover_s:.1f} s after kill -9")


async def test_watcher_holder_killed_the_other_records_the_change_once(
    tmp_path: Path, fake: FakeDiscord, pages: Pages, postgres_url: str
) -> None:
    subscribed = GUILD_CHANNELS[:3]
    await subscribe(postgres_url, {GUILD: subscribed})
    fleet = Fleet.against(postgres_url, fake)
    try:
        for i in range(2):
            config = bot_config(tmp_path / f"p{i}", platforms=soundcloud_only(pages))
            await fleet.launch(config, tmp_path / f"bot{i}.log")
        first = await fleet.wait_for_holder("watcher", 60)
        snapshots = "SELECT count(*) AS n FROM snapshots"
        deadline = time.monotonic() + 60
        while (await query(postgres_url, snapshots))[0]["n"] < 1:  # its first cycle: a baseline
            assert time.monotonic() < deadline, fleet.logs()
            await asyncio.sleep(0.2)
        assert (await query(postgres_url, "SELECT count(*) AS n FROM events"))[0]["n"] == 0

        # The page changes; its next check was an hour away when the holder dies.
        pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8")
        await fleet.kill(first)
        killed_at = time.monotonic()
        second = await fleet.wait_for_holder("watcher", TAKEOVER_LIMIT_S, other_than=first)
        takeover_s = time.monotonic() - killed_at
        assert takeover_s < TAKEOVER_LIMIT_S

        # It checks at once on taking the role, against the snapshot the other one stored.
        await fake.wait_until(
            lambda: all(fake.messages.get(str(c)) for c in subscribed), TAKEOVER_LIMIT_S + 30
        )
        await asyncio.sleep(1.0)  # a second event or post would be here by now
        assert second.alive()
    finally:
        codes = await fleet.stop()
    events = await query(postgres_url, "SELECT id FROM events")
    assert len(events) == 1, fleet.logs()
    rows = await query(postgres_url, "SELECT target FROM deliveries ORDER BY target")
    assert [r["target"] for r in rows] == [str(c) for c in subscribed]
    assert [len(fake.messages[str(c)]) for c in subscribed] == [1] * len(subscribed)
    assert codes.count(0) == 1, fleet.logs()
    print(f"watcher taken over {takeover_s:.1f} s after kill -9")
