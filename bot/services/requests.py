"""People asking for a platform to be tracked: validated, rate-limited, stored for the operator."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Protocol

from bot.domain.i18n import ENGLISH, Translator
from bot.domain.platforms import PlatformDirectory
from bot.domain.requests import InvalidRequest, PlatformRequest, validate_request
from bot.domain.timeutil import iso
from bot.services.errors import UserFacingError
from bot.services.ports import Clock

log = logging.getLogger(__name__)

# host -> None when it is public, else what to tell the person (DNS is the adapter's business)
AddressCheck = Callable[[str], Awaitable[str | None]]


class RequestStore(Protocol):
    async def add_platform_request(self, request: PlatformRequest) -> int: ...
    async def platform_requests(self, limit: int = 100) -> Sequence[PlatformRequest]: ...
    async def count_platform_requests(
        self, *, medium: str | None = None, requester: str | None = None, since: str = ""
    ) -> int: ...


class TooManyRequests(UserFacingError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} platform requests a day")
        self.limit = limit

    def user_message(self, tr: Translator = ENGLISH) -> str:
        return tr.gettext(
            "You can ask for at most {limit} platforms a day. Please try again tomorrow.",
            limit=self.limit,
        )


class AlreadyTracked(UserFacingError):
    def __init__(self, platform_name: str) -> None:
        super().__init__(f"{platform_name} is already tracked")
        self.platform_name = platform_name

    def user_message(self, tr: Translator = ENGLISH) -> str:
        return tr.gettext(
            "{platform} is already tracked: ask me about it with /training.",
            platform=self.platform_name,
        )


class RequestService:
    def __init__(
        self,
        store: RequestStore,
        clock: Clock,
        *,
        directory: PlatformDirectory | None = None,
        address_check: AddressCheck | None = None,
        per_user_per_day: int = 5,
    ) -> None:
        self.store = store
        self.clock = clock
        self.directory = directory
        self.address_check = address_check
        self.per_user_per_day = per_user_per_day

    async def submit(self, medium: str, requester: str, name: str, url: str) -> PlatformRequest:
        """Store a request. Raises InvalidRequest, AlreadyTracked or TooManyRequests, each with
        a `user_message()`-style text (InvalidRequest: str(exc))."""
        request = validate_request(name, url)
        if self.directory is not None:
            known = self.directory.resolve(request.name)
            if known is not None and _same_name(known.name, request.name):
                raise AlreadyTracked(known.name)
        now = self.clock.now()
        since = iso(now - timedelta(days=1))
        used = await self.store.count_platform_requests(
            medium=medium, requester=requester, since=since
        )
        if used >= self.per_user_per_day:
            raise TooManyRequests(self.per_user_per_day)
        if self.address_check is not None:
            problem = await self.address_check(request.host)
            if problem:
                raise InvalidRequest(problem)
        stored = replace(request, medium=medium, requester=requester, created_at=iso(now))
        request_id = await self.store.add_platform_request(stored)
        log.info("platform request %d from %s: %r", request_id, medium, stored.name)
        return replace(stored, id=request_id)

    async def recent(self, limit: int = 100) -> list[PlatformRequest]:
        return list(await self.store.platform_requests(limit))

    async def count(self) -> int:
        return await self.store.count_platform_requests()


def _same_name(a: str, b: str) -> bool:
    return "".join(a.casefold().split()) == "".join(b.casefold().split())
