"""Fixtures: a fake Discord, a local terms-page server, and the real App wired to both."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import discord.gateway
import discord.http
import pytest
from aiohttp import web

from bot.app import App
from bot.config import Config
from bot.domain.models import Change, EventSource, PlatformTraining, PolicyEvent, Verdict
from tests.conftest import CORPUS
from tests.discord.fake_discord import BOT_ID, FakeDiscord

GUILD = 100
CHANNELS = [201, 202, 203, 204, 205]
MANAGE = 16 | 1024 | 2048  # Manage Channels + View Channel + Send Messages
NO_MANAGE = 1024 | 2048
SC_OLD = CORPUS / "soundcloud" / "terms-of-service" / "2018-05-25.md"
SC_NEW = CORPUS / "soundcloud" / "terms-of-service" / "2024-02-07.md"
BOT_MENTION = f"<@{BOT_ID}>"


class Pages:
    """A terms-page server on 127.0.0.1 whose documents the test rewrites."""

    def __init__(self) -> None:
        self.docs: dict[str, str] = {}
        self.port = 0
        self._runner: web.AppRunner | None = None

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    async def _serve(self, request: web.Request) -> web.Response:
        text = self.docs.get(request.match_info["name"])
        if text is None:
            return web.Response(status=404, text="not found")
        return web.Response(text=text, content_type="text/markdown")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{name}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner:
            await self._runner.cleanup()


@contextlib.asynccontextmanager
async def served(server: FakeDiscord) -> AsyncIterator[FakeDiscord]:
    """The fake, started; afterwards, whatever the test did, nothing the bot said could ping
    anyone."""
    await server.start()
    try:
        yield server
        assert server.pinging_sends() == []
    finally:
        await server.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    server = FakeDiscord()
    server.add_guild(GUILD, CHANNELS)
    try:
        async with served(server):
            yield server
    finally:
        discord.http.Route.BASE = base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


@pytest.fixture
async def pages() -> AsyncIterator[Pages]:
    server = Pages()
    server.docs["soundcloud"] = SC_OLD.read_text(encoding="utf-8")
    server.docs["bandcamp"] = "# Bandcamp terms\n\nYou own your music. Be nice to each other.\n"
    await server.start()
    try:
        yield server
    finally:
        await server.close()


def discord_config(tmp_path: Path, pages: Pages, **discord_settings: Any) -> Config:
    data: dict[str, Any] = {
        "storage": {"path": str(tmp_path / "termswatch.db")},
        "watch": {
            "interval_seconds": 3600,
            "timeout_seconds": 5,
            "concurrency": 2,
            "per_host_interval_seconds": 0,
            "failing_after": 3,
            "allow_private_addresses": True,  # the pages are on loopback
        },
        "fanout": {"interval_seconds": 0.05, "batch_size": 100, "max_attempts": 5},
        "platforms": [
            {
                "id": "soundcloud",
                "name": "SoundCloud",
                "category": "music-streaming",
                "aliases": ["sc", "sound cloud"],
                "opt_out": "No opt-out; remove your uploads to stop new use.",
                "documents": [{"kind": "terms_of_service", "url": pages.url("soundcloud")}],
            },
            {
                "id": "bandcamp",
                "name": "Bandcamp",
                "documents": [{"kind": "terms_of_service", "url": pages.url("bandcamp")}],
            },
        ],
        "feeds": [],
        "discord": {"enabled": True, **discord_settings},
        "bluesky": {"enabled": False},
        "web": {"enabled": False},
    }
    return Config.from_dict(data, base_dir=tmp_path)


def soundcloud_only(pages: Pages) -> list[dict[str, Any]]:
    """The `platforms:` of a bot process's config.yaml watching SoundCloud's terms page."""
    document = {"kind": "terms_of_service", "url": pages.url("soundcloud")}
    return [{"id": "soundcloud", "name": "SoundCloud", "documents": [document]}]


def ai_event(pages: Pages, date: str, title: str = "SoundCloud terms changed") -> PolicyEvent:
    """SoundCloud's terms now say uploads may train AI (to record straight into a store)."""
    change = Change(
        True,
        Verdict(),
        Verdict(PlatformTraining.YES),
        (f"Your Content may be used to train artificial intelligence ({date}).",),
        (),
        "SoundCloud now says your uploads may train AI.",
    )
    url = pages.url("soundcloud")
    return PolicyEvent("soundcloud", "terms_of_service", url, date, EventSource.FEED, change, title)


def bot_env(fake: FakeDiscord) -> dict[str, str]:
    return {
        "DISCORD_TOKEN": "test-token",
        "TERMSWATCH_DISCORD_API_BASE": fake.api_base,
        "TERMSWATCH_DISCORD_GATEWAY": fake.gateway,
    }


@contextlib.asynccontextmanager
async def running(config: Config, fake: FakeDiscord) -> AsyncIterator[App]:
    """The real App with only its transports running; tests drive watch and fan-out."""
    async with App(config, bot_env(fake)) as app:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(t.run(stop)) for t in app.transports]
        try:
            await fake.wait_until(lambda: all(t.status()["connected"] for t in app.transports), 15)
            yield app
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 15)


@pytest.fixture
async def app(tmp_path: Path, fake: FakeDiscord, pages: Pages) -> AsyncIterator[App]:
    async with running(discord_config(tmp_path, pages), fake) as started:
        yield started


def discord_transport(app: App) -> Any:
    return next(t for t in app.transports if t.name == "discord")


async def reply_to(fake: FakeDiscord, interaction: dict[str, Any], count: int = 1) -> list[Any]:
    """The interaction's callback and followups, once `count` of them arrived."""

    def calls() -> list[Any]:
        return fake.interaction_calls(interaction["id"]) + fake.followups(interaction["token"])

    await fake.wait_until(lambda: len(calls()) >= count, 10)
    return calls()


async def eventually(
    probe: Callable[[], Awaitable[object]], expected: object, wait_s: float = 5.0
) -> None:
    """Wait until `await probe()` equals `expected` (state changed by the bot's own tasks)."""
    deadline = asyncio.get_running_loop().time() + wait_s
    while (value := await probe()) != expected:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still {value!r}, expected {expected!r}")
        await asyncio.sleep(0.02)
