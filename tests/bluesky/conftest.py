"""Fixtures: ONE real @atproto/dev-env network per test session (PLC + PDS + AppView on
127.0.0.1, Postgres in a temp folder), fresh accounts per test, the fake chat service, and the
bot (the real App with only the Bluesky transport) against them."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web

from bot.adapters.bluesky.transport import BlueskyTransport
from bot.app import App
from bot.config import Config
from tests.bluesky.devnet import REPO, Account, DevNetwork, Unavailable
from tests.bluesky.fake_chat import FakeChat

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.bluesky)


@pytest.fixture(scope="session")
def devnet() -> Iterator[DevNetwork]:
    network = DevNetwork()
    try:
        network.start()
    except Unavailable as exc:
        network.close()
        if os.environ.get("CI"):
            pytest.fail(f"Bluesky dev-env unavailable in CI: {exc}")
        pytest.skip(f"Bluesky dev-env unavailable: {exc}")
    except BaseException:
        network.close()
        raise
    try:
        yield network
    finally:
        network.close()


@pytest.fixture
def bot(devnet: DevNetwork) -> Account:
    return devnet.create_account("termswatch", app_password=True)


@pytest.fixture
def artist(devnet: DevNetwork) -> Account:
    return devnet.create_account("artist")


@pytest.fixture
async def fake_chat() -> AsyncIterator[tuple[FakeChat, str]]:
    chat = FakeChat()
    runner = web.AppRunner(chat.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield chat, f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def repo_platforms() -> list[dict[str, Any]]:
    """The shipped platforms: the catalogue config.yaml loads (`catalogue: builtin`)."""
    data = yaml.safe_load((REPO / "bot/data/platforms.yaml").read_text(encoding="utf-8"))
    return list(data["platforms"])


def bot_config(
    tmp_path: Path, service: str, *, announce: bool = True, platforms: list[Any] | None = None
) -> dict[str, Any]:
    return {
        "storage": {"path": str(tmp_path / "termswatch.db")},
        "watch": {"interval_seconds": 86400},
        "fanout": {"interval_seconds": 0.2},
        "history": {"path": str(REPO / "bot/data/history.yaml")},
        "platforms": repo_platforms() if platforms is None else platforms,
        "discord": {"enabled": False},
        "web": {"enabled": False},
        "bluesky": {"service": service, "poll_interval_seconds": 0.3, "announce": announce},
    }


MakeBot = Callable[..., Awaitable[tuple[App, BlueskyTransport]]]


def build_app(
    devnet: DevNetwork, tmp_path: Path, chat_url: str, account: Account, *, announce: bool = True
) -> App:
    """The real App for `account`, on tmp_path's database (not yet opened)."""
    data = bot_config(tmp_path, devnet.pds, announce=announce)
    config = Config.from_dict(data, base_dir=tmp_path)
    env = {
        "BLUESKY_HANDLE": account.handle,
        "BLUESKY_APP_PASSWORD": account.app_password,
        "TERMSWATCH_BLUESKY_CHAT_SERVICE": chat_url,
    }
    return App(config, env)


def bluesky_of(app: App) -> BlueskyTransport:
    transport = next(t for t in app.transports if t.name == "bluesky")
    assert isinstance(transport, BlueskyTransport)
    return transport


@pytest.fixture
async def make_bot(
    devnet: DevNetwork, tmp_path: Path, fake_chat: tuple[FakeChat, str]
) -> AsyncIterator[MakeBot]:
    """Opens the real App (Bluesky transport only) for a bot account. Closed at teardown."""
    stack = AsyncExitStack()

    async def open_bot(account: Account, *, announce: bool = True) -> tuple[App, BlueskyTransport]:
        app = build_app(devnet, tmp_path, fake_chat[1], account, announce=announce)
        await stack.enter_async_context(app)
        transport = bluesky_of(app)
        stack.push_async_callback(transport.close)
        return app, transport

    try:
        yield open_bot
    finally:
        await stack.aclose()
