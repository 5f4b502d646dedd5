"""Local HTTP servers (127.0.0.x only) and a client session for the adapter tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

Serve = Callable[..., Awaitable[TestServer]]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """`await serve(app, host="127.0.0.1")` starts a server; all are closed after the test."""
    servers: list[TestServer] = []

    async def start(app: web.Application, host: str = "127.0.0.1") -> TestServer:
        server = TestServer(app, host=host, port=0)
        await server.start_server()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
