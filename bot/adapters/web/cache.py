"""Pages kept until the data they show changes.

Building `/` reads every platform's documents, snapshots and events (tens of milliseconds); under
load that made each request wait for hundreds of others. Now each page is built once per *data
version*, a value the store changes whenever stored data may have changed (every write
transaction of this process, and commits by other processes), and every request compares it:
a new event shows on the next request. Concurrent requests for a page being built wait for that
one build instead of starting their own. Responses carry a strong ETag (`If-None-Match` → 304)
and `Cache-Control: no-cache` (browsers and proxies may keep the page but must revalidate).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from aiohttp import web

log = logging.getLogger(__name__)

T = TypeVar("T")
CACHE_CONTROL = "public, no-cache"


class VersionedStore(Protocol):
    async def data_version(self) -> Hashable | None:
        """Differs whenever stored data may have changed; None: do not cache now."""
        ...


@dataclass(frozen=True)
class Body:
    """A rendered response body and its ETag."""

    data: bytes
    content_type: str
    etag: str

    @classmethod
    def of(cls, data: bytes, content_type: str) -> Body:
        return cls(data, content_type, '"' + hashlib.sha256(data).hexdigest()[:32] + '"')

    def response(self, request: web.Request) -> web.Response:
        headers = {"ETag": self.etag, "Cache-Control": CACHE_CONTROL}
        if _matches(request.headers.get("If-None-Match", ""), self.etag):
            return web.Response(status=304, headers=headers)
        response = web.Response(body=self.data, headers=headers)
        response.content_type = self.content_type
        response.charset = "utf-8"
        return response


def _matches(if_none_match: str, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


class Coalesced(Generic[T]):
    """Calls `fetch` for many concurrent callers. Each caller gets the result of a call that
    started after it asked (so it sees every change made before its request), but callers that
    arrive while a call runs share the next one: one query per round, not one per request."""

    def __init__(self, fetch: Callable[[], Awaitable[T]]) -> None:
        self._fetch = fetch
        self._running = False
        self._next: asyncio.Future[T] | None = None

    async def __call__(self) -> T:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        waiting = self._next
        if not self._running:
            self._running = True
            asyncio.create_task(self._run())  # noqa: RUF006 (it ends by itself; futures hold results)
        return await asyncio.shield(waiting)

    async def _run(self) -> None:
        try:
            while self._next is not None:
                current, self._next = self._next, None
                try:
                    current.set_result(await self._fetch())
                except Exception as exc:
                    current.set_exception(exc)
                    current.exception()  # marked retrieved: the callers re-raise it
        finally:
            self._running = False


class VersionedCache:
    """Values computed once per (key, data version); at most `size` keys, least recently used
    dropped first. Without a version (no store support, or a write in progress) every call
    computes afresh."""

    def __init__(self, store: object, *, size: int = 128) -> None:
        version = getattr(store, "data_version", None)
        self._version: Coalesced[Hashable | None] | None = (
            Coalesced(version) if callable(version) else None
        )
        self.size = size
        self._values: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._building: dict[tuple[Hashable, Hashable], asyncio.Task[Any]] = {}

    async def version(self) -> Hashable | None:
        return await self._version() if self._version else None

    async def get(
        self, key: Hashable, version: Hashable | None, build: Callable[[], Awaitable[T]]
    ) -> T:
        if version is None:
            return await build()
        found = self._values.get(key)
        if found is not None and found[0] == version:
            self._values.move_to_end(key)
            return found[1]  # type: ignore[no-any-return]
        task = self._building.get((key, version))
        if task is None:
            task = asyncio.create_task(self._build(key, version, build))
            self._building[(key, version)] = task
            task.add_done_callback(lambda done: self._finished(key, version, done))
        # shield: a client that goes away does not cancel the build the others wait for
        return await asyncio.shield(task)  # type: ignore[no-any-return]

    async def _build(
        self, key: Hashable, version: Hashable, build: Callable[[], Awaitable[T]]
    ) -> T:
        value = await build()
        self._values[key] = (version, value)
        self._values.move_to_end(key)
        while len(self._values) > self.size:
            self._values.popitem(last=False)
        return value

    def _finished(self, key: Hashable, version: Hashable, task: asyncio.Task[Any]) -> None:
        self._building.pop((key, version), None)
        if not task.cancelled():
            with contextlib.suppress(BaseException):
                task.exception()  # retrieved: no "exception was never retrieved" warning

    def clear(self) -> None:
        self._values.clear()
