"""Shards: the fake Discord routes each guild, and each interaction, to the shard that owns it
(Discord's `(guild_id >> 22) % shard_count`), closes impossible shards with 4010/4011, and the bot
holds exactly the shards its settings name (or Discord's recommended count)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest

from bot.adapters.discord.channel_facts import ChannelDirectory
from bot.adapters.discord.embeds import event_post
from bot.adapters.i18n import translator
from bot.adapters.store import SqlStore
from bot.app import App
from bot.domain.models import Medium, Subscription
from tests.discord.conftest import (
    MANAGE,
    SC_NEW,
    Pages,
    bot_env,
    discord_config,
    discord_transport,
    eventually,
    reply_to,
    running,
    served,
)
from tests.discord.fake_channels import ANNOUNCEMENT, FORUM
from tests.discord.fake_discord import APP_ID, FakeDiscord
from tests.discord.fake_shards import shard_of

# Snowflake-like ids: guild k is on shard k % shard_count.
GUILDS = [(k << 22) + 7 for k in range(6)]


def channel_of(guild_id: int) -> int:
    return guild_id + 1


def spread_fake(**options: Any) -> FakeDiscord:
    fake = FakeDiscord(**options)
    for guild in GUILDS:
        fake.add_guild(guild, [channel_of(guild)], name=f"Guild {guild}")
    return fake


@pytest.fixture
async def spread() -> AsyncIterator[FakeDiscord]:
    async with served(spread_fake()) as fake:
        yield fake


class RawShard:
    """A bare gateway client (no discord.py): what the fake sends one IDENTIFY's shard."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.events: list[dict[str, Any]] = []

    async def read_until(self, event: str, wait_s: float = 5.0) -> dict[str, Any]:
        while True:
            message = await asyncio.wait_for(self.ws.receive(), wait_s)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"closed with {self.ws.close_code}")
            data = json.loads(message.data)
            if data.get("op") == 0:
                self.events.append(data)
                if data["t"] == event:
                    return data["d"]

    def names(self, event: str) -> list[str]:
        return [e["d"].get("id") for e in self.events if e["t"] == event]


async def identify(
    session: aiohttp.ClientSession, fake: FakeDiscord, shard: list[int] | None
) -> RawShard:
    ws = await session.ws_connect(fake.gateway)
    hello = await ws.receive_json()
    assert hello["op"] == 10
    payload: dict[str, Any] = {"token": "t", "intents": 0, "properties": {}}
    if shard is not None:
        payload["shard"] = shard
    await ws.send_json({"op": 2, "d": payload})
    return RawShard(ws)


async def test_guilds_and_interactions_go_only_to_the_owning_shard(spread: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        shards = [await identify(session, spread, [i, 3]) for i in range(3)]
        for i, shard in enumerate(shards):
            ready = await shard.read_until("READY")
            assert ready["shard"] == [i, 3]
            expected = [str(g) for g in GUILDS if shard_of(g, 3) == i]
            assert [g["id"] for g in ready["guilds"]] == expected
            for _ in expected:
                await shard.read_until("GUILD_CREATE")
            assert shard.names("GUILD_CREATE") == expected
        assert all(len(owners) == 1 for owners in spread.guild_holders().values())

        guild = GUILDS[4]  # shard 1 of 3
        interaction = await spread.slash("platforms", guild_id=guild, channel_id=channel_of(guild))
        got = await shards[1].read_until("INTERACTION_CREATE")
        assert got["id"] == interaction["id"]
        await spread.inject_message("hi", channel_id=channel_of(GUILDS[2]), guild_id=GUILDS[2])
        assert (await shards[2].read_until("MESSAGE_CREATE"))["guild_id"] == str(GUILDS[2])
        dm = await spread.slash("platforms", guild_id=None, channel_id=55)  # DMs: shard 0
        assert (await shards[0].read_until("INTERACTION_CREATE"))["id"] == dm["id"]
        await asyncio.sleep(0.2)
        for i, shard in enumerate(shards):  # nothing else arrived anywhere
            with pytest.raises(TimeoutError):
                await shard.read_until("ANY", wait_s=0.2)
            seen = {e["d"]["id"] for e in shard.events if e["t"] == "INTERACTION_CREATE"}
            assert seen == ({dm["id"]} if i == 0 else {interaction["id"]} if i == 1 else set())
        assert [r.to for r in spread.routed] == [[("", 1)], [("", 2)], [("", 0)]]


@pytest.mark.parametrize("shard", [[3, 3], [-1, 2], [0, 0], [0], "0"])
async def test_an_impossible_shard_is_closed_with_4010(spread: FakeDiscord, shard: Any) -> None:
    async with aiohttp.ClientSession() as session:
        raw = await identify(session, spread, shard)
        with pytest.raises(ConnectionError, match="4010"):
            await raw.read_until("READY")


async def test_too_many_guilds_on_one_shard_is_closed_with_4011() -> None:
    fake = spread_fake(max_guilds_per_shard=2)  # Discord: 2,500
    await fake.start()
    try:
        async with aiohttp.ClientSession() as session:
            unsharded = await identify(session, fake, None)
            with pytest.raises(ConnectionError, match="4011"):
                await unsharded.read_until("READY")
            sharded = await identify(session, fake, [1, 3])  # 2 guilds: allowed
            assert len((await sharded.read_until("READY"))["guilds"]) == 2
    finally:
        await fake.close()


# ------------------------------------------------------------ the bot, in this process


async def test_bot_holds_discords_recommended_shards_without_a_setting(
    tmp_path: Path, pages: Pages
) -> None:
    fake = spread_fake(shards=3)  # GET /gateway/bot recommends 3
    await fake.start()
    try:
        async with running(discord_config(tmp_path, pages), fake) as app:
            status = discord_transport(app).status()
            assert status["shard_count"] == 3 and status["shards"] == [0, 1, 2]
            assert status["guilds"] == len(GUILDS)
            assert sorted((s.shard_id, s.shard_count) for s in fake.live_sessions()) == [
                (0, 3),
                (1, 3),
                (2, 3),
            ]
            guild = GUILDS[5]  # shard 2
            interaction = await fake.slash(
                "platforms", guild_id=guild, channel_id=channel_of(guild)
            )
            [callback] = await reply_to(fake, interaction)
            assert callback.json["type"] == 4
    finally:
        await fake.close()


async def test_bot_holds_only_its_shards_and_leaves_syncing_to_shard_zero(
    tmp_path: Path, spread: FakeDiscord, pages: Pages
) -> None:
    config = discord_config(tmp_path, pages, shard_count=3, shard_ids=[1, 2])
    async with running(config, spread) as app:
        bot = discord_transport(app).bot
        mine = {g for g in GUILDS if shard_of(g, 3) in (1, 2)}
        assert {g.id for g in bot.guilds} == mine
        assert discord_transport(app).status()["shards"] == [1, 2]
        assert [r for r in spread.requests if r.path.endswith("/commands")] == []
        guild = GUILDS[2]  # shard 2
        interaction = await spread.slash("platforms", guild_id=guild, channel_id=channel_of(guild))
        [callback] = await reply_to(spread, interaction)
        assert callback.json["type"] == 4


async def test_commands_are_synced_again_only_when_they_change(
    tmp_path: Path, spread: FakeDiscord, pages: Pages
) -> None:
    config = discord_config(tmp_path, pages, shard_count=2)  # both shards here: shard 0 syncs
    path = rf"/applications/{APP_ID}/commands"
    async with running(config, spread):
        pass
    assert len(spread.sent("PUT", path)) == 1
    async with running(config, spread):  # a restart with the same commands: no sync
        pass
    assert len(spread.sent("PUT", path)) == 1

    async with App(config, bot_env(spread)) as app:  # a deploy that changes the commands
        transport = discord_transport(app)
        transport.extensions = ("cogs.training",)
        stop = asyncio.Event()
        task = asyncio.create_task(transport.run(stop))
        await spread.wait_until(lambda: transport.status()["connected"], 15)
        stop.set()
        await asyncio.wait_for(task, 15)
    puts = spread.sent("PUT", path)
    assert len(puts) == 2
    assert {c["name"] for c in puts[1].json} == {"training", "platforms", "history"}


async def test_sharding_required_stops_the_transport_with_a_clear_status(
    tmp_path: Path, pages: Pages
) -> None:
    fake = spread_fake(max_guilds_per_shard=2)  # 6 guilds on one shard: Discord says 4011
    await fake.start()
    try:
        config = discord_config(tmp_path, pages, shard_count=1)
        async with App(config, bot_env(fake)) as app:
            transport = discord_transport(app)
            await asyncio.wait_for(transport.run(asyncio.Event()), 30)  # returns: no retry loop
            status = transport.status()
            assert status["connected"] is False
            assert "sharding required" in str(status["error"])
            assert fake.identifies == 1 and fake.shard_closes == [("", [0, 1], 4011)]
    finally:
        await fake.close()


# ------------------------------------------------------------ posting across shards


async def test_the_fan_out_posts_right_to_channels_of_guilds_it_does_not_see(
    tmp_path: Path, pages: Pages
) -> None:
    """The fan-out runs in one process; a subscribed guild may be on another process's shard.
    Its forum still gets a forum post, its announcement channel a published message, and the
    server's language is kept: the owner shares the channels' facts through the store."""
    theirs, mine = GUILDS[1], GUILDS[0]  # shard 1 (the owner), shard 0 (the fan-out)
    forum, news, text = theirs + 1, theirs + 2, theirs + 3
    fake = FakeDiscord()
    fake.add_guild(mine, [mine + 1])
    fake.add_guild(theirs, [forum, news, text], name="Ihr Server")
    fake.guilds[1]["preferred_locale"] = "de"
    fake.set_channel_kind(forum, FORUM)
    fake.set_channel_kind(news, ANNOUNCEMENT)
    await fake.start()
    try:
        owner_config = discord_config(tmp_path, pages, shard_count=2, shard_ids=[1])
        fanout_config = discord_config(tmp_path, pages, shard_count=2, shard_ids=[0])
        async with running(owner_config, fake), running(fanout_config, fake) as fanout:
            assert discord_transport(fanout).bot.get_channel(forum) is None  # not seen here
            for channel in (forum, news, text):
                interaction = await fake.slash(
                    "subscribe",
                    [{"name": "platform", "type": 3, "value": "soundcloud"}],
                    guild_id=theirs,
                    channel_id=channel,
                    permissions=MANAGE,
                )
                await reply_to(fake, interaction)
            await fanout.services.watch.check_once()
            pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8")
            [event] = (await fanout.services.watch.check_once()).events
            assert (await fanout.services.fanout.drain_all()).sent == 3

            # The owner keeps the facts current: the text channel becomes an announcement one.
            changed = dict(fake.channel_payload(str(text)), type=ANNOUNCEMENT)
            await fake.dispatch("CHANNEL_UPDATE", changed)
            directory = ChannelDirectory(fanout.store)

            async def kind() -> object:
                facts = await directory.recall(text)
                return facts.kind if facts else None

            await eventually(kind, discord.ChannelType.news)

        german = event_post(event, "SoundCloud", tr=translator("de")).embed.title
        assert german != event_post(event, "SoundCloud").embed.title
        [thread] = fake.sent("POST", rf"/channels/{forum}/threads")
        assert fake.messages.get(str(forum), []) == []  # a forum post, no plain message
        assert thread.json["message"]["embeds"][0]["title"] == german
        [announcement] = fake.messages[str(news)]
        assert fake.crossposts == [announcement["id"]]
        [plain] = fake.messages[str(text)]
        assert plain["embeds"][0]["title"] == german
    finally:
        await fake.close()


async def test_a_process_shares_the_facts_of_channels_subscribed_before_sharding(
    tmp_path: Path, pages: Pages
) -> None:
    theirs = GUILDS[1]
    fake = FakeDiscord()
    fake.add_guild(theirs, [theirs + 1, theirs + 2])
    fake.set_channel_kind(theirs + 1, FORUM)
    await fake.start()
    try:
        config = discord_config(tmp_path, pages, shard_count=2, shard_ids=[1])
        store = await SqlStore.open(config.storage.target)
        try:
            await store.sync_platforms(config.platforms)
            for channel in (theirs + 1, theirs + 2, 424242):  # the last: not in any guild seen
                await store.add_subscription(
                    Subscription(Medium.DISCORD_CHANNEL, str(channel), "soundcloud")
                )
        finally:
            await store.close()
        async with running(config, fake) as app:
            directory = ChannelDirectory(app.store)

            async def kinds() -> list[object]:
                found = [await directory.recall(c) for c in (theirs + 1, theirs + 2, 424242)]
                return [f.kind if f else None for f in found]

            await eventually(kinds, [discord.ChannelType.forum, discord.ChannelType.text, None])
    finally:
        await fake.close()


@pytest.mark.parametrize("max_concurrency", [1, 2])
async def test_processes_take_turns_to_identify(
    tmp_path: Path, spread: FakeDiscord, pages: Pages, max_concurrency: int
) -> None:
    """Two processes with one shard each: the second starts when the first is connected, and
    discord.py alone would identify it at once (its process's first IDENTIFY). With
    max_concurrency 1 it waits for its turn, 5 s after the first; with 2 the shards are in
    different buckets and nobody waits."""
    spread.max_concurrency = max_concurrency
    configs = [discord_config(tmp_path, pages, shard_count=2, shard_ids=[i]) for i in (0, 1)]
    async with running(configs[0], spread), running(configs[1], spread):
        pass
    first, second = sorted(s.identified_at for s in spread.sessions_by_id.values())
    if max_concurrency == 1:
        assert second - first >= 4.9
    else:
        assert second - first < 4.0
