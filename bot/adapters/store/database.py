"""The SQLite engine: WAL, numbered migrations applied at start-up, one writer at a time."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.adapters.store.schema import (
    MigrationError,
    apply_migrations,
    migration_files,
    unknown_message,
)
from bot.adapters.store.sql import SQLITE, DirectSqliteSql, Sql, SqliteSql, run_to_end
from bot.adapters.store.version import COUNTER_QUERY, install_content_counter
from bot.domain.timeutil import iso
from bot.services.errors import TermsWatchError
from bot.services.ports import Clock

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
ANOTHER_FILE = "set storage.path (or TERMSWATCH_DB) to another file"


class StoreError(TermsWatchError):
    """The database could not be opened or migrated. The message names the file and what to do."""


def check_database_file(target: str) -> None:
    """Open the file with plain sqlite3 and only read it: a folder we cannot write, a file that
    is not a database, or a schema newer than this code raise StoreError and change nothing."""
    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the folder {path.parent} for the database {target}: {exc.strerror};"
            f" create it, or {ANOTHER_FILE} in a writable folder"
        ) from None
    try:
        with closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            applied: list[tuple[int, str]] = []
            if "schema_migrations" in tables:
                applied = connection.execute(
                    "SELECT number, name FROM schema_migrations ORDER BY number"
                ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe_error(target, exc)) from None
    try:
        known = {number for number, _, _ in migration_files()}
    except MigrationError as exc:
        raise StoreError(str(exc)) from None
    unknown = [str(name) for number, name in applied if number not in known]
    if unknown:
        raise StoreError(f"{target}: {unknown_message(unknown, ANOTHER_FILE)}")


def describe_error(target: str, exc: sqlite3.Error) -> str:
    reason = str(exc)
    if any(word in reason for word in ("not a database", "malformed", "encrypted")):
        return (
            f"{target} is not a Terms Watch database ({reason}): {ANOTHER_FILE},"
            " or move this one away"
        )
    if "locked" in reason or "busy" in reason:
        return (
            f"the database {target} is locked by another program ({reason}):"
            " stop it and start again"
        )
    if "unable to open" in reason or "readonly" in reason or "read-only" in reason:
        return (
            f"cannot open the database {target} for writing ({reason}): make the folder"
            f" {Path(target).parent} and the file writable, or {ANOTHER_FILE} in a writable folder"
        )
    return f"cannot open the database {target} ({reason}): {ANOTHER_FILE}"


class Database:
    """Owns the aiosqlite connection. Writes go through transaction(), serialised by a lock;
    reads through `sql` (the same connection)."""

    dialect = SQLITE

    def __init__(self, connection: aiosqlite.Connection, clock: Clock) -> None:
        self.connection = connection
        self.sql = SqliteSql(connection)
        self.clock = clock
        self._write_lock = asyncio.Lock()
        self._generation = 0  # + 1 after every write transaction (committed or rolled back)
        self._rollbacks = 0
        self._idle = asyncio.Event()  # set while no write transaction is open
        self._idle.set()
        self._counting: bool | None = None  # content counter installed (None: not tried yet)

    @classmethod
    async def open(cls, path: Path | str, clock: Clock) -> Database:
        target = str(path)
        if target != ":memory:":
            await asyncio.to_thread(check_database_file, target)
        try:
            connection = await aiosqlite.connect(target, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(describe_error(target, exc)) from None
        try:
            connection.row_factory = aiosqlite.Row
            await connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            await connection.execute("PRAGMA journal_mode=WAL")
            await connection.execute("PRAGMA synchronous=NORMAL")
            await connection.execute("PRAGMA foreign_keys=ON")
            database = cls(connection, clock)
            await database.migrate()
        except BaseException as exc:
            # Close before leaving: aiosqlite's thread is not a daemon, an open connection
            # would keep the process alive after the error.
            await connection.close()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(describe_error(target, exc)) from None
            raise
        return database

    async def close(self) -> None:
        await self.connection.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteSql]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error or cancellation."""
        async with self._write_lock:
            self._idle.clear()
            try:
                try:
                    await self._begin()
                    yield self.sql
                    await self.connection.execute("COMMIT")
                except BaseException:
                    # Cancelled while BEGIN (or COMMIT) was still waiting in the connection's
                    # thread, the statement may yet succeed there: the ROLLBACK queued behind it
                    # makes sure no transaction stays open for the next writer.
                    self._rollbacks += 1
                    await asyncio.shield(self._rollback())
                    raise
                finally:
                    self._generation += 1
            finally:
                self._idle.set()

    async def transact(self, body: Callable[[Sql], Coroutine[Any, Any, T]]) -> T:
        """`body(db)` in one write transaction, in ONE hand-off to the connection's thread:
        BEGIN IMMEDIATE, the body's statements (plain sqlite3 calls: the body must await nothing
        but them), COMMIT, or ROLLBACK if anything raised. Once handed off, the transaction runs
        to its end in the thread even if the waiting task is cancelled: committed or rolled
        back whole, never left open."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BUSY_TIMEOUT_MS / 1000
        async with self._write_lock:
            self._idle.clear()
            try:
                while True:
                    try:
                        return await self.sql.in_thread(_transact, body)
                    except _BeginLocked as locked:  # see _begin: a read ends in a moment
                        if loop.time() >= deadline:
                            raise locked.error from None
                    await asyncio.sleep(0.02)
            except BaseException:
                self._rollbacks += 1
                raise
            finally:
                self._generation += 1
                self._idle.set()

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE. SQLite answers "locked" at once, without waiting, when a read on this
        connection (another task's cursor between two fetches) still holds a snapshot older than
        another process's last commit: that read ends in a moment, so try again until the busy
        timeout has passed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                await self.connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or loop.time() >= deadline:
                    raise
            await asyncio.sleep(0.02)

    async def _rollback(self) -> None:
        try:
            await self.connection.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:  # nothing was open: BEGIN failed or COMMIT ran
            log.debug("rollback: %s", exc)

    async def migrate(self) -> list[str]:
        async with self.transaction() as db:
            applied, unknown = await apply_migrations(db, SQLITE, iso(self.clock.now()))
            if unknown:  # checked before opening too; here in case the file changed since
                raise StoreError(unknown_message(unknown, ANOTHER_FILE))
        if applied:
            log.info("applied migrations: %s", ", ".join(applied))
        return applied

    async def data_version(self) -> tuple[int, ...]:
        """A value that differs whenever data the status pages show may have changed since it
        was last read: this connection's writes to the counted tables (see version.py), any
        rollback, and, through `PRAGMA data_version`, commits by any other process. Read inside
        an open transaction it counts the rows written so far; should that transaction roll
        back, the rollback changes the value again."""
        if self._counting is None:
            async with self.transaction() as db:
                if self._counting is None:
                    self._counting = await install_content_counter(db.connection)
        if self._counting:
            async with self.connection.execute(COUNTER_QUERY) as cursor:
                row = await cursor.fetchone()
            assert row is not None
            return self._rollbacks, int(row[0]), int(row[1])
        while True:  # no counter: every write transaction counts; wait for an open one to end
            await self._idle.wait()
            async with self.connection.execute("PRAGMA data_version") as cursor:
                row = await cursor.fetchone()
            if self._idle.is_set() and row is not None:
                return self._generation, int(row[0])

    async def ping(self) -> bool:
        try:
            async with self.connection.execute("SELECT 1") as cursor:
                row = await cursor.fetchone()
            return row is not None
        except Exception:
            log.exception("database ping failed")
            return False


class _BeginLocked(Exception):
    def __init__(self, error: sqlite3.OperationalError) -> None:
        super().__init__(str(error))
        self.error = error


def _transact(connection: sqlite3.Connection, body: Callable[[Sql], Coroutine[Any, Any, T]]) -> T:
    """Database.transact's work, in the connection's thread."""
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise _BeginLocked(exc) from None
        raise
    try:
        result = run_to_end(body(DirectSqliteSql(connection)))
        connection.execute("COMMIT")
    except BaseException:
        try:
            connection.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:  # nothing open (a failed COMMIT ended it)
            log.debug("rollback: %s", exc)
        raise
    return result
