"""chat.bsky.convo client: direct messages to subscribers.

In production the PDS proxies the calls to the chat service (header
`atproto-proxy: did:web:api.bsky.chat#bsky_chat`). With `chat_service` set (tests), the calls go
straight to that URL with a service token from com.atproto.server.getServiceAuth, the same
credential the PDS would mint when proxying.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from atproto import AsyncClient
from atproto_client.exceptions import (
    BadRequestError,
    RequestErrorBase,
    UnauthorizedError,
)

from bot.adapters.bluesky.session import BlueskySession, Wire, error_name, status_code

log = logging.getLogger(__name__)

CHAT_DID = "did:web:api.bsky.chat"
CHAT_PROXY = f"{CHAT_DID}#bsky_chat"


class DmRefused(Exception):
    """The recipient does not accept messages from the bot (or has no chat)."""


class ChatAccessError(Exception):
    """The bot itself cannot use chat (e.g. its app password was made without DM access)."""


class ChatClient:
    def __init__(self, session: BlueskySession, chat_service: str | None = None) -> None:
        self.session = session
        self.chat_service = chat_service
        self._direct: AsyncClient | None = (
            AsyncClient(base_url=chat_service) if chat_service else None
        )
        self._tokens: dict[str, tuple[str, float]] = {}

    async def _service_token(self, lxm: str) -> str:
        cached = self._tokens.get(lxm)
        if cached and cached[1] > time.time() + 10:
            return cached[0]
        exp = int(time.time()) + 60
        try:
            response = await self.session.call(
                self.session.client.invoke_query,
                "com.atproto.server.getServiceAuth",
                params=Wire(aud=CHAT_DID, lxm=lxm, exp=exp),
            )
        except (BadRequestError, UnauthorizedError) as exc:
            raise ChatAccessError(
                f"no chat token ({exc}): does the app password allow direct messages?"
            ) from exc
        token = str(response.content["token"])
        self._tokens[lxm] = (token, float(exp))
        return token

    async def _invoke(self, kind: str, nsid: str, payload: dict[str, Any]) -> dict[str, Any]:
        if self._direct is not None:
            headers = {"Authorization": f"Bearer {await self._service_token(nsid)}"}
            client: AsyncClient = self._direct
        else:
            headers = {"atproto-proxy": CHAT_PROXY}
            client = self.session.client
        if kind == "query":
            response = await self.session.call(
                client.invoke_query, nsid, params=Wire(payload), headers=headers
            )
        else:
            response = await self.session.call(
                client.invoke_procedure,
                nsid,
                data=Wire(payload),
                input_encoding="application/json",
                output_encoding="application/json",
                headers=headers,
            )
        content = response.content
        return content if isinstance(content, dict) else {}

    async def _already_sent(self, convo_id: str, text: str) -> str:
        """The id of a recent message of ours with exactly this text, if any (a retry after a
        crash between sending and recording must not send it twice)."""
        recent = await self._invoke(
            "query", "chat.bsky.convo.getMessages", {"convoId": convo_id, "limit": 30}
        )
        for message in recent.get("messages", []):
            sender = (message.get("sender") or {}).get("did")
            if sender == self.session.did and message.get("text") == text:
                return str(message.get("id", ""))
        return ""

    async def send(
        self,
        did: str,
        text: str,
        facets: list[dict[str, Any]] | None = None,
        *,
        retry: bool = False,
    ) -> str:
        """Send `text` to `did`; returns the message id. With `retry`, a message already sent
        with the same text is not sent again. Raises DmRefused when the recipient does not take
        messages from us; other errors propagate (transient)."""
        try:
            convo = await self._invoke(
                "query", "chat.bsky.convo.getConvoForMembers", {"members": [did]}
            )
            convo_id = str(convo["convo"]["id"])
            if retry:
                found = await self._already_sent(convo_id, text)
                if found:
                    log.info("DM to %s was already sent (%s); not sending again", did, found)
                    return found
            message: dict[str, Any] = {"text": text}
            if facets:
                message["facets"] = facets
            sent = await self._invoke(
                "procedure",
                "chat.bsky.convo.sendMessage",
                {"convoId": convo_id, "message": message},
            )
        except (BadRequestError, UnauthorizedError) as exc:
            if isinstance(exc, UnauthorizedError) and status_code(exc) == 401:
                raise  # our own credentials, not the recipient's choice
            log.info("DM to %s refused: %s", did, error_name(exc) or status_code(exc))
            raise DmRefused(error_name(exc) or str(status_code(exc))) from exc
        except RequestErrorBase:
            raise
        return str(sent.get("id", ""))

    async def close(self) -> None:
        if self._direct is not None:
            try:
                await self._direct.request.close()
            except Exception:
                log.debug("closing the chat client failed", exc_info=True)
