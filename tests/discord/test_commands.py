"""Slash commands, autocomplete, buttons and mentions, end to end through unmodified discord.py."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from bot.app import App
from bot.domain.models import Medium
from tests.discord.conftest import (
    BOT_MENTION,
    CHANNELS,
    GUILD,
    MANAGE,
    NO_MANAGE,
    SC_NEW,
    Pages,
    eventually,
    reply_to,
)
from tests.discord.fake_discord import FakeDiscord

EPHEMERAL = 64


def option(name: str, value: Any, kind: int = 3, focused: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"name": name, "type": kind, "value": value}
    if focused:
        data["focused"] = True
    return data


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components", []) for c in row["components"]]


async def test_commands_synced_without_privileged_intents(app: App, fake: FakeDiscord) -> None:
    names = {c["name"] for c in fake.commands["global"]}
    assert {
        "training",
        "platforms",
        "history",
        "subscribe",
        "unsubscribe",
        "subscriptions",
    } <= names
    subscribe = next(c for c in fake.commands["global"] if c["name"] == "subscribe")
    assert int(subscribe["default_member_permissions"]) == 16  # Manage Channels
    # guilds (1) + guild messages (512) + direct messages (4096); nothing privileged
    assert fake.last_intents == 1 | 512 | 4096


async def test_training_answers_with_verdict_evidence_and_buttons(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8")
    await app.services.watch.check_once()

    interaction = await fake.slash(
        "training", [option("platform", "soundcloud")], guild_id=GUILD, channel_id=CHANNELS[0]
    )
    [callback] = await reply_to(fake, interaction)
    assert callback.json["type"] == 4
    data = callback.json["data"]
    assert data["allowed_mentions"]["parse"] == []
    assert not (data.get("flags") or 0) & EPHEMERAL
    embed = data["embeds"][0]
    assert "SoundCloud" in embed["title"]
    assert embed["description"].startswith("**Verdict:**")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "What you can do" in fields and "remove your uploads" in fields["What you can do"]
    quotes = [v for v in fields.values() if v.startswith("> “")]
    assert any("artificial intelligence" in q for q in quotes)
    assert any(pages.url("soundcloud") in q for q in quotes)  # link to the document
    assert any(n.startswith("Terms of Service") for n in fields)  # document (and date)
    found = {b.get("custom_id") or b.get("url") for b in buttons(data)}
    assert {"tw:sub:soundcloud", "tw:hist:soundcloud", pages.url("soundcloud")} <= found


async def test_autocomplete_offers_fuzzy_matches(app: App, fake: FakeDiscord) -> None:
    interaction = await fake.inject_interaction(
        kind=4,
        data={
            "id": fake.next_id(),
            "name": "training",
            "type": 1,
            "options": [option("platform", "sound", focused=True)],
        },
        guild_id=GUILD,
        channel_id=CHANNELS[0],
    )
    [callback] = await reply_to(fake, interaction)
    assert callback.json["type"] == 8
    choices = callback.json["data"]["choices"]
    assert {"name": "SoundCloud", "value": "soundcloud"} in choices
    assert len(choices) <= 25

    interaction = await fake.inject_interaction(
        kind=4,
        data={
            "id": fake.next_id(),
            "name": "subscribe",
            "type": 1,
            "options": [option("platform", "", focused=True)],
        },
        guild_id=GUILD,
        channel_id=CHANNELS[0],
        permissions=MANAGE,
    )
    [callback] = await reply_to(fake, interaction)
    values = [c["value"] for c in callback.json["data"]["choices"]]
    assert values[0] == "all" and "soundcloud" in values and "bandcamp" in values


async def test_unknown_platform_gets_suggestions_ephemerally(app: App, fake: FakeDiscord) -> None:
    interaction = await fake.slash(
        "training", [option("platform", "myspace")], guild_id=GUILD, channel_id=CHANNELS[0]
    )
    [callback] = await reply_to(fake, interaction)
    data = callback.json["data"]
    assert data["flags"] & EPHEMERAL
    assert data["allowed_mentions"]["parse"] == []
    assert "don't track" in data["content"] and "/platforms" in data["content"]


async def test_subscribe_needs_manage_channels(app: App, fake: FakeDiscord) -> None:
    interaction = await fake.slash(
        "subscribe",
        [option("platform", "soundcloud")],
        guild_id=GUILD,
        channel_id=CHANNELS[0],
        permissions=NO_MANAGE,
    )
    [callback] = await reply_to(fake, interaction)
    data = callback.json["data"]
    assert data["flags"] & EPHEMERAL
    assert "Manage Channels" in data["content"]
    assert await app.services.subscriptions.list_for(Medium.DISCORD_CHANNEL, str(CHANNELS[0])) == []


async def test_subscribe_other_channel_checks_permission_there(app: App, fake: FakeDiscord) -> None:
    target = CHANNELS[1]
    resolved = {
        "channels": {
            str(target): {
                "id": str(target),
                "type": 0,
                "name": "news",
                "permissions": str(NO_MANAGE),
            }
        }
    }
    interaction = await fake.slash(
        "subscribe",
        [option("platform", "soundcloud"), option("channel", str(target), kind=7)],
        guild_id=GUILD,
        channel_id=CHANNELS[0],
        permissions=MANAGE,
        resolved=resolved,
    )
    [callback] = await reply_to(fake, interaction)
    assert "Manage Channels" in callback.json["data"]["content"]
    assert await app.services.subscriptions.list_for(Medium.DISCORD_CHANNEL, str(target)) == []

    resolved["channels"][str(target)]["permissions"] = str(MANAGE)
    interaction = await fake.slash(
        "subscribe",
        [
            option("platform", "all"),
            option("channel", str(target), kind=7),
            option("only_ai_changes", False, kind=5),
        ],
        guild_id=GUILD,
        channel_id=CHANNELS[0],
        permissions=NO_MANAGE,
        resolved=resolved,
    )
    [callback] = await reply_to(fake, interaction)
    assert f"<#{target}>" in callback.json["data"]["content"]
    [sub] = await app.services.subscriptions.list_for(Medium.DISCORD_CHANNEL, str(target))
    assert (sub.platform_id, sub.only_ai_changes, sub.guild_id) == ("*", False, str(GUILD))


async def test_subscribe_twice_list_and_unsubscribe(app: App, fake: FakeDiscord) -> None:
    channel = CHANNELS[2]

    async def run(name: str, *options: dict[str, Any]) -> dict[str, Any]:
        interaction = await fake.slash(
            name, list(options), guild_id=GUILD, channel_id=channel, permissions=MANAGE
        )
        [callback] = await reply_to(fake, interaction)
        return callback.json["data"]

    first = await run("subscribe", option("platform", "sc"))
    assert "Subscribed" in first["content"] and "SoundCloud" in first["content"]
    again = await run("subscribe", option("platform", "soundcloud"))
    assert again["flags"] & EPHEMERAL and "Already" in again["content"]
    listed = await run("subscriptions")
    assert "SoundCloud" in listed["embeds"][0]["description"]
    gone = await run("unsubscribe", option("platform", "soundcloud"))
    assert "Unsubscribed" in gone["content"]
    missing = await run("unsubscribe", option("platform", "soundcloud"))
    assert "Nothing to remove" in missing["content"]
    assert await app.services.subscriptions.list_for(Medium.DISCORD_CHANNEL, str(channel)) == []


async def test_subscribe_in_dm_subscribes_the_user(app: App, fake: FakeDiscord) -> None:
    interaction = await fake.slash(
        "subscribe", [option("platform", "bandcamp")], guild_id=None, channel_id=777, user_id=31337
    )
    [callback] = await reply_to(fake, interaction)
    assert "direct messages" in callback.json["data"]["content"]
    [sub] = await app.services.subscriptions.list_for(Medium.DISCORD_DM, "31337")
    assert sub.platform_id == "bandcamp" and sub.guild_id is None


async def test_subscribe_button_rechecks_permission(app: App, fake: FakeDiscord) -> None:
    channel = CHANNELS[3]
    denied = await fake.click(
        "tw:sub:soundcloud", guild_id=GUILD, channel_id=channel, permissions=NO_MANAGE
    )
    [callback] = await reply_to(fake, denied)
    assert "Manage Channels" in callback.json["data"]["content"]
    allowed = await fake.click(
        "tw:sub:soundcloud", guild_id=GUILD, channel_id=channel, permissions=MANAGE
    )
    await reply_to(fake, allowed)
    [sub] = await app.services.subscriptions.list_for(Medium.DISCORD_CHANNEL, str(channel))
    assert sub.platform_id == "soundcloud"


async def test_platforms_lists_every_platform(app: App, fake: FakeDiscord) -> None:
    interaction = await fake.slash("platforms", guild_id=GUILD, channel_id=CHANNELS[0])
    [callback] = await reply_to(fake, interaction)
    description = callback.json["data"]["embeds"][0]["description"]
    assert "**SoundCloud**" in description and "**Bandcamp**" in description


async def test_platforms_filters_by_category(app: App, fake: FakeDiscord) -> None:
    command = next(c for c in fake.commands["global"] if c["name"] == "platforms")
    [category] = command["options"]
    assert {c["value"] for c in category["choices"]} >= {"music-distribution", "ai-music"}
    interaction = await fake.slash(
        "platforms",
        [option("category", "music-streaming")],
        guild_id=GUILD,
        channel_id=CHANNELS[0],
    )
    [callback] = await reply_to(fake, interaction)
    embed = callback.json["data"]["embeds"][0]
    assert embed["title"].startswith("Music streaming and stores")
    assert "**SoundCloud**" in embed["description"]
    assert "Bandcamp" not in embed["description"]


async def test_history_lists_changes_and_attaches_timeline(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    await app.services.watch.check_once()
    pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8")
    report = await app.services.watch.check_once()
    assert report.events, "the new version should be an AI-relevant change"

    interaction = await fake.slash(
        "history", [option("platform", "soundcloud")], guild_id=GUILD, channel_id=CHANNELS[0]
    )
    calls = await reply_to(fake, interaction, count=2)  # defer, then the followup
    assert calls[0].json["type"] == 5
    followup = calls[-1]
    embed = followup.json["embeds"][0]
    assert embed["fields"], "one field per change"
    assert (
        "→" in embed["fields"][0]["value"]
        and pages.url("soundcloud") in embed["fields"][0]["value"]
    )
    assert followup.json["allowed_mentions"]["parse"] == []
    [(name, png)] = followup.files
    assert name.endswith(".png") and png.startswith(b"\x89PNG")
    assert embed["image"]["url"] == f"attachment://{name}"


async def test_mention_question_is_answered_in_channel(app: App, fake: FakeDiscord) -> None:
    await fake.inject_message(
        f"{BOT_MENTION} is soundcloud training on my music?", channel_id=CHANNELS[4], guild_id=GUILD
    )
    await fake.wait_until(lambda: fake.messages.get(str(CHANNELS[4])))
    [post] = fake.sent("POST", rf"/channels/{CHANNELS[4]}/messages")
    assert "SoundCloud" in post.json["embeds"][0]["title"]
    assert post.json["allowed_mentions"]["parse"] == []
    assert post.json["allowed_mentions"].get("replied_user", False) is False
    assert "message_reference" in post.json

    # a message that does not mention the bot is ignored
    await fake.inject_message(
        "is soundcloud training?", channel_id=CHANNELS[4], guild_id=GUILD, mentions_bot=False
    )
    await fake.inject_message(
        f"{BOT_MENTION} is myspacey training?", channel_id=CHANNELS[4], guild_id=GUILD
    )
    await fake.wait_until(lambda: len(fake.messages[str(CHANNELS[4])]) >= 2)
    assert len(fake.messages[str(CHANNELS[4])]) == 2
    assert "don't track" in fake.messages[str(CHANNELS[4])][1]["content"]

    await fake.inject_message(
        f"{BOT_MENTION} subscribe soundcloud", channel_id=CHANNELS[4], guild_id=GUILD
    )
    await fake.wait_until(lambda: len(fake.messages[str(CHANNELS[4])]) >= 3)
    assert "/subscribe" in fake.messages[str(CHANNELS[4])][2]["content"]


async def test_unexpected_error_is_generic_and_logged(
    app: App, fake: FakeDiscord, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(question: str, *_: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(app.services.answers, "answer", broken)
    with caplog.at_level(logging.ERROR, logger="bot.adapters.discord.replies"):
        interaction = await fake.slash(
            "training", [option("platform", "soundcloud")], guild_id=GUILD, channel_id=CHANNELS[0]
        )
        [callback] = await reply_to(fake, interaction)
    data = callback.json["data"]
    assert data["flags"] & EPHEMERAL and "database" not in data["content"]
    assert "went wrong" in data["content"]
    [record] = [r for r in caplog.records if "training" in r.getMessage()]
    assert record.exc_info and "database on fire" in str(record.exc_info[1])


async def test_leaving_guild_and_deleting_channel_forget_subscriptions(
    app: App, fake: FakeDiscord
) -> None:
    subs = app.services.subscriptions
    await subs.subscribe(
        Medium.DISCORD_CHANNEL, str(CHANNELS[0]), "soundcloud", guild_id=str(GUILD)
    )
    await subs.subscribe(
        Medium.DISCORD_CHANNEL, str(CHANNELS[1]), "soundcloud", guild_id=str(GUILD)
    )
    await fake.dispatch(
        "CHANNEL_DELETE",
        {
            "id": str(CHANNELS[0]),
            "type": 0,
            "guild_id": str(GUILD),
            "name": "gone",
            "position": 0,
            "permission_overwrites": [],
        },
    )

    async def count(channel: int) -> int:
        return len(await subs.list_for(Medium.DISCORD_CHANNEL, str(channel)))

    await eventually(lambda: count(CHANNELS[0]), 0)
    assert await count(CHANNELS[1]) == 1

    await fake.dispatch("GUILD_DELETE", {"id": str(GUILD)})
    await eventually(lambda: count(CHANNELS[1]), 0)


async def test_direct_message_question_is_answered(app: App, fake: FakeDiscord) -> None:
    await fake.inject_message(
        "what about bandcamp?", channel_id=888, guild_id=None, mentions_bot=False
    )
    await fake.wait_until(lambda: fake.messages.get("888"))
    [post] = fake.sent("POST", r"/channels/888/messages")
    assert "Bandcamp" in post.json["embeds"][0]["title"]
    assert post.json["allowed_mentions"]["parse"] == []
    labels = [c["label"] for row in post.json["components"] for c in row["components"]]
    assert "Send me changes" in labels


async def test_slow_answer_is_deferred_then_followed_up(
    app: App, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = app.services.answers.answer

    async def slow(question: str, *rest: Any) -> Any:
        await asyncio.sleep(1.2)
        return await real(question, *rest)

    monkeypatch.setattr(app.services.answers, "answer", slow)
    interaction = await fake.slash(
        "training", [option("platform", "bandcamp")], guild_id=GUILD, channel_id=CHANNELS[0]
    )
    defer, followup = await reply_to(fake, interaction, count=2)
    assert defer.json["type"] == 5  # deferred within Discord's 3 s
    assert followup.method == "POST" and "Bandcamp" in followup.json["embeds"][0]["title"]
    assert followup.json["allowed_mentions"]["parse"] == []


async def test_history_button_answers_privately(app: App, fake: FakeDiscord) -> None:
    click = await fake.click("tw:hist:soundcloud", guild_id=GUILD, channel_id=CHANNELS[0])
    defer, followup = await reply_to(fake, click, count=2)
    assert defer.json["type"] == 5 and defer.json["data"]["flags"] & EPHEMERAL
    assert followup.json["embeds"][0]["title"] == "SoundCloud: AI-policy history"
    assert followup.json["allowed_mentions"]["parse"] == []
