"""Storage: one class implementing every storage port, on SQLite (aiosqlite, the default) or
PostgreSQL (asyncpg). The repositories are written once against store/sql.py's interface."""

from __future__ import annotations

from pathlib import Path

from bot.adapters.store.bluesky import BlueskyRepository
from bot.adapters.store.database import Database, StoreError
from bot.adapters.store.directory import DirectoryRepository
from bot.adapters.store.documents import DocumentRepository
from bot.adapters.store.events import EventRepository
from bot.adapters.store.feed_entries import FeedEntryRepository
from bot.adapters.store.instance_lock import InstanceLock
from bot.adapters.store.outbox import OutboxRepository
from bot.adapters.store.reviews import ReviewRepository
from bot.adapters.store.sql import Engine
from bot.adapters.store.state import StateRepository
from bot.adapters.store.subscriptions import SubscriptionRepository
from bot.domain.timeutil import SystemClock
from bot.services.ports import Clock

__all__ = ["Database", "InstanceLock", "SqlStore", "SqliteStore", "StoreError"]


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class SqlStore(
    DocumentRepository,
    EventRepository,
    SubscriptionRepository,
    OutboxRepository,
    ReviewRepository,
    StateRepository,
    FeedEntryRepository,
    DirectoryRepository,
    BlueskyRepository,
):
    """Implements bot.services.ports.Store and BlueskyStore. Open with
    `await SqlStore.open(path_or_postgresql_url, clock)`."""

    def __init__(self, database: Engine) -> None:
        self.database = database

    @classmethod
    async def open(cls, target: Path | str, clock: Clock | None = None) -> SqlStore:
        clock = clock or SystemClock()
        if is_postgres_url(str(target)):
            from bot.adapters.store.postgres import PostgresDatabase  # asyncpg: only if used

            return cls(await PostgresDatabase.open(str(target), clock))
        return cls(await Database.open(target, clock))

    @property
    def engine(self) -> str:
        return self.database.dialect.name

    async def close(self) -> None:
        await self.database.close()

    async def ping(self) -> bool:
        return await self.database.ping()

    async def data_version(self) -> tuple[int, ...]:
        """Changes whenever stored data the status pages show may have changed."""
        return await self.database.data_version()

    async def __aenter__(self) -> SqlStore:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


SqliteStore = SqlStore  # the name used before PostgreSQL was supported
