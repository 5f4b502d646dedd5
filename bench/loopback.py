"""What the benches share: a free port on 127.0.0.1, an aiohttp app served there until the
process is killed (the fake upstream runs in its own process), and this process's peak RSS."""

from __future__ import annotations

import asyncio
import logging
import resource
import socket
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_forever(app: web.Application, port: int, ready: Any) -> None:
    """Serve `app` on 127.0.0.1:`port`, set `ready` (a multiprocessing.Event), never return."""

    async def main() -> None:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (ru_maxrss), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
