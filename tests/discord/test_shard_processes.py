"""Two and three `python -m bot run` processes, each holding some of the bot's shards, sharing
one PostgreSQL, against the fake Discord: every guild is served by exactly one process, an
interaction or a mention in a guild is answered by the process that owns its shard and by no
other, a DM by the holder of shard 0, the processes take turns to IDENTIFY, and the slash
commands are synced exactly once (also after a restart).

Each process talks to the fake through its own labelled URLs (/p0/api/v10, /p0/gateway), so the
fake knows which process made each request. Watching and fan-out are left idle (one document
that is not there, no subscriptions): several processes would each run them until they are
elected; this test is about gateway routing and command sync only."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.discord.conftest import BOT_MENTION, served
from tests.discord.fake_discord import APP_ID, FakeDiscord
from tests.discord.fake_shards import shard_of
from tests.discord.processes import Fleet, bot_config
from tests.discord.test_shards import GUILDS, channel_of, spread_fake
from tests.pg import free_port


def idle_platforms(fake: FakeDiscord) -> list[dict[str, object]]:
    """Nothing to watch in practice: the one document is not there (404 from the fake)."""
    url = f"http://127.0.0.1:{fake.port}/nothing"
    return [
        {"id": "soundcloud", "name": "SoundCloud",
         "documents": [{"kind": "terms_of_service", "url": url}]}
    ]  # fmt: skip


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with served(spread_fake()) as server:
        yield server


LAYOUTS = {
    "two processes, four shards": (4, [[0, 1], [2, 3]]),
    "three processes, three shards": (3, [[0], [1], [2]]),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
async def test_each_guild_is_served_by_the_process_owning_its_shard(
    layout: str, tmp_path: Path, fake: FakeDiscord, postgres_url: str
) -> None:
    count, layout_ids = LAYOUTS[layout]
    commands = rf"/applications/{APP_ID}/commands"
    fleet = Fleet.against(postgres_url, fake)
    try:
        for i, ids in enumerate(layout_ids):
            port = free_port()
            config = bot_config(
                tmp_path / f"p{i}",
                platforms=idle_platforms(fake),
                web_port=port,
                fanout={"interval_seconds": 0.5},
            )
            await fleet.launch(
                config, tmp_path / f"p{i}.log", web_port=port, shard_ids=ids, shard_count=count
            )
        bots = fleet.processes
        await fleet.wait_connected()
        owner = {g: next(b for b in bots if b.owns(g)) for g in GUILDS}

        # The processes took turns to IDENTIFY (max_concurrency 1: one every 5 s, as received).
        starts = sorted(s.identified_at for s in fake.sessions_by_id.values())
        assert len(starts) == count
        assert all(b - a >= 4.9 for a, b in itertools.pairwise(starts)), starts

        # Every guild reached exactly one process: the one holding its shard.
        holders = fake.guild_holders()
        for guild in GUILDS:
            assert holders[str(guild)] == [(owner[guild].who, shard_of(guild, count))]
        for bot in bots:  # and each process says so on /healthz
            discord = (await fleet.healthz(bot))["transports"]["discord"]
            assert discord["shards"] == list(bot.shard_ids) and discord["shard_count"] == count
            assert discord["guilds"] == sum(1 for g in GUILDS if bot.owns(g))

        # A slash command and a mention in each guild: answered by the owner, only.
        for guild in GUILDS:
            channel = channel_of(guild)
            interaction = await fake.slash("platforms", guild_id=guild, channel_id=channel)
            await fake.inject_message(
                f"{BOT_MENTION} is soundcloud training on my music?",
                channel_id=channel,
                guild_id=guild,
            )
            await fake.wait_until(
                lambda i=interaction, c=channel: bool(
                    fake.interaction_calls(i["id"]) and fake.messages.get(str(c))
                ),
                20,
            )
            await asyncio.sleep(0.3)  # a second answer from another process would be here
            callbacks = fake.interaction_calls(interaction["id"])
            assert [r.who for r in callbacks] == [owner[guild].who]
            posts = fake.sent("POST", rf"/channels/{channel}/messages")
            assert [r.who for r in posts] == [owner[guild].who]
            assert "message_reference" in posts[0].json

        # A direct message reaches shard 0 only: its holder answers.
        dm = await fake.slash("platforms", guild_id=None, channel_id=31337)
        await fake.wait_until(lambda: bool(fake.interaction_calls(dm["id"])), 20)
        await asyncio.sleep(0.3)
        assert [r.who for r in fake.interaction_calls(dm["id"])] == ["p0"]

        # Commands synced once, by the process holding shard 0; a restart does not re-sync.
        assert [r.who for r in fake.sent("PUT", commands)] == ["p0"]
        assert await fleet.stop_one(bots[0]) == 0, bots[0].tail()
        await fleet.start(bots[0])
        await fleet.wait_connected()
        assert [r.who for r in fake.sent("PUT", commands)] == ["p0"]
        assert [r.path for r in fake.requests if r.path.endswith("/commands")] == [commands]
    finally:
        codes = await fleet.stop()
    assert codes == [0] * len(layout_ids), fleet.logs()
