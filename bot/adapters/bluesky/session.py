"""The process's one atproto AsyncClient: login or resume (session saved in the store), records
written idempotently under deterministic keys, write points counted, 429s turned into back-off."""

from __future__ import annotations

import json
import logging
from typing import Any

from atproto import AsyncClient
from atproto_client.client.session import Session, SessionEvent
from atproto_client.exceptions import (
    BadRequestError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.models.common import XrpcError

from bot.adapters.bluesky.posting import short_url
from bot.adapters.bluesky.ratelimit import CREATE, RateLimited, WriteLimiter
from bot.services.metrics import Metrics
from bot.services.ports import PostRef, StateStore

log = logging.getLogger(__name__)

SESSION_KEY = "bluesky.session"
POST = "app.bsky.feed.post"
AUTH_ERRORS = {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthMissing"}


class Wire(dict[str, Any]):
    """A plain JSON object the atproto client sends as-is (it expects models otherwise)."""

    def model_dump(self, **_: Any) -> dict[str, Any]:
        return dict(self)

    def model_dump_json(self, **_: Any) -> str:
        return json.dumps(self, ensure_ascii=False)


def error_name(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    content = getattr(response, "content", None)
    if isinstance(content, XrpcError):
        return content.error or ""
    return ""


def status_code(exc: BaseException) -> int:
    response = getattr(exc, "response", None)
    return int(getattr(response, "status_code", 0) or 0)


def _same_service(a: str, b: str) -> bool:
    return short_url(a, 200).removesuffix("/xrpc") == short_url(b, 200).removesuffix("/xrpc")


class BlueskySession:
    def __init__(
        self,
        service: str,
        handle: str,
        app_password: str,
        state: StateStore,
        limiter: WriteLimiter,
        metrics: Metrics,
    ) -> None:
        self.service = service
        self.handle = handle
        self._password = app_password
        self.state = state
        self.limiter = limiter
        self.metrics = metrics
        self.client = AsyncClient(base_url=service)
        self.client.on_session_change(self._on_session_change)
        self.did = ""
        self.logged_in = False
        self.logins = 0  # createSession calls made by this process (limited upstream)

    async def _on_session_change(self, event: SessionEvent, session: Session) -> None:
        if event is SessionEvent.IMPORT:
            return
        value = json.dumps(
            {"service": self.service, "handle": self.handle, "session": session.encode()}
        )
        await self.state.set_state(SESSION_KEY, value)
        log.info("Bluesky session %s saved", event.value)

    async def start(self) -> str:
        """Resume the saved session if it belongs to this service and account, else log in."""
        saved = await self.state.get_state(SESSION_KEY)
        if saved and await self._resume(saved):
            return self.did
        await self.login()
        return self.did

    async def _resume(self, saved: str) -> bool:
        try:
            data = json.loads(saved)
            service, handle, session_string = data["service"], data["handle"], data["session"]
        except (ValueError, KeyError, TypeError):
            log.warning("saved Bluesky session unreadable; logging in afresh")
            return False
        if not _same_service(service, self.service) or handle.lower() != self.handle.lower():
            log.info("saved Bluesky session is for another service or account; logging in")
            return False
        try:
            await self.client.login(session_string=session_string, fetch_bsky_profile=False)
            info = await self.client.com.atproto.server.get_session()
        except RateLimitExceededError as exc:
            self.limiter.note_429(exc)
            raise
        except NetworkError as exc:
            if exc.response is None:
                raise  # the service is unreachable: logging in would fail the same way
            log.info("saved Bluesky session did not resume (%s); logging in", exc)
            return False
        except (RequestErrorBase, ValueError) as exc:
            log.info("saved Bluesky session did not resume (%s); logging in", exc)
            return False
        self.did = info.did
        self.logged_in = True
        log.info("Bluesky session resumed for %s", info.handle)
        return True

    async def login(self) -> None:
        self.client.update_base_url(self.service)  # a failed resume may have pointed it elsewhere
        self.logins += 1
        try:
            await self.client.login(self.handle, self._password, fetch_bsky_profile=False)
        except RateLimitExceededError as exc:
            self.limiter.note_429(exc)
            raise
        self.did = Session.decode(self.client.export_session_string()).did
        self.logged_in = True
        log.info("Bluesky: logged in as %s (%s)", self.handle, self.did)

    async def call(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one API call: honours a 429 back-off, re-logs in once on an expired session."""
        self.limiter.check()
        for attempt in (1, 2):
            try:
                return await func(*args, **kwargs)
            except RateLimitExceededError as exc:
                wait = self.limiter.note_429(exc)
                self.metrics.inc("termswatch_bluesky_rate_limited_total")
                raise RateLimited(wait, "Bluesky answered 429") from exc
            except (UnauthorizedError, BadRequestError) as exc:
                if attempt == 1 and (
                    isinstance(exc, UnauthorizedError) or error_name(exc) in AUTH_ERRORS
                ):
                    log.info("Bluesky session rejected (%s); logging in again", error_name(exc))
                    await self.login()
                    continue
                raise
        raise AssertionError("unreachable")

    # ------------------------------------------------------------ records

    async def get_post(self, rkey: str, repo: str | None = None) -> PostRef | None:
        try:
            response = await self.call(
                self.client.invoke_query,
                "com.atproto.repo.getRecord",
                params=Wire(repo=repo or self.did, collection=POST, rkey=rkey),
            )
        except BadRequestError as exc:
            if error_name(exc) in {"RecordNotFound", "InvalidRequest"} or status_code(exc) == 400:
                return None
            raise
        content = response.content
        return PostRef(str(content["uri"]), str(content["cid"]))

    async def put_post(self, rkey: str, record: dict[str, Any]) -> PostRef:
        """Create the post under `rkey` unless it already exists (then return the existing one):
        the same key after a crash never makes a second post."""
        existing = await self.get_post(rkey)
        if existing is not None:
            log.info("post %s already exists; not posting again", rkey)
            return existing
        try:
            await self.limiter.spend(CREATE)
        except RateLimited:
            self.metrics.inc("termswatch_bluesky_rate_limited_total")
            raise
        data = Wire(repo=self.did, collection=POST, rkey=rkey, record=record)
        try:
            response = await self.call(
                self.client.invoke_procedure,
                "com.atproto.repo.createRecord",
                data=data,
                input_encoding="application/json",
                output_encoding="application/json",
            )
        except (BadRequestError, NetworkError) as exc:
            found = await self.get_post(rkey)  # lost a race with ourselves, or a 409
            if found is not None:
                return found
            raise exc
        content = response.content
        return PostRef(str(content["uri"]), str(content["cid"]))

    async def get_record_value(self, uri: str) -> dict[str, Any] | None:
        repo, _, rest = uri.removeprefix("at://").partition("/")
        collection, _, rkey = rest.partition("/")
        try:
            response = await self.call(
                self.client.invoke_query,
                "com.atproto.repo.getRecord",
                params=Wire(repo=repo, collection=collection, rkey=rkey),
            )
        except BadRequestError:
            return None
        value = response.content.get("value")
        return value if isinstance(value, dict) else None

    async def close(self) -> None:
        try:
            await self.client.request.close()
        except Exception:  # closing is best effort
            log.debug("closing the Bluesky client failed", exc_info=True)
