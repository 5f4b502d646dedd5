"""The transport: status, dev-guild command sync, gateway RESUME, paging through platforms."""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord.http

from bot.adapters.discord.limiter import throttle_bucket_cleanup
from bot.app import App
from bot.config import Config
from tests.discord.conftest import (
    CHANNELS,
    GUILD,
    Pages,
    discord_config,
    discord_transport,
    reply_to,
    running,
)
from tests.discord.fake_discord import APP_ID, FakeDiscord


async def test_status_reports_connection(app: App, fake: FakeDiscord) -> None:
    status = discord_transport(app).status()
    assert status["connected"] is True and status["guilds"] == 1
    assert "test-token" not in repr(discord_transport(app))


async def test_dev_guild_gets_the_commands(tmp_path: Path, fake: FakeDiscord, pages: Pages) -> None:
    config = discord_config(tmp_path, pages, dev_guild_id=GUILD)
    async with running(config, fake) as app:
        assert discord_transport(app).status()["connected"]
        [sync] = fake.sent("PUT", rf"/applications/{APP_ID}/guilds/{GUILD}/commands")
        assert {c["name"] for c in sync.json} >= {"training", "subscribe"}
        assert "global" not in fake.commands
    assert not discord_transport(app).status()["connected"]  # closed cleanly on stop


async def test_gateway_drop_is_resumed(app: App, fake: FakeDiscord) -> None:
    await fake.drop_connections(code=4000)
    await fake.wait_until(lambda: fake.resumes == 1, 15)
    assert fake.identifies == 1
    interaction = await fake.slash("platforms", guild_id=GUILD, channel_id=CHANNELS[0])
    [callback] = await reply_to(fake, interaction)
    assert callback.json["type"] == 4


async def test_platforms_are_paged_with_buttons(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    base = discord_config(tmp_path, pages)
    many = [{"id": f"site{i:02d}", "name": f"Site {i:02d}", "documents": []} for i in range(20)]
    data = {
        "storage": {"path": str(base.storage.path)},
        "platforms": many,
        "discord": {"enabled": True},
        "bluesky": {"enabled": False},
        "web": {"enabled": False},
    }
    async with running(Config.from_dict(data, base_dir=tmp_path), fake):
        interaction = await fake.slash("platforms", guild_id=GUILD, channel_id=CHANNELS[0])
        [callback] = await reply_to(fake, interaction)
        first = callback.json["data"]
        assert "Site 00" in first["embeds"][0]["description"]
        assert "Site 19" not in first["embeds"][0]["description"]
        ids = [c.get("custom_id") for row in first["components"] for c in row["components"]]
        assert "tw:page:1" in ids

        click = await fake.click("tw:page:1", guild_id=GUILD, channel_id=CHANNELS[0])
        [update] = await reply_to(fake, click)
        assert update.json["type"] == 7  # update the message in place
        page_two = update.json["data"]["embeds"][0]
        assert "Site 19" in page_two["description"] and "Site 00" not in page_two["description"]
        assert update.json["data"]["allowed_mentions"]["parse"] == []


async def test_a_fan_out_to_many_new_channels_does_not_rescan_every_bucket() -> None:
    """discord.py looks for idle rate-limit buckets each time it creates one (past 256): one scan
    per new channel made a 20,000-channel fan-out quadratic. Throttled: one scan here."""
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    scans = 0
    scan = http._try_clear_expired_ratelimits

    def counted() -> None:
        nonlocal scans
        scans += 1
        scan()

    http._try_clear_expired_ratelimits = counted  # type: ignore[method-assign]
    throttle_bucket_cleanup(http)
    for channel in range(2000):
        http.get_ratelimit(f"POST /channels/{channel}/messages")
    assert scans == 1
    await http.close()
