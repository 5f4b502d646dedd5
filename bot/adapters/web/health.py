"""/healthz (is the bot alive and watching?) and /metrics (Prometheus text)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.models import DeliveryStatus, DocumentState
from bot.domain.timeutil import iso, parse_iso
from bot.services.metrics import Metrics

log = logging.getLogger(__name__)

TransportStatus = Callable[[], dict[str, dict[str, object]]]
BACKLOG = (DeliveryStatus.PENDING.value, DeliveryStatus.RETRY.value, DeliveryStatus.SENDING.value)
DB_TIMEOUT_S = 5.0
MAX_ERROR_CHARS = 200


@dataclass(frozen=True)
class HealthPolicy:
    """The watch loop counts as stalled when its last cycle is older than
    stale_factor × interval; before the first cycle, the process gets the same time as grace."""

    interval_seconds: float = 900.0
    stale_factor: float = 3.0
    min_stale_seconds: float = 60.0

    @property
    def max_age_seconds(self) -> float:
        return max(self.interval_seconds * self.stale_factor, self.min_stale_seconds)


async def database_ok(store: Any) -> bool:
    """The database answers a query (SqliteStore.ping, else a state read through the port)."""
    try:
        ping = getattr(store, "ping", None)
        if callable(ping):
            return bool(await asyncio.wait_for(ping(), DB_TIMEOUT_S))
        await asyncio.wait_for(store.get_state("healthz"), DB_TIMEOUT_S)
        return True
    except Exception as exc:
        log.warning("health: database did not answer: %s", exc)
        return False


def watch_report(
    last_cycle_at: datetime | None, started_at: datetime, now: datetime, policy: HealthPolicy
) -> dict[str, Any]:
    limit = policy.max_age_seconds
    if last_cycle_at is None:
        waited = (now - started_at).total_seconds()
        return {
            "ok": waited <= limit,
            "last_cycle_at": None,
            "age_seconds": None,
            "max_age_seconds": limit,
            "note": "starting: no watch cycle finished yet"
            if waited <= limit
            else "no watch cycle finished since start-up",
        }
    age = (now - last_cycle_at).total_seconds()
    return {
        "ok": age <= limit,
        "last_cycle_at": iso(last_cycle_at),
        "age_seconds": round(age, 1),
        "max_age_seconds": limit,
    }


def failing_json(documents: list[DocumentState]) -> list[dict[str, Any]]:
    return [
        {
            "platform_id": d.platform_id,
            "kind": d.kind,
            "url": d.url,
            "consecutive_failures": d.consecutive_failures,
            "last_error": d.last_error[:MAX_ERROR_CHARS],
        }
        for d in documents
        if d.failing
    ]


async def skipped_entries_json(store: Any, limit: int = 20) -> list[dict[str, Any]]:
    """Feed entries given up on after repeated failures (newest first)."""
    try:
        skipped = await store.skipped_feed_entries(limit)
    except Exception as exc:  # a store without feed progress, or a failing query
        log.warning("health: cannot list skipped feed entries: %s", exc)
        return []
    return [
        {
            "feed": e.feed_url,
            "entry": e.entry_key[:MAX_ERROR_CHARS],
            "link": e.link,
            "tries": e.tries,
            "last_error": e.last_error[:MAX_ERROR_CHARS],
            "skipped_at": e.updated_at,
        }
        for e in skipped
    ]


def roles_json(services: Any) -> dict[str, Any]:
    """The elected roles this process holds (bot.services.roles) and its id in role_leases."""
    roles = getattr(services, "roles", None)
    if roles is None:
        return {"held": [], "process": None}
    return {"held": roles.held(), "process": roles.holder}


def safe_transports(transport_status: TransportStatus | None) -> dict[str, dict[str, object]]:
    if transport_status is None:
        return {}
    try:
        return {str(k): dict(v) for k, v in transport_status().items()}
    except Exception as exc:  # a status probe must never break /healthz
        log.warning("health: transport status failed: %s", exc)
        return {"_error": {"connected": False, "error": str(exc)[:MAX_ERROR_CHARS]}}


async def health_report(
    services: Any,
    *,
    started_at: datetime,
    policy: HealthPolicy,
    transport_status: TransportStatus | None,
) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body): 200 only if the database answers and the watch loop is recent."""
    now = services.clock.now()
    db_ok = await database_ok(services.store)
    documents: list[DocumentState] = []
    held: list[Any] = []
    if db_ok:
        try:
            documents = await services.store.documents()
            held = await services.store.held_events()
        except Exception as exc:
            log.warning("health: cannot list documents: %s", exc)
            db_ok = False
    watch = watch_report(getattr(services.watch, "last_cycle_at", None), started_at, now, policy)
    healthy = db_ok and watch["ok"]
    body = {
        "status": "ok" if healthy else "unhealthy",
        "time": iso(now),
        "database": {"ok": db_ok},
        "watch": watch,
        "transports": safe_transports(transport_status),
        "roles": roles_json(services),
        "documents": {"total": len(documents), "failing": len([d for d in documents if d.failing])},
        "failing_documents": failing_json(documents),
        # Changes waiting for the operator (python -m bot review); not an outage.
        "held_for_review": [{"event": e.id, "platform": e.platform_id} for e in held],
        "skipped_feed_entries": await skipped_entries_json(services.store) if db_ok else [],
    }
    discovery = getattr(services, "discovery", None)
    if discovery is not None and discovery.collections:
        body["archive"] = {
            "collections": [c.name for c in discovery.collections],
            "last_sync": [
                {"collection": r.collection, "mode": r.mode, "versions": r.documents,
                 "new_services": r.new_platforms, "errors": [e[:MAX_ERROR_CHARS] for e in r.errors]}
                for r in discovery.last_reports
            ],
        }  # fmt: skip
    requests = getattr(services, "requests", None)
    if requests is not None and db_ok:
        try:
            recent = await requests.recent(20)
            body["platform_requests"] = {
                "total": await requests.count(),
                "recent": [
                    {"id": r.id, "name": r.name, "url": r.url, "created_at": r.created_at}
                    for r in recent
                ],
            }
        except Exception as exc:
            log.warning("health: cannot list platform requests: %s", exc)
    return (200 if healthy else 503), body


async def metrics_text(
    services: Any, *, transport_status: TransportStatus | None, started_at: datetime
) -> str:
    """The shared registry (counters kept by every adapter) plus gauges computed now.

    Scrape-time gauges go to a fresh registry so a series that disappeared (say, no more RETRY
    rows for a medium) is not left behind with a stale value.
    """
    scrape = Metrics()
    scrape.describe("termswatch_up", "gauge", "1 while the process serves metrics")
    scrape.set("termswatch_up", 1)
    now = services.clock.now()
    scrape.set("termswatch_uptime_seconds", round((now - started_at).total_seconds(), 3))
    last = getattr(services.watch, "last_cycle_at", None)
    if last is not None:
        scrape.describe(
            "termswatch_watch_last_cycle_age_seconds", "gauge", "seconds since the last watch cycle"
        )
        scrape.set(
            "termswatch_watch_last_cycle_age_seconds", round((now - last).total_seconds(), 3)
        )
    store = services.store
    try:
        documents = await store.documents()
        scrape.describe("termswatch_documents", "gauge", "tracked documents by state")
        failing = len([d for d in documents if d.failing])
        scrape.set("termswatch_documents", len(documents) - failing, {"state": "ok"})
        scrape.set("termswatch_documents", failing, {"state": "failing"})
        by_status = await store.deliveries_by_status()
        scrape.describe("termswatch_deliveries", "gauge", "outbox rows by medium and status")
        backlog = 0
        for (medium, status), count in sorted(by_status.items()):
            scrape.set("termswatch_deliveries", count, {"medium": medium, "status": status})
            if status in BACKLOG:
                backlog += count
        scrape.describe("termswatch_outbox_backlog", "gauge", "outbox rows not yet delivered")
        scrape.set("termswatch_outbox_backlog", backlog)
        oldest = await store.oldest_undelivered()
        scrape.describe(
            "termswatch_outbox_oldest_age_seconds",
            "gauge",
            "age of the oldest outbox row not yet delivered (0 when none)",
        )
        age = (now - parse_iso(oldest)).total_seconds() if oldest else 0.0
        scrape.set("termswatch_outbox_oldest_age_seconds", round(max(0.0, age), 3))
        events = await store.events(limit=1_000_000)
        scrape.describe("termswatch_events_stored", "gauge", "policy events stored")
        ai = len([e for e in events if e.ai_relevant])
        scrape.set("termswatch_events_stored", ai, {"ai_relevant": "true"})
        scrape.set("termswatch_events_stored", len(events) - ai, {"ai_relevant": "false"})
        scrape.set("termswatch_database_up", 1)
    except Exception as exc:
        log.warning("metrics: database query failed: %s", exc)
        scrape.set("termswatch_database_up", 0)
    for name, status in safe_transports(transport_status).items():
        connected = 1 if status.get("connected") else 0
        scrape.set("termswatch_transport_connected", connected, {"transport": name})
    shared = services.metrics.render().strip()
    return (shared + "\n" if shared else "") + scrape.render()
