"""Every service Open Terms Archive tracks, discovered by itself.

For each followed collection (a versions repository):
- first sync: the published dataset (when there is one) gives every document's latest version
  and a few earlier ones (their AI changes become history); then the listing (one request)
  gives every file's blob sha, and only files the dataset did not have as they are now are
  fetched, a few at a time. Each document's version goes through `WatchService.ingest_version`:
  a verdict, a snapshot, no announcement (it is the baseline);
- afterwards: the collection's change feed (one feed for the whole repository). Each new commit
  names "<Service> <Terms type>"; its file is fetched at that commit and ingested like any
  version, so a change of a subscribed service's AI clauses reaches its subscribers once,
  through the outbox. A service seen for the first time joins the directory at once.
Services whose name is a curated platform's are left to the curated entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.domain.archive import (
    Collection,
    CommitKind,
    DiscoveredDocument,
    ai_history,
    candidate_paths,
    git_blob_sha,
    parse_subject,
    split_path,
)
from bot.domain.models import EventSource, PolicyEvent
from bot.domain.platforms import PlatformDirectory
from bot.services.archive_ports import (
    ArchiveCommit,
    ArchiveError,
    ArchiveNotFound,
    ArchiveSource,
    Dataset,
)
from bot.services.discovery_index import DiscoveredIndex, DiscoveryStore
from bot.services.metrics import Metrics
from bot.services.ports import Clock
from bot.services.watch import Outcome, WatchService

log = logging.getLogger(__name__)

FIRST_SYNC_MODES = ("auto", "dataset", "listing")


@dataclass(frozen=True)
class DiscoveryPolicy:
    interval_seconds: float = 900.0
    first_sync: str = "auto"  # auto: the dataset if one is published, then the listing
    history_versions: int = 3  # earlier dataset versions compared for AI history, per document
    concurrency: int = 4


@dataclass
class SyncReport:
    collection: str
    mode: str = ""  # dataset+listing, listing, feed, not_modified, failed
    documents: int = 0  # versions ingested
    fetched: int = 0  # files fetched one by one
    new_platforms: int = 0
    events: list[PolicyEvent] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


class DiscoveryService(DiscoveredIndex):
    """Syncing the followed collections: the first sync, then their change feeds."""

    def __init__(
        self,
        *,
        archive: ArchiveSource,
        store: DiscoveryStore,
        directory: PlatformDirectory,
        watch: WatchService,
        collections: Sequence[Collection],
        clock: Clock,
        metrics: Metrics,
        policy: DiscoveryPolicy | None = None,
        on_event: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(
            archive=archive, store=store, directory=directory, clock=clock, metrics=metrics
        )
        self.watch = watch
        self.collections = list(collections)
        self.policy = policy or DiscoveryPolicy()
        self.on_event = on_event
        self.last_reports: list[SyncReport] = []

    # ------------------------------------------------------------ running

    async def run(self, stop: asyncio.Event) -> None:
        names = ", ".join(c.name for c in self.collections)
        log.info("following %d archive collections: %s", len(self.collections), names)
        while not stop.is_set():
            try:
                await self.sync_once()
            except Exception:
                log.exception("archive sync failed; will try again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.policy.interval_seconds)

    async def sync_once(self) -> list[SyncReport]:
        reports = [await self.sync(c) for c in self.collections]
        self.last_reports = reports
        if any(r.events for r in reports) and self.on_event:
            self.on_event()
        return reports

    async def sync(self, collection: Collection) -> SyncReport:
        started = time.perf_counter()
        report = SyncReport(collection.name)
        seen = await self.store.get_state(_key(collection, "seen"))
        try:
            if seen:
                await self._follow(collection, seen, report)
            else:
                await self._first_sync(collection, report)
        except ArchiveError as exc:
            report.mode = report.mode or "failed"
            report.errors.append(str(exc))
            log.warning("archive %s: %s", collection.name, exc)
        report.seconds = time.perf_counter() - started
        self.metrics.inc("termswatch_archive_syncs_total", {"mode": report.mode or "none"})
        return report

    # ------------------------------------------------------------ first sync

    async def _first_sync(self, collection: Collection, report: SyncReport) -> None:
        changes = await self.archive.changes(collection)
        head = changes.commits[0] if changes.commits else None
        have: dict[str, str] = {}  # path -> blob sha of the version ingested
        mode = self.policy.first_sync
        if mode in ("auto", "dataset"):
            try:
                async with self.archive.dataset(collection) as dataset:
                    if dataset is not None:
                        have = await self._from_dataset(collection, dataset, report)
                        report.mode = "dataset+"
                    elif mode == "dataset":
                        raise ArchiveError(f"{collection.name} publishes no dataset")
            except ArchiveError as exc:
                if mode == "dataset":
                    raise
                log.info("archive %s: no dataset (%s); using the listing", collection.name, exc)
        await self._from_listing(collection, have, report)
        report.mode += "listing"
        if report.errors:  # not done: the next sync starts again (what is stored is skipped)
            log.warning(
                "archive %s: first sync incomplete (%d errors)", collection.name, len(report.errors)
            )
            return
        if head is not None:
            await self.store.set_state(_key(collection, "seen"), _marker(head))
        if changes.etag:
            await self.store.set_state(_key(collection, "etag"), changes.etag)

    async def _from_dataset(
        self, collection: Collection, dataset: Dataset, report: SyncReport
    ) -> dict[str, str]:
        docs = [d for p in dataset.paths() if (d := self._document(collection, p)) is not None]
        report.new_platforms += await self._register(docs)
        have: dict[str, str] = {}
        slots = asyncio.Semaphore(self.policy.concurrency)

        async def one(doc: DiscoveredDocument) -> None:
            async with slots:
                versions = dataset.versions(doc.path)
                if not versions:
                    return
                keep = versions[-(self.policy.history_versions + 1) :]
                texts = [await asyncio.to_thread(dataset.read, doc.path, v) for v in keep]
                await self._history(doc, list(zip(keep, texts, strict=True)))
                latest = texts[-1]
                await self._ingest(doc, latest, keep[-1], report, blob_sha=git_blob_sha(latest))
                have[doc.path] = git_blob_sha(latest)

        await asyncio.gather(*(one(d) for d in docs))
        return have

    async def _history(self, doc: DiscoveredDocument, versions: list[tuple[str, bytes]]) -> None:
        """AI changes between a document's archived versions, stored as background history."""
        platform = self.directory.get(doc.platform_id)
        texts = [(date, _text(data)) for date, data in versions]
        name = platform.name if platform else doc.service
        for event in await asyncio.to_thread(ai_history, doc, texts, name):
            await self.store.record_event(event)

    async def _from_listing(
        self, collection: Collection, have: dict[str, str], report: SyncReport
    ) -> None:
        files = await self.archive.listing(collection)
        known = await self.store.discovered_documents(collection.name)
        stored = {k.document.path: k.blob_sha for k in known}
        todo = []
        for file in files:
            doc = self._document(collection, file.path)
            if doc is None:
                continue
            self._types.add(doc.terms_type)
            if have.get(file.path) == file.blob_sha or stored.get(file.path) == file.blob_sha:
                continue
            todo.append(doc)
        report.new_platforms += await self._register(todo)
        slots = asyncio.Semaphore(self.policy.concurrency)

        async def one(doc: DiscoveredDocument) -> None:
            async with slots:
                try:
                    data = await self.archive.raw(collection, "main", doc.path)
                except ArchiveNotFound:
                    return  # removed meanwhile
                except ArchiveError as exc:  # the others go on; this one is tried next time
                    report.errors.append(f"{doc.path}: {exc}")
                    return
                report.fetched += 1
                await self._ingest(doc, data, "", report, blob_sha=git_blob_sha(data))

        await asyncio.gather(*(one(d) for d in todo))

    # ------------------------------------------------------------ the change feed

    async def _follow(self, collection: Collection, seen: str, report: SyncReport) -> None:
        etag_key = _key(collection, "etag")
        changes = await self.archive.changes(
            collection, etag=await self.store.get_state(etag_key) or ""
        )
        if changes.not_modified:
            report.mode = "not_modified"
            return
        report.mode = "feed"
        seen_date, _, seen_sha = seen.partition("|")
        fresh: list[ArchiveCommit] = []
        for commit in changes.commits:  # newest first
            if commit.sha == seen_sha:
                break
            fresh.append(commit)
        else:
            fresh = [c for c in changes.commits if c.updated > seen_date]
            if changes.commits and changes.commits[-1].updated > seen_date:
                # More new commits than the feed shows: catch up from the listing.
                log.info("archive %s: feed gap; resyncing from the listing", collection.name)
                await self._from_listing(collection, {}, report)
                report.mode = "feed+listing"
                if report.errors:
                    return
                await self.store.set_state(_key(collection, "seen"), _marker(changes.commits[0]))
                fresh = []
        for commit in reversed(fresh):
            if not await self._apply(collection, commit, report):
                return  # try this commit again next time; later ones wait for it
        if changes.etag:
            await self.store.set_state(etag_key, changes.etag)

    async def _apply(
        self, collection: Collection, commit: ArchiveCommit, report: SyncReport
    ) -> bool:
        marker = {_key(collection, "seen"): _marker(commit)}
        subject = parse_subject(commit.subject)
        if subject.kind in (CommitKind.TECHNICAL, CommitKind.OTHER):
            await self.store.set_state(*next(iter(marker.items())))
            return True
        try:
            found = await self._locate(collection, commit, subject.rest)
        except ArchiveError as exc:
            report.errors.append(f"{commit.sha[:10]}: {exc}")
            log.warning("archive %s: commit %s: %s", collection.name, commit.sha[:10], exc)
            return False
        doc = self._document(collection, found[0]) if found else None
        if found is None or doc is None:
            await self.store.set_state(*next(iter(marker.items())))
            return True
        report.new_platforms += await self._register([doc])
        await self._ingest(
            doc, found[1], commit.updated, report, state=marker, commit_sha=commit.sha,
            blob_sha=git_blob_sha(found[1]),
        )  # fmt: skip
        return True

    async def _locate(
        self, collection: Collection, commit: ArchiveCommit, rest: str
    ) -> tuple[str, bytes] | None:
        """(path, file at the commit) of the document a commit subject names: the subject's
        likely splits are tried against the commit, then the commit API says."""
        known = self._paths.get(collection.name, set())
        for path in candidate_paths(rest, self._types, known)[:3]:
            try:
                return path, await self.archive.raw(collection, commit.sha, path)
            except ArchiveNotFound:
                continue
        for path in await self.archive.commit_paths(collection, commit.sha):
            if split_path(path) is not None:
                try:
                    return path, await self.archive.raw(collection, commit.sha, path)
                except ArchiveNotFound:
                    continue  # deleted by this commit
        log.info("archive %s: no document for %r", collection.name, rest)
        return None

    # ------------------------------------------------------------ ingesting

    async def _ingest(
        self,
        doc: DiscoveredDocument,
        data: bytes,
        version_date: str,
        report: SyncReport,
        *,
        state: dict[str, str] | None = None,
        commit_sha: str = "",
        blob_sha: str = "",
    ) -> None:
        text = _text(data)
        if not text.strip():
            return
        result = await self.watch.ingest_version(
            doc.spec, text, source=EventSource.FEED, version_date=version_date, state=state
        )
        report.documents += 1
        if result.event is not None:
            report.events.append(result.event)
        self.metrics.inc("termswatch_archive_versions_total", {"outcome": result.outcome.value})
        if result.outcome is not Outcome.FAILED:
            await self.store.set_discovered_version(
                doc.collection, doc.path, blob_sha=blob_sha, commit_sha=commit_sha
            )


def _key(collection: Collection, what: str) -> str:
    return f"archive:{collection.name}:{what}"


def _marker(commit: ArchiveCommit) -> str:
    return f"{commit.updated}|{commit.sha}"


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")
