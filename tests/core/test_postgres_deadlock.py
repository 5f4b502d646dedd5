"""Several processes on one PostgreSQL database, starting and writing at once (the scale-out
test killed one of three processes at start with "deadlock detected"): a start does not lock
tables that other processes are writing, and a transaction PostgreSQL aborts to break a
deadlock is run again. Real PostgreSQL (the session's throwaway cluster), real asyncpg."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.adapters.store import SqlStore
from bot.adapters.store.sql import Sql

START_TIMEOUT_S = 5.0


async def test_a_start_does_not_wait_for_processes_writing_to_hooked_tables(
    postgres_url: str,
) -> None:
    first = await SqlStore.open(postgres_url)  # migrates and hooks every table
    writer = await asyncpg.connect(postgres_url)
    try:
        transaction = writer.transaction()
        await transaction.start()
        # another process in the middle of a write to a hooked table: it holds that table's
        # lock (and the content counter's row) until it commits
        await writer.execute(
            "INSERT INTO platforms (id, name, category, updated_at) VALUES ($1, $2, $3, $4)",
            "acme",
            "Acme",
            "music",
            "2026-12-02T00:00:00+00:00",
        )
        # before: the second start re-created the trigger on every table and so waited for
        # this lock (with a lock of its own on the tables before it: a deadlock with a writer)
        second = await asyncio.wait_for(SqlStore.open(postgres_url), START_TIMEOUT_S)
        await second.close()
        await transaction.rollback()
    finally:
        await writer.close()
        await first.close()


async def test_a_transaction_aborted_to_break_a_deadlock_runs_again(postgres_url: str) -> None:
    store = await SqlStore.open(postgres_url)
    other = await asyncpg.connect(postgres_url)
    try:
        await other.execute("CREATE TABLE pair (id INT PRIMARY KEY, v INT NOT NULL)")
        await other.execute("INSERT INTO pair VALUES (1, 0), (2, 0)")
        await other.execute("SET deadlock_timeout = '5s'")  # so the store's side detects it
        attempts = 0
        store_locked_one = asyncio.Event()
        other_locked_two = asyncio.Event()

        async def body(db: Sql) -> int:
            nonlocal attempts
            attempts += 1
            await db.execute("SET LOCAL deadlock_timeout = '200ms'")
            await db.execute("UPDATE pair SET v = v + 1 WHERE id = 1")
            if attempts == 1:
                store_locked_one.set()
                await other_locked_two.wait()
            await db.execute("UPDATE pair SET v = v + 1 WHERE id = 2")  # waits for the other
            return attempts

        async def other_side() -> None:
            await store_locked_one.wait()
            async with other.transaction():
                await other.execute("UPDATE pair SET v = v + 10 WHERE id = 2")
                other_locked_two.set()
                await other.execute("UPDATE pair SET v = v + 10 WHERE id = 1")  # the cycle

        result, _ = await asyncio.wait_for(
            asyncio.gather(store.database.transact(body), other_side()), 30
        )
        assert result == 2  # aborted once by PostgreSQL, then committed
        rows = dict(await other.fetch("SELECT id, v FROM pair ORDER BY id"))
        assert rows == {1: 11, 2: 11}  # both transactions' writes, the store's once
    finally:
        await other.close()
        await store.close()


async def test_other_errors_are_not_run_again(postgres_url: str) -> None:
    store = await SqlStore.open(postgres_url)
    attempts = 0

    async def body(db: Sql) -> None:
        nonlocal attempts
        attempts += 1
        await db.execute("SELECT * FROM no_such_table")

    try:
        with pytest.raises(asyncpg.UndefinedTableError):
            await store.database.transact(body)
        assert attempts == 1
    finally:
        await store.close()
