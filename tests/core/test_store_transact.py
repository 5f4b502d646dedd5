"""Engine.transact: a write transaction given as one function (on SQLite, run whole in the
connection's thread). Each test runs once per engine (the `store` fixture) unless it says so."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.store import SqlStore
from bot.adapters.store.sql import Sql
from bot.domain.models import DocumentSpec, Platform, Snapshot
from bot.services.ports import AlreadyRecorded, NewSnapshot

SPEC = DocumentSpec("soundcloud", "terms_of_service", "https://soundcloud.com/terms-of-use")
OTHER = DocumentSpec("soundcloud", "privacy_policy", "https://soundcloud.com/privacy")


async def _state(db: Sql, key: str) -> Any:
    return await db.fetchval("SELECT value FROM state WHERE key = ?", (key,))


async def test_transact_commits_every_statement_and_returns_the_result(store: SqlStore) -> None:
    async def body(db: Sql) -> int:
        await db.execute("INSERT INTO state (key, value, updated_at) VALUES ('a', '1', 'now')")
        await db.executemany(
            "INSERT INTO state (key, value, updated_at) VALUES (?, ?, 'now')",
            [("b", "2"), ("c", "3")],
        )
        return int(await db.fetchval("SELECT COUNT(*) FROM state WHERE key IN ('a', 'b', 'c')"))

    assert await store.database.transact(body) == 3
    assert [await store.get_state(k) for k in "abc"] == ["1", "2", "3"]


async def test_transact_rolls_back_everything_when_the_body_raises(store: SqlStore) -> None:
    async def body(db: Sql) -> None:
        await db.execute("INSERT INTO state (key, value, updated_at) VALUES ('a', '1', 'now')")
        assert await _state(db, "a") == "1"  # visible inside the transaction
        raise ValueError("changed my mind")

    with pytest.raises(ValueError, match="changed my mind"):
        await store.database.transact(body)
    assert await store.get_state("a") is None
    await store.set_state("after", "ok")  # no transaction was left open
    assert await store.get_state("after") == "ok"


async def test_a_sqlite_transaction_body_that_suspends_is_refused_and_rolled_back(
    tmp_path: Path,
) -> None:
    """On SQLite the body runs in the connection's thread, with no event loop: a body awaiting
    anything but its statements cannot run there. It fails loudly and writes nothing."""
    async with await SqlStore.open(tmp_path / "t.db") as store:

        async def body(db: Sql) -> None:
            await db.execute("INSERT INTO state (key, value, updated_at) VALUES ('a', '1', 'x')")
            await asyncio.sleep(0)

        with pytest.raises(RuntimeError, match="awaited something else"):
            await store.database.transact(body)
        assert await store.get_state("a") is None


async def test_a_cancelled_transaction_is_committed_or_rolled_back_whole(tmp_path: Path) -> None:
    """Cancelling the task waiting for a SQLite transaction never leaves half of it, nor an open
    transaction: once handed to the connection's thread it runs to its end there."""
    async with await SqlStore.open(tmp_path / "t.db") as store:

        async def body(db: Sql) -> None:
            for key in ("a", "b", "c"):
                await db.execute(
                    "INSERT INTO state (key, value, updated_at) VALUES (?, '1', 'x')", (key,)
                )

        task = asyncio.ensure_future(store.database.transact(body))
        await asyncio.sleep(0)  # handed off
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        values = [await store.get_state(k) for k in "abc"]
        assert values in (["1", "1", "1"], [None, None, None])
        await store.set_state("after", "ok")
        assert await store.get_state("after") == "ok"


async def test_already_recorded_rolls_back_only_that_documents_writes(store: SqlStore) -> None:
    """Two attempts at the same transition: the second stores nothing (not its document row's
    update, not its marker) and the first one's rows stay; other documents are untouched."""
    first = await store.document_state(SPEC)
    other = await store.document_state(OTHER)
    snap = Snapshot(first.id, "text", "hash", "2026-11-22T00:00:00Z")
    await store.record_snapshot(NewSnapshot(SPEC, snap, None, etag='"1"', state={"m": "first"}))
    again = Snapshot(first.id, "other text", "hash2", "2026-11-23T00:00:00Z")
    with pytest.raises(AlreadyRecorded):
        await store.record_snapshot(
            NewSnapshot(SPEC, again, None, etag='"2"', state={"m": "second"})
        )
    stored = await store.latest_snapshot(first.id)
    assert stored is not None and stored.content_hash == "hash"
    assert (await store.document_state(SPEC)).etag == '"1"'
    assert await store.get_state("m") == "first"
    other_snap = Snapshot(other.id, "privacy", "p", "2026-11-23T00:00:00Z")
    await store.record_snapshot(NewSnapshot(OTHER, other_snap, None, state={"o": "1"}))
    assert await store.get_state("o") == "1"


async def test_sync_platforms_creates_each_document_once(store: SqlStore) -> None:
    platform = Platform("soundcloud", "SoundCloud", documents=(SPEC, OTHER))
    await store.sync_platforms([platform])
    created = {(d.kind, d.url): d.id for d in await store.documents()}
    await store.sync_platforms([Platform("soundcloud", "SoundCloud 2", documents=(SPEC, OTHER))])
    assert {(d.kind, d.url): d.id for d in await store.documents()} == created
    assert len(created) == 2
    await store.sync_platforms([])  # nothing configured: nothing to write


def _count_hand_offs(store: SqlStore) -> list[int]:
    """Counts the calls into the SQLite connection's thread from now on (in `[0]`)."""
    connection = store.database.connection  # type: ignore[attr-defined]
    calls = [0]
    original = connection._execute

    async def counted(fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return await original(fn, *args, **kwargs)

    connection._execute = counted
    return calls


async def test_record_snapshot_is_one_call_into_sqlites_thread(tmp_path: Path) -> None:
    """A page's whole transaction (snapshot, document row, event, outbox rows, markers) is one
    hand-off to the connection's thread, not one (or three) per statement."""
    async with await SqlStore.open(tmp_path / "t.db") as store:
        doc = await store.document_state(SPEC)
        calls = _count_hand_offs(store)
        snap = Snapshot(doc.id, "text", "hash", "2026-11-22T00:00:00Z")
        await store.record_snapshot(NewSnapshot(SPEC, snap, None, state={"a": "1", "b": "2"}))
        assert calls[0] == 1
        await store.latest_snapshot(doc.id)
        assert calls[0] == 2


async def test_a_burst_of_unchanged_marks_shares_a_few_transactions(tmp_path: Path) -> None:
    """A cycle's 304s arrive a fraction of a millisecond apart: their "checked, unchanged"
    marks wait a moment for one another and are committed together (each transaction costs
    hand-offs to SQLite's thread), and every mark is committed before its call returns."""
    async with await SqlStore.open(tmp_path / "t.db") as store:
        specs = [DocumentSpec("p", f"kind{i}", f"https://x/{i}") for i in range(60)]
        await store.sync_platforms([Platform("p", "P", (), tuple(specs))])
        states = [await store.document_state(s) for s in specs]
        calls = _count_hand_offs(store)

        async def mark(n: int) -> None:
            await asyncio.sleep(n * 0.0005)
            await store.record_unchanged(states[n].id, "2026-12-01T00:00:00Z", f'"{n}"')
            assert (await store.document_state(specs[n])).etag == f'"{n}"'  # committed on return

        await asyncio.gather(*(mark(n) for n in range(len(specs))))
        marks_calls = calls[0] - 60  # one read per mark above
        assert marks_calls <= 15, marks_calls
