"""Another process holds the database for 12 s while 200 pages change: each change is announced
once (one event, one outbox row per subscription), and a failed cycle leaves no task behind."""

from __future__ import annotations

import asyncio
import io
import logging
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web

from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import ALL_PLATFORMS, Medium, Subscription
from bot.domain.timeutil import iso
from bot.services.watch import Outcome
from tests.conftest import REPO, config_dict
from tests.loopback import serving

PAGES = 200
LOCK_SECONDS = 12.0
HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def page(index: int, version: int) -> str:
    lines = [
        f"<h1>Terms of Use of Platform {index}</h1>",
        f"<p>Platform {index} lets you upload music and share it with your listeners.</p>",
        "<p>You keep the rights to your content. You grant us a licence to host and stream it.</p>",
    ]
    if version >= 2:
        lines.append(
            f"<p>Platform {index} may use your content to train artificial intelligence models"
            " and machine learning systems.</p>"
        )
    return f"<html><body><main>{''.join(lines)}</main></body></html>"


@dataclass
class Site:
    base: str
    version: int = 1


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    state = Site("")

    async def doc(request: web.Request) -> web.Response:
        index = int(request.match_info["index"])
        return web.Response(text=page(index, state.version), content_type="text/html")

    app = web.Application()
    app.router.add_get("/doc/{index}", doc)
    async with serving(app) as state.base:
        yield state


def many_pages_config(tmp_path: Path, base: str) -> Config:
    data = config_dict()
    data["watch"].update(interval_seconds=1, concurrency=8, failing_after=100)
    data["platforms"] = [
        {
            "id": f"p{i:03d}",
            "name": f"Platform {i}",
            "documents": [{"kind": "terms_of_service", "url": f"{base}/doc/{i}"}],
        }
        for i in range(PAGES)
    ]
    return Config.from_dict(data, base_dir=tmp_path)


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def runs_bot_code(task: asyncio.Task[object]) -> bool:
    code = getattr(task.get_coro(), "cr_code", None)
    return code is not None and Path(code.co_filename).is_relative_to(REPO / "bot")


async def counts(db: Path) -> tuple[int, list[tuple[int, int]]]:
    def read() -> tuple[int, list[tuple[int, int]]]:
        with sqlite3.connect(db) as connection:
            events = connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            per_event = connection.execute(
                "SELECT e.id, COUNT(d.id) FROM events e LEFT JOIN deliveries d ON d.event_id = e.id"
                " GROUP BY e.id"
            ).fetchall()
        return int(events), [(int(a), int(b)) for a, b in per_event]

    return await asyncio.to_thread(read)


async def test_a_locked_database_during_200_changes_announces_each_once(
    tmp_path: Path, site: Site
) -> None:
    started = time.monotonic()
    errors = ErrorLog()
    logging.getLogger("bot.services.watch").addHandler(errors)
    config = many_pages_config(tmp_path, site.base)
    db = config.storage.path
    console = io.StringIO()
    async with App(config, {}, options=AppOptions(transports=False), console=console) as app:
        services = app.services
        # A second subscriber (a Discord channel following everything): one outbox row each.
        await services.store.add_subscription(
            Subscription(Medium.DISCORD_CHANNEL, "42", ALL_PLATFORMS)
        )
        baseline = await services.watch.check_once()
        assert baseline.count(Outcome.BASELINE) == PAGES

        site.version = 2  # every page changes: an AI training clause is added
        holder = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            HOLDER,
            str(db),
            str(LOCK_SECONDS),
            stdout=asyncio.subprocess.PIPE,
        )
        assert holder.stdout is not None
        assert await asyncio.wait_for(holder.stdout.readline(), 10) == b"locked\n"
        locked_at = time.monotonic()

        stop = asyncio.Event()
        tasks_before = asyncio.all_tasks()
        runner = asyncio.create_task(services.watch.run(stop))  # the watch loop, as `run` runs it
        try:
            assert await asyncio.wait_for(holder.wait(), LOCK_SECONDS + 10) == 0
            released = iso(services.clock.now())
            assert time.monotonic() - locked_at >= LOCK_SECONDS - 0.5
            # Wait for a whole cycle that started after the lock went away, then one more.
            deadline = time.monotonic() + 60
            after_release = None
            while time.monotonic() < deadline:
                report = services.watch.last_report
                if report is not None and report.started_at > released:
                    if after_release is None:
                        after_release = report
                    elif report is not after_release:
                        break
                await asyncio.sleep(0.1)
            else:
                pytest.fail("no watch cycle completed after the lock was released")
            assert errors.records, "the lock must make at least one watch cycle fail"
            assert report.count(Outcome.FAILED) == 0
            assert report.count(Outcome.CHANGED) == 0  # nothing left to announce
        finally:
            stop.set()
            await asyncio.wait_for(runner, 30)
            logging.getLogger("bot.services.watch").removeHandler(errors)

        # A failed cycle left nothing behind: every task started since is finished.
        leftovers = [t for t in asyncio.all_tasks() - tasks_before if runs_bot_code(t)]
        assert leftovers == []
        await asyncio.sleep(1)  # a check still running from a failed cycle would write now
        delivered = await services.fanout.drain_all()

    events, per_event = await counts(db)
    assert events == PAGES, f"{events - PAGES} changes were announced twice"
    assert all(rows == 2 for _, rows in per_event), per_event  # console + the Discord channel
    assert delivered.sent == PAGES
    assert console.getvalue().count("=== would post") == PAGES
    assert time.monotonic() - started < 60
