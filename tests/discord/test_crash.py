"""`python -m bot run` killed with SIGKILL mid-fan-out and restarted: every channel posted once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.adapters.store import SqliteStore
from bot.domain.models import Medium, Platform, Subscription
from tests.discord.conftest import GUILD, Pages, ai_event, bot_env, soundcloud_only
from tests.discord.fake_discord import FakeDiscord
from tests.discord.processes import Fleet, bot_config

CHANNEL_COUNT = 30
FIRST_CHANNEL = 5000


async def prepare(db: Path, pages: Pages) -> None:
    store = await SqliteStore.open(db)
    try:
        await store.sync_platforms([Platform("soundcloud", "SoundCloud")])
        for i in range(CHANNEL_COUNT):
            await store.add_subscription(
                Subscription(
                    Medium.DISCORD_CHANNEL,
                    str(FIRST_CHANNEL + i),
                    "soundcloud",
                    guild_id=str(GUILD),
                )
            )
        event_id = await store.record_event(ai_event(pages, "2024-02-07"))
        assert event_id is not None
        assert len(await store.deliveries_for_event(event_id)) == CHANNEL_COUNT
    finally:
        await store.close()


def channels_posted(fake: FakeDiscord) -> int:
    return sum(1 for i in range(CHANNEL_COUNT) if fake.messages.get(str(FIRST_CHANNEL + i)))


async def test_killed_mid_fanout_then_restarted_posts_each_channel_once(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    config = bot_config(tmp_path, platforms=soundcloud_only(pages), rate=10)
    await prepare(tmp_path / "termswatch.db", pages)  # SQLite: the config's storage.path
    fleet = Fleet("", bot_env(fake))
    fake.hold_messages()  # Discord stores the messages but the bot never hears back

    bot = await fleet.launch(config, tmp_path / "bot.log")
    try:
        await fake.wait_until(lambda: channels_posted(fake) >= 8, 60)
    finally:
        await fleet.kill(bot)
    posted_before = channels_posted(fake)
    assert posted_before < CHANNEL_COUNT, "the kill must land mid-fan-out"

    fake.release()
    await fleet.start(bot)  # the same process again, on the same database
    try:
        await fake.wait_until(lambda: channels_posted(fake) == CHANNEL_COUNT, 60)
        await asyncio.sleep(0.5)  # any duplicate would have arrived by now
    finally:
        code = await fleet.stop_one(bot)

    per_channel = [len(fake.messages[str(FIRST_CHANNEL + i)]) for i in range(CHANNEL_COUNT)]
    assert per_channel == [1] * CHANNEL_COUNT, fleet.logs()
    assert fake.deduplicated >= posted_before  # the re-sends were absorbed by the nonce
    nonces = {r.json["nonce"] for r in fake.message_posts()}
    assert len(nonces) == CHANNEL_COUNT
    assert code == 0, fleet.logs()
    started = bot.log.read_text(errors="replace")
    assert "roles: watcher, fanout, bluesky all held by this process (SQLite" in started
