"""The store against a real database, on each engine: a SQLite file and a PostgreSQL server
(the `store` and `store_target` fixtures run every test once per engine)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.adapters.store import SqliteStore, SqlStore, StoreError
from bot.adapters.store.schema import MigrationError, migration_files
from bot.domain.models import (
    ALL_PLATFORMS,
    Change,
    DeliveryStatus,
    DocumentSpec,
    EventSource,
    Medium,
    Platform,
    PlatformTraining,
    PolicyEvent,
    SendOutcome,
    Snapshot,
    Subscription,
    Verdict,
)
from bot.services.ports import BlueskyStore, NewSnapshot, PostRef, feed_entry_marker
from tests.conftest import INTEGRITY_ERRORS, FakeClock
from tests.pg import free_port

SPEC = DocumentSpec("soundcloud", "terms_of_service", "https://soundcloud.com/terms-of-use")


def event(ai: bool = True, platform: str = "soundcloud", day: str = "2024-02-07") -> PolicyEvent:
    after = Verdict(PlatformTraining.YES if ai else PlatformTraining.NOT_MENTIONED)
    change = Change(ai, Verdict(), after, ("clause",) if ai else (), (), f"summary {day} {ai}")
    return PolicyEvent(platform, "terms_of_service", SPEC.url, day, EventSource.WATCH, change)


async def test_migrations_are_applied_once_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    first = await SqliteStore.open(path)
    await first.close()
    second = await SqliteStore.open(path)
    assert await second.database.migrate() == []  # nothing left to apply
    await second.close()
    with sqlite3.connect(path) as raw:
        names = [
            row[0] for row in raw.execute("SELECT name FROM schema_migrations ORDER BY number")
        ]
        mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
    assert names[0] == "001_core.sql"
    assert mode == "wal"


async def test_both_engines_record_the_same_migrations(store_target: str, tmp_path: Path) -> None:
    first = await SqlStore.open(store_target)
    await first.close()
    second = await SqlStore.open(store_target)
    try:
        assert await second.database.migrate() == []
        rows = await second.database.sql.fetchall(
            "SELECT number, name FROM schema_migrations ORDER BY number"
        )
    finally:
        await second.close()
    reference = await SqlStore.open(tmp_path / "reference.db")
    try:
        expected = await reference.database.sql.fetchall(
            "SELECT number, name FROM schema_migrations ORDER BY number"
        )
    finally:
        await reference.close()
    assert [tuple(r) for r in rows] == [tuple(r) for r in expected]
    assert len(expected) >= 8


async def test_event_creates_one_outbox_row_per_matching_target(store: SqliteStore) -> None:
    await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, "1", "soundcloud"))
    await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, "1", ALL_PLATFORMS))
    await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, "2", "bandcamp"))
    await store.add_subscription(
        Subscription(Medium.DISCORD_CHANNEL, "3", "soundcloud", only_ai_changes=False)
    )
    ai_id = await store.record_event(event(ai=True))
    other_id = await store.record_event(event(ai=False, day="2024-03-01"))
    assert ai_id and other_id
    ai_rows = await store.deliveries_for_event(ai_id)
    # channel 1 is subscribed twice (soundcloud and all) but gets one row; bandcamp's does not.
    assert sorted(r.target for r in ai_rows) == ["1", "3"]
    other_rows = await store.deliveries_for_event(other_id)
    assert [r.target for r in other_rows] == ["3"]  # only the one that wants every change


async def test_same_event_twice_is_stored_once(store: SqliteStore) -> None:
    assert await store.record_event(event()) is not None
    assert await store.record_event(event()) is None
    assert len(await store.events()) == 1


async def test_history_events_create_no_outbox_rows(store: SqliteStore) -> None:
    await store.add_subscription(Subscription(Medium.CONSOLE, "console", ALL_PLATFORMS))
    historical = PolicyEvent(
        "soundcloud",
        "terms_of_service",
        SPEC.url,
        "2024-02-07",
        EventSource.HISTORY,
        event().change,
    )
    event_id = await store.record_event(historical)
    assert event_id is not None
    assert await store.deliveries_for_event(event_id) == []


async def test_snapshot_event_outbox_and_marker_commit_together(store: SqliteStore) -> None:
    await store.add_subscription(Subscription(Medium.CONSOLE, "console", ALL_PLATFORMS))
    doc = await store.document_state(SPEC)
    snap = Snapshot(doc.id, "text", "hash", "2026-11-22T00:00:00Z")
    new = NewSnapshot(SPEC, snap, event(), etag='"v2"', state={"feed:x:last_seen": "2026-11-22"})
    event_id = await store.record_snapshot(new)
    assert event_id is not None
    assert (await store.latest_snapshot(doc.id)).content_hash == "hash"
    assert await store.get_state("feed:x:last_seen") == "2026-11-22"
    assert len(await store.deliveries_for_event(event_id)) == 1
    assert (await store.document_state(SPEC)).etag == '"v2"'


async def test_failed_transaction_leaves_nothing_behind(store: SqliteStore) -> None:
    doc = await store.document_state(SPEC)
    snap = Snapshot(doc.id, "text", "hash", "2026-11-22T00:00:00Z")
    broken = event()
    broken = PolicyEvent(  # a NULL platform violates NOT NULL inside the same transaction
        None,  # type: ignore[arg-type]
        broken.document_kind,
        broken.url,
        broken.occurred_at,
        broken.source,
        broken.change,
    )
    with pytest.raises(INTEGRITY_ERRORS):
        await store.record_snapshot(NewSnapshot(SPEC, snap, broken, state={"marker": "moved"}))
    assert await store.latest_snapshot(doc.id) is None
    assert await store.get_state("marker") is None


async def test_claim_marks_sending_and_requeue_after_crash(store: SqliteStore) -> None:
    await store.add_subscription(Subscription(Medium.CONSOLE, "console", ALL_PLATFORMS))
    await store.record_event(event())
    now = "2099-01-01T00:00:00.000000Z"
    claimed = await store.claim_due(now, 10, [Medium.CONSOLE], lease_until="2099-01-01T00:02:00Z")
    assert [(c.status, c.attempts) for c in claimed] == [(DeliveryStatus.SENDING, 1)]
    # While the lease runs, nobody else claims it; a restart re-queues it at once.
    assert await store.claim_due(now, 10, [Medium.CONSOLE]) == []
    assert await store.requeue_interrupted(now) == 1
    again = await store.claim_due(now, 10, [Medium.CONSOLE])
    assert again[0].id == claimed[0].id and again[0].attempts == 2
    assert again[0].idempotency_key == claimed[0].idempotency_key


async def test_disabling_a_target_stops_its_subscriptions_and_pending_rows(
    store: SqliteStore,
) -> None:
    await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, "9", "soundcloud"))
    await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, "9", "bandcamp"))
    first = await store.record_event(event())
    second = await store.record_event(event(day="2025-05-21"))
    rows = await store.deliveries_for_event(first)
    await store.mark_disabled(rows[0].id, "404 Unknown Channel")
    assert await store.subscriptions_for(Medium.DISCORD_CHANNEL, "9") == []
    pending = await store.deliveries_for_event(second)
    assert [r.status for r in pending] == [DeliveryStatus.DISABLED]
    counts = await store.deliveries_by_status()
    assert counts[("discord_channel", "disabled")] == 2


async def test_subscribe_twice_reports_not_created_and_resubscribe_reactivates(
    store: SqliteStore,
) -> None:
    sub = Subscription(Medium.DISCORD_CHANNEL, "5", "soundcloud", guild_id="77")
    _, created = await store.add_subscription(sub)
    _, again = await store.add_subscription(sub)
    assert (created, again) == (True, False)
    assert await store.remove_subscriptions_where(guild_id="77") == 1
    stored, revived = await store.add_subscription(sub)
    assert revived and stored.active


async def test_failures_count_up_and_mark_failing(store: SqliteStore) -> None:
    doc = await store.document_state(SPEC)
    counts = [
        await store.record_failure(doc.id, "HTTP 500", "t", failing_after=3) for _ in range(3)
    ]
    assert counts == [1, 2, 3]
    state = await store.document_state(SPEC)
    assert state.failing and state.last_error == "HTTP 500"
    await store.record_unchanged(doc.id, "t2")
    assert not (await store.document_state(SPEC)).failing


async def test_latest_snapshot_without_text_keeps_the_verdict(store: SqliteStore) -> None:
    doc = await store.document_state(SPEC)
    verdict = Verdict(PlatformTraining.OPT_IN)
    snap = Snapshot(doc.id, "long text " * 1000, "h", "2026-11-22T00:00:00Z", verdict, "2025-05-27")
    await store.record_snapshot(NewSnapshot(SPEC, snap, None))
    light = await store.latest_snapshot(doc.id, with_text=False)
    assert light is not None and light.text == ""
    assert light.verdict == verdict and light.version_date == "2025-05-27"
    assert (await store.latest_snapshot(doc.id)).text.startswith("long text")


async def test_upgrade_to_typed_outcomes_keeps_refusals_waiting_for_confirmation(
    tmp_path: Path,
) -> None:
    """Migration 011: a Discord row retrying after a 403/404 when the bot is upgraded still
    needs only one more refusal to be disabled; other rows start with no outcome."""
    path = tmp_path / "db.sqlite"
    store = await SqliteStore.open(path)
    for target in ("refused", "outage"):
        await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, target, ALL_PLATFORMS))
    event_id = await store.record_event(event())
    assert event_id
    errors = {"refused": "HTTP 403 Missing Access", "outage": "HTTP 503: upstream"}
    for row in await store.deliveries_for_event(event_id):
        await store.mark_retry(row.id, errors[row.target], "2000-01-01T00:00:00Z")
    await store.close()
    with sqlite3.connect(path) as raw:  # the database as the previous release left it
        raw.execute("ALTER TABLE deliveries DROP COLUMN last_outcome")
        raw.execute("DELETE FROM schema_migrations WHERE name = '011_last_outcome.sql'")
    store = await SqliteStore.open(path)
    outcomes = {d.target: d.last_outcome for d in await store.deliveries_for_event(event_id)}
    await store.close()
    assert outcomes == {"refused": SendOutcome.REFUSED, "outage": None}


async def test_the_content_version_moves_with_shown_data_not_with_the_outbox(
    store_target: str,
) -> None:
    async with await SqlStore.open(store_target) as store:
        await store.add_subscription(Subscription(Medium.CONSOLE, "console", ALL_PLATFORMS))
        first = await store.data_version()
        assert await store.data_version() == first  # reads change nothing
        event_id = await store.record_event(event())
        assert event_id is not None
        after_event = await store.data_version()
        assert after_event != first
        delivery = (await store.deliveries_for_event(event_id))[0]
        await store.mark_sent(delivery.id, "x", "2026-11-22T12:00:00.000000Z")
        await store.set_state("some:marker", "1")
        assert await store.data_version() == after_event  # outbox and state: not shown
        with pytest.raises(INTEGRITY_ERRORS):  # a write that rolls back
            await store.record_event(event(platform=None, day="2030-01-01"))  # type: ignore[arg-type]
        rolled_back = await store.data_version()
        assert [e.id for e in await store.events()] == [event_id]
        await store.record_event(event(day="2025-01-01"))
        assert await store.data_version() not in (after_event, rolled_back)


async def test_every_timestamp_the_store_writes_comes_from_its_clock(
    store_target: str, clock: FakeClock
) -> None:
    stamp = "2026-11-22T12:00:00.000000Z"  # FakeClock's moment, in the store's one format
    async with await SqlStore.open(store_target, clock) as store:
        await store.sync_platforms([Platform("soundcloud", "SoundCloud", documents=(SPEC,))])
        await store.add_subscription(Subscription(Medium.CONSOLE, "console", ALL_PLATFORMS))
        await store.set_state("marker", "v")
        await store.set_state(feed_entry_marker("https://f.example/rss", "entry-1"), "seen")
        await store.record_event(event())
        await store.queue_mention(1, "did:plc:someone")
        await store.claim_notification("at://n/1", "cid", "did:plc:a", "mention", "2026-01-01")
        await store.finish_notification("at://n/1", "help", "at://reply/1")
        await store.save_announcement(1, PostRef("at://post/1", "cid1"))
        sql = store.database.sql
        stamps = [
            await sql.fetchval("SELECT updated_at FROM platforms"),
            await sql.fetchval("SELECT created_at FROM subscriptions"),
            await sql.fetchval("SELECT updated_at FROM state WHERE key = 'marker'"),
            await sql.fetchval("SELECT updated_at FROM feed_entries"),
            await sql.fetchval("SELECT detected_at FROM events"),
            await sql.fetchval("SELECT created_at FROM deliveries"),
            await sql.fetchval("SELECT created_at FROM bluesky_mention_fallback"),
            await sql.fetchval("SELECT created_at FROM bluesky_notifications"),
            await sql.fetchval("SELECT handled_at FROM bluesky_notifications"),
            await sql.fetchval("SELECT posted_at FROM bluesky_announcements"),
            await sql.fetchval("SELECT applied_at FROM schema_migrations WHERE number = 1"),
        ]
    assert stamps == [stamp] * len(stamps)


async def test_an_unreachable_postgresql_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        await SqlStore.open(f"postgresql://tw:s3cret@127.0.0.1:{free_port()}/tw")
    message = str(caught.value)
    assert "cannot connect to the PostgreSQL database postgresql://tw:***@127.0.0.1" in message
    assert "s3cret" not in message and "storage.url" in message


def test_a_migration_is_shared_or_split_in_one_file_per_engine(tmp_path: Path) -> None:
    (tmp_path / "001_core.sql").write_text("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);")
    (tmp_path / "002_speed.sqlite.sql").write_text("PRAGMA optimize;")
    (tmp_path / "002_speed.postgres.sql").write_text("ANALYZE;")
    sqlite = migration_files("sqlite", tmp_path)
    postgres = migration_files("postgres", tmp_path)
    assert [(n, name) for n, name, _ in sqlite] == [(1, "001_core.sql"), (2, "002_speed.sql")]
    assert [(n, name) for n, name, _ in postgres] == [(n, name) for n, name, _ in sqlite]
    assert sqlite[1][2] == "PRAGMA optimize;" and postgres[1][2] == "ANALYZE;"
    identity = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    assert postgres[0][2] == f'CREATE TABLE t (id {identity}, x TEXT COLLATE "C");'
    (tmp_path / "002_speed.postgres.sql").unlink()
    with pytest.raises(MigrationError, match=r"002_speed\.sql needs both"):
        migration_files("postgres", tmp_path)


async def test_bluesky_bookkeeping_on_each_engine(store: SqlStore) -> None:
    assert isinstance(store, BlueskyStore)
    for did in ("did:plc:c", "did:plc:a", "did:plc:b"):
        await store.queue_mention(7, did)
    await store.queue_mention(7, "did:plc:a")  # queued twice: once
    assert await store.events_with_pending_mentions() == [7]
    first = await store.next_mention_batch(7, size=2)
    assert first is not None and first[0] == 1 and len(first[1]) == 2
    again = await store.next_mention_batch(7, size=2)  # not posted yet: the same batch
    assert again is not None and (again[0], sorted(again[1])) == (1, sorted(first[1]))
    await store.mark_batch_posted(7, 1)
    assert await store.next_mention_batch(7, size=2, min_size=2) is None  # one left, two wanted
    second = await store.next_mention_batch(7, size=2)
    assert second is not None and second[0] == 2 and len(second[1]) == 1
    assert {*first[1], *second[1]} == {"did:plc:a", "did:plc:b", "did:plc:c"}
    assert await store.claim_notification("at://n/1", "c", "did:plc:a", "mention", "t")
    await store.finish_notification("at://n/1", "ask", "at://r/1")
    assert not await store.claim_notification("at://n/1", "c", "did:plc:a", "mention", "t")
    assert await store.count_notifications("done") == 1
    await store.record_write(1_790_000_000.125, 3)
    await store.record_write(1_790_090_000.5, 2)  # a day later: the first is forgotten
    assert await store.writes_since(0) == [(1_790_090_000.5, 2)]


async def test_replace_state_is_a_compare_and_set(store: SqlStore, store_target: str) -> None:
    assert await store.replace_state("slot", None, "1") is True
    assert await store.replace_state("slot", None, "2") is False  # already there
    assert await store.replace_state("slot", "0", "2") is False  # not what it holds
    assert await store.get_state("slot") == "1"
    # Two connections (two processes) racing from the same value: exactly one wins.
    other = await SqlStore.open(store_target)
    try:
        won = await asyncio.gather(
            store.replace_state("slot", "1", "a"), other.replace_state("slot", "1", "b")
        )
    finally:
        await other.close()
    assert sorted(won) == [False, True]
    assert await store.get_state("slot") == ("a" if won[0] else "b")
