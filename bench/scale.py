"""One event to 20,000 Discord channels from three bot processes sharing one PostgreSQL, with
the fan-out holder killed (SIGKILL) part-way.

    .venv/bin/python -m bench.scale [--channels 20000] [--limit 150] [--processes 3]

A throwaway PostgreSQL cluster (tests/pg.py), the fake Discord in its own process enforcing a
global limit of `--limit` requests/s (bench/fanout.py's FakeProcess), and `--processes` real
`python -m bot run` processes (tests/discord/processes.py) with `discord.rate_limit_per_second`
set to the same limit, which they share through the database. Prints the fan-out rate of each
holder as a fraction of the limit, 429s, duplicates, lost posts, the takeover time after the
kill and each process's peak RSS, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.fanout import FakeProcess, event
from bench.loopback import free_port
from bot.adapters.store import SqlStore
from bot.domain.models import Medium, Platform
from bot.domain.timeutil import SystemClock, iso
from tests.discord.processes import BotProcess, Fleet, bot_config
from tests.pg import Postgres

log = logging.getLogger("bench.scale")
FIRST_CHANNEL = 10_000


def platforms(port: int) -> list[dict[str, object]]:
    """One document to watch (the fake answers 404: the watcher only logs it)."""
    url = f"http://127.0.0.1:{port}/terms"
    document = {"kind": "terms_of_service", "url": url}
    return [{"id": "soundcloud", "name": "SoundCloud", "documents": [document]}]


async def prepare(url: str, channels: int) -> None:
    """The subscriptions in one transaction, then the event (its outbox rows) in another."""
    store = await SqlStore.open(url)
    try:
        await store.sync_platforms([Platform("soundcloud", "SoundCloud")])
        now = iso(SystemClock().now())
        async with store.database.transaction() as db:
            await db.executemany(
                "INSERT INTO subscriptions (medium, target, platform_id, only_ai_changes,"
                " guild_id, created_at, ping_role_id) VALUES (?, ?, ?, 1, ?, ?, '')",
                (
                    (Medium.DISCORD_CHANNEL.value, str(FIRST_CHANNEL + i), "soundcloud", "1", now)
                    for i in range(channels)
                ),
            )
        assert await store.record_event(event()) is not None
    finally:
        await store.close()


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a live process (its peak resident memory so far), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """user + system CPU time of a live process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    at: float
    messages: int


def rate_between(samples: list[Sample], start: float, end: float) -> float:
    """Messages/s from the first sample with growth after `start` to the last before `end`."""
    inside = [s for s in samples if start <= s.at <= end]
    first = next((i for i in range(1, len(inside)) if inside[i].messages > inside[0].messages), 0)
    if first == 0:
        return 0.0
    a, b = inside[first - 1], inside[-1]
    return (b.messages - a.messages) / (b.at - a.at) if b.at > a.at else 0.0


async def bench(channels: int, limit: float, processes: int, kill_at: float) -> dict[str, object]:
    root = Path(tempfile.mkdtemp(prefix="tw-scale-"))
    os.chmod(root, 0o755)
    (root / "pg").mkdir()
    server = Postgres(root / "pg")
    server.start()
    try:
        url = server.create_database("scale")
        await prepare(url, channels)
        async with FakeProcess(limit) as fake, aiohttp.ClientSession() as session:
            env = {
                "DISCORD_TOKEN": "bench",
                "TERMSWATCH_DISCORD_API_BASE": f"http://127.0.0.1:{fake.port}/api/v10",
                "TERMSWATCH_DISCORD_GATEWAY": f"ws://127.0.0.1:{fake.port}/gateway",
            }
            fleet = Fleet(url, env)
            try:
                return await run(fleet, fake, session, root, channels, limit, processes, kill_at)
            except BaseException:
                print(fleet.logs(), file=sys.stderr)
                raise
            finally:
                await fleet.stop()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


async def run(
    fleet: Fleet,
    fake: FakeProcess,
    session: aiohttp.ClientSession,
    root: Path,
    channels: int,
    limit: float,
    processes: int,
    kill_at: float,
) -> dict[str, object]:
    for i in range(processes):
        config = bot_config(
            root / f"p{i}",
            platforms=platforms(fake.port),
            rate=limit,
            web_port=free_port(),
            fanout={"interval_seconds": 0.05, "batch_size": 200, "max_attempts": 8},
        )
        await fleet.launch(config, root / f"bot{i}.log")
    rss: dict[int, float] = {}
    cpu: dict[int, float] = {}
    samples: list[Sample] = []
    killed: BotProcess | None = None
    killed_at = takeover_at = first_post_after = 0.0
    deadline = time.monotonic() + 120 + 3 * channels / limit
    holder = await fleet.wait_for_holder("fanout", 120)
    while time.monotonic() < deadline:
        stats = await fake.stats(session)
        now = time.monotonic()
        samples.append(Sample(now, stats["messages"]))
        for process in fleet.processes:
            if process.alive():
                rss[process.index] = max(rss.get(process.index, 0.0), peak_rss_mb(process.pid))
                cpu[process.index] = max(cpu.get(process.index, 0.0), cpu_seconds(process.pid))
        if killed is None and stats["messages"] >= kill_at * channels:
            killed, killed_at = holder, time.monotonic()
            await fleet.kill(holder)
            holder = await fleet.wait_for_holder("fanout", 60, other_than=killed)
            takeover_at = time.monotonic()
            continue
        if killed is not None and not first_post_after and stats["messages"] > samples[-2].messages:
            first_post_after = now
        if stats["channels_posted"] >= channels:
            break
        await asyncio.sleep(0.25)
    finished_at = time.monotonic()
    for process in fleet.processes:
        if process.alive():
            cpu[process.index] = max(cpu.get(process.index, 0.0), cpu_seconds(process.pid))
    await asyncio.sleep(2.0)  # a duplicate would arrive by now
    stats = await fake.stats(session)
    before = rate_between(samples, 0.0, killed_at) if killed else 0.0
    after = rate_between(samples, takeover_at if killed else 0.0, finished_at)
    return {
        "channels": channels,
        "processes": processes,
        "limit_per_s": limit,
        "posted": stats["channels_posted"],
        "duplicates": stats["messages"] - stats["channels_posted"],
        "lost": channels - stats["channels_posted"],
        "deduplicated_by_nonce": stats["deduplicated"],
        "http_429": stats["rate_limited"],
        "max_requests_in_any_1s": stats["max_in_any_1s"],
        "rate_first_holder_per_s": round(before, 1),
        "ratio_first_holder": round(before / limit, 3),
        "rate_second_holder_per_s": round(after, 1),
        "ratio_second_holder": round(after / limit, 3),
        "killed_at_posts": round(kill_at * channels),
        "takeover_s": round(takeover_at - killed_at, 1) if killed else None,
        "first_post_after_kill_s": round(first_post_after - killed_at, 1) if killed else None,
        "peak_rss_mb": {f"p{i}": round(v, 1) for i, v in sorted(rss.items())},
        "cpu_s": {f"p{i}": round(v, 1) for i, v in sorted(cpu.items())},
        "cpu_ms_per_post_all_processes": round(1000 * sum(cpu.values()) / max(1, channels), 2),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=20_000)
    parser.add_argument("--limit", type=float, default=150.0, help="global requests/s")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--kill-at", type=float, default=0.3, help="fraction posted at the kill")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    r = asyncio.run(bench(args.channels, args.limit, args.processes, args.kill_at))
    print(f"posted {r['posted']}/{r['channels']} channels from {r['processes']} processes")
    print(
        f"fan-out rate: first holder {r['rate_first_holder_per_s']}/s"
        f" = {r['ratio_first_holder']:.1%}, after the takeover {r['rate_second_holder_per_s']}/s"
        f" = {r['ratio_second_holder']:.1%} of the {r['limit_per_s']:g}/s global limit"
    )
    print(
        f"429s: {r['http_429']}; duplicates: {r['duplicates']}; lost: {r['lost']};"
        f" re-sends absorbed by the nonce: {r['deduplicated_by_nonce']};"
        f" most requests in any 1 s: {r['max_requests_in_any_1s']}"
    )
    print(
        f"takeover after kill -9 of the fan-out holder: {r['takeover_s']} s"
        f" (first post after the kill: {r['first_post_after_kill_s']} s)"
    )
    print(f"peak RSS per process: {r['peak_rss_mb']} MB; load average {r['load_avg_1m']}")
    print(
        f"CPU seconds per process: {r['cpu_s']}"
        f" ({r['cpu_ms_per_post_all_processes']} ms per post, all processes)"
    )
    print(json.dumps(r))
    ok = r["lost"] == 0 and r["duplicates"] == 0 and r["http_429"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
