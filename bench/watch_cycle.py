"""Times full watch cycles over many documents served on loopback.

    python bench/watch_cycle.py                 # 500 documents, its own page server
    python bench/watch_cycle.py --count 2000
    python bench/watch_cycle.py --base-url http://127.0.0.1:9000 --count 500

Cycles: `first` (every document new), `unchanged` (conditional GETs answered 304), `changed_5pct`
(5% of the pages changed; needs our own server, or a server with POST /bump?fraction=F), and
`unchanged_no_304` (pages re-sent in full, so every page is extracted and hashed again).
The page server runs in a separate process, so the figures are the watcher's own CPU and memory.
`--workers N` (default 1, as `python -m bot` runs): pages are analysed in N worker processes,
whose CPU is included in cpu_s; `--workers 0`: in threads of this process.
Ends with one JSON line per cycle: cycle, wall_s, cpu_s, rss_mb, docs_per_s, changes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loopback import free_port, peak_rss_mb, serve_forever  # noqa: E402
from bot.adapters.analysis_pool import LazyExtractor, PooledAnalyser  # noqa: E402
from bot.adapters.feeds import FeedparserReader  # noqa: E402
from bot.adapters.http_fetcher import HttpFetcher  # noqa: E402
from bot.adapters.store import SqliteStore  # noqa: E402
from bot.app import POOL_AFTER  # noqa: E402
from bot.domain.models import DocumentSpec  # noqa: E402
from bot.domain.platforms import PlatformDirectory  # noqa: E402
from bot.domain.timeutil import SystemClock  # noqa: E402
from bot.services.metrics import Metrics  # noqa: E402
from bot.services.watch import Outcome, WatchPolicy, WatchService  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PAGE = """<!doctype html><html><head><title>Terms {n}</title>
<script>window.analytics = {{track: function() {{}}}};</script></head>
<body><nav><a href="/">Home</a> <a href="/pricing">Pricing</a> <a href="/login">Log in</a></nav>
<main><article><h1>Terms of Use (document {n})</h1>
{body}
<p>Revision {revision}.</p></article></main>
<footer>© Example Inc. <a href="/privacy">Privacy</a></footer></body></html>"""


def corpus_paragraphs() -> list[list[str]]:
    texts = sorted(CORPUS.glob("*/*/*.md"))
    if not texts:  # outside the project layout: synthetic text of a realistic size
        return [[f"Clause {i}. You keep ownership of your content." for i in range(400)]]
    documents = []
    for path in texts[:40]:
        paragraphs = [
            p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()
        ]
        documents.append(paragraphs)
    return documents


def html_paragraphs(paragraphs: list[str]) -> str:
    out = []
    for p in paragraphs:
        if p.startswith("#"):
            out.append(f"<h2>{p.lstrip('#').strip()}</h2>")
        else:
            safe = p.replace("&", "&amp;").replace("<", "&lt;")
            out.append(f"<p>{safe}</p>")
    return "\n".join(out)


# ---------------------------------------------------------------- page server (own process)


def serve(port: int, count: int, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    sources = [html_paragraphs(p) for p in corpus_paragraphs()]
    revisions = [0] * count
    state = {"conditional": True}

    def body(n: int) -> bytes:
        return PAGE.format(n=n, body=sources[n % len(sources)], revision=revisions[n]).encode()

    async def doc(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        if not 0 <= n < count:
            raise web.HTTPNotFound()
        etag = f'"{n}-{revisions[n]}"'
        if state["conditional"] and request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body(n), content_type="text/html", headers={"ETag": etag})

    async def bump(request: web.Request) -> web.Response:
        fraction = float(request.query.get("fraction", "0.05"))
        chosen = random.Random(len(request.query)).sample(range(count), int(count * fraction))
        for n in chosen:
            revisions[n] += 1
        return web.json_response({"changed": len(chosen)})

    async def conditional(request: web.Request) -> web.Response:
        state["conditional"] = request.query.get("on", "1") == "1"
        return web.json_response(state)

    app = web.Application()
    app.router.add_get("/doc/{n}", doc)
    app.router.add_post("/bump", bump)
    app.router.add_post("/conditional", conditional)

    serve_forever(app, port, ready)


# ---------------------------------------------------------------- the watcher under test


def children_cpu_s() -> float:
    """CPU seconds of this process's live children (the analysis workers) plus reaped ones."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:  # ppid
            total += (int(fields[11]) + int(fields[12])) / ticks
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return total + usage.ru_utime + usage.ru_stime


async def run_cycles(
    base_url: str, count: int, concurrency: int, own_server: bool, workers: int = 1
) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        store = await SqliteStore.open(Path(scratch) / "bench.db")
        specs = [
            DocumentSpec(f"platform{n % 25}", f"doc{n}", f"{base_url}/doc/{n}")
            for n in range(count)
        ]
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            metrics = Metrics()
            fetcher = HttpFetcher(
                session,
                timeout_s=30,
                max_bytes=5_000_000,
                concurrency=concurrency,
                per_host_interval_s=0,
                metrics=metrics,
                allow_private_addresses=True,  # the pages are served on this machine
            )
            extractor = LazyExtractor()
            analyser = PooledAnalyser(extractor, workers=workers, pool_after=POOL_AFTER)
            watch = WatchService(
                store=store,
                fetcher=fetcher,
                extractor=extractor,
                analyser=analyser,
                feed_reader=FeedparserReader(fetcher),
                directory=PlatformDirectory([]),
                documents=specs,
                feeds=[],
                clock=SystemClock(),
                metrics=metrics,
                policy=WatchPolicy(failing_after=3),
            )
            cycles = ["first", "unchanged"]
            if own_server:
                cycles += ["changed_5pct", "unchanged_no_304"]
            for name in cycles:
                if name == "changed_5pct":
                    await session.post(f"{base_url}/bump", params={"fraction": "0.05"})
                if name == "unchanged_no_304":
                    await session.post(f"{base_url}/conditional", params={"on": "0"})
                cpu0, wall0 = time.process_time() + children_cpu_s(), time.perf_counter()
                report = await watch.check_once()
                wall = time.perf_counter() - wall0
                cpu = time.process_time() + children_cpu_s() - cpu0
                failed = report.count(Outcome.FAILED)
                row = {
                    "cycle": name,
                    "wall_s": round(wall, 3),
                    "cpu_s": round(cpu, 3),
                    "rss_mb": round(peak_rss_mb(), 1),
                    "docs_per_s": round(count / wall, 1),
                    "changes": report.count(Outcome.CHANGED),
                    "failed": failed,
                }
                results.append(row)
                print(
                    f"{name:>17}: {count} docs in {wall:6.2f}s = {row['docs_per_s']:7.1f} docs/s,"
                    f" cpu {cpu:6.2f}s, peak rss {row['rss_mb']:6.1f} MB,"
                    f" {row['changes']} changes, {failed} failed",
                    flush=True,
                )
            await analyser.aclose()
        await store.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument(
        "--base-url", help="watch BASE/doc/0 … BASE/doc/N-1 served by another program"
    )
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="analysis worker processes")
    args = parser.parse_args()
    server = None
    base_url = args.base_url
    if base_url is None:
        port = free_port()
        ready = multiprocessing.Event()
        server = multiprocessing.Process(target=serve, args=(port, args.count, ready), daemon=True)
        server.start()
        if not ready.wait(30):
            print("page server did not start", file=sys.stderr)
            return 1
        base_url = f"http://127.0.0.1:{port}"
    print(f"watching {args.count} documents at {base_url}, concurrency {args.concurrency}")
    try:
        rows = asyncio.run(
            run_cycles(
                base_url.rstrip("/"), args.count, args.concurrency, server is not None, args.workers
            )
        )
    finally:
        if server is not None:
            server.terminate()
            server.join(5)
    for row in rows:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
