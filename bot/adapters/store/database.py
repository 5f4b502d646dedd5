"""The SQLite connection: WAL, numbered migrations applied at start-up, one writer at a time."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

from bot.adapters.store.version import COUNTER_QUERY, install_content_counter

log = logging.getLogger(__name__)

MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class StoreError(Exception):
    """The database could not be opened or migrated."""


def migration_files() -> list[tuple[int, str, str]]:
    """(number, name, sql) for every migration shipped in the package, in order."""
    found = []
    folder = resources.files("bot.adapters.store") / "migrations"
    for entry in folder.iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if len(numbers) != len(set(numbers)):
        raise StoreError(f"two migrations share a number: {[name for _, name, _ in found]}")
    return found


class Database:
    """Owns the aiosqlite connection. Writes go through transaction(), serialised by a lock."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection
        self._write_lock = asyncio.Lock()
        self._generation = 0  # + 1 after every write transaction (committed or rolled back)
        self._rollbacks = 0
        self._idle = asyncio.Event()  # set while no write transaction is open
        self._idle.set()
        self._counting: bool | None = None  # content counter installed (None: not tried yet)

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        target = str(path)
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = await aiosqlite.connect(target, isolation_level=None)
        except Exception as exc:
            raise StoreError(f"cannot open database {target}: {exc}") from exc
        connection.row_factory = aiosqlite.Row
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        await connection.execute("PRAGMA foreign_keys=ON")
        await connection.execute("PRAGMA busy_timeout=5000")
        database = cls(connection)
        await database.migrate()
        return database

    async def close(self) -> None:
        await self.connection.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        async with self._write_lock:
            self._idle.clear()
            try:
                await self.connection.execute("BEGIN IMMEDIATE")
                try:
                    yield self.connection
                except BaseException:
                    self._rollbacks += 1
                    await self.connection.execute("ROLLBACK")
                    raise
                else:
                    await self.connection.execute("COMMIT")
                finally:
                    self._generation += 1
            finally:
                self._idle.set()

    async def migrate(self) -> list[str]:
        applied_now: list[str] = []
        async with self.transaction() as db:
            await db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL "
                "DEFAULT CURRENT_TIMESTAMP)"
            )
            async with db.execute("SELECT number FROM schema_migrations") as cursor:
                done = {row[0] async for row in cursor}
            for number, name, sql in migration_files():
                if number in done:
                    continue
                for statement in _statements(sql):
                    await db.execute(statement)
                await db.execute(
                    "INSERT INTO schema_migrations (number, name) VALUES (?, ?)", (number, name)
                )
                applied_now.append(name)
        if applied_now:
            log.info("applied migrations: %s", ", ".join(applied_now))
        return applied_now

    async def data_version(self) -> tuple[int, ...]:
        """A value that differs whenever data the status pages show may have changed since it
        was last read: this connection's writes to the counted tables (see version.py), any
        rollback, and, through `PRAGMA data_version`, commits by any other process. Read inside
        an open transaction it counts the rows written so far; should that transaction roll
        back, the rollback changes the value again."""
        if self._counting is None:
            async with self.transaction() as db:
                if self._counting is None:
                    self._counting = await install_content_counter(db)
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


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (no triggers with inner semicolons in our migrations)."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]
