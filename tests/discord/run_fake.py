"""Run the fake Discord as its own process (for bench/fanout.py): prints {"port": N} and serves
until stdin closes. Statistics: GET /_fake/stats.

    python -m tests.discord.run_fake [--global-limit 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from tests.discord.fake_discord import FakeDiscord


async def serve(global_limit: float | None) -> None:
    fake = FakeDiscord(global_limit=global_limit)
    await fake.start()
    print(json.dumps({"port": fake.port}), flush=True)
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(None, sys.stdin.read)  # until the parent closes our stdin
    finally:
        await fake.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--global-limit", type=float, default=None)
    args = parser.parse_args()
    asyncio.run(serve(args.global_limit))


if __name__ == "__main__":
    main()
