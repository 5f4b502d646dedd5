"""Shared fixtures: a real store on each engine (SQLite, and PostgreSQL from a throwaway
cluster), a controllable clock, config dictionaries."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.adapters.store import SqlStore
from tests.pg import Postgres, Unavailable

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


ENGINES = ["sqlite", "postgres"]
# What a broken write raises, per engine (a constraint the database enforces).
INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)
_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Postgres]:
    """One PostgreSQL server per test session, started only when a test needs it. Skipped
    when PostgreSQL is not installed here; a failure under CI (CI=true)."""
    root = Path(tempfile.mkdtemp(prefix="termswatch-pg-"))
    os.chmod(root, 0o755)
    (root / "pg").mkdir()
    try:
        server = Postgres(root / "pg")
        server.start()
    except Unavailable as exc:
        shutil.rmtree(root, ignore_errors=True)
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL unavailable in CI: {exc}")
        pytest.skip(f"PostgreSQL unavailable (initdb not installed; `make test-deps`): {exc}")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_cluster: Postgres) -> Iterator[str]:
    """A fresh empty database on the session's server."""
    name = f"tw_test_{os.getpid()}_{next(_database_numbers)}"
    url = postgres_cluster.create_database(name)
    try:
        yield url
    finally:
        postgres_cluster.drop_database(name)


@pytest.fixture(params=ENGINES)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """What SqlStore.open takes, once per engine: a SQLite file, then a PostgreSQL URL."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "test.db")


@pytest.fixture
async def store(store_target: str) -> AsyncIterator[SqlStore]:
    opened = await SqlStore.open(store_target)
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
