"""The fake Discord's forum and announcement channels, roles and user installs: channel kinds in
GUILD_CREATE, forum posts (POST /channels/{id}/threads), crossposts (publishing an announcement),
a message by id (a forum post's starter) and the guild's active threads. Mixed into FakeDiscord."""

from __future__ import annotations

import re
from typing import Any

from tests.discord.fake_payloads import BOT_ID, text_channel

TEXT, ANNOUNCEMENT, FORUM, PUBLIC_THREAD = 0, 5, 15, 11


class ChannelKindsMixin:
    guilds: list[dict[str, Any]]
    messages: dict[str, list[dict[str, Any]]]

    def _channel_kinds_init(self) -> None:
        self.forum_posts: dict[str, list[dict[str, Any]]] = {}  # forum id -> threads created
        self.starters: dict[str, dict[str, Any]] = {}  # thread id -> its starter message
        self.crossposts: list[str] = []  # message ids published
        self.opted_in_roles: set[str] = set()  # roles a test subscribed with ping: (may be pinged)

    def set_channel_kind(self, channel_id: int, kind: int) -> None:
        """Before the bot connects: the channel becomes a forum (15) or announcement (5)."""
        for guild in self.guilds:
            for channel in guild["channels"]:
                if channel["id"] == str(channel_id):
                    channel["type"] = kind
                    if kind == FORUM:
                        channel.update(available_tags=[], default_reaction_emoji=None)

    def channel_payload(self, channel_id: str) -> dict[str, Any]:
        """GET /channels/{id}: the guild's channel as added (its kind included), else a text
        channel of the first guild."""
        for guild in self.guilds:
            for channel in guild["channels"]:
                if channel["id"] == channel_id:
                    return dict(channel)
        return text_channel(channel_id, self.guilds[0]["id"] if self.guilds else None)

    def message_refusal(self, channel_id: str) -> tuple[int, dict[str, Any]]:
        """Discord refuses a plain message in a forum: (400, its error), else (0, {})."""
        if self.channel_payload(channel_id).get("type") == FORUM:
            return 400, {"message": "Cannot send messages in a non-text channel", "code": 50008}
        return 0, {}

    def add_role(self, guild_id: int, role_id: int, name: str, *, mentionable: bool) -> None:
        guild = next(g for g in self.guilds if g["id"] == str(guild_id))
        guild["roles"].append(role(role_id, name, mentionable=mentionable))

    def _channel_kinds_answer(self, method: str, path: str, body: Any) -> Any | None:
        """A response payload for the routes this mixin serves, else None."""
        match = re.fullmatch(r"/channels/(\d+)/threads", path)
        if match and method == "POST":
            return self._forum_post(match.group(1), body or {})
        match = re.fullmatch(r"/channels/(\d+)/messages/(\d+)/crosspost", path)
        if match and method == "POST":
            self.crossposts.append(match.group(2))
            found = [m for m in self.messages.get(match.group(1), []) if m["id"] == match.group(2)]
            return found[0] if found else {"message": "Unknown Message", "code": 10008}
        match = re.fullmatch(r"/channels/(\d+)/messages/(\d+)", path)
        if match and method == "GET":
            found = [m for m in self.messages.get(match.group(1), []) if m["id"] == match.group(2)]
            starter = self.starters.get(match.group(1))
            if starter is not None and starter["id"] == match.group(2):
                found.append(starter)
            return found[0] if found else {"message": "Unknown Message", "code": 10008}
        match = re.fullmatch(r"/guilds/(\d+)/threads/active", path)
        if match and method == "GET":
            threads = [t for posts in self.forum_posts.values() for t in posts]
            return {"threads": threads, "members": []}
        return None

    def _forum_post(self, forum_id: str, body: dict[str, Any]) -> dict[str, Any]:
        guild_id = next(
            (g["id"] for g in self.guilds for c in g["channels"] if c["id"] == forum_id), None
        )
        thread_id = self.next_id()  # type: ignore[attr-defined]
        message = self._message(thread_id, body.get("message") or {})  # type: ignore[attr-defined]
        message["id"] = thread_id  # a forum post's starter message has the thread's id
        self.starters[thread_id] = message
        thread = {
            "id": thread_id,
            "type": PUBLIC_THREAD,
            "guild_id": guild_id,
            "parent_id": forum_id,
            "owner_id": str(BOT_ID),
            "name": body.get("name", ""),
            "last_message_id": thread_id,
            "message_count": 1,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 4320,
                "archive_timestamp": "2026-12-01T00:00:00+00:00",
                "locked": False,
            },
            "flags": 0,
            "applied_tags": [],
        }
        self.forum_posts.setdefault(forum_id, []).append(thread)
        return {**thread, "message": message}


def role(role_id: int, name: str, *, mentionable: bool) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "permissions": "0",
        "position": 1,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": mentionable,
    }
