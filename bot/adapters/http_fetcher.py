"""HTTP fetching for the document watcher: conditional GET, size and time caps, politeness.

`HttpFetcher` implements `bot.services.ports.Fetcher` on top of an `aiohttp.ClientSession` that the
composition root creates and closes.

Guarantees:
- conditional GET (If-None-Match / If-Modified-Since); a 304 gives `FetchResult(not_modified=True)`;
- one total time budget per fetch (all redirect hops together; waiting for a politeness slot
  does not count against it);
- bodies are streamed and never held beyond `max_bytes` (a larger Content-Length is refused before
  reading; a chunked or compressed body that grows past the cap is cut off);
- redirects are followed by hand (at most `max_redirects`, http/https only), so every hop goes
  through the same per-host politeness;
- per host (host name, case-insensitive): one request in flight, and at least
  `per_host_interval_s` between the end of one request and the start of the next;
- at most `concurrency` requests in flight overall;
- unless `allow_private_addresses`, an IP literal that is not a public address is refused (host
  names are checked by the session's resolver: see `bot.adapters.address_guard`);
- a 429 or 503 with `Retry-After` (seconds or an HTTP date, capped at `max_retry_after_s`) holds
  that URL: it is not requested again before then (the FetchError says until when, in
  `retry_at`). Holds are kept in memory and, given a `holds` store, in the database, so a
  restart honours them too.

Failure messages name the URL (so the host) and the reason, on one line: for network errors the
exception type, the errno name and the OS's words (`bot.adapters.neterror`), never an empty
`str(exc)`.

Errors are `FetchError` with an operator-readable message. `retryable` is False only for problems
that cannot fix themselves (a malformed URL, a redirect to a non-HTTP scheme); everything else,
including HTTP 404/410, oversize bodies and redirect loops, is `retryable=True`: pages move back,
sites come back, and the watcher counts consecutive failures before calling a document failing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import aiohttp
from yarl import URL

from bot.adapters.address_guard import (
    ALLOW_SETTING,
    PrivateAddressError,
    is_public_address,
    literal_address,
)
from bot.adapters.neterror import error_reason
from bot.adapters.retry_after import DEFAULT_MAX_RETRY_AFTER_S, RetryAfterHolds
from bot.services.metrics import Metrics
from bot.services.ports import Clock, FetchError, FetchResult, StateStore

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "TermsWatch/0.1 (+https://github.com/termswatch)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/atom+xml,application/rss+xml,"
    "application/xml;q=0.9,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
FETCH_SECONDS = "termswatch_fetch_seconds"
FETCH_ERRORS = "termswatch_fetch_errors_total"
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_HOST_SLOTS = 1000


@dataclass
class _HostSlot:
    lock: asyncio.Lock
    last_done: float = float("-inf")


@dataclass
class _Budget:
    """Seconds spent on the wire for one fetch (all hops), excluding politeness waits."""

    total: float
    spent: float = 0.0

    @property
    def left(self) -> float:
        return self.total - self.spent


class _Failure(FetchError):
    """A FetchError that remembers the metrics reason."""

    def __init__(
        self, message: str, reason: str, *, retryable: bool = True, retry_at: str = ""
    ) -> None:
        super().__init__(message, retryable=retryable, retry_at=retry_at, held=reason == "held")
        self.reason = reason


class HttpFetcher:
    """Polite, capped, conditional HTTP GET. See the module docstring."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        timeout_s: float,
        max_bytes: int,
        max_redirects: int = 5,
        concurrency: int = 8,
        per_host_interval_s: float = 1.0,
        user_agent: str = DEFAULT_USER_AGENT,
        metrics: Metrics | None = None,
        allow_private_addresses: bool = False,
        holds: StateStore | None = None,
        clock: Clock | None = None,
        max_retry_after_s: float = DEFAULT_MAX_RETRY_AFTER_S,
    ) -> None:
        if timeout_s <= 0 or max_bytes <= 0 or concurrency <= 0 or max_redirects < 0:
            raise ValueError(
                "timeout_s, max_bytes and concurrency must be positive, max_redirects >= 0"
            )
        self._session = session
        self._timeout_s = timeout_s
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._interval_s = max(0.0, per_host_interval_s)
        self._user_agent = user_agent
        self._metrics = metrics
        self._allow_private = allow_private_addresses
        self._global = asyncio.Semaphore(concurrency)
        self._hosts: dict[str, _HostSlot] = {}
        self._holds = RetryAfterHolds(holds, clock, max_retry_after_s)
        if metrics is not None:
            metrics.describe(FETCH_SECONDS, "histogram", "Time spent fetching one URL.")
            metrics.describe(FETCH_ERRORS, "counter", "Failed fetches by reason.")

    async def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        """Conditional GET. Raises FetchError on timeouts, HTTP errors, oversize bodies."""
        budget = _Budget(self._timeout_s)
        current = url
        shown = _display(url)
        hops = 0
        try:
            until = await self._holds.until(url)
            if until:
                raise _Failure(
                    f"not fetching {shown} before {until}: the server asked to wait (Retry-After)",
                    "held",
                    retry_at=until,
                )
            while True:
                target = _check_url(current, original=shown)
                if not self._allow_private:
                    _refuse_private_literal(target, original=shown)
                try:
                    outcome = await self._one_hop(target, etag, last_modified, budget)
                except _Failure as failure:
                    if failure.retry_at:
                        await self._holds.hold(url, failure.retry_at)
                    raise
                spent = budget.spent
                if isinstance(outcome, FetchResult):
                    result = FetchResult(
                        not_modified=outcome.not_modified,
                        body=outcome.body,
                        content_type=outcome.content_type,
                        etag=outcome.etag or (etag if outcome.not_modified else ""),
                        last_modified=outcome.last_modified
                        or (last_modified if outcome.not_modified else ""),
                        final_url=outcome.final_url,
                        elapsed_s=spent,
                    )
                    self._observe(spent)
                    log.debug(
                        "fetched %s: %s, %d bytes in %.2fs",
                        shown,
                        "not modified" if result.not_modified else "ok",
                        len(result.body),
                        spent,
                    )
                    return result
                hops += 1
                if hops > self._max_redirects:
                    raise _Failure(
                        f"too many redirects fetching {shown} (more than "
                        f"{self._max_redirects}; last hop to {_display(outcome)})",
                        "too_many_redirects",
                    )
                current = outcome
        except _Failure as failure:
            self._observe(budget.spent)
            if self._metrics is not None:
                self._metrics.inc(FETCH_ERRORS, {"reason": failure.reason})
            log.debug("fetch failed: %s", failure)  # the watcher logs it with context
            raise

    # ------------------------------------------------------------------ one request

    async def _one_hop(
        self, url: URL, etag: str, last_modified: str, budget: _Budget
    ) -> FetchResult | str:
        """One GET under the host's politeness slot: a result, or the URL to redirect to."""
        slot = self._slot((url.host or "").lower())
        async with slot.lock:
            wait = slot.last_done + self._interval_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self._global:
                    if budget.left <= 0:
                        raise _Failure(
                            f"timed out after {self._timeout_s:g}s fetching {_display(url)}",
                            "timeout",
                        )
                    started = time.monotonic()
                    try:
                        return await self._request(url, etag, last_modified, budget.left)
                    finally:
                        budget.spent += time.monotonic() - started
            finally:
                slot.last_done = time.monotonic()

    def _slot(self, host: str) -> _HostSlot:
        slot = self._hosts.get(host)
        if slot is None:
            if len(self._hosts) >= _MAX_HOST_SLOTS:  # forget idle hosts whose interval is over
                now = time.monotonic()
                for name, old in list(self._hosts.items()):
                    if not old.lock.locked() and now - old.last_done > self._interval_s:
                        del self._hosts[name]
            slot = self._hosts[host] = _HostSlot(asyncio.Lock())
        return slot

    async def _request(
        self, url: URL, etag: str, last_modified: str, budget: float
    ) -> FetchResult | str:
        shown = _display(url)
        headers = {"User-Agent": self._user_agent, "Accept": ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with asyncio.timeout(budget):
                async with self._session.get(url, headers=headers, allow_redirects=False) as resp:
                    return await self._handle(shown, resp, conditional=bool(etag or last_modified))
        except _Failure:
            raise
        except TimeoutError as exc:
            raise _Failure(
                f"timed out after {self._timeout_s:g}s fetching {shown}", "timeout"
            ) from exc
        except aiohttp.ClientPayloadError as exc:
            raise _Failure(
                f"broken response body from {shown}: {error_reason(exc)}", "connection"
            ) from exc
        except aiohttp.ClientError as exc:
            refused = getattr(exc, "os_error", None)  # set by the guarding resolver's refusal
            if isinstance(refused, PrivateAddressError):
                raise _Failure(f"refusing to fetch {shown}: {refused}", "private_address") from exc
            what = "could not connect to" if refused is not None else "network error fetching"
            raise _Failure(f"{what} {shown}: {error_reason(exc)}", "connection") from exc
        except OSError as exc:
            raise _Failure(
                f"network error fetching {shown}: {error_reason(exc)}", "connection"
            ) from exc

    async def _handle(
        self, shown: str, resp: aiohttp.ClientResponse, *, conditional: bool
    ) -> FetchResult | str:
        status = resp.status
        if status == HTTPStatus.NOT_MODIFIED:
            if not conditional:  # nothing to be "not modified" against: a server bug
                raise _Failure(f"HTTP 304 from {shown} to an unconditional request", "http_3xx")
            return FetchResult(
                not_modified=True,
                etag=resp.headers.get("ETag", ""),
                last_modified=resp.headers.get("Last-Modified", ""),
                final_url=str(resp.url),
            )
        if status in _REDIRECTS:
            location = resp.headers.get("Location", "")
            if not location:
                raise _Failure(f"HTTP {status} redirect without Location from {shown}", "http_3xx")
            return urljoin(str(resp.url), location)
        if status >= 400:
            retry_at = self._holds.retry_at(resp.status, resp.headers.get("Retry-After", ""))
            message = _http_message(shown, resp)
            if retry_at:
                message += f"; not asked again before {retry_at}"
            raise _Failure(message, f"http_{status // 100}xx", retry_at=retry_at)
        if status >= 300 or status < 200:
            raise _Failure(f"unexpected HTTP {status} from {shown}", f"http_{status // 100}xx")
        body = await self._read_capped(shown, resp)
        return FetchResult(
            not_modified=False,
            body=body,
            content_type=resp.headers.get("Content-Type", ""),
            etag=resp.headers.get("ETag", ""),
            last_modified=resp.headers.get("Last-Modified", ""),
            final_url=str(resp.url),
        )

    async def _read_capped(self, shown: str, resp: aiohttp.ClientResponse) -> bytes:
        declared = resp.content_length
        if declared is not None and declared > self._max_bytes:
            resp.close()  # drop the connection instead of draining it
            raise _Failure(
                f"{shown} is larger than {self._max_bytes} bytes "
                f"(Content-Length: {declared}); not downloaded",
                "too_large",
            )
        chunks: list[bytes] = []
        total = 0
        async for chunk in resp.content.iter_chunked(_CHUNK):
            total += len(chunk)
            if total > self._max_bytes:
                resp.close()
                raise _Failure(
                    f"{shown} is larger than {self._max_bytes} bytes; download stopped",
                    "too_large",
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _observe(self, seconds: float) -> None:
        if self._metrics is not None:
            self._metrics.observe(FETCH_SECONDS, seconds)


def _display(url: str | URL) -> str:
    """The URL for messages and logs: no user:password, capped in length."""
    text = str(url)
    if "@" not in text:  # no user:password to drop (userinfo ends with "@")
        return text if len(text) <= 300 else text[:299] + "…"
    try:
        parsed = URL(text)
        if parsed.user or parsed.password:
            text = str(parsed.with_user(None))
    except (ValueError, TypeError):
        pass
    return text if len(text) <= 300 else text[:299] + "…"


def _check_url(url: str, *, original: str) -> URL:
    shown = _display(url)
    try:
        parts = urlsplit(url)
        parsed = URL(url)
    except ValueError as exc:
        raise _Failure(f"invalid URL {shown!r}: {exc}", "bad_url", retryable=False) from exc
    if parts.scheme not in ("http", "https") or not parsed.host:
        if shown == original:
            raise _Failure(
                f"unsupported URL {shown!r}: only http and https are fetched",
                "bad_url",
                retryable=False,
            )
        raise _Failure(
            f"{original} redirected to unsupported URL {shown!r}: only http and https are followed",
            "bad_redirect",
            retryable=False,
        )
    return parsed


def _refuse_private_literal(url: URL, *, original: str) -> None:
    address = literal_address(url.host or "")
    if address is None or is_public_address(address):
        return
    where = original if _display(url) == original else f"{original} (redirected to {_display(url)})"
    raise _Failure(
        f"refusing to fetch {where}: {address} is not a public address; "
        f"set {ALLOW_SETTING}: true to watch such pages",
        "private_address",
        retryable=False,
    )


def _http_message(shown: str, resp: aiohttp.ClientResponse) -> str:
    status = resp.status
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = " ".join((resp.reason or "").split())[:60]  # the server's words: keep short
    message = f"HTTP {status} {phrase}".strip() + f" from {shown}"
    if status in (404, 410):
        message += " (the page may have moved; it will be tried again next cycle)"
    retry_after = resp.headers.get("Retry-After", "")
    if retry_after and status in (429, 503):
        message += f" (Retry-After: {retry_after[:40]})"
    return message
