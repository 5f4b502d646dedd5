"""A fake change feed on 127.0.0.1 and an App watching it (feeds only), for the edge tests."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web

from bot.app import App, AppOptions
from bot.config import Config
from tests.conftest import FakeClock, config_dict
from tests.loopback import serving


def version_text(n: int) -> str:
    """A small terms text; every version differs in one sentence."""
    return (
        "# Terms of Service\n\n"
        f"These terms were revised in revision number {n} of the service agreement.\n\n"
        "You keep the rights to the music you upload. We host it so listeners can stream it.\n"
    )


@dataclass
class FakeFeed:
    """Entries oldest first: (id, updated, page name). Pages: name -> (status, body, headers)."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)
    pages: dict[str, tuple[int, bytes, dict[str, str]]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)  # page names requested, in order
    base: str = ""

    def add(self, entry_id: str, updated: str, name: str, text: str | None = None) -> None:
        self.entries.append((entry_id, updated, name))
        if name not in self.pages:
            body = (text if text is not None else version_text(len(self.entries))).encode()
            self.pages[name] = (200, body, {"Content-Type": "text/markdown; charset=utf-8"})

    @staticmethod
    def key(entry_id: str) -> str:
        """The entry's id as the feed states it (an absolute tag URI, as Atom requires)."""
        return f"tag:example,2026:{entry_id}"

    @property
    def url(self) -> str:
        return f"{self.base}/feed.atom"

    def atom(self) -> bytes:
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<id>tag:example,2026:feed</id><title>Changes</title>"
            "<updated>2026-01-01T00:00:00Z</updated>"
        ]
        for entry_id, updated, name in reversed(self.entries):  # newest first, like GitHub
            parts.append(
                f"<entry><id>{escape(self.key(entry_id))}</id><title>Record new changes</title>"
                f'<link rel="alternate" href="{self.base}/v/{escape(name)}"/>'
                f"<updated>{updated}</updated></entry>"
            )
        parts.append("</feed>")
        return "".join(parts).encode()


@asynccontextmanager
async def serve_feed() -> AsyncIterator[FakeFeed]:
    feed = FakeFeed()

    async def atom(request: web.Request) -> web.Response:
        return web.Response(body=feed.atom(), content_type="application/atom+xml")

    async def page(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        feed.hits.append(name)
        status, body, headers = feed.pages.get(name, (404, b"no such page", {}))
        return web.Response(status=status, body=body, headers=headers)

    app = web.Application()
    app.router.add_get("/feed.atom", atom)
    app.router.add_get("/v/{name}", page)
    async with serving(app) as feed.base:
        yield feed


def feed_config(tmp_path: Path, feed_url: str, **watch: Any) -> Config:
    data = config_dict(feeds=[{"url": feed_url, "platform": "soundcloud"}])
    for platform in data["platforms"]:
        platform["documents"] = []
    data["watch"].update(watch)
    return Config.from_dict(data, base_dir=tmp_path)


def feed_app(config: Config, clock: FakeClock, env: dict[str, str] | None = None) -> App:
    return App(
        config, env or {}, options=AppOptions(transports=False), clock=clock, console=io.StringIO()
    )
