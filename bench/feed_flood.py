"""A flood of new entries in one change feed, all on one host, through the real App.

    python bench/feed_flood.py                    # 10,000 entries, 2 s per-host interval
    python bench/feed_flood.py --entries 20000 --interval 2

The feed and its version pages are served by a separate process on 127.0.0.1, so the figures
are the watcher's own. First a baseline cycle (one entry), then N new entries appear at once.
Reading them one by one would take N x interval (10,000 x 2 s = 5.5 hours); the watcher fetches
at most FeedPolicy.max_versions_per_cycle of the newest and records the others as superseded.
Ends with one JSON line: entries, recorded, fetched, events, wall_s, cpu_s, peak_rss_mb, ...
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loopback import free_port, peak_rss_mb, serve_forever  # noqa: E402
from bot.app import App, AppOptions  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.domain.timeutil import iso  # noqa: E402
from bot.services.feed_watch import FeedPolicy  # noqa: E402
from tests.conftest import config_dict  # noqa: E402


def serve(port: int, entries: int, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    state = {"count": 1, "hits": 0}
    start = datetime.now(UTC) - timedelta(days=60)
    base = f"http://127.0.0.1:{port}"

    def atom() -> bytes:
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<id>tag:bench,2026:feed</id><title>Changes</title>"
            "<updated>2026-01-01T00:00:00Z</updated>"
        ]
        for n in range(state["count"] - 1, -1, -1):  # newest first
            parts.append(
                f"<entry><id>tag:bench,2026:e{n}</id><title>Record new changes</title>"
                f'<link rel="alternate" href="{base}/v/{n}"/>'
                f"<updated>{iso(start + timedelta(minutes=n))}</updated></entry>"
            )
        parts.append("</feed>")
        return "".join(parts).encode()

    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=atom(), content_type="application/atom+xml")

    async def version(request: web.Request) -> web.Response:
        state["hits"] += 1
        n = request.match_info["n"]
        text = f"# Terms\n\nThis is revision {n} of the terms.\n\nYou keep your rights.\n"
        return web.Response(text=text, content_type="text/markdown")

    async def flood(request: web.Request) -> web.Response:
        state["count"] = entries + 1
        return web.Response(text="ok")

    async def hits(request: web.Request) -> web.Response:
        return web.Response(text=str(state["hits"]))

    app = web.Application()
    app.router.add_get("/feed.atom", feed)
    app.router.add_get("/v/{n}", version)
    app.router.add_post("/flood", flood)
    app.router.add_get("/hits", hits)
    serve_forever(app, port, ready)


async def run(base: str, entries: int, interval: float) -> dict[str, object]:
    data = config_dict(feeds=[{"url": f"{base}/feed.atom", "platform": "soundcloud"}])
    for platform in data["platforms"]:
        platform["documents"] = []
    data["watch"].update(per_host_interval_seconds=interval, max_bytes=50_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.from_dict(data, base_dir=Path(tmp))
        options = AppOptions(transports=False)
        async with (
            App(config, {}, options=options, console=io.StringIO()) as app,
            aiohttp.ClientSession() as session,
        ):
            await app.services.watch.check_once()  # baseline: one entry
            await (await session.post(f"{base}/flood")).release()
            rss_before = peak_rss_mb()
            wall, cpu = time.monotonic(), time.process_time()
            report = await app.services.watch.check_once()
            wall, cpu = time.monotonic() - wall, time.process_time() - cpu
            async with session.get(f"{base}/hits") as response:
                fetched = int(await response.text()) - 1  # minus the baseline's
            progress = await app.services.store.feed_entries(f"{base}/feed.atom")
    return {
        "entries": entries,
        "recorded": len(progress) - 1,
        "fetched": fetched,
        "events": len(report.events),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_growth_mb": round(peak_rss_mb() - rss_before, 1),
        "per_host_interval_s": interval,
        "max_versions_per_cycle": FeedPolicy().max_versions_per_cycle,
        "one_by_one_s": round(entries * interval),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=2.0)
    args = parser.parse_args()
    port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, args.entries, ready), daemon=True)
    server.start()
    try:
        ready.wait(30)
        result = asyncio.run(run(f"http://127.0.0.1:{port}", args.entries, args.interval))
    finally:
        server.terminate()
        server.join(5)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
