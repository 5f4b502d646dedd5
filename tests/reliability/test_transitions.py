"""Recording a change is idempotent per transition (document, the version it was compared with,
the new content), enforced by the database; a cycle that fails leaves no check running."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.adapters.store import SqliteStore
from bot.adapters.store.schema import migration_files
from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import (
    ALL_PLATFORMS,
    Change,
    DocumentSpec,
    EventSource,
    Medium,
    PlatformTraining,
    PolicyEvent,
    Snapshot,
    Subscription,
    Verdict,
)
from bot.services.ports import AlreadyRecorded, NewSnapshot
from bot.services.watch import CycleFailed, Outcome
from tests.conftest import REPO, config_dict

SPEC = DocumentSpec("soundcloud", "terms_of_service", "https://soundcloud.com/terms-of-use")
OLD = "You keep the rights to your music. We host and stream it."
NEW = OLD + " We may use your content to train artificial intelligence models."


def ai_event(detected_at: str) -> PolicyEvent:
    change = Change(
        True,
        Verdict(),
        Verdict(PlatformTraining.YES),
        ("We may use your content to train artificial intelligence models.",),
        (),
        "SoundCloud now says your uploads may train AI.",
    )
    # A live check dates the event when it sees it: a retry a moment later differs in time only.
    return PolicyEvent(
        "soundcloud",
        "terms_of_service",
        SPEC.url,
        detected_at,
        EventSource.WATCH,
        change,
        detected_at=detected_at,
    )


async def test_the_same_transition_twice_stores_one_event_and_one_row_per_subscriber(
    store_target: str,
) -> None:
    async with await SqliteStore.open(store_target) as store:
        await same_transition_twice(store)
    async with await SqliteStore.open(store_target) as store:
        assert await store.database.sql.fetchval("SELECT COUNT(*) FROM snapshots") == 2
        assert await store.database.sql.fetchval("SELECT COUNT(*) FROM deliveries") == 2


async def same_transition_twice(store: SqliteStore) -> None:
    await store.add_subscription(Subscription(Medium.CONSOLE, "console", ALL_PLATFORMS))
    await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, "7", "soundcloud"))
    doc = await store.document_state(SPEC)
    await store.record_snapshot(NewSnapshot(SPEC, Snapshot(doc.id, OLD, "h-old", "t0"), None))
    previous = await store.latest_snapshot(doc.id, with_text=False)
    assert previous is not None and previous.id is not None

    def attempt(at: str) -> NewSnapshot:
        snapshot = Snapshot(doc.id, NEW, "h-new", at)
        return NewSnapshot(
            SPEC, snapshot, ai_event(at), state={"marker": at}, previous_id=previous.id
        )

    first = await store.record_snapshot(attempt("2026-11-22T12:00:00.000001Z"))
    assert first is not None
    with pytest.raises(AlreadyRecorded):  # the retry of the same comparison, a second later
        await store.record_snapshot(attempt("2026-11-22T12:00:01.000002Z"))

    assert [e.id for e in await store.events()] == [first]
    assert len(await store.deliveries_for_event(first)) == 2  # console + channel 7, once each
    assert await store.get_state("marker") == "2026-11-22T12:00:00.000001Z"  # nothing moved


async def test_two_watchers_racing_on_one_database_announce_each_change_once(
    tmp_path: Path, store_target: str
) -> None:
    """Two watchers (a second process, or a check left over from a failed cycle) compare the
    same stored versions with the same new pages at the same time."""
    count = 40
    data = config_dict()
    if store_target.startswith("postgresql://"):
        data["storage"] = {"url": store_target}
    data["platforms"] = [
        {
            "id": f"p{i:02d}",
            "name": f"Platform {i}",
            "documents": [{"kind": "terms_of_service", "url": f"https://p{i}.example/terms"}],
        }
        for i in range(count)
    ]
    config = Config.from_dict(data, base_dir=tmp_path)
    specs = [d for p in config.platforms for d in p.documents]
    options = AppOptions(transports=False, load_history=False)
    async with (
        App(config, {}, options=options, console=io.StringIO()) as first,
        App(config, {}, options=options, console=io.StringIO()) as second,
    ):
        a, b = first.services.watch, second.services.watch
        for spec in specs:
            await a.ingest_version(spec, f"{spec.platform_id}: {OLD}", source=EventSource.WATCH)

        async def both(spec: DocumentSpec) -> list[Outcome]:
            text = f"{spec.platform_id}: {NEW}"
            results = await asyncio.gather(
                a.ingest_version(spec, text, source=EventSource.WATCH),
                b.ingest_version(spec, text, source=EventSource.WATCH),
            )
            return sorted(r.outcome.value for r in results)

        outcomes = await asyncio.wait_for(asyncio.gather(*(both(s) for s in specs)), 60)
        events = await first.services.store.events(limit=1000)

    assert len(events) == count, f"{len(events) - count} changes were stored twice"
    assert outcomes == [sorted([Outcome.CHANGED.value, Outcome.UNCHANGED.value])] * count


async def test_migration_004_chains_the_snapshots_of_an_existing_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:  # a database written before migration 004
        raw.execute(  # as the code of that time created it
            "CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
        for number, name, sql in migration_files():
            if number < 4:
                raw.executescript(sql)
                raw.execute(
                    "INSERT INTO schema_migrations (number, name) VALUES (?, ?)", (number, name)
                )
        raw.execute("INSERT INTO documents (id, platform_id, kind, url) VALUES (1, 'a', 'k', 'u')")
        raw.execute("INSERT INTO documents (id, platform_id, kind, url) VALUES (2, 'b', 'k', 'u')")
        for document_id, digest in [(1, "a1"), (2, "b1"), (1, "a2"), (1, "a2"), (2, "b2")]:
            raw.execute(  # (the same a2 twice: a change the old code recorded twice)
                "INSERT INTO snapshots (document_id, content_hash, text, verdict_json, fetched_at)"
                " VALUES (?, ?, '', '{}', 't')",
                (document_id, digest),
            )
    opened = await SqliteStore.open(path)
    await opened.close()
    with sqlite3.connect(path) as raw:
        chain = raw.execute("SELECT id, document_id, previous_id FROM snapshots").fetchall()
        assert chain == [(1, 1, None), (2, 2, None), (3, 1, 1), (4, 1, 3), (5, 2, 2)]
        with pytest.raises(sqlite3.IntegrityError):  # snapshot 3 already has a successor
            raw.execute(
                "INSERT INTO snapshots (document_id, content_hash, text, verdict_json, fetched_at,"
                " previous_id) VALUES (1, 'a3', '', '{}', 't', 3)"
            )


async def test_a_failed_cycle_cancels_the_other_checks_and_keeps_the_finished_results(
    tmp_path: Path,
) -> None:
    slow_started = asyncio.Event()
    fast_done = asyncio.Event()

    async def ok(request: web.Request) -> web.Response:
        return web.Response(text=f"<main><p>{OLD}</p></main>", content_type="text/html")

    async def slow(request: web.Request) -> web.Response:
        slow_started.set()
        await asyncio.sleep(30)
        return web.Response(text="late", content_type="text/html")

    async def boom(request: web.Request) -> web.Response:
        await fast_done.wait()  # fail only once the fast check has finished
        return web.Response(text="<main><p>boom</p></main>", content_type="text/html")

    site = web.Application()
    for route, handler in (("/ok", ok), ("/slow", slow), ("/boom", boom)):
        site.router.add_get(route, handler)
    server = TestServer(site, host="127.0.0.1")
    await server.start_server()
    try:
        data = config_dict()
        data["watch"]["timeout_seconds"] = 60
        base = str(server.make_url("/")).rstrip("/")
        other_host = base.replace("127.0.0.1", "localhost")  # fetched alongside, not after
        data["platforms"] = [
            {
                "id": name,
                "name": name.title(),
                "documents": [{"kind": "terms_of_service", "url": url}],
            }
            for name, url in (
                ("fast", f"{base}/ok"),
                ("slow", f"{other_host}/slow"),
                ("broken", f"{base}/boom"),
            )
        ]
        config = Config.from_dict(data, base_dir=tmp_path)
        async with App(
            config, {}, options=AppOptions(transports=False), console=io.StringIO()
        ) as app:
            watch = app.services.watch
            real = watch.extractor

            class Buggy:  # a bug in one check: not a fetch error, so the cycle stops
                def extract(self, raw: bytes, content_type: str, url: str = "") -> str:
                    if url.endswith("/boom"):
                        raise RuntimeError("extractor bug")
                    return real.extract(raw, content_type, url)

            watch.extractor = Buggy()
            before = asyncio.all_tasks()
            with pytest.raises(CycleFailed) as failed:
                await asyncio.wait_for(watch.check_once(lambda _: fast_done.set()), 20)
            assert slow_started.is_set()
            running = [t for t in asyncio.all_tasks() - before if runs_bot_code(t)]
            assert running == []  # the slow check was cancelled, not left to race the next cycle
            assert "extractor bug" in str(failed.value)
            assert [(r.name, r.outcome) for r in failed.value.report.results] == [
                ("fast/terms_of_service", Outcome.BASELINE)
            ]
            assert watch.last_report is None  # a failed cycle is not a finished cycle
    finally:
        await server.close()


def runs_bot_code(task: asyncio.Task[object]) -> bool:
    code = getattr(task.get_coro(), "cr_code", None)
    return code is not None and Path(code.co_filename).is_relative_to(REPO / "bot")
