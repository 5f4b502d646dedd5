"""Importing aiohttp without reading the system's CA bundle twice at start-up.

aiohttp builds its two default TLS client contexts when it is imported, and each reads the
system's CA certificates (about 45 ms of CPU each on a 2-core VM: a fifth of a `check` process's
start-up). A cycle over plain-HTTP pages, or one where every page answers 304 before any TLS
handshake, never needs them that early. `import_aiohttp` imports aiohttp with that loading
deferred: each of the two contexts reads the CA certificates on its first use (the first TLS
handshake that uses it), before the handshake.

Until then a deferred context trusts no certificate at all, so a mistake here can only make TLS
fail (closed), never accept a certificate that should be refused. Contexts we create ourselves
are not touched (the patch lives only for the duration of the import).
"""

from __future__ import annotations

import ssl
import sys
import threading
from typing import Any

_lock = threading.Lock()


def import_aiohttp() -> None:
    """Import aiohttp (and its connector) with its default contexts' CA loading deferred. A no-op
    when aiohttp is already imported."""
    if "aiohttp" in sys.modules:
        return
    deferred: list[ssl.SSLContext] = []
    name = "set_default_verify_paths"  # what aiohttp's contexts call, directly or through
    # SSLContext.load_default_certs: it reads the CA file and directory OpenSSL was built with
    own = ssl.SSLContext.__dict__.get(name)

    def defer(self: ssl.SSLContext) -> None:
        deferred.append(self)

    setattr(ssl.SSLContext, name, defer)
    try:
        import aiohttp.connector  # noqa: F401  (builds the two contexts)
    finally:
        if own is None:
            delattr(ssl.SSLContext, name)
        else:
            setattr(ssl.SSLContext, name, own)
    for context in deferred:
        _load_on_first_use(context)


def _load_on_first_use(context: ssl.SSLContext) -> None:
    """Make `context` read the default CA certificates just before its first wrap (asyncio's
    TLS transport calls `wrap_bio`; blocking sockets call `wrap_socket`)."""

    def load() -> None:
        with _lock:
            if "wrap_bio" in vars(context):  # still deferred: load once
                context.set_default_verify_paths()
                del context.wrap_bio  # type: ignore[method-assign]
                del context.wrap_socket  # type: ignore[method-assign]

    def wrap_bio(*args: Any, **kwargs: Any) -> ssl.SSLObject:
        load()
        return context.wrap_bio(*args, **kwargs)

    def wrap_socket(*args: Any, **kwargs: Any) -> ssl.SSLSocket:
        load()
        return context.wrap_socket(*args, **kwargs)

    context.wrap_bio = wrap_bio  # type: ignore[method-assign]
    context.wrap_socket = wrap_socket  # type: ignore[method-assign]


def certificates_loaded(context: ssl.SSLContext) -> bool:
    """False while `context`'s CA loading is still deferred."""
    return "wrap_bio" not in vars(context)
