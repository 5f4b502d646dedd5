"""Politeness and clarity at the HTTP edge: Retry-After is honoured (across restarts), non-text
pages say what they are, conflicting charsets are decided by the bytes, network failures name
the host and the reason. Real App, real SQLite, loopback servers; each test bounded in time."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.adapters.http_fetcher import HttpFetcher
from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import DocumentSpec
from bot.services.ports import FetchError
from bot.services.watch import CheckResult, Outcome
from tests.conftest import FakeClock, config_dict
from tests.loopback import serving

CYCLE_LIMIT_S = 30.0
JAPANESE = "当社は、お客様のコンテンツを人工知能の学習に使用しません。"


class Page:
    """One terms page whose answer the test sets; counts requests."""

    def __init__(self) -> None:
        self.status = 200
        self.body = b""
        self.headers: dict[str, str] = {}
        self.requests = 0


@pytest.fixture
async def page() -> AsyncIterator[tuple[Page, str]]:
    state = Page()

    async def terms(request: web.Request) -> web.Response:
        state.requests += 1
        return web.Response(status=state.status, body=state.body, headers=state.headers)

    app = web.Application()
    app.router.add_get("/terms", terms)
    async with serving(app) as base:
        yield state, f"{base}/terms"


def page_config(tmp_path: Path, url: str) -> Config:
    data = config_dict()
    data["platforms"][0]["documents"][0]["url"] = url
    data["platforms"][1]["documents"] = []
    return Config.from_dict(data, base_dir=tmp_path)


def page_app(config: Config, clock: FakeClock) -> App:
    return App(config, {}, options=AppOptions(transports=False), clock=clock, console=io.StringIO())


async def check(app: App) -> CheckResult:
    report = await asyncio.wait_for(app.services.watch.check_once(), CYCLE_LIMIT_S)
    (result,) = report.results
    return result


# ---------------------------------------------------------------------------- Retry-After


async def test_retry_after_is_honoured_per_document_and_across_restarts(
    tmp_path: Path, clock: FakeClock, page: tuple[Page, str]
) -> None:
    state, url = page
    state.status, state.body, state.headers = 429, b"slow down", {"Retry-After": "3600"}
    config = page_config(tmp_path, url)
    async with page_app(config, clock) as app:
        first = await check(app)
        assert first.outcome is Outcome.FAILED and "HTTP 429" in first.error
        assert state.requests == 1
        clock.advance(900)
        second = await check(app)
        assert state.requests == 1  # not asked again within the hour
        # Waiting is not failing: the held cycles add no failure to the document.
        assert second.outcome is Outcome.WAITING and "Retry-After" in second.error
        [document] = await app.store.documents()
        assert document.consecutive_failures == 1
    clock.advance(900)
    async with page_app(config, clock) as app:  # a restart: the hold is in the database
        await check(app)
        assert state.requests == 1
        clock.advance(1801)  # 3601 s after the 429
        state.status, state.headers = 200, {"Content-Type": "text/markdown"}
        state.body = b"# Terms\n\nWe do not train AI models on the music you upload.\n"
        assert (await check(app)).outcome is Outcome.BASELINE
        assert state.requests == 2


async def test_retry_after_as_an_http_date(
    clock: FakeClock, page: tuple[Page, str], session_fetcher: HttpFetcher
) -> None:
    state, url = page
    until = clock.now() + timedelta(hours=2)
    state.status, state.headers = 503, {"Retry-After": format_datetime(until, usegmt=True)}
    with pytest.raises(FetchError) as first:
        await session_fetcher.fetch(url)
    assert first.value.retry_at.startswith(until.strftime("%Y-%m-%dT%H:%M:%S"))
    clock.advance(3600)
    with pytest.raises(FetchError, match="Retry-After"):
        await session_fetcher.fetch(url)
    assert state.requests == 1
    clock.advance(3601)
    state.status, state.headers, state.body = 200, {}, b"back"
    assert (await session_fetcher.fetch(url)).body == b"back"


@pytest.fixture
async def session_fetcher(clock: FakeClock) -> AsyncIterator[HttpFetcher]:
    async with aiohttp.ClientSession() as session:
        yield HttpFetcher(
            session, timeout_s=5, max_bytes=1_000_000, allow_private_addresses=True, clock=clock
        )


# ---------------------------------------------------------------------------- content


@pytest.mark.parametrize(
    ("content_type", "body", "named"),
    [
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf"),
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        ("application/octet-stream", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    ],
)
async def test_a_page_that_is_not_text_says_what_it_is(
    tmp_path: Path,
    clock: FakeClock,
    page: tuple[Page, str],
    content_type: str,
    body: bytes,
    named: str,
) -> None:
    state, url = page
    state.body, state.headers = body, {"Content-Type": content_type}
    async with page_app(page_config(tmp_path, url), clock) as app:
        result = await check(app)
        assert result.outcome is Outcome.FAILED
        assert named in result.error and "not text" in result.error
        (document,) = [d for d in await app.services.store.documents() if d.url == url]
        assert named in document.last_error


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [
        ("shift_jis", "utf-8"),  # declared shift_jis, sent as UTF-8
        ("shift_jis", "shift_jis"),  # genuinely shift_jis
        ("utf-8", "shift_jis"),  # declared UTF-8, sent as shift_jis
        ("windows-1252", "utf-8"),
    ],
)
async def test_conflicting_charsets_are_decided_by_the_bytes(
    tmp_path: Path, clock: FakeClock, page: tuple[Page, str], declared: str, encoding: str
) -> None:
    state, url = page
    html = (
        "<html><head><title>利用規約</title></head><body><main><h1>利用規約</h1>"
        + f"<p>{JAPANESE}</p>" * 5
        + "</main></body></html>"
    )
    state.body = html.encode(encoding)
    state.headers = {"Content-Type": f"text/html; charset={declared}"}
    async with page_app(page_config(tmp_path, url), clock) as app:
        assert (await check(app)).outcome is Outcome.BASELINE
        store = app.services.store
        document = await store.document_state(DocumentSpec("soundcloud", "terms_of_service", url))
        snapshot = await store.latest_snapshot(document.id)
        assert snapshot is not None and JAPANESE in snapshot.text


# ---------------------------------------------------------------------------- network errors


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def plain_fetcher() -> AsyncIterator[HttpFetcher]:
    async with aiohttp.ClientSession() as session:
        yield HttpFetcher(session, timeout_s=5, max_bytes=1_000_000, allow_private_addresses=True)


async def test_a_refused_connection_names_the_host_and_the_reason(
    plain_fetcher: HttpFetcher,
) -> None:
    port = closed_port()
    with pytest.raises(FetchError) as failure:
        await asyncio.wait_for(plain_fetcher.fetch(f"http://127.0.0.1:{port}/terms"), 10)
    message = str(failure.value)
    assert f"127.0.0.1:{port}" in message
    assert "refused" in message.lower() and "ECONNREFUSED" in message


async def test_a_reset_connection_names_the_host_and_the_reason(
    plain_fetcher: HttpFetcher,
) -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        writer.transport.abort()  # RST, no response

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        with pytest.raises(FetchError) as failure:
            await asyncio.wait_for(plain_fetcher.fetch(f"http://127.0.0.1:{port}/"), 10)
    finally:
        server.close()
    message = str(failure.value)
    assert f"127.0.0.1:{port}" in message and "\n" not in message
    assert "ECONNRESET" in message or "disconnected" in message.lower()
    assert "could not connect" not in message  # it did connect: the peer hung up
