"""Fan one event out to N Discord channels against the fake Discord enforcing a global limit.

    .venv/bin/python -m bench.fanout [--channels 2000] [--limit 200]

Runs the real App (SQLite outbox, FanoutService, DiscordTransport with unmodified discord.py)
against tests/discord/fake_discord.py, run as its own process on 127.0.0.1, with the bot's
limiter set to the same rate as the fake's global limit. Prints deliveries/s as a ratio of the
limit, the 429s received, the bot's CPU per delivery and peak memory (ru_maxrss of the bot
process), then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bot.app import App
from bot.config import Config
from bot.domain.models import (
    Change,
    EventSource,
    Medium,
    PlatformTraining,
    PolicyEvent,
    Subscription,
    Verdict,
)

log = logging.getLogger("bench.fanout")
REPO = Path(__file__).resolve().parent.parent


def config(folder: Path, limit: float, batch: int) -> Config:
    return Config.from_dict(
        {
            "storage": {"path": str(folder / "bench.db")},
            "watch": {"interval_seconds": 86400},
            "fanout": {"interval_seconds": 0.05, "batch_size": batch, "max_attempts": 8},
            "platforms": [{"id": "soundcloud", "name": "SoundCloud", "documents": []}],
            "discord": {"enabled": True, "rate_limit_per_second": limit},
            "bluesky": {"enabled": False},
            "web": {"enabled": False},
        },
        base_dir=folder,
    )


def event() -> PolicyEvent:
    change = Change(
        True,
        Verdict(),
        Verdict(PlatformTraining.YES),
        (
            "You explicitly agree that your Content may be used to inform, train, develop or serve "
            "as input to artificial intelligence or machine intelligence technologies.",
        ),
        (),
        "SoundCloud's terms now say your uploads may be used to train AI.",
    )
    return PolicyEvent(
        "soundcloud",
        "terms_of_service",
        "https://soundcloud.com/terms-of-use",
        "2024-02-07",
        EventSource.FEED,
        change,
        title="SoundCloud terms changed",
    )


class FakeProcess:
    """The fake Discord in its own process, so it does not share the bot's event loop or CPU."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.proc: asyncio.subprocess.Process | None = None
        self.port = 0

    async def __aenter__(self) -> FakeProcess:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.discord.run_fake",
            "--global-limit",
            str(self.limit),
            cwd=str(REPO),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        line = await asyncio.wait_for(self.proc.stdout.readline(), 60)
        self.port = int(json.loads(line)["port"])
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()

    async def stats(self, session: aiohttp.ClientSession) -> dict[str, int]:
        async with session.get(f"http://127.0.0.1:{self.port}/_fake/stats") as response:
            return dict(await response.json())


async def wait_connected(app: App, wait_s: float = 60.0) -> None:
    deadline = time.monotonic() + wait_s
    while not all(t.status()["connected"] for t in app.transports):
        if time.monotonic() > deadline:
            raise TimeoutError("the bot did not connect to the fake Discord")
        await asyncio.sleep(0.05)


async def bench(channels: int, limit: float, batch: int) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="tw-bench-"))
    async with FakeProcess(limit) as fake, aiohttp.ClientSession() as session:
        env = {
            "DISCORD_TOKEN": "bench",
            "TERMSWATCH_DISCORD_API_BASE": f"http://127.0.0.1:{fake.port}/api/v10",
            "TERMSWATCH_DISCORD_GATEWAY": f"ws://127.0.0.1:{fake.port}/gateway",
        }
        async with App(config(folder, limit, batch), env) as app:
            stop = asyncio.Event()
            tasks = [asyncio.create_task(t.run(stop)) for t in app.transports]
            await wait_connected(app)
            store = app.services.store
            for i in range(channels):
                await store.add_subscription(
                    Subscription(
                        Medium.DISCORD_CHANNEL, str(10_000 + i), "soundcloud", guild_id="1"
                    )
                )
            event_id = await store.record_event(event())
            assert event_id is not None
            before = await fake.stats(session)
            started = time.perf_counter()
            cpu_before = time.process_time()
            report = await app.services.fanout.drain_all()
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_before
            after = await fake.stats(session)
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
    rate = report.sent / elapsed if elapsed else 0.0
    return {
        "channels": channels,
        "limit_per_s": limit,
        "sent": report.sent,
        "posted_at_fake": after["messages"] - before["messages"],
        "requests": after["message_posts"] - before["message_posts"],
        "seconds": round(elapsed, 2),
        "deliveries_per_s": round(rate, 1),
        "ratio_of_limit": round(rate / limit, 3),
        "cpu_ms_per_delivery": round(1000 * cpu / max(1, report.sent), 2),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "http_429": after["rate_limited"],
        "max_requests_in_any_1s": after["max_in_any_1s"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=2000)
    parser.add_argument("--limit", type=float, default=200.0, help="global requests/s")
    parser.add_argument("--batch", type=int, default=100, help="fanout.batch_size")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    result = asyncio.run(bench(args.channels, args.limit, args.batch))
    print(f"delivered {result['sent']}/{result['channels']} in {result['seconds']} s")
    print(
        f"deliveries/s: {result['deliveries_per_s']} = {result['ratio_of_limit']:.1%} of the "
        f"{result['limit_per_s']:g}/s limit"
    )
    print(
        f"429s received: {result['http_429']}; most requests in any 1 s window: "
        f"{result['max_requests_in_any_1s']}"
    )
    print(
        f"bot CPU per delivery: {result['cpu_ms_per_delivery']} ms; "
        f"load average: {result['load_avg_1m']}"
    )
    print(f"peak memory of the bot process (maxrss): {result['peak_rss_mb']} MB")
    print(json.dumps(result))
    return 0 if result["sent"] == result["channels"] else 1


if __name__ == "__main__":
    sys.exit(main())
