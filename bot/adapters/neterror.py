"""One-line descriptions of network failures that always name the host and the reason.

aiohttp, httpx and atproto exceptions often have an empty `str()` (atproto's `NetworkError()`,
aiohttp's `ClientOSError()`), or hide the reason a few causes down (`Connect call failed` over an
`OSError` whose errno says "refused"). `describe_error` walks the chain of causes and says e.g.
`NetworkError (127.0.0.1:9): Connection refused (ECONNREFUSED)`.
"""

from __future__ import annotations

import errno as errno_names
import os
from typing import Any

_MAX_CHARS = 300
_MAX_CHAIN = 8


def describe_error(exc: BaseException, host: str = "") -> str:
    """`Type (host): reason`, one line, never empty. `host` is used when no exception in the
    chain knows which host it was talking to."""
    chain = _chain(exc)
    where = _host(chain) or host
    prefix = type(exc).__name__ + (f" ({where})" if where else "")
    return _one_line(f"{prefix}: {_reason(chain)}")


def error_reason(exc: BaseException) -> str:
    """The exception type and the reason (no host), e.g. `ClientOSError: Connection reset by
    peer (ECONNRESET)`; never empty."""
    return _one_line(f"{type(exc).__name__}: {_reason(_chain(exc))}")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < _MAX_CHAIN and current not in seen:
        seen.append(current)
        os_error = getattr(current, "os_error", None)  # aiohttp ClientConnectorError
        if isinstance(os_error, BaseException) and os_error is not current.__cause__:
            current = os_error
        else:
            current = current.__cause__ or current.__context__
    return seen


def _reason(chain: list[BaseException]) -> str:
    for exc in chain:  # an errno is the most precise reason there is
        number = getattr(exc, "errno", None)
        if isinstance(exc, OSError) and isinstance(number, int):
            # asyncio puts "Connect call failed (address)" where the OS's words belong
            words = os.strerror(number) if number > 0 else (exc.strerror or str(exc).strip())
            name = errno_names.errorcode.get(number, "")
            return f"{words} ({name})" if name else words or f"errno {number}"
    for exc in chain:
        words = str(exc).strip()
        if words:
            return words if exc is chain[0] else f"{type(exc).__name__}: {words}"
    names = [type(e).__name__ for e in chain]
    return "no details given (" + " ← ".join(names) + ")"


def _host(chain: list[BaseException]) -> str:
    for exc in chain:
        host = getattr(exc, "host", None)  # aiohttp ClientConnectorError
        if isinstance(host, str) and host:
            port = getattr(exc, "port", None)
            return f"{host}:{port}" if port else host
        info = getattr(exc, "request_info", None)  # aiohttp ClientResponseError
        found = _url_host(getattr(info, "url", None))
        if found:
            return found
        try:
            request = getattr(exc, "request", None)  # httpx: raises when not set
        except RuntimeError:
            request = None
        found = _url_host(getattr(request, "url", None))
        if found:
            return found
    return ""


def _url_host(url: Any) -> str:
    host = getattr(url, "host", None)
    if not isinstance(host, str) or not host:
        return ""
    port = getattr(url, "port", None)
    return f"{host}:{port}" if isinstance(port, int) else host


def _one_line(text: str) -> str:
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return cleaned if len(cleaned) <= _MAX_CHARS else cleaned[: _MAX_CHARS - 1] + "…"
