"""The pages are built once per data version, carry an ETag and Cache-Control, answer 304 to
If-None-Match, and a change to the data (in this process or another) shows on the next request."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.adapters.store import SqliteStore
from bot.adapters.web.server import SITE
from bot.domain.models import Change, EventSource, Medium, PolicyEvent, Subscription, Verdict
from tests.web.conftest import Site, doc_url
from tests.web.test_pages import row_of

CACHED = ["/", "/?q=spot&sort=verdict", "/platforms/spotify", "/api/platforms"]


def spotify_event(date: str) -> PolicyEvent:
    return PolicyEvent(
        platform_id="spotify",
        document_kind="terms_of_service",
        url=doc_url("spotify"),
        occurred_at=date,
        source=EventSource.FEED,
        change=Change(True, Verdict(), Verdict(), ("A new clause about training.",), (), "new"),
    )


@pytest.mark.parametrize("path", [*CACHED, "/platforms/soundcloud", "/api/platforms/soundcloud"])
async def test_etag_cache_control_and_304(site: Site, path: str) -> None:
    first = await site.get(path)
    assert first.status == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    assert "no-cache" in first.headers["Cache-Control"]
    body = await first.read()

    again = await site.get(path)
    assert again.headers["ETag"] == etag and await again.read() == body

    not_modified = await site.get(path, headers={"If-None-Match": etag})
    assert not_modified.status == 304
    assert await not_modified.read() == b""
    assert not_modified.headers["ETag"] == etag
    listed = await site.get(path, headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status == 304
    stale = await site.get(path, headers={"If-None-Match": '"something-else"'})
    assert stale.status == 200 and await stale.read() == body


async def test_page_is_kept_while_the_data_does_not_change(site: Site) -> None:
    first = await (await site.get("/")).text()
    site.clock.advance(3600)  # the page says when it was generated: it was not rebuilt
    assert await (await site.get("/")).text() == first


async def test_new_event_shows_on_the_next_request(site: Site) -> None:
    old: dict[str, str] = {}
    for path in CACHED:
        old[path] = (await site.get(path)).headers["ETag"]
    assert "2026-11-20" not in row_of(await (await site.get("/")).text(), "spotify")

    event_id = await site.services.store.record_event(spotify_event("2026-11-20"))
    assert event_id is not None

    html = await (await site.get("/", headers={"If-None-Match": old["/"]})).text()
    assert "2026-11-20" in row_of(html, "spotify")
    api = await (await site.get("/api/platforms")).json()
    [spotify] = [p for p in api["platforms"] if p["id"] == "spotify"]
    assert spotify["last_change"]["id"] == event_id
    page = await (await site.get("/platforms/spotify")).text()
    assert f'id="event-{event_id}"' in page
    for path in CACHED:
        response = await site.get(path, headers={"If-None-Match": old[path]})
        assert response.status == 200, path  # the old copy is stale everywhere


async def test_failing_document_shows_on_the_next_request(site: Site) -> None:
    assert "could not be fetched" not in row_of(await (await site.get("/")).text(), "bandcamp")
    [document] = [d for d in await site.services.store.documents() if d.platform_id == "bandcamp"]
    await site.services.store.record_failure(document.id, "timeout", "2026-11-22T12:00:00Z", 1)
    assert "could not be fetched" in row_of(await (await site.get("/")).text(), "bandcamp")


async def test_change_written_by_another_process_shows_on_the_next_request(site: Site) -> None:
    before = await site.get("/")
    etag = before.headers["ETag"]
    # Another connection to the same file, as `python -m bot check` run beside the bot would be.
    other = await SqliteStore.open(site.app.config.storage.path)
    try:
        await other.record_event(spotify_event("2026-11-21"))
    finally:
        await other.close()
    after = await site.get("/", headers={"If-None-Match": etag})
    assert after.status == 200
    assert "2026-11-21" in row_of(await after.text(), "spotify")


async def test_concurrent_requests_share_one_build(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = site.services.answers
    real = answers.statuses
    calls = 0

    async def counted() -> Any:
        nonlocal calls
        calls += 1
        return await real()

    monkeypatch.setattr(answers, "statuses", counted)
    responses = await asyncio.gather(*(site.get("/") for _ in range(30)))
    assert {r.status for r in responses} == {200}
    assert len({r.headers["ETag"] for r in responses}) == 1
    await asyncio.gather(*(site.get("/api/platforms") for _ in range(10)))  # same rows
    assert calls == 1
    await site.services.store.record_event(spotify_event("2026-11-19"))
    await asyncio.gather(*(site.get("/") for _ in range(10)))
    assert calls == 2


async def test_many_search_variants_stay_bounded(site: Site) -> None:
    for n in range(300):
        assert (await site.get(f"/?q=x{n}")).status == 200
    cache = site.client.app[SITE].cache
    assert len(cache._values) <= cache.size


async def test_data_version_moves_with_shown_data_and_with_rollbacks(site: Site) -> None:
    store = site.services.store
    first = await store.data_version()
    assert await store.data_version() == first  # reads change nothing
    await store.set_state("feed:last-seen", "x")  # no page shows it
    assert await store.data_version() == first
    await store.record_event(spotify_event("2026-11-18"))
    committed = await store.data_version()
    assert committed != first
    with pytest.raises(RuntimeError):
        async with store.database.transaction() as db:
            await db.execute("UPDATE documents SET failing = 1")
            inside = await store.data_version()  # this connection sees the uncommitted rows
            assert inside != committed
            raise RuntimeError("rolled back")
    # a page built from the rolled-back rows was kept under `inside`: the version moved on
    assert await store.data_version() not in (committed, inside)


async def test_fanout_writes_do_not_rebuild_the_pages(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = site.services.store
    answers = site.services.answers
    real = answers.statuses
    calls = 0

    async def counted() -> Any:
        nonlocal calls
        calls += 1
        return await real()

    monkeypatch.setattr(answers, "statuses", counted)
    await store.add_subscription(Subscription(Medium.CONSOLE, "console", "spotify"))
    await store.record_event(spotify_event("2026-11-17"))
    html = await (await site.get("/")).text()
    assert "2026-11-17" in row_of(html, "spotify") and calls == 1
    deliveries = await store.claim_due("2026-11-22T12:00:00Z", 10, [Medium.CONSOLE])
    assert deliveries
    for delivery in deliveries:
        await store.mark_sent(delivery.id, "posted", "2026-11-22T12:00:01Z")
    await store.set_state("bluesky:cursor", "y")
    assert await (await site.get("/")).text() == html
    assert calls == 1  # the outbox, subscriptions and state are not on any page


async def test_version_reads_are_shared_but_never_older_than_the_request() -> None:
    from bot.adapters.web.cache import Coalesced

    calls = 0
    gate = asyncio.Event()

    async def fetch() -> int:
        nonlocal calls
        calls += 1
        started = calls
        await gate.wait()
        return started

    shared = Coalesced(fetch)
    first = asyncio.create_task(shared())
    await asyncio.sleep(0)
    later = [asyncio.create_task(shared()) for _ in range(20)]  # arrive during call 1
    await asyncio.sleep(0)
    gate.set()
    assert await first == 1
    assert {await t for t in later} == {2}  # one more call, started after they asked
    assert calls == 2
