"""Discovery tests: the real App (SQLite, WatchService, FanoutService) against a local fake of
GitHub serving real Open Terms Archive commits (tests/fixtures/ota_archive)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import Delivery, Medium, PolicyEvent, SendResult
from tests.archive.fake_github import OWNER, FakeGithub, load_fixture
from tests.conftest import FakeClock, config_dict

PGA = f"{OWNER}/pga-versions"
GENAI = f"{OWNER}/genai-eu-versions"


@pytest.fixture
async def github() -> AsyncIterator[FakeGithub]:
    fake = FakeGithub()
    fake.repos[PGA] = load_fixture("pga-versions")
    fake.repos[GENAI] = load_fixture("genai-eu-versions")
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


def archive_env(fake: FakeGithub, **extra: str) -> dict[str, str]:
    bases = fake.bases
    return {
        "TERMSWATCH_ARCHIVE_GITHUB_BASE": bases["github_base"],
        "TERMSWATCH_ARCHIVE_RAW_BASE": bases["raw_base"],
        "TERMSWATCH_ARCHIVE_API_BASE": bases["api_base"],
        **extra,
    }


class Recorder:
    """A notifier that records what it is asked to send (the fan-out and outbox are real)."""

    media = (Medium.DISCORD_CHANNEL,)

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, str]] = []  # (event id, target, platform id)

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult:
        self.sent.append((delivery.event_id, delivery.target, event.platform_id))
        return SendResult.sent(f"m{delivery.id}")


OpenApp = Callable[..., Awaitable[App]]


@pytest.fixture
async def open_app(tmp_path: Path, github: FakeGithub, clock: FakeClock) -> AsyncIterator[OpenApp]:
    opened: list[App] = []

    async def make(archive: dict[str, Any] | None = None, **env: str) -> App:
        settings = {"collections": ["pga-versions", "genai-eu-versions"], **(archive or {})}
        data = config_dict(archive=settings)
        data["storage"] = {"path": str(tmp_path / "termswatch.db")}
        config = Config.from_dict(data, base_dir=tmp_path)
        options = AppOptions(transports=False, load_history=False)
        app = App(
            config, archive_env(github, **env), options=options, clock=clock,
            console=io.StringIO(),
        )  # fmt: skip
        await app.__aenter__()
        opened.append(app)
        return app

    async def close(app: App) -> None:
        opened.remove(app)
        await app.__aexit__(None, None, None)

    make.close = close  # type: ignore[attr-defined]
    yield make
    for app in reversed(opened):
        await app.__aexit__(None, None, None)
