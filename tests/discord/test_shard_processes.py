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
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from tests.conftest import REPO
from tests.discord.conftest import BOT_MENTION
from tests.discord.fake_discord import APP_ID, FakeDiscord
from tests.discord.fake_shards import shard_of
from tests.discord.test_shards import GUILDS, channel_of, spread_fake
from tests.pg import free_port

START_S = 90.0  # two cores shared with other work: a cold start can take a while


@dataclass
class BotProcess:
    who: str
    shard_ids: list[int]
    shard_count: int
    web_port: int
    config: Path
    log: Path
    process: asyncio.subprocess.Process | None = None

    def owns(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.shard_count) in self.shard_ids

    def tail(self) -> str:
        return f"--- {self.who} ---\n" + self.log.read_text(errors="replace")[-3000:]


def write_config(tmp_path: Path, who: str, database_url: str, fake: FakeDiscord) -> Path:
    config = {
        "storage": {"url": database_url},
        "watch": {
            "interval_seconds": 3600,
            "timeout_seconds": 5,
            "per_host_interval_seconds": 0,
            "allow_private_addresses": True,
        },
        "fanout": {"interval_seconds": 0.5},
        # Nothing to watch in practice: the one document is not there (404 from the fake).
        "platforms": [
            {
                "id": "soundcloud",
                "name": "SoundCloud",
                "documents": [
                    {"kind": "terms_of_service", "url": f"http://127.0.0.1:{fake.port}/nothing"}
                ],
            }
        ],
        "feeds": [],
        "discord": {"enabled": True},
        "bluesky": {"enabled": False},
        "web": {"enabled": True, "host": "127.0.0.1", "port": free_port()},
    }
    path = tmp_path / f"{who}.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


async def start(bot: BotProcess, fake: FakeDiscord) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DISCORD_TOKEN": "test-token",
        "TERMSWATCH_DISCORD_API_BASE": fake.api_base_for(bot.who),
        "TERMSWATCH_DISCORD_GATEWAY": fake.gateway_for(bot.who),
        "TERMSWATCH_SHARD_COUNT": str(bot.shard_count),
        "TERMSWATCH_SHARD_IDS": ",".join(map(str, bot.shard_ids)),
    }
    for key in ("BLUESKY_HANDLE", "TERMSWATCH_DATABASE_URL", "TERMSWATCH_DB"):
        env.pop(key, None)
    bot.process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--config",
        str(bot.config),
        "run",
        cwd=str(REPO),
        env=env,
        stdout=bot.log.open("ab"),
        stderr=asyncio.subprocess.STDOUT,
    )


async def stop(bot: BotProcess) -> int | None:
    process = bot.process
    if process is None or process.returncode is not None:
        return process.returncode if process else None
    process.send_signal(signal.SIGTERM)
    try:
        return await asyncio.wait_for(process.wait(), 30)
    except TimeoutError:
        process.kill()
        await process.wait()
        return None


async def healthz(session: aiohttp.ClientSession, bot: BotProcess) -> dict[str, Any]:
    async with session.get(f"http://127.0.0.1:{bot.web_port}/healthz") as response:
        return dict(await response.json())


async def wait_ready(session: aiohttp.ClientSession, bots: list[BotProcess]) -> None:
    """Until every process says on /healthz that Discord is connected."""
    deadline = asyncio.get_running_loop().time() + START_S
    pending = list(bots)
    while pending:
        bot = pending[0]
        assert bot.process is not None
        if bot.process.returncode is not None:
            raise AssertionError(f"{bot.who} exited with {bot.process.returncode}\n{bot.tail()}")
        try:
            if (await healthz(session, bot))["transports"]["discord"]["connected"]:
                pending.pop(0)
                continue
        except (aiohttp.ClientError, KeyError, ValueError):
            pass
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("not connected in time\n" + "\n".join(b.tail() for b in bots))
        await asyncio.sleep(0.3)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = spread_fake()
    await server.start()
    try:
        yield server
        assert server.pinging_sends() == []
    finally:
        await server.close()


LAYOUTS = {
    "two processes, four shards": (4, [[0, 1], [2, 3]]),
    "three processes, three shards": (3, [[0], [1], [2]]),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
async def test_each_guild_is_served_by_the_process_owning_its_shard(
    layout: str, tmp_path: Path, fake: FakeDiscord, postgres_url: str
) -> None:
    count, layout_ids = LAYOUTS[layout]
    bots = []
    for i, ids in enumerate(layout_ids):
        config = write_config(tmp_path, f"p{i}", postgres_url, fake)
        port = yaml.safe_load(config.read_text())["web"]["port"]
        bots.append(BotProcess(f"p{i}", ids, count, port, config, tmp_path / f"p{i}.log"))
    commands = rf"/applications/{APP_ID}/commands"
    async with aiohttp.ClientSession() as session:
        try:
            await asyncio.gather(*(start(bot, fake) for bot in bots))
            await wait_ready(session, bots)
            owner = {g: next(b for b in bots if b.owns(g)) for g in GUILDS}

            # The processes took turns to IDENTIFY (max_concurrency 1: one every 5 s).
            starts = sorted(s.identified_at for s in fake.sessions_by_id.values())
            assert len(starts) == count
            assert all(b - a >= 4.9 for a, b in itertools.pairwise(starts)), starts

            # Every guild reached exactly one process: the one holding its shard.
            holders = fake.guild_holders()
            for guild in GUILDS:
                assert holders[str(guild)] == [(owner[guild].who, shard_of(guild, count))]
            for bot in bots:  # and each process says so on /healthz
                discord = (await healthz(session, bot))["transports"]["discord"]
                assert discord["shards"] == bot.shard_ids and discord["shard_count"] == count
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
            assert await stop(bots[0]) == 0, bots[0].tail()
            await start(bots[0], fake)
            await wait_ready(session, bots)
            assert [r.who for r in fake.sent("PUT", commands)] == ["p0"]
            assert [r.path for r in fake.requests if r.path.endswith("/commands")] == [commands]
        finally:
            codes = await asyncio.gather(*(stop(bot) for bot in bots))
        assert codes == [0] * len(bots), "\n".join(b.tail() for b in bots)
