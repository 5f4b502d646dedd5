"""The logger aiohttp's request handler uses for the status site.

aiohttp logs every request it cannot parse (a request line or header over 8 KB, bytes that are not
HTTP) at ERROR with a full traceback, so anyone who can reach the port can fill the log. Those are
the client's mistakes: they become one INFO line naming the client and the problem. Everything
else (a failure of our own) is passed on unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any

from aiohttp.http_exceptions import HttpProcessingError

log = logging.getLogger(__name__)


def _client_error(exc_info: object) -> HttpProcessingError | None:
    exc = exc_info[1] if isinstance(exc_info, tuple) and len(exc_info) == 3 else exc_info
    if isinstance(exc, HttpProcessingError) and 400 <= (exc.code or 400) < 500:
        return exc
    return None


def describe(exc: HttpProcessingError) -> str:
    """The kind of problem, without the request bytes aiohttp quotes after a colon."""
    message = str(exc.message or "").split(":", 1)[0].strip()
    message = "".join(c if c.isprintable() else "?" for c in message)[:120]
    return f"{type(exc).__name__} ({exc.code}){': ' + message if message else ''}"


class RequestLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """Pass as `logger=` to web.AppRunner: malformed requests are one INFO line."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        super().__init__(logger or logging.getLogger("aiohttp.server"), {})

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, Any]:
        return msg, kwargs

    def _bad_request(self, args: tuple[Any, ...], kwargs: MutableMapping[str, Any]) -> bool:
        exc = _client_error(kwargs.get("exc_info"))
        if exc is None:
            return False
        remote = args[0] if args else "?"
        log.info("web: bad request from %s: %s", remote, describe(exc))
        return True

    def exception(self, msg: object, *args: Any, **kwargs: Any) -> None:
        if not self._bad_request(args, kwargs):
            kwargs.setdefault("exc_info", True)
            self.logger.error(msg, *args, **kwargs)

    def debug(self, msg: object, *args: Any, **kwargs: Any) -> None:
        if not self._bad_request(args, kwargs):
            self.logger.debug(msg, *args, **kwargs)
