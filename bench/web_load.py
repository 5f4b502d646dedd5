"""Load the status site: many concurrent clients on one page, from a separate process.

    .venv/bin/python -m bench.web_load [--path /] [--connections 100] [--seconds 20]
                                       [--loader auto|wrk|python] [--writes-per-second 0]

Starts the real WebTransport on 127.0.0.1 over a real temporary SQLite database holding the 28
platforms of config.yaml (their documents filled from ../shared/corpus through the real watch
pipeline, plus the curated history), then loads one path with `wrk` (Debian package `wrk`) or,
without it, an aiohttp client in a subprocess. Prints requests/s, latency p50/p99, errors and the
server's RSS before and after, then one JSON line. `--writes-per-second N` records a new event N
times a second during the load (each one changes the data the pages show).

Bounded: at most 1,000 connections and 120 seconds; loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.loopback import free_port
from bot.adapters.web.server import WebTransport
from bot.adapters.web.settings import WebSettings
from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import Change, DocumentSpec, EventSource, PolicyEvent, Verdict

log = logging.getLogger("bench.web_load")
REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
MAX_CONNECTIONS = 1000
MAX_SECONDS = 120.0


# ---------------------------------------------------------------- the server side


def bench_config(folder: Path) -> Config:
    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    data["storage"] = {"path": str(folder / "bench.db")}
    data["history"] = {"path": str(REPO / "bot" / "data" / "history.yaml")}
    data["discord"] = {"enabled": False}
    data["bluesky"] = {"enabled": False}
    data["web"] = {"enabled": False}
    return Config.from_dict(data, base_dir=folder)


def corpus_versions(platform_id: str, kind: str, fallback: list[Path]) -> list[tuple[str, str]]:
    """(date, text) of the document's corpus versions, else two texts from other platforms."""
    folder = CORPUS / platform_id / kind.replace("_", "-")
    files = sorted(folder.glob("????-??-??.md")) if folder.is_dir() else []
    if not files:
        start = sum(map(ord, platform_id + kind)) % len(fallback)
        files = [fallback[start], fallback[(start + 1) % len(fallback)]]
    dated = [(f"2025-0{1 + i}-15", path) for i, path in enumerate(files[-2:])]
    return [(date, path.read_text(encoding="utf-8")) for date, path in dated]


async def populate(app: App, config: Config) -> int:
    fallback = sorted(CORPUS.glob("*/*/????-??-??.md"))
    watch = app.services.watch
    count = 0
    for platform in config.platforms:
        for document in platform.documents:
            spec = DocumentSpec(platform.id, document.kind, document.url)
            for date, text in corpus_versions(platform.id, document.kind, fallback):
                await watch.ingest_version(spec, text, source=EventSource.REPLAY, version_date=date)
                count += 1
    return count


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def write_events(app: App, per_second: float, stop: asyncio.Event) -> int:
    """Record a new (AI-relevant) event every 1/per_second s: each changes what pages show."""
    written = 0
    platform = app.services.directory.all()[0]
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1 / per_second)
        if stop.is_set():
            break
        written += 1
        event = PolicyEvent(
            id=None,
            platform_id=platform.id,
            document_kind="terms_of_service",
            url=platform.documents[0].url if platform.documents else "",
            occurred_at=f"2026-01-01T00:00:{written % 60:02d}Z",
            detected_at="2026-01-01T00:00:00Z",
            source=EventSource.FEED,
            change=Change(
                True, Verdict(), Verdict(), (f"bench clause {written}",), (), f"bench {written}"
            ),
        )
        await app.services.store.record_event(event)
    return written


async def serve_and_load(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="tw-web-load-"))
    try:
        config = bench_config(folder)
        options = AppOptions(transports=False)
        async with App(config, {}, options=options, console=io.StringIO()) as app:
            started = time.perf_counter()
            versions = await populate(app, config)
            events = len(await app.services.store.events(limit=10_000))
            print(
                f"database: {len(config.platforms)} platforms, {versions} document versions, "
                f"{events} events ({time.perf_counter() - started:.1f}s to fill)",
                flush=True,
            )
            port = free_port()
            transport = WebTransport(
                app.services, WebSettings(enabled=True, host="127.0.0.1", port=port)
            )
            stop = asyncio.Event()
            server = asyncio.create_task(transport.run(stop))
            for _ in range(500):
                if transport.status()["connected"]:
                    break
                await asyncio.sleep(0.02)
            url = f"http://127.0.0.1:{port}{args.path}"
            warm = await run_loader(args.loader, url, 1, 2.0)  # first render, imports
            if warm["errors"] or not warm["requests"]:
                raise SystemExit(f"warm-up failed: {warm}")
            rss_before = rss_mb()
            writer_stop = asyncio.Event()
            writer = (
                asyncio.create_task(write_events(app, args.writes_per_second, writer_stop))
                if args.writes_per_second > 0
                else None
            )
            cpu_before = time.process_time()
            result = await run_loader(args.loader, url, args.connections, args.seconds)
            server_cpu = time.process_time() - cpu_before
            writer_stop.set()
            written = await writer if writer else 0
            rss_after = rss_mb()
            stop.set()
            await server
        return {
            "path": args.path,
            "connections": args.connections,
            "seconds": args.seconds,
            **result,
            "server_cpu_s": round(server_cpu, 2),
            "events_written": written,
            "rss_before_mb": round(rss_before, 1),
            "rss_after_mb": round(rss_after, 1),
            "rss_growth_mb": round(rss_after - rss_before, 1),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- the load side


async def run_loader(loader: str, url: str, connections: int, seconds: float) -> dict[str, Any]:
    """Runs the load generator as a separate process; the server keeps serving meanwhile."""
    if loader == "wrk":
        threads = str(min(2, connections))
        command = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{seconds:g}s"]
        command += ["--latency", "--timeout", "30s", url]
    else:
        command = [sys.executable, "-m", "bench.web_load", "--client", url]
        command += ["--connections", str(connections), "--seconds", str(seconds)]
    process = await asyncio.create_subprocess_exec(
        *command,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    out, err = await asyncio.wait_for(process.communicate(), seconds + 60)
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {err.decode(errors='replace')[-500:]}")
    text = out.decode()
    log.debug("%s said:\n%s", command[0], text)
    if loader == "wrk":
        return parse_wrk(text)
    return dict(json.loads(text.strip().splitlines()[-1]))


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", value).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def parse_wrk(text: str) -> dict[str, Any]:
    requests = int(re.search(r"(\d+) requests in", text).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", text, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "loader": "wrk",
        "requests": requests,
        "requests_per_s": round(rps, 1),
        "p50_ms": round(_ms(percentiles["50"]), 2),
        "p99_ms": round(_ms(percentiles["99"]), 2),
        "errors": errors,
    }


async def client(url: str, connections: int, seconds: float) -> dict[str, Any]:
    """The fallback loader: `connections` keep-alive clients, each one request at a time."""
    import aiohttp

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                async with session.get(url) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
            except (aiohttp.ClientError, TimeoutError):
                errors += 1
            latencies.append((time.perf_counter() - start) * 1000)

    connector = aiohttp.TCPConnector(limit=connections)
    timeout = aiohttp.ClientTimeout(total=10)
    started = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(worker(session) for _ in range(connections)))
    wall = time.perf_counter() - started
    latencies.sort()

    def pick(q: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 2)

    return {
        "loader": "python",
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / wall, 1),
        "p50_ms": pick(0.50) if latencies else 0.0,
        "p99_ms": pick(0.99) if latencies else 0.0,
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--path", default="/", help="the page to load (default /)")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--loader", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--writes-per-second", type=float, default=0.0)
    parser.add_argument("--client", metavar="URL", help=argparse.SUPPRESS)  # the python loader
    args = parser.parse_args()
    if not 1 <= args.connections <= MAX_CONNECTIONS:
        parser.error(f"--connections must be 1..{MAX_CONNECTIONS}")
    if not 0.5 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be 0.5..{MAX_SECONDS:g}")
    if not 0 <= args.writes_per_second <= 100:
        parser.error("--writes-per-second must be 0..100")
    if args.client:
        if not args.client.startswith("http://127.0.0.1:"):
            parser.error("--client loads loopback URLs only")
        print(json.dumps(asyncio.run(client(args.client, args.connections, args.seconds))))
        return 0
    if not args.path.startswith("/"):
        parser.error("--path must start with /")
    if args.loader == "auto":
        args.loader = "wrk" if shutil.which("wrk") else "python"
    logging.basicConfig(level=logging.DEBUG if os.environ.get("BENCH_DEBUG") else logging.WARNING)
    result = asyncio.run(serve_and_load(args))
    print(
        f"{result['path']}: {result['connections']} clients for {result['seconds']:g}s "
        f"({result['loader']}): {result['requests_per_s']:.0f} requests/s, "
        f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
        f"{result['errors']} errors; server CPU {result['server_cpu_s']:.1f}s; "
        f"RSS {result['rss_before_mb']:.0f} → {result['rss_after_mb']:.0f} MB "
        f"({result['rss_growth_mb']:+.1f})"
        + (f"; {result['events_written']} events written" if result["events_written"] else "")
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
