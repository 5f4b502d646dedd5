"""Reach on Discord: opt-in role pings, forum and announcement channels, user installs. Unmodified
discord.py against the fake Discord."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.app import App
from bot.domain.models import DeliveryStatus, Medium
from tests.discord.conftest import (
    CHANNELS,
    GUILD,
    MANAGE,
    SC_NEW,
    Pages,
    discord_config,
    reply_to,
    running,
)
from tests.discord.fake_channels import ANNOUNCEMENT, FORUM, role
from tests.discord.fake_discord import FakeDiscord
from tests.discord.fake_gateway import APP_PERMISSIONS

ALERTS = 777
QUIET = 778
NO_MENTION_ALL = APP_PERMISSIONS & ~(1 << 17)


def option(name: str, value: Any, kind: int = 3) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


async def subscribe(
    fake: FakeDiscord, channel: int, *, ping: dict[str, Any] | None = None, **kwargs: Any
) -> str:
    options = [option("platform", "soundcloud")]
    resolved = None
    if ping is not None:
        options.append(option("ping", ping["id"], kind=8))
        resolved = {"roles": {ping["id"]: ping}}
    kwargs.setdefault("permissions", MANAGE)
    interaction = await fake.slash(
        "subscribe", options, guild_id=GUILD, channel_id=channel, resolved=resolved, **kwargs
    )
    [callback] = await reply_to(fake, interaction)
    return str(callback.json["data"]["content"])


def posted(fake: FakeDiscord, channel: int) -> list[dict[str, Any]]:
    """The bodies the bot sent to create messages in `channel`."""
    path = f"/channels/{channel}/messages"
    return [r.json for r in fake.requests if r.method == "POST" and r.path == path]


async def change(app: App, pages: Pages) -> None:
    await app.services.watch.check_once()
    pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8")
    [event] = (await app.services.watch.check_once()).events
    assert event.ai_relevant
    await app.services.fanout.drain_all()


async def test_a_role_is_pinged_only_when_its_subscription_asks(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    fake.add_role(GUILD, ALERTS, "AI alerts", mentionable=True)
    fake.opted_in_roles.add(str(ALERTS))
    async with running(discord_config(tmp_path, pages), fake) as app:
        alerts = role(ALERTS, "AI alerts", mentionable=True)
        reply = await subscribe(fake, CHANNELS[0], ping=alerts)
        assert f"pinging <@&{ALERTS}>" in reply
        assert "Subscribed <#" in await subscribe(fake, CHANNELS[1])
        await change(app, pages)

    [pinged] = posted(fake, CHANNELS[0])
    assert pinged["content"] == f"<@&{ALERTS}>"
    assert pinged["allowed_mentions"]["parse"] == []  # no @everyone, no users
    assert [str(r) for r in pinged["allowed_mentions"]["roles"]] == [str(ALERTS)]  # that role only
    [quiet] = posted(fake, CHANNELS[1])
    assert not quiet.get("content")
    assert quiet["allowed_mentions"]["parse"] == [] and not quiet["allowed_mentions"].get("roles")


async def test_everyone_and_unmentionable_roles_are_refused(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    fake.add_role(GUILD, QUIET, "Quiet", mentionable=False)
    async with running(discord_config(tmp_path, pages), fake) as app:
        everyone = role(GUILD, "@everyone", mentionable=False)
        assert "never ping @everyone" in await subscribe(fake, CHANNELS[0], ping=everyone)
        quiet = role(QUIET, "Quiet", mentionable=False)
        refusal = await subscribe(fake, CHANNELS[0], ping=quiet, app_permissions=NO_MENTION_ALL)
        assert "can't mention the role" in refusal
        assert (
            await app.services.subscriptions.list_for(Medium.DISCORD_CHANNEL, str(CHANNELS[0]))
            == []
        )
        # With "Mention @everyone, @here and All Roles" the bot may ping an unmentionable role.
        assert f"pinging <@&{QUIET}>" in await subscribe(fake, CHANNELS[0], ping=quiet)


async def test_forum_channels_get_a_titled_post_per_change(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    fake.set_channel_kind(CHANNELS[2], FORUM)
    async with running(discord_config(tmp_path, pages), fake) as app:
        assert "new forum post" in await subscribe(fake, CHANNELS[2])
        await change(app, pages)

        # The row is claimed again (as after a crash between the post and marking it sent):
        # forum posts take no nonce, so the retry finds the earlier post instead of posting.
        [event] = await app.store.events("soundcloud", ai_only=True, limit=1)
        [row] = await app.store.deliveries_for_event(event.id or 0)
        await app.store.mark_retry(row.id, "response lost", "2000-01-01T00:00:00Z")
        assert (await app.services.fanout.drain_all()).sent == 1

    [post] = fake.forum_posts[str(CHANNELS[2])]
    assert post["name"].startswith("SoundCloud: AI training")
    assert len(post["name"]) <= 100
    assert fake.messages.get(str(CHANNELS[2]), []) == []  # no plain message in the forum


async def test_a_forum_retry_does_not_count_another_events_post_as_its_own(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    """Two events with the same forum title (the same change, another date): the second one's
    first attempt fails, and its retry must post rather than find the first event's post."""
    fake.set_channel_kind(CHANNELS[2], FORUM)
    async with running(discord_config(tmp_path, pages), fake) as app:
        await subscribe(fake, CHANNELS[2])
        await change(app, pages)
        [first] = await app.store.events("soundcloud", ai_only=True, limit=1)
        fake.fail("POST", rf"/channels/{CHANNELS[2]}/threads", 503)
        later = replace(first, id=None, occurred_at="2025-05-27", detected_at="")
        later_id = await app.store.record_event(later)
        assert later_id is not None
        await app.services.fanout.drain_all()  # the 503: to be tried again
        [row] = await app.store.deliveries_for_event(later_id)
        assert row.attempts == 1 and row.status == DeliveryStatus.RETRY
        await app.store.mark_retry(row.id, "503", "2000-01-01T00:00:00Z")
        assert (await app.services.fanout.drain_all()).sent == 1

    posts = fake.forum_posts[str(CHANNELS[2])]
    assert len(posts) == 2 and posts[0]["name"] == posts[1]["name"]
    footers = [fake.starters[p["id"]]["embeds"][0]["footer"]["text"] for p in posts]
    assert "2025-05-27" in footers[1] and "2025-05-27" not in footers[0]


async def test_announcement_posts_are_published_to_followers(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    fake.set_channel_kind(CHANNELS[3], ANNOUNCEMENT)
    async with running(discord_config(tmp_path, pages), fake) as app:
        assert "published to the servers that follow" in await subscribe(fake, CHANNELS[3])
        await change(app, pages)

    [message] = fake.messages[str(CHANNELS[3])]
    assert fake.crossposts == [message["id"]]


async def test_user_install_subscribes_the_users_dms(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    async with running(discord_config(tmp_path, pages), fake) as app:
        reply = await subscribe(fake, CHANNELS[4], user_install=True, permissions=0)
        assert "you (direct messages)" in reply
        [sub] = await app.services.subscriptions.list_for(Medium.DISCORD_DM, "4242")
        assert sub.platform_id == "soundcloud"
        assert (
            await app.services.subscriptions.list_for(Medium.DISCORD_CHANNEL, str(CHANNELS[4]))
            == []
        )

        interaction = await fake.slash(
            "subscribe",
            [option("platform", "bandcamp"), option("channel", str(CHANNELS[4]), kind=7)],
            guild_id=GUILD,
            channel_id=CHANNELS[4],
            user_install=True,
            resolved={
                "channels": {
                    str(CHANNELS[4]): {
                        "id": str(CHANNELS[4]),
                        "type": 0,
                        "name": "c",
                        "permissions": str(MANAGE),
                    }
                }
            },
        )
        [callback] = await reply_to(fake, interaction)
        assert "needs Terms Watch added to this server" in callback.json["data"]["content"]


async def test_commands_are_installable_by_users(app: App, fake: FakeDiscord) -> None:
    commands = fake.commands.get("global", [])
    assert commands, "no global commands synced"
    for command in commands:
        assert sorted(command["integration_types"]) == [0, 1], command["name"]
        assert sorted(command["contexts"]) == [0, 1, 2], command["name"]
