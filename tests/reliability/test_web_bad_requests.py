"""Malformed HTTP requests (oversized request line, oversized header, garbage bytes) get a 4xx and
one INFO log line each: no ERROR, no traceback, so a stranger cannot fill the log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from bot.adapters.web.server import WebTransport
from bot.adapters.web.serverlog import RequestLogger
from bot.adapters.web.settings import WebSettings
from tests.web.conftest import Site
from tests.web.test_transport import wait_for

BAD_REQUESTS = {
    "oversized URL": b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "oversized header": b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 20_000 + b"\r\n\r\n",
    "garbage bytes": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xff\xfe\r\n\r\n",
    "header without colon": b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
    "second request is garbage": (
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n\x00\x01\x02 garbage \xff\r\n\r\n"
    ),
}


@pytest.fixture
async def port(site: Site) -> AsyncIterator[int]:
    transport = WebTransport(site.services, WebSettings(enabled=True, host="127.0.0.1", port=0))
    stop = asyncio.Event()
    task = asyncio.create_task(transport.run(stop))
    await wait_for(lambda: transport.status()["connected"])
    assert transport.port
    try:
        yield transport.port
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)


async def exchange(port: int, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), 5)  # the server closes after an error
    finally:
        writer.close()


@pytest.mark.parametrize("request_bytes", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
async def test_malformed_request_is_4xx_and_one_info_line(
    port: int, request_bytes: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    answer = await exchange(port, request_bytes)
    statuses = [
        line for line in answer.split(b"\r\n") if line.startswith((b"HTTP/1.1 ", b"HTTP/1.0 "))
    ]
    assert statuses, answer[:200]
    assert statuses[-1][9:10] == b"4", statuses  # the malformed one: a client error
    await asyncio.sleep(0.05)  # let the server finish logging
    records = [r for r in caplog.records if r.name.startswith(("aiohttp", "bot"))]
    assert all(r.levelno < logging.WARNING for r in records), caplog.text
    assert all(r.exc_info is None and not r.exc_text for r in records), caplog.text
    assert "Traceback" not in caplog.text
    bad = [r for r in records if r.levelno == logging.INFO and "bad request" in r.getMessage()]
    assert len(bad) == 1, caplog.text
    message = bad[0].getMessage()
    assert "127.0.0.1" in message
    assert len(message) < 300  # the request itself is not copied into the log
    assert "aaaaaaaaaa" not in message and "bbbbbbbbbb" not in message


async def test_good_requests_still_work_after_bad_ones(port: int) -> None:
    await exchange(port, BAD_REQUESTS["oversized header"])
    answer = await exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_our_own_failures_still_log_an_error_with_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        raise RuntimeError("a bug of ours")
    except RuntimeError as exc:
        RequestLogger().exception("Unhandled exception", exc_info=exc)
    [record] = caplog.records
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "a bug of ours" in caplog.text
