"""Policy events → announcement from the bot's account (real dev-env) + DM to subscribers.

DMs go to tests/bluesky/fake_chat.py: the chat service (chat.bsky.convo) is not part of
@atproto/dev-env, so a small aiohttp fake on 127.0.0.1 stands in for it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.domain.models import (
    Change,
    Delivery,
    DeliveryStatus,
    EventSource,
    Medium,
    PlatformTraining,
    PolicyEvent,
    SendOutcome,
    Verdict,
)
from tests.bluesky.conftest import MakeBot
from tests.bluesky.devnet import Account, DevNetwork
from tests.bluesky.fake_chat import FakeChat

SOURCE = "https://soundcloud.com/terms-of-use"


def policy_event(clause: str, *, day: str = "2026-11-20") -> PolicyEvent:
    return PolicyEvent(
        platform_id="soundcloud",
        document_kind="terms_of_service",
        url=SOURCE,
        occurred_at=day,
        source=EventSource.WATCH,
        change=Change(
            ai_relevant=True,
            before=Verdict(PlatformTraining.OPT_IN),
            after=Verdict(PlatformTraining.YES),
            added=(clause,),
            summary="The terms now let SoundCloud train AI on your uploads.",
        ),
        detected_at=datetime.now(UTC).isoformat(),
    )


def announcements(devnet: DevNetwork, viewer: Account, bot: Account) -> list[dict[str, Any]]:
    return [
        item["post"]
        for item in devnet.author_feed(viewer, bot.did)
        if item["post"]["record"].get("embed", {}).get("external", {}).get("uri") == SOURCE
        and "reply" not in item["post"]["record"]
    ]


async def test_event_is_announced_and_subscriber_gets_a_dm(
    devnet: DevNetwork,
    bot: Account,
    artist: Account,
    make_bot: MakeBot,
    fake_chat: tuple[FakeChat, str],
) -> None:
    chat, _ = fake_chat
    app, transport = await make_bot(bot)
    await transport.connect()
    devnet.mention(artist, bot, "subscribe soundcloud")
    devnet.process()
    await transport.cycle()

    event_id = await app.services.store.record_event(policy_event("You agree we may train AI."))
    assert event_id is not None
    report = await app.services.fanout.drain_once()
    assert (report.sent, report.retried, report.disabled) == (2, 0, 0)
    devnet.process()

    posts = announcements(devnet, artist, bot)
    assert len(posts) == 1
    record = posts[0]["record"]
    assert record["text"].startswith("SoundCloud changed its AI terms")
    assert "“You agree we may train AI.”" in record["text"]
    assert record["embed"]["$type"] == "app.bsky.embed.external"
    assert record["embed"]["external"]["title"] == "SoundCloud — Terms of Service"

    assert [(m.sender, m.recipient) for m in chat.messages] == [(bot.did, artist.did)]
    assert "SoundCloud changed its AI terms" in chat.messages[0].text
    assert "unsubscribe soundcloud" in chat.messages[0].text

    # Nothing left to send; a second drain sends nothing twice.
    again = await app.services.fanout.drain_once()
    assert again.sent == 0
    assert len(chat.messages) == 1


async def test_announcement_is_idempotent_per_delivery(
    devnet: DevNetwork, bot: Account, artist: Account, make_bot: MakeBot
) -> None:
    """A retry of the same outbox row (e.g. after a crash mid-send) finds the same record."""
    app, transport = await make_bot(bot)
    await transport.connect()
    event = policy_event("Clause for the idempotency test.", day="2026-11-21")
    event_id = await app.services.store.record_event(event)
    stored = await app.services.store.event(event_id or 0)
    assert stored is not None
    delivery = Delivery(987, event_id or 0, 1, Medium.BLUESKY_POST, bot.did, DeliveryStatus.SENDING)
    first = await transport.announcer.send(stored, delivery)
    second = await transport.announcer.send(stored, delivery)
    assert first.outcome is SendOutcome.SENT
    assert second.external_id == first.external_id
    devnet.process()
    posts = [p for p in announcements(devnet, artist, bot) if "idempotency" in p["record"]["text"]]
    assert len(posts) == 1


async def test_refused_dms_fall_back_to_mentions_under_the_announcement(
    devnet: DevNetwork,
    bot: Account,
    make_bot: MakeBot,
    fake_chat: tuple[FakeChat, str],
) -> None:
    chat, _ = fake_chat
    app, transport = await make_bot(bot)
    await transport.connect()
    closed = [devnet.create_account("closed") for _ in range(6)]
    chat.refuse = {a.did for a in closed}
    for account in closed:
        await app.services.subscriptions.subscribe(Medium.BLUESKY_DM, account.did, "soundcloud")

    await app.services.store.record_event(policy_event("Fallback clause.", day="2026-11-19"))
    report = await app.services.fanout.drain_once()
    assert report.sent == 7  # the announcement + 6 notices (as queued mentions)
    await transport.cycle()  # posts the remaining, not-yet-full batch
    devnet.process()

    root = announcements(devnet, closed[0], bot)[0]
    thread = devnet.thread(closed[0], root["uri"])
    replies = [r["post"]["record"] for r in thread.get("replies", [])]
    mentioned = [
        feature["did"]
        for record in replies
        for facet in record.get("facets", [])
        for feature in facet["features"]
        if feature["$type"] == "app.bsky.richtext.facet#mention"
    ]
    assert sorted(mentioned) == sorted(a.did for a in closed)
    assert sorted(len(r["facets"]) for r in replies) == [1, 5]
    for record in replies:
        assert record["reply"]["root"]["uri"] == root["uri"]
        for facet in record["facets"]:  # each mention facet covers exactly "@handle"
            shown = (
                record["text"]
                .encode()[facet["index"]["byteStart"] : facet["index"]["byteEnd"]]
                .decode()
            )
            assert shown.startswith("@closed") and shown.endswith(".test")
    assert chat.messages == []
    # Each subscriber is notified (mention notification) exactly once.
    for account in closed:
        notes = [n for n in devnet.notifications(account) if n["reason"] == "mention"]
        assert len(notes) == 1


async def test_dm_retry_after_a_crash_is_not_sent_twice(
    devnet: DevNetwork,
    bot: Account,
    artist: Account,
    make_bot: MakeBot,
    fake_chat: tuple[FakeChat, str],
) -> None:
    chat, _ = fake_chat
    app, transport = await make_bot(bot, announce=False)
    await transport.connect()
    event_id = await app.services.store.record_event(policy_event("DM clause.", day="2026-11-15"))
    event = await app.services.store.event(event_id or 0)
    assert event is not None
    first_try = Delivery(
        777, event_id or 0, 2, Medium.BLUESKY_DM, artist.did, DeliveryStatus.SENDING, attempts=1
    )
    sent = await transport.dms.send(event, first_try)
    assert sent.outcome is SendOutcome.SENT and len(chat.messages) == 1
    # The process died before the row was marked sent: the fan-out claims it again.
    second_try = Delivery(
        777, event_id or 0, 2, Medium.BLUESKY_DM, artist.did, DeliveryStatus.SENDING, attempts=2
    )
    again = await transport.dms.send(event, second_try)
    assert again.outcome is SendOutcome.SENT
    assert again.external_id == sent.external_id
    assert len(chat.messages) == 1
