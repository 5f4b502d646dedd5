"""The one connection interface the repositories use, whatever the engine.

Repositories write SQL once, with `?` placeholders, `RETURNING id` for new ids, rows read by
column name, and timestamps passed in (never the engine's clock). `SqliteSql` runs it through
aiosqlite as written; `PostgresSql` numbers the placeholders ($1, $2, ...) for asyncpg. The few
expressions the engines spell differently are in `Dialect`.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import aiosqlite

if TYPE_CHECKING:  # asyncpg is loaded only when a PostgreSQL store is opened
    import asyncpg

from bot.services.ports import Clock

T = TypeVar("T")


class Row(Protocol):
    """aiosqlite.Row and asyncpg.Record: by column name or position."""

    def __getitem__(self, key: int | str, /) -> Any: ...


@dataclass(frozen=True)
class Dialect:
    name: str
    # SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (claims by several processes); SQLite has
    # one writer at a time and no row locks.
    lock_rows: str

    def group_concat_distinct(self, expression: str) -> str:
        """Distinct non-NULL values joined by commas (order unspecified)."""
        if self.name == "postgres":
            return f"string_agg(DISTINCT {expression}, ',')"
        return f"GROUP_CONCAT(DISTINCT {expression})"


SQLITE = Dialect("sqlite", lock_rows="")
POSTGRES = Dialect("postgres", lock_rows=" FOR UPDATE SKIP LOCKED")


class Sql(Protocol):
    """A connection, or an open transaction, that runs the repositories' SQL."""

    dialect: Dialect

    async def execute(self, query: str, args: Sequence[Any] = ()) -> int:
        """Runs one statement; returns the number of rows it changed."""
        ...

    async def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> None: ...

    async def fetchone(self, query: str, args: Sequence[Any] = ()) -> Row | None: ...

    async def fetchall(self, query: str, args: Sequence[Any] = ()) -> list[Row]: ...

    async def fetchval(self, query: str, args: Sequence[Any] = ()) -> Any:
        """The first column of the first row, None when there is no row."""
        ...


class Engine(Protocol):
    """What the repositories need from an engine: Database (SQLite) or PostgresDatabase."""

    dialect: Dialect
    sql: Sql
    clock: Clock  # stamps every timestamp the store writes itself

    def transaction(self) -> AbstractAsyncContextManager[Sql]: ...

    async def transact(self, body: Callable[[Sql], Coroutine[Any, Any, T]]) -> T:
        """`body(db)` in one write transaction, its result returned: committed if it returns,
        rolled back if it raises. The body awaits nothing but `db`'s statements (on SQLite the
        whole transaction runs in one call to the connection's thread)."""
        ...

    async def migrate(self) -> list[str]: ...

    async def data_version(self) -> tuple[int, ...]: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...


# aiosqlite runs every call in its connection's thread: a statement through its cursor API costs
# two or three hand-offs (execute, fetch, close), each a queued call, a future and a wake-up of
# the event loop. These functions run a whole statement in that thread in one hand-off.


def _execute(connection: sqlite3.Connection, query: str, args: Sequence[Any]) -> int:
    cursor = connection.execute(query, args)
    try:
        return max(cursor.rowcount, 0)
    finally:
        cursor.close()


def _fetchone(connection: sqlite3.Connection, query: str, args: Sequence[Any]) -> Any:
    cursor = connection.execute(query, args)
    try:
        return cursor.fetchone()
    finally:
        cursor.close()


def _fetchall(connection: sqlite3.Connection, query: str, args: Sequence[Any]) -> list[Any]:
    cursor = connection.execute(query, args)
    try:
        return cursor.fetchall()
    finally:
        cursor.close()


class SqliteSql:
    dialect = SQLITE

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection

    def in_thread(self, function: Callable[..., T], *args: Any) -> Awaitable[T]:
        """`function(sqlite3_connection, *args)` in the connection's thread, in one hand-off
        (aiosqlite's `_execute`: the queue every one of its own calls goes through)."""
        connection = self.connection

        def run() -> T:
            return function(connection._conn, *args)

        return connection._execute(run)  # type: ignore[no-any-return]

    async def execute(self, query: str, args: Sequence[Any] = ()) -> int:
        return await self.in_thread(_execute, query, tuple(args))

    async def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.connection.executemany(query, [tuple(row) for row in rows])

    async def fetchone(self, query: str, args: Sequence[Any] = ()) -> Row | None:
        row: Row | None = await self.in_thread(_fetchone, query, tuple(args))
        return row

    async def fetchall(self, query: str, args: Sequence[Any] = ()) -> list[Row]:
        return await self.in_thread(_fetchall, query, tuple(args))

    async def fetchval(self, query: str, args: Sequence[Any] = ()) -> Any:
        row = await self.fetchone(query, args)
        return None if row is None else row[0]


class DirectSqliteSql:
    """The `Sql` of a transaction running inside the connection's thread (Database.transact):
    plain sqlite3 calls behind the same async methods, which never suspend."""

    dialect = SQLITE

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    async def execute(self, query: str, args: Sequence[Any] = ()) -> int:
        return _execute(self.connection, query, tuple(args))

    async def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        self.connection.executemany(query, [tuple(row) for row in rows])

    async def fetchone(self, query: str, args: Sequence[Any] = ()) -> Row | None:
        row: Row | None = _fetchone(self.connection, query, tuple(args))
        return row

    async def fetchall(self, query: str, args: Sequence[Any] = ()) -> list[Row]:
        return _fetchall(self.connection, query, tuple(args))

    async def fetchval(self, query: str, args: Sequence[Any] = ()) -> Any:
        row = _fetchone(self.connection, query, tuple(args))
        return None if row is None else row[0]


def run_to_end(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends (one awaiting only DirectSqliteSql) to its end,
    synchronously. One that does suspend is closed and reported: it would need an event loop."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        result: T = done.value
        return result
    coroutine.close()
    raise RuntimeError("a transaction body awaited something else than its own statements")


_PLACEHOLDER_OR_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?")


@functools.lru_cache(maxsize=512)
def numbered(query: str) -> str:
    """`?` placeholders as PostgreSQL's $1, $2, ... (question marks inside quotes are kept)."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(0) != "?":
            return match.group(0)
        count += 1
        return f"${count}"

    return _PLACEHOLDER_OR_LITERAL.sub(replace, query)


def _changed(status: str) -> int:
    """asyncpg's command tag ("UPDATE 3", "INSERT 0 1") → 3, 1; 0 when it has no count."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PostgresSql:
    """One asyncpg connection (inside a transaction), or the pool (each call borrows one)."""

    dialect = POSTGRES

    def __init__(self, connection: asyncpg.Connection | asyncpg.Pool) -> None:
        self.connection = connection

    async def execute(self, query: str, args: Sequence[Any] = ()) -> int:
        return _changed(await self.connection.execute(numbered(query), *args))

    async def executemany(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.connection.executemany(numbered(query), [tuple(row) for row in rows])

    async def fetchone(self, query: str, args: Sequence[Any] = ()) -> Row | None:
        row: Row | None = await self.connection.fetchrow(numbered(query), *args)
        return row

    async def fetchall(self, query: str, args: Sequence[Any] = ()) -> list[Row]:
        return list(await self.connection.fetch(numbered(query), *args))

    async def fetchval(self, query: str, args: Sequence[Any] = ()) -> Any:
        return await self.connection.fetchval(numbered(query), *args)
