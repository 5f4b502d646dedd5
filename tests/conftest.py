"""Shared fixtures: a real SQLite store, a controllable clock, config dictionaries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.store import SqliteStore

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


class FakeClock:
    """A clock the test moves by hand. Implements bot.services.ports.Clock."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    opened = await SqliteStore.open(tmp_path / "test.db")
    try:
        yield opened
    finally:
        await opened.close()


def config_dict(**overrides: Any) -> dict[str, Any]:
    """A small valid config; documents point nowhere until a test sets them."""
    data: dict[str, Any] = {
        "storage": {"path": "termswatch.db"},
        "watch": {
            "interval_seconds": 900,
            "timeout_seconds": 5,
            "max_bytes": 1_000_000,
            "concurrency": 4,
            "per_host_interval_seconds": 0,
            "failing_after": 3,
            "allow_private_addresses": True,  # tests serve their pages on loopback
        },
        "fanout": {"interval_seconds": 0.05, "batch_size": 100, "max_attempts": 5},
        "platforms": [
            {
                "id": "soundcloud",
                "name": "SoundCloud",
                "aliases": ["sound cloud"],
                "documents": [
                    {"kind": "terms_of_service", "url": "https://soundcloud.com/terms-of-use"}
                ],
            },
            {
                "id": "bandcamp",
                "name": "Bandcamp",
                "documents": [
                    {"kind": "terms_of_service", "url": "https://bandcamp.com/terms_of_use"}
                ],
            },
        ],
        "feeds": [],
        "discord": {"enabled": False},
        "bluesky": {"enabled": False},
        "web": {"enabled": False},
    }
    data.update(overrides)
    return data
