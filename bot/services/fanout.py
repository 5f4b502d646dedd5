"""Fan-out: drains the outbox, one notifier per medium, marks each row sent / retry / disabled."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.domain.models import Delivery, Medium, PolicyEvent, SendOutcome, SendResult
from bot.domain.timeutil import iso, later
from bot.services.metrics import Metrics
from bot.services.policies import FanoutPolicy
from bot.services.ports import Clock, EventStore, Notifier, OutboxStore

log = logging.getLogger(__name__)


class FanoutStore(OutboxStore, EventStore, Protocol):
    """What fan-out needs from storage."""


@dataclass
class DrainReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    disabled: int = 0
    failed: int = 0


class FanoutService:
    def __init__(
        self,
        store: FanoutStore,
        clock: Clock,
        metrics: Metrics,
        policy: FanoutPolicy | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.metrics = metrics
        self.policy = policy or FanoutPolicy()
        self._notifiers: dict[Medium, Notifier] = {}
        self._wake = asyncio.Event()
        self._started = False
        # Checked before each claim: False once this process may no longer hold the fan-out
        # role (bot.services.roles; always True with one process).
        self.fence: Callable[[], bool] = lambda: True

    def register(self, notifier: Notifier) -> None:
        for medium in notifier.media:
            self._notifiers[medium] = notifier

    @property
    def media(self) -> tuple[Medium, ...]:
        return tuple(self._notifiers)

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        """Rows a crash left in flight are due again; the same idempotency key is re-used."""
        if not self._started:
            requeued = await self.store.requeue_interrupted(iso(self.clock.now()))
            if requeued:
                log.info("re-queued %d deliveries interrupted by a restart", requeued)
            self._started = True

    async def drain_once(self) -> DrainReport:
        if not self.fence():
            return DrainReport()
        await self.start()
        now = self.clock.now()
        rows = await self.store.claim_due(
            iso(now),
            self.policy.batch_size,
            self.media,
            lease_until=later(now, self.policy.lease_seconds),
        )
        report = DrainReport(claimed=len(rows))
        if not rows:
            return report
        events: dict[int, PolicyEvent | None] = {}
        for row in rows:
            if row.event_id not in events:
                events[row.event_id] = await self.store.event(row.event_id)
        limit = asyncio.Semaphore(self.policy.concurrency)

        async def deliver(row: Delivery) -> None:
            async with limit:
                await self._deliver(row, events[row.event_id], report)

        await asyncio.gather(*(deliver(row) for row in rows))
        return report

    async def drain_all(self, max_rounds: int = 1000) -> DrainReport:
        """Drain until nothing is due now (tests, CLI)."""
        total = DrainReport()
        for _ in range(max_rounds):
            report = await self.drain_once()
            if report.claimed == 0:
                break
            for name in ("claimed", "sent", "retried", "disabled", "failed"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
        return total

    async def run(self, stop: asyncio.Event) -> None:
        # Run again whenever this process takes the fan-out role: rows the previous holder left
        # in flight are due at once (re-sent under the same idempotency key).
        self._started = False
        log.info("fan-out started for %s", ", ".join(m.value for m in self.media) or "no medium")
        while not stop.is_set():
            try:
                report = await self.drain_once()
            except Exception:
                log.exception("fan-out round failed; retrying")
                report = DrainReport()
            if report.claimed >= self.policy.batch_size:
                continue  # more is waiting
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                waiters = [
                    asyncio.ensure_future(self._wake.wait()),
                    asyncio.ensure_future(stop.wait()),
                ]
                try:
                    await asyncio.wait(
                        waiters,
                        timeout=self.policy.interval_seconds,
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                finally:
                    for waiter in waiters:
                        waiter.cancel()

    async def _deliver(self, row: Delivery, event: PolicyEvent | None, report: DrainReport) -> None:
        medium = row.medium.value
        if event is None:
            await self.store.mark_failed(row.id, "event no longer exists")
            report.failed += 1
            return
        notifier = self._notifiers[row.medium]
        try:
            result = await notifier.send(event, row)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("notifier for %s raised on delivery %s", medium, row.id)
            result = SendResult.retry(f"{type(exc).__name__}: {exc}")
        now = self.clock.now()
        if result.outcome is SendOutcome.SENT:
            await self.store.mark_sent(row.id, result.external_id, iso(now))
            report.sent += 1
        elif result.outcome is SendOutcome.GONE:
            log.warning(
                "delivery %s to %s:%s disabled: %s", row.id, medium, row.target, result.error
            )
            await self.store.mark_disabled(row.id, result.error)
            report.disabled += 1
        elif row.attempts >= self.policy.max_attempts:
            log.warning(
                "delivery %s gave up after %d attempts: %s", row.id, row.attempts, result.error
            )
            await self.store.mark_failed(row.id, result.error)
            report.failed += 1
        else:
            delay = self._backoff(row.attempts, result.retry_after_s)
            await self.store.mark_retry(row.id, result.error, later(now, delay), result.outcome)
            report.retried += 1
        self.metrics.inc(
            "termswatch_deliveries_total", {"medium": medium, "outcome": result.outcome.value}
        )

    def _backoff(self, attempts: int, retry_after_s: float | None) -> float:
        if retry_after_s is not None:
            return max(0.0, retry_after_s)
        exponential = self.policy.base_backoff_seconds * 2 ** max(0, attempts - 1)
        capped = min(self.policy.max_backoff_seconds, exponential)
        return capped * random.uniform(0.8, 1.2)
