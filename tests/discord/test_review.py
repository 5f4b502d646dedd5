"""The review channel: a held change is shown once with Confirm / Discard; only a member who can
manage the server decides; confirming posts it to subscribers, once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config import ReviewSettings
from bot.domain.models import DeliveryStatus, Medium, ReviewState
from bot.domain.review import ReviewMode
from tests.discord.conftest import (
    CHANNELS,
    GUILD,
    MANAGE,
    SC_NEW,
    Pages,
    discord_config,
    eventually,
    reply_to,
    running,
)
from tests.discord.fake_discord import FakeDiscord

MANAGE_GUILD = 32
REVIEW = CHANNELS[4]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components", []) for c in row["components"]]


async def test_held_change_waits_for_a_confirm_button(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    config = replace(
        discord_config(tmp_path, pages, review_channel_id=REVIEW),
        review=ReviewSettings(ReviewMode.VERDICT_MOVES),
    )
    async with running(config, fake) as app:
        await app.services.subscriptions.subscribe(
            Medium.DISCORD_CHANNEL, str(CHANNELS[0]), "soundcloud", guild_id=str(GUILD)
        )
        await app.services.watch.check_once()
        pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8")
        [event] = (await app.services.watch.check_once()).events
        assert event.review is ReviewState.HELD

        await fake.wait_until(lambda: len(fake.messages.get(str(REVIEW), [])) == 1)
        [prompt] = fake.messages[str(REVIEW)]
        assert prompt["content"].startswith("**Held for review**")
        ids = [b["custom_id"] for b in buttons(prompt)]
        assert ids == [f"tw:review:confirm:{event.id}", f"tw:review:discard:{event.id}"]
        assert (await app.services.fanout.drain_all()).claimed == 0
        assert fake.messages.get(str(CHANNELS[0]), []) == []

        # Manage Channels is not enough, and the button only works in the review channel.
        denied = await fake.click(ids[0], guild_id=GUILD, channel_id=REVIEW, permissions=MANAGE)
        [refusal] = await reply_to(fake, denied)
        assert "manage this server" in refusal.json["data"]["content"]
        elsewhere = await fake.click(
            ids[0], guild_id=GUILD, channel_id=CHANNELS[1], permissions=MANAGE | MANAGE_GUILD
        )
        await reply_to(fake, elsewhere)
        assert [e.id for e in await app.services.review.pending()] == [event.id]

        allowed = await fake.click(
            ids[0], guild_id=GUILD, channel_id=REVIEW, permissions=MANAGE | MANAGE_GUILD
        )
        [update] = await reply_to(fake, allowed)
        assert update.json["type"] == 7  # the prompt is edited: decision shown, buttons gone
        assert update.json["data"]["content"].startswith("**Confirmed")
        assert update.json["data"]["components"] == []
        assert update.json["data"]["allowed_mentions"]["parse"] == []

        async def delivered() -> list[DeliveryStatus]:
            return [d.status for d in await app.store.deliveries_for_event(event.id or 0)]

        await app.services.fanout.drain_all()
        await eventually(delivered, [DeliveryStatus.SENT])
        assert len(fake.messages[str(CHANNELS[0])]) == 1

        # A second click (another operator, a stale prompt) changes nothing.
        late = await fake.click(
            ids[1], guild_id=GUILD, channel_id=REVIEW, permissions=MANAGE | MANAGE_GUILD
        )
        [answer] = await reply_to(fake, late)
        assert "already decided" in answer.json["data"]["content"]
        assert await delivered() == [DeliveryStatus.SENT]
