"""The fake Discord's shards, as Discord documents them (Gateway > Sharding):

- GET /gateway/bot recommends `shards` (FakeDiscord(shards=N));
- IDENTIFY's `shard: [shard_id, shard_count]` (absent: [0, 1]) is honoured: READY and
  GUILD_CREATE carry only the guilds of that shard, `(guild_id >> 22) % shard_count`;
- guild events (INTERACTION_CREATE, MESSAGE_CREATE) go only to the shard owning the guild, events
  without a guild (DMs) only to shard 0;
- IDENTIFY times are recorded (ShardSession.identified_at) to check the bot spaces them by
  `max_concurrency` per 5 s (GET /gateway/bot); the fake does not refuse faster ones;
- an impossible shard is closed with 4010 (Invalid shard), a shard that would hold more than
  `max_guilds_per_shard` guilds (2,500 on Discord) with 4011 (Sharding required).

Each connection may carry a label, the first segment of its URL (`/p1/gateway`, `/p1/api/v10`):
a test gives each bot process its own label to see which process did what.
Mixed into FakeDiscord."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

INVALID_SHARD = 4010
SHARDING_REQUIRED = 4011
MAX_GUILDS_PER_SHARD = 2500


def shard_of(guild_id: int | str, shard_count: int) -> int:
    return (int(guild_id) >> 22) % shard_count


@dataclass
class ShardSession:
    """One identified gateway session."""

    who: str  # the connection's label ("" when unlabelled)
    shard_id: int
    shard_count: int
    session_id: str
    guilds: list[str] = field(default_factory=list)  # ids sent in READY / GUILD_CREATE
    identified_at: float = field(default_factory=time.monotonic)

    def owns(self, guild_id: int | str | None) -> bool:
        if guild_id is None:
            return self.shard_id == 0  # DMs go to shard 0
        return shard_of(guild_id, self.shard_count) == self.shard_id


@dataclass
class Routed:
    """A dispatched event and the sessions it went to."""

    event: str
    guild_id: str | None
    to: list[tuple[str, int]]  # (who, shard id)


class ShardMixin:
    guilds: list[dict[str, Any]]
    sockets: list[web.WebSocketResponse]

    def _shards_init(self, shards: int, max_guilds_per_shard: int) -> None:
        self.recommended_shards = shards
        self.max_concurrency = 1  # IDENTIFYs allowed per 5 s (GET /gateway/bot), recorded only
        self.max_guilds_per_shard = max_guilds_per_shard
        self.sessions: dict[web.WebSocketResponse, ShardSession] = {}
        self.sessions_by_id: dict[str, ShardSession] = {}
        self.shard_closes: list[tuple[str, list[Any], int]] = []  # (who, shard, close code)
        self.routed: list[Routed] = []

    def _shard_refusal(self, shard: Any) -> tuple[int, str] | None:
        """The close code and reason Discord would answer this IDENTIFY's shard with."""
        if not (
            isinstance(shard, list)
            and len(shard) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in shard)
            and shard[1] >= 1
            and 0 <= shard[0] < shard[1]
        ):
            return INVALID_SHARD, "Invalid shard."
        owned = sum(1 for g in self.guilds if shard_of(g["id"], shard[1]) == shard[0])
        if owned > self.max_guilds_per_shard:
            return SHARDING_REQUIRED, "Sharding required."
        return None

    async def _identify_shard(
        self, ws: web.WebSocketResponse, who: str, identify: dict[str, Any], session_id: str
    ) -> ShardSession | None:
        """The session for this IDENTIFY, or None after closing the socket like Discord."""
        shard = identify.get("shard", [0, 1])
        refusal = self._shard_refusal(shard)
        if refusal is not None:
            self.shard_closes.append((who, shard, refusal[0]))
            await ws.close(code=refusal[0], message=refusal[1].encode())
            return None
        session = ShardSession(who, shard[0], shard[1], session_id)
        self.sessions[ws] = self.sessions_by_id[session_id] = session
        return session

    def _resumed(self, ws: web.WebSocketResponse, resume: dict[str, Any]) -> None:
        session = self.sessions_by_id.get(str(resume.get("session_id")))
        if session is not None:
            self.sessions[ws] = session

    def _forget_socket(self, ws: web.WebSocketResponse) -> None:
        self.sessions.pop(ws, None)

    def owned_guilds(self, session: ShardSession) -> list[dict[str, Any]]:
        return [g for g in self.guilds if session.owns(g["id"])]

    def _route(self, event: str, data: Any) -> list[web.WebSocketResponse]:
        """The open sockets whose shard gets this event."""
        guild_id = None
        if isinstance(data, dict):
            whole_guild = event in ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE")
            guild_id = data.get("id") if whole_guild else data.get("guild_id")
        targets = [
            ws
            for ws, session in list(self.sessions.items())
            if not ws.closed and session.owns(guild_id)
        ]
        self.routed.append(
            Routed(
                event,
                guild_id,
                [(self.sessions[ws].who, self.sessions[ws].shard_id) for ws in targets],
            )
        )
        return targets

    def live_sessions(self) -> list[ShardSession]:
        return [s for ws, s in self.sessions.items() if not ws.closed]

    def guild_holders(self) -> dict[str, list[tuple[str, int]]]:
        """Guild id -> the live sessions (who, shard) that received it."""
        holders: dict[str, list[tuple[str, int]]] = {g["id"]: [] for g in self.guilds}
        for session in self.live_sessions():
            for guild_id in session.guilds:
                holders.setdefault(guild_id, []).append((session.who, session.shard_id))
        return holders
