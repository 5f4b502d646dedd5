"""Watching: fetch documents and change feeds, detect changes, store them with their outbox rows."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import itertools
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain.dedupe import reports_same_change
from bot.domain.models import (
    Change,
    DocumentSpec,
    DocumentState,
    EventSource,
    FeedSpec,
    PolicyEvent,
    ReviewState,
    Snapshot,
)
from bot.domain.platforms import PlatformDirectory
from bot.domain.present import document_label
from bot.domain.review import ReviewPolicy, needs_review
from bot.domain.timeutil import iso
from bot.services.metrics import Metrics
from bot.services.policies import WatchPolicy
from bot.services.ports import (
    AlreadyRecorded,
    Clock,
    FeedReader,
    Fetcher,
    FetchError,
    NewSnapshot,
    PageAnalyser,
    Store,
    TextExtractor,
)
from bot.services.watch_results import CheckResult, CycleFailed, CycleReport, Outcome, first_error

if TYPE_CHECKING:  # extraction and classification are imported when a page needs them
    from bot.domain.analysis import TextAnalysis
    from bot.services.analysis import PageAnalysis

log = logging.getLogger(__name__)

MAX_LIVE_CHECKS = 512  # checks started and not finished, at most, in one cycle


class WatchService:
    def __init__(
        self,
        *,
        store: Store,
        fetcher: Fetcher,
        extractor: TextExtractor,
        feed_reader: FeedReader,
        directory: PlatformDirectory,
        documents: Sequence[DocumentSpec],
        feeds: Sequence[FeedSpec],
        clock: Clock,
        metrics: Metrics,
        policy: WatchPolicy | None = None,
        on_event: Callable[[], None] | None = None,
        review: ReviewPolicy | None = None,
        on_held: Callable[[], None] | None = None,
        analyser: PageAnalyser | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.extractor = extractor
        self.feed_reader = feed_reader
        self.directory = directory
        self.documents = list(documents)
        self.feeds = list(feeds)
        self.clock = clock
        self.metrics = metrics
        self.policy = policy or WatchPolicy()
        self.on_event = on_event
        self.review = review or ReviewPolicy()
        self.on_held = on_held
        # extraction + classification of fetched pages (threads, or worker processes)
        if analyser is None:
            from bot.services.analysis import ThreadAnalyser

            analyser = ThreadAnalyser()
        self.analyser: PageAnalyser = analyser
        self.last_cycle_at: datetime | None = None
        self.last_report: CycleReport | None = None
        self._announce_locks: defaultdict[tuple[str, str], asyncio.Lock] = defaultdict(asyncio.Lock)

    @property
    def source_count(self) -> int:
        return len(self.documents) + len(self.feeds)

    async def run(self, stop: asyncio.Event) -> None:
        log.info("watching %d documents and %d feeds", len(self.documents), len(self.feeds))
        while not stop.is_set():
            try:
                report = await self.check_once()
                log.info(
                    "watch cycle: %d changed, %d unchanged, %d failed in %.1fs",
                    report.count(Outcome.CHANGED),
                    report.count(Outcome.UNCHANGED),
                    report.count(Outcome.FAILED),
                    report.seconds,
                )
            except CycleFailed as exc:
                log.error(
                    "watch cycle stopped after %d of %d checks: %s; will try again",
                    len(exc.report.results),
                    self.source_count,
                    exc,
                    exc_info=exc.error,
                )
            except Exception:
                log.exception("watch cycle failed; will try again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.policy.interval_seconds)

    async def check_once(
        self, progress: Callable[[CheckResult], None] | None = None
    ) -> CycleReport:
        """Check every source once. A check that raises (the database failing, usually) ends the
        cycle: the other checks are cancelled and awaited before CycleFailed is raised, so no
        check of a failed cycle can still be running, and racing, when the next one starts."""
        started = time.perf_counter()
        report = CycleReport(started_at=iso(self.clock.now()))

        async def one(check: Coroutine[object, object, CheckResult]) -> None:
            result = await check
            report.results.append(result)
            if progress:
                progress(result)

        # Every document's state in one query, not one round trip per document (each dropped
        # from `known` when its check starts).
        known = {(d.platform_id, d.kind, d.url): d for d in await self.store.documents()}
        checks: Iterator[Callable[[], Coroutine[object, object, CheckResult]]] = itertools.chain(
            (
                functools.partial(
                    self.check_document,
                    spec,
                    known.pop((spec.platform_id, spec.kind, spec.url), None),
                )
                for spec in self.documents
            ),
            (functools.partial(self.check_feed, feed) for feed in self.feeds),
        )
        # At most MAX_LIVE_CHECKS checks exist at once (each waiting one holds a task and its
        # frames: about 2 KB, 10 MB for 5,000 documents); enough to keep every fetch slot and
        # host busy. A failing check cancels this loop with the rest of the group.
        live = asyncio.Semaphore(MAX_LIVE_CHECKS)
        try:
            async with asyncio.TaskGroup() as group:
                for check in checks:
                    await live.acquire()
                    task = group.create_task(one(check()))
                    task.add_done_callback(lambda _: live.release())
        except BaseExceptionGroup as failed:
            report.seconds = time.perf_counter() - started
            error = first_error(failed)
            if not isinstance(error, Exception):
                raise error from None  # cancelled (stopping) or interrupted: not a failed check
            raise CycleFailed(report, error) from error
        report.seconds = time.perf_counter() - started
        self.last_cycle_at = self.clock.now()
        self.last_report = report
        self.metrics.set("termswatch_last_cycle_timestamp_seconds", self.last_cycle_at.timestamp())
        self.metrics.set("termswatch_last_cycle_seconds", report.seconds)
        if report.events and self.on_event:
            self.on_event()
        return report

    async def check_document(
        self, spec: DocumentSpec, state: DocumentState | None = None
    ) -> CheckResult:
        """`state`: the document's state read at the start of the cycle, if it was stored."""
        name = f"{spec.platform_id}/{spec.kind}"
        if state is None:
            state = await self.store.document_state(spec)
        async with self.analyser.admit():  # bounds the fetched pages waiting for analysis
            try:
                fetched = await self.fetcher.fetch(
                    spec.url, etag=state.etag, last_modified=state.last_modified
                )
                if fetched.not_modified:
                    await self.store.record_unchanged(state.id, iso(self.clock.now()))
                    return self._counted(CheckResult(name, Outcome.UNCHANGED))
                body_hash = hashlib.sha256(fetched.body).hexdigest()
                if body_hash == state.body_hash:  # same bytes as last time: nothing to extract
                    await self.store.record_unchanged(
                        state.id, iso(self.clock.now()), fetched.etag, fetched.last_modified
                    )
                    return self._counted(CheckResult(name, Outcome.UNCHANGED))
                # never checked: nothing stored to compare with (ingest_version reads again)
                stored = state.id if state.last_checked_at else None
                page = await self._analyse(spec, stored, fetched.body, fetched.content_type)
            except FetchError as exc:
                if exc.held:  # the server asked us to wait (Retry-After): waiting is not failing
                    log.debug("%s: %s", name, exc)
                    return self._counted(CheckResult(name, Outcome.WAITING, error=str(exc)))
                return await self._failed(state.id, name, str(exc))
        return await self.ingest_version(
            spec,
            page.text,
            source=EventSource.WATCH,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            body_hash=body_hash,
            page=page,
            document_id=state.id,
        )

    async def _analyse(
        self, spec: DocumentSpec, document_id: int | None, body: bytes, content_type: str
    ) -> PageAnalysis:
        """Extract, hash, classify and compare with the stored version (of `document_id`; None:
        nothing stored), in one step off the event loop (see bot.services.analysis)."""
        from bot.services.analysis import PageJob

        previous = None if document_id is None else await self.store.latest_snapshot(document_id)
        job = PageJob(
            body,
            content_type,
            spec.url,
            previous_digest=previous.content_hash if previous else "",
            previous_text=previous.text if previous else None,
            previous_analysis=previous.analysis if previous else "",
            platform_name=self.directory.name_of(spec.platform_id),
            document_label=document_label(spec.kind),
        )
        return await self.analyser.analyse(job, self.extractor)

    async def ingest_version(
        self,
        spec: DocumentSpec,
        text: str,
        *,
        source: EventSource,
        version_date: str = "",
        etag: str = "",
        last_modified: str = "",
        state: dict[str, str] | None = None,
        body_hash: str = "",
        page: PageAnalysis | None = None,
        document_id: int | None = None,
    ) -> CheckResult:
        """Compare one version of a document with the last stored one; store the snapshot, the
        event and its outbox rows (and the given markers) in one transaction. `page`: the
        analysis check_document already made of `text` (reused if made against the same
        stored version). `document_id`: the document's id, when the caller has read it."""
        name = f"{spec.platform_id}/{spec.kind}"
        if document_id is None:
            document_id = (await self.store.document_state(spec)).id
        now = iso(self.clock.now())
        previous = await self.store.latest_snapshot(document_id, with_text=False)
        analysis: TextAnalysis | None = page.analysis if page else None
        if analysis is not None and analysis.previous_digest != (
            previous.content_hash if previous else ""
        ):
            analysis = None  # another source stored a version meanwhile: analyse again
        if analysis is None:
            from bot.domain.normalize import content_hash  # (not loaded by unchanged cycles)

        digest = analysis.digest if analysis else content_hash(text)
        if (analysis is None or analysis.verdict is None) and (
            previous is not None and previous.content_hash != digest
        ):
            # It changed: now the old text is worth reading. Read again, and compare again: a
            # watcher in another process may have stored this very version in the meantime.
            previous = await self.store.latest_snapshot(document_id)
        if previous is not None and previous.content_hash == digest:
            await self.store.record_unchanged(document_id, now, etag, last_modified, body_hash)
            if state:
                for key, value in state.items():
                    await self.store.set_state(key, value)
            return self._counted(CheckResult(name, Outcome.UNCHANGED))
        if analysis is None or analysis.verdict is None:
            from bot.domain.analysis import analyse_text

            analysis = await asyncio.to_thread(
                analyse_text,
                text,
                previous_text=previous.text if previous else None,
                previous_analysis=previous.analysis if previous else "",
                platform_name=self.directory.name_of(spec.platform_id),
                document_label=document_label(spec.kind),
            )
        assert analysis.verdict is not None
        date = version_date[:10] or now[:10]
        verdict = analysis.verdict.with_source(spec.kind, spec.url, date)
        extractor = page.extractor if page else ""
        event = None
        reported = False
        change = analysis.change
        snapshot = Snapshot(
            document_id,
            text,
            digest,
            now,
            verdict,
            version_date,
            extractor=extractor,
            analysis=analysis.stored,
        )
        previous_id = previous.id if previous is not None else None
        if previous is not None and change is not None:
            if _extractor_upgrade(previous, extractor) and change.after.same_outcome(
                previous.verdict
            ):
                # Only the extraction changed (a new extractor version), not the verdict:
                # store the new text as the baseline, announce nothing.
                log.info("%s: re-baselined after an extractor upgrade", name)
                baseline = NewSnapshot(
                    spec,
                    snapshot,
                    None,
                    etag,
                    last_modified,
                    dict(state or {}),
                    body_hash,
                    previous_id=previous_id,
                )
                with contextlib.suppress(AlreadyRecorded):
                    await self.store.record_snapshot(baseline)
                return self._counted(CheckResult(name, Outcome.UNCHANGED))
            event = PolicyEvent(
                platform_id=spec.platform_id,
                document_kind=spec.kind,
                url=spec.url,
                occurred_at=version_date or now,
                source=source,
                change=_tag_change(change, spec, date),
                detected_at=now,
                review=ReviewState.HELD if needs_review(change, self.review) else ReviewState.NONE,
            )
        # The page and its feed are checked concurrently: "already announced?" and storing the
        # event must be one step per platform document, or both sources would announce.
        async with self._announce_locks[(spec.platform_id, spec.kind)]:
            if event is not None and await self._already_reported(event):
                log.info("%s: change already announced from another source", name)
                self.metrics.inc("termswatch_events_duplicate_total")
                event = None
                reported = True
            new = NewSnapshot(
                spec,
                snapshot,
                event,
                etag,
                last_modified,
                dict(state or {}),
                body_hash,
                previous_id=previous_id,
            )
            try:
                event_id = await self.store.record_snapshot(new)
            except AlreadyRecorded:
                # Another attempt compared the same stored version first (and recorded this
                # version, or a newer one, with its event): nothing new to announce.
                log.info("%s: this change was already recorded; nothing stored", name)
                self.metrics.inc("termswatch_changes_already_recorded_total")
                return self._counted(CheckResult(name, Outcome.UNCHANGED))
        if event is None:
            return self._counted(
                CheckResult(name, Outcome.CHANGED if reported else Outcome.BASELINE)
            )
        stored = await self.store.event(event_id) if event_id else event
        self.metrics.inc("termswatch_events_total", {"ai_relevant": str(event.ai_relevant).lower()})
        if event_id and event.review is ReviewState.HELD:
            log.warning(
                "%s: verdict change held for review (confidence %.2f): python -m bot review",
                name,
                event.change.confidence,
            )
            self.metrics.inc("termswatch_events_held_total")
            if self.on_held:
                self.on_held()
        return self._counted(CheckResult(name, Outcome.CHANGED, stored))

    async def _already_reported(self, event: PolicyEvent) -> bool:
        recent = await self.store.events(
            event.platform_id, ai_only=event.ai_relevant, limit=20, include_unreviewed=True
        )
        return any(reports_same_change(event, earlier) for earlier in recent)

    async def check_feed(self, feed: FeedSpec) -> CheckResult:
        """One change feed: see bot.services.feed_watch."""
        from bot.services.feed_watch import FeedWatcher  # it imports this module's result types

        return await FeedWatcher(self).check(feed)

    async def _failed(self, document_id: int, name: str, error: str) -> CheckResult:
        failures = await self.store.record_failure(
            document_id, error, iso(self.clock.now()), self.policy.failing_after
        )
        level = logging.WARNING if failures >= self.policy.failing_after else logging.INFO
        log.log(level, "%s: %s (failure %d in a row)", name, error, failures)
        self.metrics.inc("termswatch_documents_failed_total", {"document": name})
        return self._counted(CheckResult(name, Outcome.FAILED, error=error))

    def _counted(self, result: CheckResult) -> CheckResult:
        self.metrics.inc("termswatch_documents_checked_total", {"outcome": result.outcome.value})
        return result


def _extractor_upgrade(previous: Snapshot, extractor: str) -> bool:
    """The stored text was extracted from a page by another extractor version than `extractor`
    (feed and replay versions, which are not extracted here, have no extractor)."""
    return bool(extractor and previous.extractor and previous.extractor != extractor)


def _tag_change(change: Change, spec: DocumentSpec, date: str) -> Change:
    """Tag the verdicts' evidence with the document they quote."""
    before = change.before.with_source(spec.kind, spec.url, None)
    after = change.after.with_source(spec.kind, spec.url, date)
    return replace(change, before=before, after=after)
