"""Fan-out drains the real outbox and records what each notifier said."""

from __future__ import annotations

from bot.adapters.store import SqliteStore
from bot.domain.models import (
    ALL_PLATFORMS,
    Change,
    Delivery,
    DeliveryStatus,
    EventSource,
    Medium,
    PolicyEvent,
    SendResult,
    Subscription,
    Verdict,
)
from bot.domain.timeutil import iso
from bot.services.fanout import FanoutPolicy, FanoutService
from bot.services.metrics import Metrics
from tests.conftest import FakeClock


class ScriptedNotifier:
    """Answers each send with the next scripted result (default: sent) and records the keys."""

    media = (Medium.DISCORD_CHANNEL,)

    def __init__(self, script: dict[str, list[SendResult | Exception]] | None = None) -> None:
        self.script = script or {}
        self.sent: list[tuple[str, str]] = []  # (target, idempotency key)

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult:
        queue = self.script.get(delivery.target, [])
        result = queue.pop(0) if queue else SendResult.sent(f"m{delivery.id}")
        if isinstance(result, Exception):
            raise result
        if result.outcome.value == "sent":
            self.sent.append((delivery.target, delivery.idempotency_key))
        return result


def an_event(clock: FakeClock) -> PolicyEvent:
    """An event detected "now" on the test's clock, as the watcher stamps it (its outbox rows are
    due from that moment; the store falls back to the wall clock only when no time is given)."""
    change = Change(True, Verdict(), Verdict(), ("a clause",), (), "summary")
    return PolicyEvent(
        "soundcloud",
        "terms_of_service",
        "https://x",
        "2024-02-07",
        EventSource.WATCH,
        change,
        detected_at=iso(clock.now()),
    )


async def subscribe(store: SqliteStore, *targets: str) -> None:
    for target in targets:
        await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, target, ALL_PLATFORMS))


def fanout(store: SqliteStore, clock: FakeClock, notifier: ScriptedNotifier) -> FanoutService:
    service = FanoutService(store, clock, Metrics(), FanoutPolicy(max_attempts=3))
    service.register(notifier)
    return service


async def statuses(store: SqliteStore, event_id: int) -> dict[str, DeliveryStatus]:
    return {d.target: d.status for d in await store.deliveries_for_event(event_id)}


async def test_every_subscribed_channel_gets_the_event_once(
    store: SqliteStore, clock: FakeClock
) -> None:
    await subscribe(store, "1", "2", "3")
    event_id = await store.record_event(an_event(clock))
    notifier = ScriptedNotifier()
    service = fanout(store, clock, notifier)
    report = await service.drain_all()
    assert report.sent == 3
    assert sorted(t for t, _ in notifier.sent) == ["1", "2", "3"]
    assert set((await statuses(store, event_id)).values()) == {DeliveryStatus.SENT}
    assert (await service.drain_all()).claimed == 0  # nothing is sent twice


async def test_gone_target_is_disabled_and_others_still_delivered(
    store: SqliteStore, clock: FakeClock
) -> None:
    await subscribe(store, "ok", "gone")
    event_id = await store.record_event(an_event(clock))
    notifier = ScriptedNotifier({"gone": [SendResult.gone("404 Unknown Channel")]})
    await fanout(store, clock, notifier).drain_all()
    assert await statuses(store, event_id) == {
        "ok": DeliveryStatus.SENT,
        "gone": DeliveryStatus.DISABLED,
    }
    assert [s.target for s in await store.active_subscriptions()] == ["ok"]


async def test_transient_failures_back_off_then_give_up(
    store: SqliteStore, clock: FakeClock
) -> None:
    await subscribe(store, "flaky")
    event_id = await store.record_event(an_event(clock))
    failures: list[SendResult | Exception] = [
        SendResult.retry("HTTP 503", retry_after_s=30),
        RuntimeError("connection reset"),
        SendResult.retry("HTTP 503"),
    ]
    notifier = ScriptedNotifier({"flaky": failures})
    service = fanout(store, clock, notifier)
    await service.drain_once()
    assert (await statuses(store, event_id))["flaky"] is DeliveryStatus.RETRY
    clock.advance(29)
    assert (await service.drain_once()).claimed == 0  # retry_after is honoured
    clock.advance(2)
    assert (await service.drain_once()).retried == 1  # the raised error became a retry
    clock.advance(3600)
    assert (await service.drain_once()).failed == 1  # third attempt = max_attempts
    assert (await statuses(store, event_id))["flaky"] is DeliveryStatus.FAILED
    assert [s.target for s in await store.active_subscriptions()] == ["flaky"]  # kept


async def test_restart_mid_fanout_resends_with_the_same_key(
    store: SqliteStore, clock: FakeClock
) -> None:
    await subscribe(store, "1", "2")
    await store.record_event(an_event(clock))
    # A first process claims both rows and dies before marking anything.
    claimed = await store.claim_due("2999-01-01T00:00:00Z", 10, [Medium.DISCORD_CHANNEL])
    keys_before = sorted(d.idempotency_key for d in claimed)
    notifier = ScriptedNotifier()
    await fanout(store, clock, notifier).drain_all()  # the restarted process
    assert sorted(k for _, k in notifier.sent) == keys_before
