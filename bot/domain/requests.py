"""People asking the bot to track a platform: validating what they typed. Pure, no I/O.

The name is shown to the operator later, so it is made plain (one line, no control or invisible
characters, no mass mentions, bounded); the address must be an http(s) URL of a host that can be
public. Whether the host really resolves to a public address is checked by the caller (DNS is
I/O), with the same rule the watcher uses.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

MAX_NAME_CHARS = 80
MAX_URL_CHARS = 500
_HOST = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")
# Names that never reach a public address.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home", ".corp", ".intranet")
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufeff\uffa0]"
)


class InvalidRequest(ValueError):
    """What is wrong with a request, in words fit to show the person who sent it."""


@dataclass(frozen=True)
class PlatformRequest:
    name: str
    url: str
    medium: str = ""
    requester: str = ""
    created_at: str = ""
    status: str = "open"
    id: int | None = None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()


def clean_request_name(raw: str) -> str:
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", raw or ""))
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"[<>`*_~|\\]", " ", text)  # no markup, masked links or mention syntax
    text = " ".join(text.split())
    for mass in ("@everyone", "@here"):
        text = re.sub(re.escape(mass), "@\u2060" + mass[1:], text, flags=re.I)
    return text.strip(" .,;:!?\"'")


def validate_request(name: str, url: str) -> PlatformRequest:
    """A clean request, or InvalidRequest saying what to fix."""
    clean = clean_request_name(name)
    if not clean:
        raise InvalidRequest("Please give the platform's name, e.g. `Bandlab`.")
    if len(clean) > MAX_NAME_CHARS:
        raise InvalidRequest(f"The name is too long (at most {MAX_NAME_CHARS} characters).")
    link = (url or "").strip().strip("<>")
    if not link:
        raise InvalidRequest(
            "Please give the address of its terms, e.g. https://example.com/terms."
        )
    if len(link) > MAX_URL_CHARS or any(ch.isspace() or not ch.isprintable() for ch in link):
        raise InvalidRequest("That address is not a valid web link.")
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidRequest("The address must start with https:// (or http://).")
    if parts.username or parts.password:
        raise InvalidRequest("The address must not contain a user name or password.")
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        port = parts.port
    except ValueError:
        raise InvalidRequest("That address has an invalid port.") from None
    if port is not None and port not in (80, 443):
        raise InvalidRequest("The address must use the standard web ports.")
    if not host:
        raise InvalidRequest("That address has no host name.")
    literal = _literal(host)
    if literal is not None:
        if not literal.is_global or literal.is_multicast:
            raise InvalidRequest("That address is not a public web address.")
    elif host == "localhost" or host.endswith(_LOCAL_SUFFIXES) or not _HOST.match(host):
        raise InvalidRequest("That address is not a public web address.")
    return PlatformRequest(name=clean, url=link)


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip
