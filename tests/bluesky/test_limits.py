"""Write budget and HTTP 429 handling on the real dev-env: retry later, never spin."""

from __future__ import annotations

import time

import pytest
from atproto_client.exceptions import RateLimitExceededError
from atproto_client.request import Response

from bot.adapters.bluesky import compose
from bot.adapters.bluesky.posting import split_thread
from bot.adapters.bluesky.ratelimit import Budget, RateLimited
from bot.app import App
from bot.domain.models import Delivery, DeliveryStatus, Medium, PolicyEvent, SendOutcome
from tests.bluesky.conftest import MakeBot
from tests.bluesky.devnet import Account, DevNetwork
from tests.bluesky.test_announce import policy_event


async def stored_event(app: App, clause: str, day: str) -> PolicyEvent:
    store = app.services.store
    event_id = await store.record_event(policy_event(clause, day=day))
    event = await store.event(event_id or 0)
    assert event is not None and event.id is not None
    return event


def delivery_for(event: PolicyEvent, row_id: int, bot: Account) -> Delivery:
    assert event.id is not None
    return Delivery(row_id, event.id, 1, Medium.BLUESKY_POST, bot.did, DeliveryStatus.SENDING)


async def test_exhausted_write_budget_means_retry_later(
    devnet: DevNetwork, bot: Account, make_bot: MakeBot
) -> None:
    app, transport = await make_bot(bot, announce=False)
    await transport.connect()
    transport.limiter.budget = Budget(per_hour=3, per_day=35_000)  # room for one post
    clause = "Budget clause number one. " * 10 + "Budget clause two."
    event = await stored_event(app, clause, "2026-11-17")  # long enough for a 2-post thread
    delivery = delivery_for(event, 555, bot)

    result = await transport.announcer.send(event, delivery)
    assert result.outcome is SendOutcome.RETRY
    assert result.retry_after_s is not None and 3500 < result.retry_after_s <= 3600
    metrics = app.services.metrics.render()
    assert "termswatch_bluesky_rate_limited_total" in metrics

    transport.limiter.budget = Budget()
    again = await transport.announcer.send(event, delivery)
    assert again.outcome is SendOutcome.SENT  # the first post is reused, the thread completed
    devnet.process()
    texts = [item["post"]["record"]["text"] for item in devnet.author_feed(bot, bot.did)]
    expected = [p.text for p in split_thread(compose.announcement_text(event, "SoundCloud"))]
    assert len(expected) >= 2
    assert sorted(t for t in texts if t in expected) == sorted(expected)  # each exactly once


async def test_429_backs_off_until_ratelimit_reset(
    devnet: DevNetwork, bot: Account, make_bot: MakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, transport = await make_bot(bot, announce=False)
    await transport.connect()
    reset = int(time.time()) + 90
    calls = 0

    async def limited(*args: object, **kwargs: object) -> Response:
        nonlocal calls
        calls += 1
        headers = {"ratelimit-reset": str(reset), "ratelimit-remaining": "0"}
        raise RateLimitExceededError(Response(False, 429, None, headers))

    monkeypatch.setattr(transport.session.client, "invoke_procedure", limited)
    event = await stored_event(app, "Clause under a 429.", "2026-11-16")
    delivery = delivery_for(event, 556, bot)
    result = await transport.announcer.send(event, delivery)
    assert result.outcome is SendOutcome.RETRY
    assert result.retry_after_s is not None and 80 <= result.retry_after_s <= 91
    assert calls == 1
    # While the back-off lasts nothing is sent at all, and polling waits too.
    again = await transport.announcer.send(event, delivery)
    assert again.outcome is SendOutcome.RETRY and calls == 1
    with pytest.raises(RateLimited):
        await transport.cycle()
    assert "termswatch_bluesky_rate_limited_total 1" in app.services.metrics.render()
