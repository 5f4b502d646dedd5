"""The PostgreSQL engine through asyncpg: a pool; a transaction is one pooled connection.

Migrations run under an advisory lock, so processes starting together apply them once.
The content counter (what SQLite's version.py keeps in temporary triggers) is a one-row table,
`tw_content`, bumped by a statement trigger on every table the status pages show, in the
writing transaction: readers see the new count exactly when they can see the new rows. A start
hooks the tables it finds unhooked, so a table added by a later migration is counted unless
listed in version.NOT_SHOWN. Write transactions of one process run one at a time, as on SQLite
(the counter row is locked by the first writer until it commits); one that PostgreSQL aborts to
break a deadlock with another process is run again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import asyncpg

from bot.adapters.store.database import StoreError
from bot.adapters.store.schema import apply_migrations, unknown_message
from bot.adapters.store.sql import POSTGRES, PostgresSql, Sql
from bot.adapters.store.urls import redacted
from bot.adapters.store.version import counted
from bot.domain.timeutil import iso
from bot.services.ports import Clock

log = logging.getLogger(__name__)

T = TypeVar("T")

MIGRATION_LOCK = 0x7465726D73  # "terms": one advisory lock id for every Terms Watch
POOL_SIZE = 10
CONNECT_TIMEOUT_S = 10.0
RETRIES = 4  # attempts of a transaction PostgreSQL aborted to break a deadlock
RETRY_PAUSE_S = 0.05


class PostgresDatabase:
    dialect = POSTGRES

    def __init__(self, pool: asyncpg.Pool, clock: Clock, url: str) -> None:
        self.pool = pool
        self.sql = PostgresSql(pool)
        self.clock = clock
        self.url = url
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, url: str, clock: Clock) -> PostgresDatabase:
        try:
            pool = await asyncpg.create_pool(
                url, min_size=1, max_size=POOL_SIZE, timeout=CONNECT_TIMEOUT_S
            )
        except (TimeoutError, OSError, asyncpg.PostgresError, ValueError) as exc:
            raise StoreError(
                f"cannot connect to the PostgreSQL database {redacted(url)} ({exc}): check"
                " storage.url (or TERMSWATCH_DATABASE_URL) and that the server is running"
            ) from None
        database = cls(pool, clock, url)
        try:
            await database.migrate()
            await database.install_content_counter()
        except BaseException:
            await pool.close()
            raise
        return database

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresSql]:
        async with (
            self._write_lock,
            self.pool.acquire() as connection,
            connection.transaction(),
        ):
            yield PostgresSql(connection)

    async def transact(self, body: Callable[[Sql], Coroutine[Any, Any, T]]) -> T:
        """`body(db)` in one write transaction (see sql.Engine.transact). A transaction that
        PostgreSQL aborts to break a deadlock (or a serialization failure) is run again, as its
        documentation advises: the body awaits nothing but its statements, so it can be."""
        for attempt in range(1, RETRIES + 1):
            try:
                async with self.transaction() as db:
                    return await body(db)
            except (asyncpg.DeadlockDetectedError, asyncpg.SerializationError) as exc:
                if attempt == RETRIES:
                    raise
                log.warning("transaction aborted (%s), running it again", type(exc).__name__)
                await asyncio.sleep(RETRY_PAUSE_S * attempt)
        raise AssertionError("unreachable")

    async def migrate(self) -> list[str]:
        async with self.transaction() as db:
            await db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            applied, unknown = await apply_migrations(db, POSTGRES, iso(self.clock.now()))
            if unknown:
                raise StoreError(
                    f"{redacted(self.url)}: "
                    + unknown_message(unknown, "set storage.url to another database")
                )
        if applied:
            log.info("applied migrations: %s", ", ".join(applied))
        return applied

    async def install_content_counter(self) -> None:
        async with self.transaction() as db:
            await db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            await db.execute("CREATE TABLE IF NOT EXISTS tw_content (n BIGINT NOT NULL)")
            await db.execute(
                "INSERT INTO tw_content (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM tw_content)"
            )
            await db.execute(
                "CREATE OR REPLACE FUNCTION tw_count_content() RETURNS trigger LANGUAGE plpgsql"
                " AS 'BEGIN UPDATE tw_content SET n = n + 1; RETURN NULL; END'"
            )
            rows = await db.fetchall(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                " AND table_schema = current_schema() ORDER BY table_name"
            )
            # A table already hooked is left alone: (re)creating a trigger locks its table, and
            # processes that started first may be writing to it; with a lock on one table and
            # a wait for another, that is a deadlock.
            hooked = {
                str(row[0])
                for row in await db.fetchall(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE t.tgname = 'tw_count' AND n.nspname = current_schema()"
                )
            }
            for table in (str(row[0]) for row in rows):
                if not counted(table) or table in hooked:
                    continue
                quoted = '"' + table.replace('"', '""') + '"'
                await db.execute(
                    f"CREATE OR REPLACE TRIGGER tw_count AFTER INSERT OR UPDATE OR DELETE"
                    f" ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION tw_count_content()"
                )

    async def data_version(self) -> tuple[int, ...]:
        return (int(await self.sql.fetchval("SELECT n FROM tw_content")),)

    async def ping(self) -> bool:
        try:
            return await self.sql.fetchval("SELECT 1") == 1
        except Exception:
            log.exception("database ping failed")
            return False
