"""`python -m bot run` killed with SIGKILL mid-fan-out and restarted: every channel posted once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import yaml

from bot.adapters.store import SqliteStore
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
from tests.conftest import REPO
from tests.discord.conftest import GUILD, Pages, bot_env
from tests.discord.fake_discord import FakeDiscord

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
        change = Change(
            True,
            Verdict(),
            Verdict(PlatformTraining.YES),
            ("Your Content may be used to train artificial intelligence.",),
            (),
            "SoundCloud now says your uploads may train AI.",
        )
        event_id = await store.record_event(
            PolicyEvent(
                "soundcloud",
                "terms_of_service",
                pages.url("soundcloud"),
                "2024-02-07",
                EventSource.FEED,
                change,
                title="SoundCloud terms changed",
            )
        )
        assert event_id is not None
        assert len(await store.deliveries_for_event(event_id)) == CHANNEL_COUNT
    finally:
        await store.close()


def write_config(tmp_path: Path, pages: Pages) -> Path:
    config = {
        "storage": {"path": str(tmp_path / "crash.db")},
        "watch": {
            "interval_seconds": 3600,
            "timeout_seconds": 5,
            "per_host_interval_seconds": 0,
            "allow_private_addresses": True,  # the pages are on loopback
        },
        "fanout": {"interval_seconds": 0.1, "batch_size": 100, "max_attempts": 8},
        "platforms": [
            {
                "id": "soundcloud",
                "name": "SoundCloud",
                "documents": [{"kind": "terms_of_service", "url": pages.url("soundcloud")}],
            }
        ],
        "discord": {"enabled": True, "rate_limit_per_second": 10},
        "bluesky": {"enabled": False},
        "web": {"enabled": False},
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


async def start_bot(config: Path, fake: FakeDiscord, log: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, **bot_env(fake), "PYTHONPATH": str(REPO)}
    env.pop("BLUESKY_HANDLE", None)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--config",
        str(config),
        "run",
        cwd=str(REPO),
        env=env,
        stdout=log.open("ab"),
        stderr=asyncio.subprocess.STDOUT,
    )


def channels_posted(fake: FakeDiscord) -> int:
    return sum(1 for i in range(CHANNEL_COUNT) if fake.messages.get(str(FIRST_CHANNEL + i)))


async def test_killed_mid_fanout_then_restarted_posts_each_channel_once(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    config = write_config(tmp_path, pages)
    await prepare(tmp_path / "crash.db", pages)
    log = tmp_path / "bot.log"
    fake.hold_messages()  # Discord stores the messages but the bot never hears back

    first = await start_bot(config, fake, log)
    try:
        await fake.wait_until(lambda: channels_posted(fake) >= 8, 60)
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    posted_before = channels_posted(fake)
    assert posted_before < CHANNEL_COUNT, "the kill must land mid-fan-out"

    fake.release()
    second = await start_bot(config, fake, log)
    try:
        await fake.wait_until(lambda: channels_posted(fake) == CHANNEL_COUNT, 60)
        await asyncio.sleep(0.5)  # any duplicate would have arrived by now
    finally:
        second.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(second.wait(), 30)

    per_channel = [len(fake.messages[str(FIRST_CHANNEL + i)]) for i in range(CHANNEL_COUNT)]
    assert per_channel == [1] * CHANNEL_COUNT, log.read_text(errors="replace")[-3000:]
    assert fake.deduplicated >= posted_before  # the re-sends were absorbed by the nonce
    nonces = {r.json["nonce"] for r in fake.message_posts()}
    assert len(nonces) == CHANNEL_COUNT
    assert code == 0, log.read_text(errors="replace")[-3000:]
