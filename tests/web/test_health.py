"""/healthz and /metrics against the real database and services."""

from __future__ import annotations

from dataclasses import replace

from aiohttp.test_utils import TestClient, TestServer

from bot.adapters.web.health import HealthPolicy
from bot.adapters.web.server import build_app
from bot.domain.models import Medium, ReviewState
from bot.domain.timeutil import iso
from tests.web.conftest import INTERVAL, Site


async def test_healthy_when_db_answers_and_loop_is_recent(site: Site) -> None:
    response = await site.get("/healthz")
    body = await response.json()
    assert response.status == 200, body
    assert body["status"] == "ok" and body["database"]["ok"] is True
    assert body["watch"]["max_age_seconds"] == 3 * INTERVAL
    assert body["transports"] == {"discord": {"connected": True}}
    site.transports["discord"] = {"connected": False, "error": "gateway closed"}
    body = await (await site.get("/healthz")).json()
    assert body["transports"]["discord"]["connected"] is False


async def test_503_when_the_watch_loop_stalls(site: Site) -> None:
    site.clock.advance(3 * INTERVAL - 1)
    assert (await site.get("/healthz")).status == 200
    site.clock.advance(2)
    response = await site.get("/healthz")
    body = await response.json()
    assert response.status == 503
    assert body["status"] == "unhealthy" and body["watch"]["ok"] is False
    assert body["database"]["ok"] is True
    site.services.watch.last_cycle_at = site.clock.now()  # the loop runs again
    assert (await site.get("/healthz")).status == 200


async def test_startup_grace_before_the_first_cycle(site: Site) -> None:
    site.services.watch.last_cycle_at = None
    body = await (await site.get("/healthz")).json()
    assert body["status"] == "ok" and body["watch"]["last_cycle_at"] is None
    site.clock.advance(3 * INTERVAL + 1)
    assert (await site.get("/healthz")).status == 503


async def test_failing_documents_are_listed(site: Site) -> None:
    store = site.services.store
    doc = next(d for d in await store.documents() if d.platform_id == "bandcamp")
    for _ in range(2):
        await store.record_failure(doc.id, "HTTP 503 from upstream", iso(site.clock.now()), 2)
    response = await site.get("/healthz")
    body = await response.json()
    assert response.status == 200  # failing documents are reported, not fatal
    assert body["documents"]["failing"] == 1
    [failing] = body["failing_documents"]
    assert failing["platform_id"] == "bandcamp" and failing["consecutive_failures"] == 2
    assert "HTTP 503" in failing["last_error"]
    page = await (await site.get("/")).text()
    assert "could not be fetched" in page.split('href="/platforms/bandcamp"')[1].split("</tr>")[0]


async def test_503_when_the_database_is_gone(site: Site) -> None:
    await site.services.store.close()
    response = await site.get("/healthz")
    assert response.status == 503
    assert (await response.json())["database"]["ok"] is False


async def test_short_intervals_get_a_minimum_window(site: Site) -> None:
    policy = HealthPolicy(interval_seconds=1, stale_factor=3, min_stale_seconds=60)
    app = build_app(site.services, health_policy=policy, started_at=site.clock.now())
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        site.clock.advance(59)
        assert (await client.get("/healthz")).status == 200
        site.clock.advance(2)
        response = await client.get("/healthz")
        assert response.status == 503
        assert (await response.json())["watch"]["max_age_seconds"] == 60


async def test_metrics_exposes_counters_and_scrape_time_gauges(site: Site) -> None:
    services = site.services
    services.metrics.inc("termswatch_discord_rate_limited_total", {"route": "channel_message"})
    services.metrics.observe("termswatch_fetch_seconds", 0.3, {"host": "soundcloud.com"})
    response = await site.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    text = await response.text()
    counts = await services.store.deliveries_by_status()
    assert counts, "the console subscription got outbox rows for the corpus events"
    for (medium, status), count in counts.items():
        assert f'termswatch_deliveries{{medium="{medium}",status="{status}"}} {count}' in text
    backlog = sum(c for (_, s), c in counts.items() if s in ("pending", "retry", "sending"))
    assert f"termswatch_outbox_backlog {backlog}\n" in text
    assert 'termswatch_discord_rate_limited_total{route="channel_message"} 1' in text
    assert 'termswatch_fetch_seconds_count{host="soundcloud.com"} 1' in text
    assert 'termswatch_documents{state="failing"} 0' in text
    assert 'termswatch_transport_connected{transport="discord"} 1' in text
    events = await services.store.events(limit=1000)
    ai = len([e for e in events if e.ai_relevant])
    assert f'termswatch_events_stored{{ai_relevant="true"}} {ai}' in text
    # Every sample line is "name{labels} value" and every metric has one TYPE line.
    names = [line.split()[2] for line in text.splitlines() if line.startswith("# TYPE")]
    assert len(names) == len(set(names))
    for line in text.splitlines():
        if line and not line.startswith("#"):
            float(line.rsplit(" ", 1)[1])


async def test_metrics_gauges_do_not_go_stale(site: Site) -> None:
    store = site.services.store
    before = await (await site.get("/metrics")).text()
    assert 'medium="console",status="pending"' in before
    claimed = await store.claim_due(iso(site.clock.now()), 1000, [Medium.CONSOLE])
    for delivery in claimed:
        await store.mark_sent(delivery.id, "x", iso(site.clock.now()))
    after = await (await site.get("/metrics")).text()
    assert 'medium="console",status="pending"' not in after
    assert f'termswatch_deliveries{{medium="console",status="sent"}} {len(claimed)}' in after
    assert "termswatch_outbox_backlog 0\n" in after


async def test_changes_held_for_review_are_listed(site: Site) -> None:
    store = site.services.store
    [event] = await store.events("soundcloud", ai_only=True, limit=1)
    held = replace(event, id=None, occurred_at="2026-11-30", review=ReviewState.HELD)
    event_id = await store.record_event(held)
    body = await (await site.get("/healthz")).json()
    assert body["held_for_review"] == [{"event": event_id, "platform": "soundcloud"}]


async def test_roles_outbox_age_and_the_format_read_by_prometheus_client(site: Site) -> None:
    """/healthz names the roles this process holds; /metrics has the role gauge, the age of the
    oldest undelivered row, and parses with Prometheus' own client (the reference parser)."""
    from prometheus_client.parser import text_string_to_metric_families

    services = site.services
    for role in services.roles.roles:
        await services.roles.renew(role)
    body = await (await site.get("/healthz")).json()
    assert body["roles"]["held"] == ["watcher", "fanout", "bluesky"]  # SQLite: the only process
    assert body["roles"]["process"] == services.roles.holder

    oldest = await services.store.oldest_undelivered()
    assert oldest is not None, "the console subscription got outbox rows for the corpus events"
    site.clock.advance(90)
    families = {
        family.name: family
        for family in text_string_to_metric_families(await (await site.get("/metrics")).text())
    }
    held = {s.labels["role"]: s.value for s in families["termswatch_role_held"].samples}
    assert held == {"watcher": 1.0, "fanout": 1.0, "bluesky": 1.0}
    [age] = families["termswatch_outbox_oldest_age_seconds"].samples
    assert age.value >= 90
    claimed = await services.store.claim_due(iso(site.clock.now()), 1000, [Medium.CONSOLE])
    for delivery in claimed:
        await services.store.mark_sent(delivery.id, "x", iso(site.clock.now()))
    assert "termswatch_outbox_oldest_age_seconds 0\n" in await (await site.get("/metrics")).text()
