"""The shared pieces of the status site's HTML: escaping (esc), safe links, badges and the
page layout, and the error pages. Every piece of user-facing data goes through esc()."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import quote, urlparse

from bot.domain.models import PLATFORM_TRAINING_WORDS, Platform, PlatformTraining

SITE_NAME = "Terms Watch"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value: object) -> str:
    """HTML-escape any value for text or a double-quoted attribute; drops control characters."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def safe_href(url: str) -> str | None:
    """The URL if it is a plain http(s) link, else None (never javascript:, data:, ...)."""
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return None
    return url.strip()


def platform_path(platform_id: str, suffix: str = "") -> str:
    return f"/platforms/{quote(platform_id, safe='')}{suffix}"


UNREAD_BADGE = '<span class="badge badge-unread">not read yet</span>'


def badge(verdict: PlatformTraining) -> str:
    words = esc(PLATFORM_TRAINING_WORDS[verdict])
    return f'<span class="badge badge-{esc(verdict.value)}">{words}</span>'


def layout(title: str, body: str, *, feed: tuple[str, str] | None = None) -> str:
    feed_href, feed_title = feed or ("/feed.atom", f"{SITE_NAME}: AI policy changes")
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        '<link rel="stylesheet" href="/static/style.css">'
        f'<link rel="alternate" type="application/atom+xml" title="{esc(feed_title)}"'
        f' href="{esc(feed_href)}">'
        '<script src="/static/app.js" defer></script>'
        "</head><body>"
        f'<header class="site"><a class="brand" href="/">{SITE_NAME}</a>'
        '<span class="tagline">Do the platforms you upload to train AI on your work?</span>'
        "</header>"
        f"<main>{body}</main>"
        '<footer class="site"><a href="/feed.atom">Atom feed</a> · '
        '<a href="/api/platforms">JSON API</a> · <a href="/healthz">health</a>'
        "<p>Quotes are exact sentences from each platform's own terms. Not legal advice.</p>"
        "</footer></body></html>\n"
    )


# ---------------------------------------------------------------- errors


def not_found_page(message: str, suggestions: Sequence[Platform] = ()) -> str:
    hint = ""
    if suggestions:
        links = ", ".join(
            f'<a href="{esc(platform_path(p.id))}">{esc(p.name)}</a>' for p in suggestions[:5]
        )
        hint = f"<p>Did you mean: {links}?</p>"
    body = (
        f"<h1>Not found</h1><p>{esc(message)}</p>{hint}"
        '<p><a href="/">See every platform we track</a></p>'
    )
    return layout(f"Not found · {SITE_NAME}", body)


def error_page(status: int, message: str) -> str:
    body = f'<h1>{status}</h1><p>{esc(message)}</p><p><a href="/">Back to all platforms</a></p>'
    return layout(f"{status} · {SITE_NAME}", body)
