"""How long a Bluesky mention waits for its answer, against the real @atproto/dev-env.

    .venv/bin/python -m bench.bluesky_latency [--mentions 20] [--max-gap 10] [--seed 1]

Starts the dev-env (PLC + PDS + AppView on 127.0.0.1, a throwaway Postgres; see
tests/bluesky/devnet.py), the real App with only its Bluesky transport at the DEFAULT polling
settings, and an "artist" account that mentions the bot N times at random gaps (uniform between 0
and --max-gap seconds, so both the idle and the busy pace are measured). Latency is the time from
the mention's createRecord returning to the bot's reply record existing in the bot's repository
on the PDS (read with com.atproto.repo.listRecords every 100 ms). Prints each latency, then the
median, p95 and max, the bot's listNotifications reads per minute, and one JSON line. Bounded:
at most 100 mentions, 60 s of waiting for any one answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.app import App  # noqa: E402
from bot.config import Config  # noqa: E402
from tests.bluesky.conftest import bluesky_of, repo_platforms  # noqa: E402
from tests.bluesky.devnet import Account, DevNetwork  # noqa: E402

log = logging.getLogger("bench.bluesky_latency")
ANSWER_TIMEOUT_S = 60.0
QUESTIONS = (
    "is soundcloud training on my music?",
    "does bandcamp use my songs for AI",
    "spotify AI training?",
    "is youtube training AI on my videos",
)


def replies_by_parent(devnet: DevNetwork, bot: Account) -> dict[str, float]:
    """{mention uri: first seen time} for every reply record in the bot's repository."""
    assert bot.client is not None
    found: dict[str, float] = {}
    cursor = None
    for _ in range(5):  # newest first; a few pages cover a bench run
        params: dict[str, Any] = {
            "repo": bot.did,
            "collection": "app.bsky.feed.post",
            "limit": 100,
        }
        if cursor:
            params["cursor"] = cursor
        page = bot.client.com.atproto.repo.list_records(params)
        for record in page.records:
            reply = getattr(record.value, "reply", None)
            if reply is not None:
                found.setdefault(reply.parent.uri, time.monotonic())
        cursor = page.cursor
        if not cursor or len(page.records) < 100:
            break
    return found


async def wait_for_answer(devnet: DevNetwork, bot: Account, uri: str) -> float:
    deadline = time.monotonic() + ANSWER_TIMEOUT_S
    while time.monotonic() < deadline:
        seen = await asyncio.to_thread(replies_by_parent, devnet, bot)
        if uri in seen:
            return time.monotonic()
        await asyncio.sleep(0.1)
    raise TimeoutError(f"no answer to {uri} within {ANSWER_TIMEOUT_S:.0f} s")


async def measure(devnet: DevNetwork, mentions: int, max_gap: float, seed: int) -> dict[str, Any]:
    bot = devnet.create_account("termswatch", app_password=True)
    artist = devnet.create_account("artist")
    with tempfile.TemporaryDirectory(prefix="termswatch-bench-") as scratch:
        data = {
            "storage": {"path": str(Path(scratch) / "termswatch.db")},
            "watch": {"interval_seconds": 86400},
            "history": {"path": str(REPO / "bot/data/history.yaml")},
            "platforms": repo_platforms(),
            "discord": {"enabled": False},
            "web": {"enabled": False},
            "bluesky": {"service": devnet.pds, "announce": False},  # default polling
        }
        config = Config.from_dict(data, base_dir=Path(scratch))
        env = {"BLUESKY_HANDLE": bot.handle, "BLUESKY_APP_PASSWORD": bot.app_password}
        async with App(config, env) as app:
            transport = bluesky_of(app)
            polls = 0
            cycle = transport.cycle

            async def counted_cycle() -> int:
                nonlocal polls
                polls += 1
                return await cycle()

            transport.cycle = counted_cycle  # type: ignore[method-assign]
            stop = asyncio.Event()
            runner = asyncio.create_task(transport.run(stop))
            await transport.connect()
            rng = random.Random(seed)
            latencies: list[float] = []
            started = time.monotonic()
            for index in range(mentions):
                await asyncio.sleep(rng.uniform(0, max_gap))
                question = QUESTIONS[index % len(QUESTIONS)]
                uri = await asyncio.to_thread(devnet.mention, artist, bot, question)
                sent = time.monotonic()
                answered = await wait_for_answer(devnet, bot, uri)
                latencies.append(answered - sent)
                print(f"mention {index + 1:3d}: answered in {answered - sent:5.2f} s", flush=True)
            elapsed = time.monotonic() - started
            stop.set()
            await asyncio.wait_for(runner, 30)
    latencies.sort()
    return {
        "mentions": mentions,
        "median_s": round(statistics.median(latencies), 2),
        "p95_s": round(latencies[max(0, round(0.95 * len(latencies)) - 1)], 2),
        "max_s": round(latencies[-1], 2),
        "polls_per_minute": round(polls / elapsed * 60, 1),
        "poll_interval_seconds": config.bluesky.poll_interval_seconds,
        "min_poll_interval_seconds": config.bluesky.min_poll_interval_seconds,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=20)
    parser.add_argument("--max-gap", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not 1 <= args.mentions <= 100:
        parser.error("--mentions must be between 1 and 100")
    logging.basicConfig(level=logging.WARNING)
    devnet = DevNetwork()
    try:
        devnet.start()
        result = asyncio.run(measure(devnet, args.mentions, args.max_gap, args.seed))
    finally:
        devnet.close()
    print(
        f"\n{result['mentions']} mentions: median {result['median_s']} s, p95 {result['p95_s']} s,"
        f" max {result['max_s']} s; {result['polls_per_minute']} listNotifications polls/minute"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
