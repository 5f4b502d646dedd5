"""Keep the watcher off private networks.

Terms pages and feed entries come from the outside world, and a feed entry's link is whatever
the feed says. Unless the operator allows it (`watch.allow_private_addresses`), the watcher
connects only to public addresses: a host name that resolves to loopback, private, link-local
(cloud metadata), shared, multicast or reserved addresses is refused, and so is such an address
written in the URL. The check runs on the addresses actually connected to (a resolver in the
connector), so a name that changes its answer between a check and the connection cannot slip
through; every redirect hop goes through it too, since the fetcher follows redirects itself.
"""

from __future__ import annotations

import ipaddress
import logging
import socket

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

log = logging.getLogger(__name__)

ALLOW_SETTING = "watch.allow_private_addresses"


class PrivateAddressError(OSError):
    """A host that is, or resolves only to, addresses the watcher may not connect to."""


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as its IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def literal_address(host: str) -> str | None:
    """The address when `host` is an IP literal (brackets allowed), else None."""
    candidate = host.strip("[]")
    try:
        ipaddress.ip_address(candidate.split("%", 1)[0])
    except ValueError:
        return None
    return candidate


class PublicOnlyResolver(AbstractResolver):
    """Resolves with aiohttp's default resolver, then keeps only public addresses."""

    def __init__(self, inner: AbstractResolver | None = None) -> None:
        self._inner = inner or aiohttp.DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        public = [entry for entry in found if is_public_address(entry["host"])]
        if not public:
            shown = ", ".join(sorted({entry["host"] for entry in found})[:4])
            raise PrivateAddressError(
                f"{host.rstrip('.')} resolves only to non-public addresses ({shown}); "
                f"set {ALLOW_SETTING}: true to watch such pages"
            )
        if len(public) < len(found):
            log.info("%s: ignoring its non-public addresses", host.rstrip("."))
        return public

    async def close(self) -> None:
        await self._inner.close()


def public_only_connector() -> aiohttp.TCPConnector:
    """A connector for the watcher's session that refuses non-public addresses."""
    return aiohttp.TCPConnector(resolver=PublicOnlyResolver())


async def public_host_problem(host: str, resolver: AbstractResolver | None = None) -> str | None:
    """None if `host` is public by the watcher's rule (every address it resolves to is public),
    else why not, in words fit to show the person who typed it."""
    literal = literal_address(host)
    if literal is not None:
        return None if is_public_address(literal) else "That address is not a public web address."
    own = resolver is None
    active = resolver or aiohttp.ThreadedResolver()
    try:
        found = await active.resolve(host, 443, socket.AF_UNSPEC)
    except OSError:
        return "That host name does not resolve."
    finally:
        if own:
            await active.close()
    addresses = {entry["host"] for entry in found}
    if not addresses or not all(is_public_address(a) for a in addresses):
        return "That address is not a public web address."
    return None
