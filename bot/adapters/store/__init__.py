"""SQLite storage through aiosqlite: one class implementing every storage port."""

from __future__ import annotations

from pathlib import Path

from bot.adapters.store.database import Database, StoreError
from bot.adapters.store.directory import DirectoryRepository
from bot.adapters.store.documents import DocumentRepository
from bot.adapters.store.events import EventRepository
from bot.adapters.store.feed_entries import FeedEntryRepository
from bot.adapters.store.instance_lock import InstanceLock
from bot.adapters.store.outbox import OutboxRepository
from bot.adapters.store.reviews import ReviewRepository
from bot.adapters.store.state import StateRepository
from bot.adapters.store.subscriptions import SubscriptionRepository

__all__ = ["Database", "InstanceLock", "SqliteStore", "StoreError"]


class SqliteStore(
    DocumentRepository,
    EventRepository,
    SubscriptionRepository,
    OutboxRepository,
    ReviewRepository,
    StateRepository,
    FeedEntryRepository,
    DirectoryRepository,
):
    """Implements bot.services.ports.Store. Open with `await SqliteStore.open(path)`."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    async def open(cls, path: Path | str) -> SqliteStore:
        return cls(await Database.open(path))

    async def close(self) -> None:
        await self.database.close()

    async def ping(self) -> bool:
        return await self.database.ping()

    async def data_version(self) -> tuple[int, ...]:
        """Changes whenever stored data may have changed (see Database.data_version)."""
        return await self.database.data_version()

    async def __aenter__(self) -> SqliteStore:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
