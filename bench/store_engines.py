"""Times the store's busiest paths on each engine: SQLite (a temporary file) and PostgreSQL.

    python bench/store_engines.py                       # starts a throwaway PostgreSQL cluster
    python bench/store_engines.py --url postgresql://…  # an existing, EMPTY database
    python bench/store_engines.py --events 500 --subscribers 200

Per engine: `record_event` with one outbox row per subscriber, `claim_due` + `mark_sent` of every
row in batches of 100, and `events()` reads. Ends with one JSON line per engine: engine,
record_events_per_s, deliveries_per_s, reads_per_s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.store import SqlStore  # noqa: E402
from bot.domain.models import (  # noqa: E402
    ALL_PLATFORMS,
    Change,
    EventSource,
    Medium,
    PlatformTraining,
    PolicyEvent,
    Subscription,
    Verdict,
)
from tests.pg import Postgres  # noqa: E402

NOW = "2099-01-01T00:00:00.000000Z"


def event(n: int) -> PolicyEvent:
    change = Change(True, Verdict(), Verdict(PlatformTraining.YES), ("c",), (), f"change {n}")
    url = "https://example.com/terms"
    return PolicyEvent(
        "soundcloud", "terms_of_service", url, f"2024-{n:06d}", EventSource.WATCH, change
    )


async def run(target: str, engine: str, events: int, subscribers: int) -> dict[str, object]:
    async with await SqlStore.open(target) as store:
        for n in range(subscribers):
            await store.add_subscription(
                Subscription(Medium.DISCORD_CHANNEL, str(n), ALL_PLATFORMS)
            )
        started = time.perf_counter()
        for n in range(events):
            await store.record_event(event(n))
        recorded = time.perf_counter() - started
        started, sent = time.perf_counter(), 0
        while rows := await store.claim_due(NOW, 100, [Medium.DISCORD_CHANNEL]):
            for row in rows:
                await store.mark_sent(row.id, "x", NOW)
            sent += len(rows)
        delivered = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(200):
            await store.events(limit=50)
        read = time.perf_counter() - started
    return {
        "engine": engine,
        "record_events_per_s": round(events / recorded, 1),
        "deliveries_per_s": round(sent / delivered, 1),
        "reads_per_s": round(200 / read, 1),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway one)")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--subscribers", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        os.chmod(root, 0o755)  # PostgreSQL runs as another user when we are root
        results = [await run(str(root / "bench.db"), "sqlite", args.events, args.subscribers)]
        server = None
        url = args.url
        if url is None:
            (root / "pg").mkdir()
            server = Postgres(root / "pg")
            server.start()
            url = server.create_database("bench")
        try:
            results.append(await run(url, "postgres", args.events, args.subscribers))
        finally:
            if server is not None:
                server.stop()
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
