"""Web tests: a real SQLite database filled through the real watch pipeline from real corpus texts.

The database is built once per session (ingesting the corpus takes a few seconds) and copied for
each test, so every test gets its own database and the suite stays fast.
"""

from __future__ import annotations

import asyncio
import io
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.adapters.web.server import build_app
from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import DocumentSpec, EventSource

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = REPO / "tests" / "artifacts"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
INTERVAL = 600  # watch.interval_seconds in the test config

# Hostile text as a terms page could carry it: markup, attribute break-out, CDATA end, mentions,
# a bare link. Written with entities, as a page showing code would; normalisation decodes them, so
# the stored clause holds the raw PAYLOAD.
PAYLOAD = (
    "<script>alert('pwned')</script> \"><img src=x onerror=alert(1)> ]]> @everyone "
    "https://evil.example/phish"
)
PAYLOAD_AS_WRITTEN = (
    "&lt;script&gt;alert('pwned')&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; ]]> "
    "@everyone https://evil.example/phish"
)
HOSTILE_CLAUSE = (
    "We may use the content you upload to train our artificial intelligence and machine "
    f"learning models {PAYLOAD_AS_WRITTEN} without further notice."
)
HOSTILE_BASE = (
    "Welcome to Hostile Host. These terms govern your use of the service.\n\n"
    "You keep ownership of the music you upload. You grant us a licence to host and stream it.\n\n"
    "You must be at least 16 years old to create an account."
)

CORPUS_DOCS: list[tuple[str, str, str, list[str]]] = [
    # platform, kind, corpus folder, versions in order
    (
        "soundcloud",
        "terms_of_service",
        "soundcloud/terms-of-service",
        ["2018-05-25", "2024-02-07", "2025-05-27", "2025-09-10", "2026-08-17"],
    ),
    (
        "bandcamp",
        "terms_of_service",
        "bandcamp/terms-of-service",
        ["2024-06-17", "2024-11-12", "2025-09-01"],
    ),
]


class FakeClock:
    def __init__(self, start: datetime = NOW) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


def doc_url(platform: str) -> str:
    # Never fetched by these tests (the watch loop is not run on this database).
    return f"http://127.0.0.1:9/{platform}/terms"


def web_config(tmp_path: Path, **web: Any) -> Config:
    platforms = [
        {
            "id": "soundcloud",
            "name": "SoundCloud",
            "aliases": ["sound cloud"],
            "category": "music-streaming",
            "documents": [{"kind": "terms_of_service", "url": doc_url("soundcloud")}],
        },
        {
            "id": "bandcamp",
            "name": "Bandcamp",
            "category": "music-streaming",
            "documents": [{"kind": "terms_of_service", "url": doc_url("bandcamp")}],
        },
        {
            "id": "hostile",
            "name": "Hostile Host",
            "documents": [{"kind": "terms_of_service", "url": doc_url("hostile")}],
        },
        {"id": "spotify", "name": "Spotify", "opt_out": "Nothing we know of yet."},
    ]
    data = {
        "storage": {"path": "termswatch.db"},
        "watch": {
            "interval_seconds": INTERVAL,
            "timeout_seconds": 5,
            "failing_after": 2,
            "allow_private_addresses": True,  # the pages are on loopback
        },
        "platforms": platforms,
        "discord": {"enabled": False},
        "bluesky": {"enabled": False},
        "web": {"enabled": False, **web},
    }
    return Config.from_dict(data, base_dir=tmp_path)


async def _fill(db: Path) -> None:
    clock = FakeClock(NOW - timedelta(days=1))
    config = web_config(db.parent)
    env = {"TERMSWATCH_DB": str(db)}
    options = AppOptions(transports=False, load_history=False)
    async with App(config, env, options=options, clock=clock, console=io.StringIO()) as app:
        watch = app.services.watch
        for platform, kind, folder, versions in CORPUS_DOCS:
            spec = DocumentSpec(platform, kind, doc_url(platform))
            for version in versions:
                text = (CORPUS / folder / f"{version}.md").read_text(encoding="utf-8")
                await watch.ingest_version(
                    spec, text, source=EventSource.REPLAY, version_date=version
                )
        spec = DocumentSpec("hostile", "terms_of_service", doc_url("hostile"))
        await watch.ingest_version(
            spec, HOSTILE_BASE, source=EventSource.REPLAY, version_date="2025-01-10"
        )
        hostile = HOSTILE_BASE + "\n\n" + HOSTILE_CLAUSE
        await watch.ingest_version(
            spec, hostile, source=EventSource.REPLAY, version_date="2025-03-01"
        )


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("webdb") / "termswatch.db"
    asyncio.run(_fill(db))
    return db


@dataclass
class Site:
    app: App
    client: TestClient
    clock: FakeClock
    transports: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def services(self) -> Any:
        return self.app.services

    async def get(self, path: str, **kwargs: Any) -> Any:
        return await self.client.get(path, **kwargs)


def copy_db(source: Path, target_dir: Path) -> Path:
    target = target_dir / "termswatch.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return target


@pytest.fixture
async def site(built_db: Path, tmp_path: Path) -> AsyncIterator[Site]:
    db = copy_db(built_db, tmp_path)
    clock = FakeClock()
    config = web_config(tmp_path)
    env = {"TERMSWATCH_DB": str(db)}
    options = AppOptions(transports=False, load_history=False)
    async with App(config, env, options=options, clock=clock, console=io.StringIO()) as app:
        app.services.watch.last_cycle_at = clock.now()
        holder: dict[str, dict[str, object]] = {"discord": {"connected": True}}
        status: Callable[[], dict[str, dict[str, object]]] = lambda: holder  # noqa: E731
        web_app = build_app(app.services, transport_status=status, started_at=clock.now())
        client = TestClient(TestServer(web_app, host="127.0.0.1"))
        await client.start_server()
        try:
            yield Site(app, client, clock, holder)
        finally:
            await client.close()
