"""Payloads and bookkeeping shared by the fake Discord's REST side and gateway side."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 900000000000000001
APP_ID = 900000000000000001
OWNER_ID = 900000000000000002
API_PREFIX = "/api/v10"


@dataclass
class Recorded:
    method: str
    path: str  # without the /api/v10 prefix
    json: Any
    query: dict[str, str]
    status: int = 0
    files: list[tuple[str, bytes]] = field(default_factory=list)
    at: float = field(default_factory=time.monotonic)
    who: str = ""  # the label of the REST base it came through (FakeDiscord.api_base_for)


@dataclass
class Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    body: dict[str, Any]
    retry_after: float = 0.0
    is_global: bool = False


def user(user_id: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


BOT_USER = user(BOT_ID, "Terms Watch", bot=True)


def application() -> dict[str, Any]:
    """GET /oauth2/applications/@me."""
    return {
        "id": str(APP_ID),
        "name": "Terms Watch",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "00",
        "owner": user(OWNER_ID, "owner"),
        "flags": 0,
        "team": None,
        "summary": "",
        "rpc_origins": [],
    }


def gateway_bot(url: str, shards: int = 1, max_concurrency: int = 1) -> dict[str, Any]:
    """GET /gateway/bot: `shards` is Discord's recommended shard count."""
    return {
        "url": url,
        "shards": shards,
        "session_start_limit": {
            "total": 1000,
            "remaining": 1000,
            "reset_after": 0,
            "max_concurrency": max_concurrency,
        },
    }


def dm_channel(channel_id: str, recipient_id: str) -> dict[str, Any]:
    """POST /users/@me/channels."""
    return {
        "id": channel_id,
        "type": 1,
        "last_message_id": None,
        "recipients": [user(int(recipient_id), f"user{recipient_id}")],
    }


def interaction_callback(interaction_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST /interactions/{id}/{token}/callback (with_response)."""
    flags = (body.get("data") or {}).get("flags") or 0
    return {
        "interaction": {
            "id": interaction_id,
            "type": 2,
            "activity_instance_id": None,
            "response_message_id": None,
            "response_message_loading": body.get("type") == 5,
            "response_message_ephemeral": bool(flags & 64),
        }
    }


def text_channel(channel_id: str, guild_id: str | None) -> dict[str, Any]:
    """GET /channels/{id}."""
    return {
        "id": channel_id,
        "type": 0,
        "name": f"channel-{channel_id}",
        "position": 0,
        "guild_id": guild_id,
        "permission_overwrites": [],
    }


def timestamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


class TokenBucket:
    """The fake's global limit: `rate` requests per second with a burst of one second's worth."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = rate
        self.tokens = rate
        self.stamp = time.monotonic()

    def take(self) -> float:
        """0 if allowed, else seconds until a token is available."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class RequestLog:
    """Queries over the requests the fake recorded."""

    requests: list[Recorded]

    def max_in_window(self, window_s: float = 1.0) -> int:
        """Most rate-limited requests seen in any window of `window_s` (for the bench)."""
        stamps = sorted(r.at for r in self.requests if not r.path.startswith("/interactions/"))
        best, start = 0, 0
        for end, stamp in enumerate(stamps):
            while stamp - stamps[start] >= window_s:
                start += 1
            best = max(best, end - start + 1)
        return best

    def sent(self, method: str, path_regex: str) -> list[Recorded]:
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    def sends(self) -> list[tuple[Recorded, dict[str, Any]]]:
        """Every recorded request that makes the bot say something, with its message body."""
        found = []
        for r in self.requests:
            if not isinstance(r.json, dict):
                continue
            if r.method == "POST" and re.fullmatch(r"/channels/\d+/messages", r.path):
                found.append((r, r.json))
            elif r.method == "POST" and re.fullmatch(r"/channels/\d+/threads", r.path):
                found.append((r, r.json.get("message") or {}))  # a forum post
            elif r.path.startswith("/interactions/") and r.json.get("type") in (4, 7):
                found.append((r, r.json.get("data") or {}))
            elif r.path.startswith("/webhooks/") and r.method in ("POST", "PATCH"):
                found.append((r, r.json))
        return found

    def pinging_sends(self) -> list[Recorded]:
        """Sends whose allowed_mentions could ping anyone but roles a subscription opted in to
        (`opted_in_roles`, set by the test). Should always be empty."""
        opted_in = {str(r) for r in getattr(self, "opted_in_roles", set())}
        bad = []
        for record, body in self.sends():
            allowed = body.get("allowed_mentions")
            if (
                not isinstance(allowed, dict)
                or allowed.get("parse") != []
                or allowed.get("users")
                or not {str(r) for r in allowed.get("roles") or []} <= opted_in
                or allowed.get("replied_user")
            ):
                bad.append(record)
        return bad

    def message_posts(self) -> list[Recorded]:
        return self.sent("POST", r"/channels/\d+/messages")

    def interaction_calls(self, interaction_id: str) -> list[Recorded]:
        return [r for r in self.requests if f"/interactions/{interaction_id}/" in r.path]

    def followups(self, token: str) -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith(f"/webhooks/{APP_ID}/{token}")]
