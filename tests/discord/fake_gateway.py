"""The fake Discord's gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME, and
injected INTERACTION_CREATE / MESSAGE_CREATE events, each sent only to the shard that owns its
guild (fake_shards.py). Mixed into FakeDiscord."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord.fake_payloads import APP_ID, BOT_USER, timestamp, user
from tests.discord.fake_shards import ShardMixin

# What the bot may do where an interaction happens (includes Mention @everyone, 1 << 17).
APP_PERMISSIONS = 1071698660929


class GatewayMixin(ShardMixin):
    sockets: list[web.WebSocketResponse]
    guilds: list[dict[str, Any]]
    heartbeat_ms: int
    identifies: int
    resumes: int
    last_intents: int | None
    _seq: int

    @property
    def gateway(self) -> str:
        raise NotImplementedError

    def gateway_for(self, who: str) -> str:
        raise NotImplementedError

    def next_id(self) -> str:
        raise NotImplementedError

    def _message(
        self, channel_id: str, payload: dict[str, Any], *, author: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        raise NotImplementedError

    async def wait_until(self, predicate: Any, wait_s: float = 10.0) -> None:
        raise NotImplementedError

    async def drop_connections(self, code: int = 4000) -> None:
        """Close every gateway socket, as Discord does before asking for a RESUME."""
        for ws in list(self.sockets):
            await ws.close(code=code)

    # ------------------------------------------------------------ gateway injection

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """To the shard owning data's guild (shard 0 when it has none), like Discord."""
        for ws in self._route(event, data):
            await self._send_dispatch(ws, event, data)

    async def _send_dispatch(self, ws: web.WebSocketResponse, event: str, data: Any) -> None:
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def wait_connected(self, wait_s: float = 10.0) -> None:
        await self.wait_until(lambda: bool(self.live_sessions()), wait_s)

    def member(self, user_id: int, permissions: int) -> dict[str, Any]:
        return {
            "user": user(user_id, f"user{user_id}"),
            "roles": [],
            "joined_at": timestamp(),
            "deaf": False,
            "mute": False,
            "permissions": str(permissions),
            "flags": 0,
        }

    async def inject_interaction(
        self,
        *,
        kind: int,
        data: dict[str, Any],
        guild_id: int | None,
        channel_id: int,
        user_id: int = 4242,
        permissions: int = 0,
        message: dict[str, Any] | None = None,
        user_install: bool = False,
        app_permissions: int = APP_PERMISSIONS,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """INTERACTION_CREATE; returns the payload (its id and token identify the replies).
        `user_install`: the user installed the app to their account; the server did not add it.
        `locale`: the user's Discord language."""
        payload: dict[str, Any] = {
            "id": self.next_id(),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "token": f"tok{self.next_id()}",
            "version": 1,
            "locale": locale,
            "app_permissions": str(app_permissions),
            "entitlements": [],
            "authorizing_integration_owners": (
                {"1": str(user_id)} if user_install else {"0": str(guild_id)} if guild_id else {}
            ),
            "context": 0 if guild_id else 1,
            "attachment_size_limit": 10 * 1024 * 1024,
            "channel_id": str(channel_id),
        }
        if guild_id:
            payload["guild_id"] = str(guild_id)
            payload["guild_locale"] = next(
                (g["preferred_locale"] for g in self.guilds if g["id"] == str(guild_id)), "en-US"
            )
            payload["member"] = self.member(user_id, permissions)
            payload["channel"] = {
                "id": str(channel_id),
                "type": 0,
                "name": f"channel-{channel_id}",
                "guild_id": str(guild_id),
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
            }
        else:
            payload["user"] = user(user_id, f"user{user_id}")
            payload["channel"] = {
                "id": str(channel_id),
                "type": 1,
                "recipients": [user(user_id, f"user{user_id}")],
            }
        if message is not None:
            payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def slash(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        guild_id: int | None = None,
        channel_id: int = 1,
        permissions: int = 0,
        user_id: int = 4242,
        resolved: dict[str, Any] | None = None,
        user_install: bool = False,
        app_permissions: int = APP_PERMISSIONS,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.next_id(),
            "name": name,
            "type": 1,
            "options": options or [],
        }
        if resolved:
            data["resolved"] = resolved
        return await self.inject_interaction(
            kind=2,
            data=data,
            guild_id=guild_id,
            channel_id=channel_id,
            permissions=permissions,
            user_id=user_id,
            user_install=user_install,
            app_permissions=app_permissions,
            locale=locale,
        )

    async def click(
        self, custom_id: str, *, guild_id: int | None, channel_id: int, permissions: int = 0
    ) -> dict[str, Any]:
        message = self._message(str(channel_id), {"content": ""}, author=BOT_USER)
        return await self.inject_interaction(
            kind=3,
            data={"custom_id": custom_id, "component_type": 2},
            guild_id=guild_id,
            channel_id=channel_id,
            permissions=permissions,
            message=message,
        )

    async def inject_message(
        self,
        content: str,
        *,
        channel_id: int,
        guild_id: int | None,
        user_id: int = 4242,
        mentions_bot: bool = True,
    ) -> dict[str, Any]:
        data = self._message(
            str(channel_id), {"content": content}, author=user(user_id, f"user{user_id}")
        )
        data["mentions"] = [BOT_USER] if mentions_bot else []
        if guild_id:
            data["guild_id"] = str(guild_id)
            data["member"] = {
                "roles": [],
                "joined_at": timestamp(),
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
        await self.dispatch("MESSAGE_CREATE", data)
        return data

    # ------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        who = request.match_info.get("who", "")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}}))
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                op = data.get("op")
                if op == 1:
                    await ws.send_str(json.dumps({"op": 11}))
                elif op == 2:
                    self.identifies += 1
                    await self._ready(ws, who, data["d"])
                elif op == 6:
                    self.resumes += 1
                    self._resumed(ws, data["d"])
                    await self._send_dispatch(ws, "RESUMED", {})
        finally:
            self._forget_socket(ws)
            with contextlib.suppress(ValueError):
                self.sockets.remove(ws)
        return ws

    async def _ready(self, ws: web.WebSocketResponse, who: str, identify: dict[str, Any]) -> None:
        self.last_intents = identify.get("intents")
        session = await self._identify_shard(ws, who, identify, f"session{self.identifies}")
        if session is None:
            return
        guilds = self.owned_guilds(session)
        session.guilds = [g["id"] for g in guilds]
        ready = {
            "v": 10,
            "user": BOT_USER,
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_for(who),
            "shard": [session.shard_id, session.shard_count],
            "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
        }
        await self._send_dispatch(ws, "READY", ready)
        for guild in guilds:
            await self._send_dispatch(ws, "GUILD_CREATE", guild)
