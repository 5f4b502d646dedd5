"""In production, chat goes through the PDS: `atproto-proxy: did:web:api.bsky.chat#bsky_chat`.

The dev-env PDS would have to resolve did:web:api.bsky.chat over the internet to proxy, so this
test uses a small fake PDS on 127.0.0.1 that checks the header and the bot's own access token.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.adapters.bluesky.chat import CHAT_PROXY, ChatClient, DmRefused
from bot.adapters.bluesky.ratelimit import WriteLimiter
from bot.adapters.bluesky.session import BlueskySession
from bot.adapters.store import SqliteStore
from bot.services.metrics import Metrics

BOT_DID = "did:plc:bot"


def fake_jwt() -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    payload = {"sub": BOT_DID, "exp": int(time.time()) + 3600, "iat": int(time.time())}
    return f"{part({'alg': 'HS256', 'typ': 'at+jwt'})}.{part(payload)}.c2ln"


@pytest.fixture
async def fake_pds() -> AsyncIterator[tuple[str, list[dict[str, str]]]]:
    token = fake_jwt()
    seen: list[dict[str, str]] = []

    async def create_session(request: web.Request) -> web.Response:
        return web.json_response(
            {"accessJwt": token, "refreshJwt": token, "handle": "bot.test", "did": BOT_DID}
        )

    def checked(request: web.Request) -> None:
        seen.append({"proxy": request.headers.get("atproto-proxy", ""),
                     "auth": request.headers.get("Authorization", "")})  # fmt: skip
        if request.headers.get("Authorization") != f"Bearer {token}":
            raise web.HTTPUnauthorized()

    async def get_convo(request: web.Request) -> web.Response:
        checked(request)
        if request.query.get("members") == "did:plc:closed":
            return web.json_response({"error": "InvalidRequest", "message": "closed"}, status=400)
        return web.json_response({"convo": {"id": "c1", "rev": "1", "members": [],
                                            "muted": False, "unreadCount": 0}})  # fmt: skip

    async def send_message(request: web.Request) -> web.Response:
        checked(request)
        body = await request.json()
        sent = {"id": "m1", "rev": "1", "text": body["message"]["text"], "sender": {"did": BOT_DID}}
        return web.json_response({**sent, "sentAt": "2026-01-01T00:00:00Z"})

    app = web.Application()
    app.router.add_post("/xrpc/com.atproto.server.createSession", create_session)
    app.router.add_get("/xrpc/chat.bsky.convo.getConvoForMembers", get_convo)
    app.router.add_post("/xrpc/chat.bsky.convo.sendMessage", send_message)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        await runner.cleanup()


async def test_chat_goes_through_the_pds_proxy(
    fake_pds: tuple[str, list[dict[str, str]]], tmp_path: Path
) -> None:
    url, seen = fake_pds
    store = await SqliteStore.open(tmp_path / "proxy.db")
    try:
        limiter = WriteLimiter(store)
        session = BlueskySession(url, "bot.test", "app-pass", store, limiter, Metrics())
        await session.start()
        assert session.did == BOT_DID
        chat = ChatClient(session, chat_service=None)
        assert await chat.send("did:plc:fan", "hello") == "m1"
        assert [s["proxy"] for s in seen] == [CHAT_PROXY, CHAT_PROXY]
        with pytest.raises(DmRefused):
            await chat.send("did:plc:closed", "hello")
        await chat.close()
        await session.close()
    finally:
        await store.close()
