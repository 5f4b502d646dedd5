"""A fake Discord (REST + gateway) served by aiohttp on 127.0.0.1 for unmodified discord.py.

It records every request, deduplicates messages by nonce like Discord (enforce_nonce), can answer
with 429/403/404/5xx on demand, can enforce a global request limit (token bucket), and shards its
gateway like Discord (fake_shards.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.discord.fake_channels import ChannelKindsMixin
from tests.discord.fake_gateway import GatewayMixin
from tests.discord.fake_payloads import (
    API_PREFIX,
    APP_ID,
    BOT_ID,
    BOT_USER,
    OWNER_ID,
    Failure,
    Recorded,
    RequestLog,
    TokenBucket,
    application,
    dm_channel,
    gateway_bot,
    interaction_callback,
    timestamp,
)
from tests.discord.fake_shards import MAX_GUILDS_PER_SHARD

__all__ = ["APP_ID", "BOT_ID", "FakeDiscord", "Recorded"]

log = logging.getLogger(__name__)


class FakeDiscord(GatewayMixin, ChannelKindsMixin, RequestLog):
    def __init__(
        self,
        *,
        global_limit: float | None = None,
        heartbeat_ms: int = 41250,
        shards: int = 1,
        max_guilds_per_shard: int = MAX_GUILDS_PER_SHARD,
    ) -> None:
        self.global_limit = TokenBucket(global_limit) if global_limit else None
        self.heartbeat_ms = heartbeat_ms
        self.requests: list[Recorded] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel id -> messages created
        self.nonces: dict[tuple[str, str], dict[str, Any]] = {}  # (channel, nonce) -> message
        self.deduplicated = 0
        self.rate_limited = 0  # 429s answered
        self.channel_status: dict[str, tuple[int, dict[str, Any]]] = {}  # persistent per channel
        self.failures: list[Failure] = []
        self.holding = False  # record messages but answer only after release()
        self._release = asyncio.Event()
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> commands
        self.guilds: list[dict[str, Any]] = []
        self.dm_channels: dict[str, str] = {}  # user id -> channel id
        self.identifies = 0
        self.last_intents: int | None = None
        self.resumes = 0
        self.sockets: list[web.WebSocketResponse] = []
        self._ids = itertools.count(1_000_000_000_000_000)
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._channel_kinds_init()
        self._shards_init(shards, max_guilds_per_shard)

    # ------------------------------------------------------------ lifecycle

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def api_base_for(self, who: str) -> str:
        """A REST base whose requests are recorded with `who` (Recorded.who)."""
        return f"http://127.0.0.1:{self.port}/{who}{API_PREFIX}"

    def gateway_for(self, who: str) -> str:
        """A gateway URL whose sessions are labelled `who` (ShardSession.who)."""
        return f"ws://127.0.0.1:{self.port}/{who}/gateway" if who else self.gateway

    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/_fake/stats", self._stats)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        app.router.add_get("/{who:[a-z0-9]+}/gateway", self._gateway)
        app.router.add_route("*", "/{who:[a-z0-9]+}" + API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stats(self) -> dict[str, Any]:
        return {
            "requests": len(self.requests),
            "message_posts": len(self.message_posts()),
            "messages": sum(len(m) for m in self.messages.values()),
            "channels_posted": len(self.messages),
            "rate_limited": self.rate_limited,
            "deduplicated": self.deduplicated,
            "max_in_any_1s": self.max_in_window(1.0),
        }

    async def _stats(self, request: web.Request) -> web.Response:
        """Control endpoint for a fake running in another process (bench/fanout.py)."""
        return self._json(self.stats())

    async def close(self) -> None:
        self.release()
        for ws in list(self.sockets):
            with contextlib.suppress(Exception):
                await ws.close()
        if self._runner:
            await self._runner.cleanup()

    def next_id(self) -> str:
        return str(next(self._ids))

    # ------------------------------------------------------------ test controls

    def add_guild(self, guild_id: int, channel_ids: list[int], name: str = "Test Guild") -> None:
        channels = [
            {
                "id": str(cid),
                "type": 0,
                "name": f"channel-{cid}",
                "position": i,
                "permission_overwrites": [],
                "guild_id": str(guild_id),
                "nsfw": False,
                "parent_id": None,
            }
            for i, cid in enumerate(channel_ids)
        ]
        everyone = {
            "id": str(guild_id),
            "name": "@everyone",
            "permissions": "1071698660929",
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
        }
        self.guilds.append(
            {
                "id": str(guild_id),
                "name": name,
                "owner_id": str(OWNER_ID),
                "preferred_locale": "en-US",
                "channels": channels,
                "roles": [everyone],
                "members": [],
                "member_count": 2,
                "unavailable": False,
                "features": [],
                "emojis": [],
                "stickers": [],
                "threads": [],
                "large": False,
                "joined_at": timestamp(),
                "voice_states": [],
                "presences": [],
                "stage_instances": [],
                "guild_scheduled_events": [],
            }
        )

    def fail(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        message: str = "",
        code: int = 0,
        retry_after: float = 0.0,
        is_global: bool = False,
    ) -> None:
        body: dict[str, Any] = {"message": message or f"HTTP {status}", "code": code}
        self.failures.append(
            Failure(method, re.compile(path_regex), status, times, body, retry_after, is_global)
        )

    def hold_messages(self) -> None:
        self.holding = True
        self._release.clear()

    def release(self) -> None:
        self.holding = False
        self._release.set()

    def forbid_channel(self, channel_id: int | str) -> None:
        self.channel_status[str(channel_id)] = (403, {"message": "Missing Access", "code": 50001})

    def delete_channel(self, channel_id: int | str) -> None:
        self.channel_status[str(channel_id)] = (404, {"message": "Unknown Channel", "code": 10003})

    async def wait_until(self, predicate: Callable[[], bool], wait_s: float = 10.0) -> None:
        """Poll `predicate` (it may depend on the bot's state as well as the fake's)."""
        deadline = time.monotonic() + wait_s
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {wait_s} s")
            await asyncio.sleep(0.02)

    # ------------------------------------------------------------ REST

    def _message(
        self, channel_id: str, payload: dict[str, Any], *, author: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {
            "id": self.next_id(),
            "channel_id": channel_id,
            "type": 0,
            "content": payload.get("content") or "",
            "author": author or BOT_USER,
            "embeds": payload.get("embeds") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": timestamp(),
            "edited_timestamp": None,
            "flags": payload.get("flags") or 0,
            "components": payload.get("components") or [],
            "nonce": payload.get("nonce"),
        }

    @staticmethod
    def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        if data is None and status == 204:
            return web.Response(status=204, headers=headers)
        # bytes, not text: aiohttp would add "; charset=utf-8" and discord.py compares the
        # Content-Type with "application/json" exactly.
        return web.Response(
            body=json.dumps(data).encode(),
            status=status,
            headers=headers,
            content_type="application/json",
        )

    async def _read(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if not request.can_read_body:
            return None, []
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            files = []
            body: Any = None
            for key, value in form.items():
                if key == "payload_json":
                    body = json.loads(str(value))
                elif hasattr(value, "file"):
                    files.append((value.filename, value.file.read()))  # type: ignore[union-attr]
            return body, files
        text = await request.text()
        return (json.loads(text) if text else None), []

    def _rate_limited(self, retry_after: float, is_global: bool, bucket: str) -> web.Response:
        self.rate_limited += 1
        headers = {
            "Via": "1.1 google",
            "Retry-After": str(max(1, int(retry_after + 0.999))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
            "code": 0,
        }
        return self._json(body, 429, headers)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._read(request)
        who = request.match_info.get("who", "")
        record = Recorded(request.method, path, body, dict(request.query), files=files, who=who)
        self.requests.append(record)
        try:
            response = await self._answer(request.method, path, body, request, record)
        except Exception:
            log.exception("fake discord failed on %s %s", request.method, path)
            response = self._json({"message": "fake error", "code": 0}, 500)
        record.status = response.status
        return response

    async def _answer(
        self, method: str, path: str, body: Any, request: web.Request, record: Recorded
    ) -> web.StreamResponse:
        if self.global_limit is not None and not path.startswith("/interactions/"):
            wait = self.global_limit.take()
            if wait > 0:
                return self._rate_limited(wait, True, "global")
        for failure in self.failures:
            if failure.times > 0 and failure.method == method and failure.pattern.fullmatch(path):
                failure.times -= 1
                if failure.status == 429:
                    return self._rate_limited(failure.retry_after, failure.is_global, "msgbucket")
                return self._json(failure.body, failure.status)
        ok = {
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "4",
            "X-RateLimit-Reset-After": "1.000",
            "X-RateLimit-Bucket": "msgbucket",
        }

        if method == "GET" and path == "/users/@me":
            return self._json(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return self._json(application())
        if method == "GET" and path in ("/gateway", "/gateway/bot"):
            url = self.gateway_for(record.who)
            return self._json(gateway_bot(url, self.recommended_shards, self.max_concurrency))
        match = re.fullmatch(r"/applications/(\d+)(?:/guilds/(\d+))?/commands", path)
        if match and method == "PUT":
            scope = match.group(2) or "global"
            stored = [
                dict(
                    c,
                    id=self.next_id(),
                    application_id=str(APP_ID),
                    version="1",
                    **({"guild_id": scope} if scope != "global" else {}),
                )
                for c in body or []
            ]
            self.commands[scope] = stored
            return self._json(stored)
        if match and method == "GET":
            return self._json(self.commands.get(match.group(2) or "global", []))
        served = self._channel_kinds_answer(method, path, body)
        if served is not None:
            return self._json(served, 404 if served.get("code") == 10008 else 200, ok)
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if match and method == "POST":
            return await self._create_message(match.group(1), body or {}, ok)
        if method == "POST" and path == "/users/@me/channels":
            recipient = str((body or {}).get("recipient_id"))
            channel = self.dm_channels.setdefault(recipient, self.next_id())
            return self._json(dm_channel(channel, recipient))
        match = re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)
        if match and method == "POST":
            return self._json(interaction_callback(match.group(1), body or {}))
        match = re.fullmatch(r"/webhooks/(\d+)/([^/]+)(/messages/[^/]+)?", path)
        if match:
            if method == "DELETE":
                return self._json(None, 204)
            return self._json(self._message("1", body or {}))
        if method == "GET" and re.fullmatch(r"/channels/\d+", path):
            return self._json(self.channel_payload(path.rsplit("/", 1)[1]))
        return self._json({"message": "404: Not Found", "code": 0}, 404)

    async def _create_message(
        self, channel: str, body: dict[str, Any], ok: dict[str, str]
    ) -> web.Response:
        status, error = self.channel_status.get(channel) or self.message_refusal(channel)
        if status:
            return self._json(error, status)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            existing = self.nonces.get((channel, str(nonce)))
            if existing is not None:
                self.deduplicated += 1
                return self._json(existing, 200, ok)
        message = self._message(channel, body)
        if nonce is not None:
            self.nonces[(channel, str(nonce))] = message
        self.messages.setdefault(channel, []).append(message)
        if self.holding:
            await self._release.wait()
        return self._json(message, 200, ok)
