"""Auto-posts: a watched page changes -> the post reaches the subscribed channels, once."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from bot.app import App
from bot.domain.models import DeliveryStatus, Medium, SendOutcome
from tests.discord.conftest import (
    CHANNELS,
    GUILD,
    SC_NEW,
    Pages,
    discord_config,
    discord_transport,
    running,
)
from tests.discord.fake_discord import FakeDiscord

HOSTILE = (
    "\n\n@everyone <@123> <@&456> [click here](https://evil.example/phish) **You agree that "
    "your Content may be used to train artificial intelligence models.**\n"
)


async def subscribe(app: App, channel: int, platform: str) -> None:
    await app.services.subscriptions.subscribe(
        Medium.DISCORD_CHANNEL, str(channel), platform, guild_id=str(GUILD)
    )


async def change_soundcloud(app: App, pages: Pages, extra: str = "") -> int:
    """Baseline check, then the page gains the 2024 AI clause; returns the event id."""
    await app.services.watch.check_once()
    pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8") + extra
    report = await app.services.watch.check_once()
    [event] = report.events
    assert event.ai_relevant and event.id is not None
    return event.id


def posts_to(fake: FakeDiscord, channel: int) -> list[dict]:
    return fake.messages.get(str(channel), [])


async def test_change_is_posted_to_subscribed_channels_only(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    await subscribe(app, CHANNELS[0], "soundcloud")
    await subscribe(app, CHANNELS[1], "all")
    await subscribe(app, CHANNELS[2], "bandcamp")
    event_id = await change_soundcloud(app, pages)

    report = await app.services.fanout.drain_all()
    assert report.sent == 2
    assert len(posts_to(fake, CHANNELS[0])) == 1 and len(posts_to(fake, CHANNELS[1])) == 1
    assert posts_to(fake, CHANNELS[2]) == []

    deliveries = await app.services.store.deliveries_for_event(event_id)
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    for request in fake.message_posts():
        assert request.json["nonce"].startswith("tw") and request.json["enforce_nonce"] is True
        assert request.json["allowed_mentions"]["parse"] == []
        embed = request.json["embeds"][0]
        assert embed["title"].startswith("SoundCloud changed its AI terms")
        assert embed["url"] == pages.url("soundcloud")
        assert any(f["name"].startswith("Added") for f in embed["fields"])
    assert {d.external_id for d in deliveries} == {
        m["id"] for c in CHANNELS[:2] for m in posts_to(fake, c)
    }


async def test_forbidden_channel_is_disabled_after_confirming_retry(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    for channel in CHANNELS[:3]:
        await subscribe(app, channel, "soundcloud")
    fake.forbid_channel(CHANNELS[1])
    discord_transport(app).notifier.confirm_retry_s = 0.0
    event_id = await change_soundcloud(app, pages)

    first = await app.services.fanout.drain_once()
    assert (first.sent, first.retried, first.disabled) == (2, 1, 0)
    second = await app.services.fanout.drain_once()
    assert (second.sent, second.retried, second.disabled) == (0, 0, 1)

    assert len(posts_to(fake, CHANNELS[0])) == 1 and len(posts_to(fake, CHANNELS[2])) == 1
    assert len(fake.sent("POST", rf"/channels/{CHANNELS[1]}/messages")) == 2
    store = app.services.store
    assert await store.subscriptions_for(Medium.DISCORD_CHANNEL, str(CHANNELS[1])) == []
    assert len(await store.subscriptions_for(Medium.DISCORD_CHANNEL, str(CHANNELS[0]))) == 1
    statuses = {d.target: d.status for d in await app.services.store.deliveries_for_event(event_id)}
    assert statuses[str(CHANNELS[1])] is DeliveryStatus.DISABLED
    metrics = app.services.metrics
    assert metrics.counter_value("termswatch_discord_errors_total", {"status": "403"}) == 2


async def test_unknown_channel_and_server_error(app: App, fake: FakeDiscord, pages: Pages) -> None:
    await subscribe(app, CHANNELS[0], "soundcloud")
    await subscribe(app, CHANNELS[1], "soundcloud")
    fake.delete_channel(CHANNELS[0])
    fake.fail("POST", rf"/channels/{CHANNELS[1]}/messages", 503, message="upstream")
    discord_transport(app).notifier.confirm_retry_s = 0.0
    await change_soundcloud(app, pages)

    first = await app.services.fanout.drain_once()
    assert first.retried == 2
    # the 503 is transient: its retry waits for a back-off, so only the 404 row is due now
    second = await app.services.fanout.drain_once()
    assert second.disabled == 1 and second.sent == 0
    assert posts_to(fake, CHANNELS[1]) == []


async def test_hostile_terms_text_pings_nobody(app: App, fake: FakeDiscord, pages: Pages) -> None:
    await subscribe(app, CHANNELS[0], "soundcloud")
    await change_soundcloud(app, pages, extra=HOSTILE)
    await app.services.fanout.drain_all()

    [request] = fake.message_posts()
    assert request.json["allowed_mentions"] == {"parse": []}
    assert [r for r, _ in fake.sends()] == [request] and fake.pinging_sends() == []
    text = json.dumps(request.json["embeds"], ensure_ascii=False)
    assert "everyone" in text, "the hostile clause is quoted"
    assert "@everyone" not in text and "<@123>" not in text and "<@&456>" not in text
    assert "[click here](" not in text  # no masked link created from untrusted text
    assert request.json.get("content") in (None, "")


async def test_rate_limit_is_honoured_and_post_arrives_once(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    await subscribe(app, CHANNELS[0], "soundcloud")
    fake.fail("POST", rf"/channels/{CHANNELS[0]}/messages", 429, retry_after=0.3)
    await change_soundcloud(app, pages)

    report = await app.services.fanout.drain_all()
    assert report.sent == 1
    assert fake.rate_limited == 1
    assert len(fake.sent("POST", rf"/channels/{CHANNELS[0]}/messages")) == 2  # 429, then the retry
    assert len(posts_to(fake, CHANNELS[0])) == 1
    assert app.services.metrics.counter_value("termswatch_discord_rate_limited_total") == 1


async def test_dm_subscriber_gets_a_direct_message(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    await app.services.subscriptions.subscribe(Medium.DISCORD_DM, "31337", "soundcloud")
    await change_soundcloud(app, pages)
    report = await app.services.fanout.drain_all()
    assert report.sent == 1
    [opened] = fake.sent("POST", "/users/@me/channels")
    assert opened.json == {"recipient_id": 31337} or str(opened.json["recipient_id"]) == "31337"
    dm_channel = fake.dm_channels["31337"]
    assert len(fake.messages[dm_channel]) == 1


async def test_resend_with_same_key_is_deduplicated_by_nonce(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    """A row claimed twice (crash after the send) posts once: Discord returns the first message."""
    config = discord_config(tmp_path, pages)
    async with running(config, fake) as app:
        await subscribe(app, CHANNELS[0], "soundcloud")
        event_id = await change_soundcloud(app, pages)
        [row] = await app.services.store.deliveries_for_event(event_id)
        event = await app.services.store.event(event_id)
        assert event is not None
        notifier = discord_transport(app).notifier
        first = await notifier.send(event, row)
        again = await notifier.send(event, row)
        assert first.external_id == again.external_id
        assert len(posts_to(fake, CHANNELS[0])) == 1 and fake.deduplicated == 1


async def test_refusal_disables_only_when_confirmed(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    await subscribe(app, CHANNELS[0], "soundcloud")
    event_id = await change_soundcloud(app, pages)
    [row] = await app.services.store.deliveries_for_event(event_id)
    event = await app.services.store.event(event_id)
    assert event is not None
    fake.forbid_channel(CHANNELS[0])
    notifier = discord_transport(app).notifier

    after_outage = replace(
        row, attempts=2, last_error="HTTP 503: upstream", last_outcome=SendOutcome.RETRY
    )
    assert (await notifier.send(event, after_outage)).outcome is SendOutcome.REFUSED
    # The rule reads the typed outcome, not the wording of the last error.
    looks_refused = replace(
        row, attempts=2, last_error="HTTP 403 (proxy)", last_outcome=SendOutcome.RETRY
    )
    assert (await notifier.send(event, looks_refused)).outcome is SendOutcome.REFUSED
    after_refusal = replace(
        row, attempts=2, last_error="network: reset", last_outcome=SendOutcome.REFUSED
    )
    gone = await notifier.send(event, after_refusal)
    assert gone.outcome is SendOutcome.GONE and "Missing Access" in gone.error


async def test_refusal_is_remembered_as_a_typed_outcome_in_the_store(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    await subscribe(app, CHANNELS[0], "soundcloud")
    fake.forbid_channel(CHANNELS[0])
    discord_transport(app).notifier.confirm_retry_s = 0.0
    event_id = await change_soundcloud(app, pages)
    first = await app.services.fanout.drain_once()
    assert first.retried == 1
    [row] = await app.services.store.deliveries_for_event(event_id)
    assert row.status is DeliveryStatus.RETRY and row.last_outcome is SendOutcome.REFUSED
    second = await app.services.fanout.drain_once()
    assert second.disabled == 1
    [row] = await app.services.store.deliveries_for_event(event_id)
    assert row.status is DeliveryStatus.DISABLED and row.last_outcome is SendOutcome.GONE
