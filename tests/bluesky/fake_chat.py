"""A small fake of the chat.bsky.convo service on 127.0.0.1.

Bluesky's chat service (api.bsky.chat) is not part of @atproto/dev-env, so DMs are tested against
this fake. It checks what the real service checks first: a service JWT (from the PDS's
com.atproto.server.getServiceAuth) with aud did:web:api.bsky.chat and the called method as lxm.
Recipients in `refuse` answer like accounts whose DMs are closed.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

CHAT_AUD = "did:web:api.bsky.chat"


def _jwt_payload(header: str) -> dict[str, Any] | None:
    if not header.startswith("Bearer "):
        return None
    parts = header.removeprefix("Bearer ").split(".")
    if len(parts) != 3:
        return None
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        return dict(json.loads(base64.urlsafe_b64decode(padded)))
    except ValueError:
        return None


@dataclass
class Message:
    sender: str
    recipient: str
    text: str
    facets: list[dict[str, Any]]


@dataclass
class FakeChat:
    refuse: set[str] = field(default_factory=set)
    messages: list[Message] = field(default_factory=list)
    convos: dict[str, tuple[str, str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def _auth(self, request: web.Request, method: str) -> str:
        payload = _jwt_payload(request.headers.get("Authorization", ""))
        if payload is None or payload.get("aud") != CHAT_AUD or payload.get("lxm") != method:
            raise web.HTTPUnauthorized(
                text=json.dumps({"error": "AuthRequired", "message": "bad service token"}),
                content_type="application/json",
            )
        return str(payload["iss"])

    @staticmethod
    def _bad(message: str) -> web.Response:
        return web.json_response({"error": "InvalidRequest", "message": message}, status=400)

    async def get_convo(self, request: web.Request) -> web.Response:
        method = "chat.bsky.convo.getConvoForMembers"
        self.calls.append(method)
        sender = self._auth(request, method)
        members = request.query.getall("members", [])
        if len(members) != 1:
            return self._bad("exactly one member expected")
        other = members[0]
        if other in self.refuse:
            return self._bad("recipient has disabled incoming messages")
        convo_id = f"convo-{len(self.convos) + 1}"
        for cid, pair in self.convos.items():
            if pair == (sender, other):
                convo_id = cid
        self.convos[convo_id] = (sender, other)
        members_view = [{"did": sender, "handle": "bot.test"}, {"did": other, "handle": "x.test"}]
        return web.json_response(
            {"convo": {"id": convo_id, "rev": "1", "members": members_view, "muted": False,
                       "unreadCount": 0}}
        )  # fmt: skip

    async def send_message(self, request: web.Request) -> web.Response:
        method = "chat.bsky.convo.sendMessage"
        self.calls.append(method)
        sender = self._auth(request, method)
        body = await request.json()
        convo = self.convos.get(str(body.get("convoId")))
        if convo is None or convo[0] != sender:
            return self._bad("unknown convo")
        message = body.get("message") or {}
        text = str(message.get("text", ""))
        if not text or len(text) > 10_000:
            return self._bad("bad message text")
        self.messages.append(Message(sender, convo[1], text, list(message.get("facets") or [])))
        return web.json_response(
            {"id": f"msg-{len(self.messages)}", "rev": str(len(self.messages)), "text": text,
             "sender": {"did": sender}, "sentAt": "2026-01-01T00:00:00.000Z"}
        )  # fmt: skip

    async def get_messages(self, request: web.Request) -> web.Response:
        method = "chat.bsky.convo.getMessages"
        self.calls.append(method)
        sender = self._auth(request, method)
        convo = self.convos.get(request.query.get("convoId", ""))
        if convo is None or convo[0] != sender:
            return self._bad("unknown convo")
        views = [
            {"id": f"msg-{i + 1}", "rev": str(i + 1), "text": m.text, "sender": {"did": m.sender},
             "sentAt": "2026-01-01T00:00:00.000Z"}
            for i, m in enumerate(self.messages)
            if (m.sender, m.recipient) == convo
        ]  # fmt: skip
        return web.json_response({"messages": list(reversed(views))})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/xrpc/chat.bsky.convo.getConvoForMembers", self.get_convo)
        app.router.add_post("/xrpc/chat.bsky.convo.sendMessage", self.send_message)
        app.router.add_get("/xrpc/chat.bsky.convo.getMessages", self.get_messages)
        return app
