"""WebTransport: serves on settings.host:port, reports its status, stops cleanly; and the whole
App with the web transport on, watching a local fake upstream."""

from __future__ import annotations

import asyncio
import io
import json
import re
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.adapters.web.server import WebTransport
from bot.adapters.web.settings import WebSettings
from bot.app import App, AppOptions
from bot.config import Config
from tests.loopback import serving
from tests.web.conftest import CORPUS, Site

CORPUS_FILE = "soundcloud/terms-of-service/2025-09-10.md"
LABELS = json.loads((CORPUS / "labels-dev.json").read_text())


async def wait_for(predicate: object, seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not predicate():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


async def test_serves_on_the_configured_host_and_stops(site: Site) -> None:
    transport = WebTransport(
        site.services, WebSettings(enabled=True, host="127.0.0.1", port=0), retry_seconds=0.1
    )
    assert transport.notifiers() == []
    assert transport.status()["connected"] is False
    stop = asyncio.Event()
    task = asyncio.create_task(transport.run(stop))
    await wait_for(lambda: transport.status()["connected"])
    url = str(transport.status()["url"])
    assert url.startswith("http://127.0.0.1:") and transport.port
    async with aiohttp.ClientSession() as session, session.get(url + "api/platforms") as response:
        assert response.status == 200
        assert len((await response.json())["platforms"]) == 4
    stop.set()
    await asyncio.wait_for(task, 5)
    assert transport.status()["connected"] is False
    with socket.socket() as probe:  # the port is free again
        probe.bind(("127.0.0.1", transport.port))


async def test_busy_port_is_reported_and_retried(site: Site) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        transport = WebTransport(
            site.services,
            WebSettings(enabled=True, host="127.0.0.1", port=port),
            retry_seconds=0.05,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(transport.run(stop))
        await wait_for(lambda: "error" in transport.status())
        assert transport.status()["connected"] is False
        assert "cannot listen" in str(transport.status()["error"])
    await wait_for(lambda: transport.status()["connected"])  # port freed: it binds on retry
    stop.set()
    await asyncio.wait_for(task, 5)


@pytest.fixture
async def upstream() -> AsyncIterator[str]:
    text = (CORPUS / CORPUS_FILE).read_text()
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())

    async def terms(request: web.Request) -> web.Response:
        body = f"<html><body><main><h1>Terms</h1>{paragraphs}</main></body></html>"
        return web.Response(text=body, content_type="text/html")

    app = web.Application()
    app.router.add_get("/terms", terms)
    async with serving(app) as base:
        yield f"{base}/terms"


async def test_whole_app_serves_health_after_its_first_watch_cycle(
    tmp_path: Path, upstream: str
) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    data = {
        "storage": {"path": "db.sqlite"},
        "watch": {
            "interval_seconds": 600,
            "per_host_interval_seconds": 0,
            "allow_private_addresses": True,  # the upstream is on loopback
        },
        "platforms": [
            {
                "id": "soundcloud",
                "name": "SoundCloud",
                "documents": [{"kind": "terms_of_service", "url": upstream}],
            }
        ],
        "discord": {"enabled": False},
        "bluesky": {"enabled": False},
        "web": {"enabled": True, "host": "127.0.0.1", "port": port},
    }
    config = Config.from_dict(data, base_dir=tmp_path)
    options = AppOptions(load_history=False)
    async with App(config, {}, options=options, console=io.StringIO()) as app:
        [web_transport] = [t for t in app.transports if t.name == "web"]
        stop = asyncio.Event()
        task = asyncio.create_task(app.run(stop))
        try:
            await wait_for(lambda: app.services.watch.last_cycle_at is not None, 30)
            await wait_for(lambda: web_transport.status()["connected"])
            base = f"http://127.0.0.1:{port}"
            async with aiohttp.ClientSession() as session:
                async with session.get(f"{base}/healthz") as response:
                    body = await response.json()
                    assert response.status == 200, body
                    assert body["transports"]["web"]["connected"] is True
                    assert body["documents"] == {"total": 1, "failing": 0}
                async with session.get(f"{base}/") as response:
                    html = await response.text()
                    row = html.split('href="/platforms/soundcloud"')[1].split("</tr>")[0]
                    badge = re.search(r'class="badge badge-([a-z_]+)"', row)
                    assert badge and badge.group(1) in LABELS[CORPUS_FILE]["platform_training"]
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
