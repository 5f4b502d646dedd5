"""Change feeds: read a feed, fetch the versions its new entries point to, store them through the
watch pipeline (`WatchService.ingest_version`).

Progress is kept per entry (its id, or link + date when the id is only the link), never as one
date that a bad entry could freeze or push into the future:
- an entry is marked SEEN by a state marker (`feed_entry_marker`) stored in the same transaction
  as the version it brought; a re-extraction ("technical") entry is SEEN without a fetch;
- an entry whose fetch fails is FAILED and tried again at `next_try_at` (backoff doubling from
  `retry_base_seconds`, or later if the server sent Retry-After); after `max_tries` it is SKIPPED
  (one WARNING, listed in /healthz). The entries after it are read meanwhile;
- once a newer version of the document is stored, older unfinished entries are SUPERSEDED: their
  change is part of the newer version's diff, and storing an older text after a newer one would
  announce the change backwards;
- dates in the future are clamped to now (ordering and the event date use the clamped date), and
  entries dated before the newest stored one are older versions: SUPERSEDED, not fetched;
- per feed and cycle at most `max_versions_per_cycle` of the newest new versions are fetched
  (`fetch_concurrency` at a time; the fetcher's per-host politeness still applies), the older new
  ones are SUPERSEDED in one transaction. A flood of 10,000 entries costs one feed parse, one
  batch write and at most that many fetches, not 10,000 fetches. On the first look at a feed only
  the newest version is fetched, as the baseline.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from bot.domain.models import DocumentSpec, EventSource, FeedSpec
from bot.domain.timeutil import iso, later
from bot.services.ports import (
    FeedEntry,
    FeedEntryProgress,
    FeedEntryStatus,
    FetchError,
    feed_entry_marker,
)
from bot.services.watch import CheckResult, Outcome

if TYPE_CHECKING:
    from bot.services.watch import WatchPolicy, WatchService

log = logging.getLogger(__name__)

_SUPERSEDED = FeedEntryStatus.SUPERSEDED.value
_DONE = frozenset({FeedEntryStatus.SEEN, FeedEntryStatus.SUPERSEDED, FeedEntryStatus.SKIPPED})


@dataclass(frozen=True)
class FeedPolicy:
    max_tries: int = 5  # a failing entry is skipped after this many tries
    retry_base_seconds: float = 900.0  # first retry after this long, then doubling
    max_retry_seconds: float = 86_400.0
    max_versions_per_cycle: int = 5  # newest new versions fetched per feed and cycle
    fetch_concurrency: int = 4

    @classmethod
    def for_watch(cls, policy: WatchPolicy) -> FeedPolicy:
        """`watch.failing_after` tries, first retry one watch interval later."""
        return cls(max_tries=policy.failing_after, retry_base_seconds=policy.interval_seconds)

    def retry_delay(self, tries: int) -> float:
        return min(self.retry_base_seconds * 2 ** max(tries - 1, 0), self.max_retry_seconds)


@dataclass(frozen=True)
class _Item:
    entry: FeedEntry
    key: str
    date: str  # clamped: never later than now
    position: int  # in feed order
    known: FeedEntryProgress | None

    @property
    def url(self) -> str:
        return self.entry.content_url or self.entry.link

    @property
    def shown(self) -> str:
        """The URL for logs and /healthz: no user:password (links come from the feed)."""
        parts = urlsplit(self.url)
        if "@" not in parts.netloc:
            return self.url[:300]
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))[:300]


def entry_key(entry: FeedEntry) -> str:
    """The entry's id; link + date when the feed gave no id (the id is then the link, which
    per-document feeds reuse for every version)."""
    if entry.entry_id and entry.entry_id != entry.link:
        return entry.entry_id
    return f"{entry.link} {entry.updated}".strip()


class FeedWatcher:
    """Checks one feed for a WatchService, storing through its `ingest_version`."""

    def __init__(self, watch: WatchService, policy: FeedPolicy | None = None) -> None:
        self.watch = watch
        self.policy = policy or FeedPolicy.for_watch(watch.policy)

    async def check(self, feed: FeedSpec) -> CheckResult:
        watch, store = self.watch, self.watch.store
        name = feed.url
        seen_key = f"feed:{feed.url}:last_seen"  # the newest stored entry's (clamped) date
        etag_key = f"feed:{feed.url}:etag"
        spec = DocumentSpec(feed.platform_id, feed.document_kind, feed.url)
        try:
            result = await watch.feed_reader.read(
                feed.url, etag=await store.get_state(etag_key) or ""
            )
        except FetchError as exc:
            document = await store.document_state(spec)
            return await watch._failed(document.id, name, f"feed: {exc}")
        if result.not_modified:
            return watch._counted(CheckResult(name, Outcome.UNCHANGED))
        now = iso(watch.clock.now())
        progress = await store.feed_entries(feed.url)
        newest_stored = await store.get_state(seen_key) or ""
        if newest_stored > now:  # written before dates were clamped: says nothing
            newest_stored = ""
        first_look = not progress and not newest_stored

        technical: list[str] = []
        superseded: list[str] = []
        items: dict[str, _Item] = {}
        for position, entry in enumerate(result.entries):
            key = entry_key(entry)
            known = progress.get(key)
            if key in items or (known is not None and known.status in _DONE):
                continue
            date = min(entry.updated or now, now)  # undated: new when discovered
            if entry.technical:
                technical.append(key)
            elif newest_stored and date < newest_stored:
                superseded.append(key)  # older than the version stored: its change is in there
            else:
                items[key] = _Item(entry, key, date, position, known)
        ordered = sorted(items.values(), key=lambda i: (i.date, -i.position))
        keep = 1 if first_look else max(self.policy.max_versions_per_cycle, 1)
        superseded += [item.key for item in ordered[:-keep]]
        ordered = ordered[-keep:]
        await store.mark_feed_entries(feed.url, technical, FeedEntryStatus.SEEN, now)
        await store.mark_feed_entries(feed.url, superseded, FeedEntryStatus.SUPERSEDED, now)
        if superseded and not first_look:
            log.info(
                "%s: %d older new entries superseded by newer versions (not fetched)",
                name,
                len(superseded),
            )

        due = [i for i in ordered if i.known is None or i.known.next_try_at <= now]
        fetched = await self._fetch_all(due)
        stored_up_to = max(
            (n for n, item in enumerate(ordered) if isinstance(fetched.get(item.key), str)),
            default=-1,
        )
        outcome = CheckResult(name, Outcome.UNCHANGED)
        failure: CheckResult | None = None
        older: list[str] = []  # unfinished entries older than the next version stored
        unfinished = 0
        for n, item in enumerate(ordered):
            got = fetched.get(item.key)
            if isinstance(got, str):
                markers = {feed_entry_marker(feed.url, k): _SUPERSEDED for k in older}
                markers[feed_entry_marker(feed.url, item.key)] = FeedEntryStatus.SEEN.value
                markers[seen_key] = item.date
                older = []
                stored = await watch.ingest_version(
                    spec, got, source=EventSource.FEED, version_date=item.date, state=markers
                )
                if stored.event is not None or outcome.outcome is Outcome.UNCHANGED:
                    outcome = stored
            elif n < stored_up_to:  # a newer version is stored below: it carries this change
                if got is not None:
                    log.info("%s: entry %s failed (%s); superseded", name, item.shown, got)
                older.append(item.key)
            elif got is not None:
                failed = await self._failed(feed, item, got, now)
                unfinished += failed.status is FeedEntryStatus.FAILED
                failure = failure or CheckResult(
                    name, Outcome.FAILED, error=f"feed entry {item.shown}: {got}"
                )
            else:
                unfinished += 1  # waiting for its next try
        # A stored ETag makes the next read a 304, which would hide entries still to be retried.
        await store.set_state(etag_key, "" if unfinished else result.etag)
        if outcome.outcome is Outcome.UNCHANGED and failure is not None:
            return watch._counted(failure)
        return outcome

    async def _fetch_all(self, items: list[_Item]) -> dict[str, str | FetchError]:
        """Each item's text (or why not), at most `fetch_concurrency` fetches at a time."""
        limit = asyncio.Semaphore(max(self.policy.fetch_concurrency, 1))
        watch = self.watch

        async def one(item: _Item) -> str | FetchError:
            async with limit:
                try:
                    fetched = await watch.fetcher.fetch(item.url)
                    text = await asyncio.to_thread(
                        watch.extractor.extract, fetched.body, fetched.content_type, item.url
                    )
                except FetchError as exc:
                    return exc
            return text if text.strip() else FetchError("the new version has no readable text")

        results = await asyncio.gather(*(one(item) for item in items))
        return {item.key: got for item, got in zip(items, results, strict=True)}

    async def _failed(
        self, feed: FeedSpec, item: _Item, error: FetchError, now: str
    ) -> FeedEntryProgress:
        policy, watch = self.policy, self.watch
        tries = (item.known.tries if item.known else 0) + 1
        next_try_at = max(later(watch.clock.now(), policy.retry_delay(tries)), error.retry_at)
        progress = await watch.store.record_feed_entry_failure(
            feed.url,
            item.key,
            link=item.shown,
            error=str(error),
            at=now,
            next_try_at=next_try_at,
            max_tries=policy.max_tries if error.retryable else 1,
        )
        watch.metrics.inc("termswatch_feed_entries_failed_total")
        if progress.status is FeedEntryStatus.SKIPPED:
            watch.metrics.inc("termswatch_feed_entries_skipped_total")
            log.warning(
                "%s: giving up on entry %s after %d tries (%s); later entries are still read",
                feed.url,
                item.shown,
                progress.tries,
                error,
            )
        else:
            log.info(
                "%s: entry %s failed (try %d of %d, next at %s): %s",
                feed.url,
                item.shown,
                progress.tries,
                policy.max_tries,
                progress.next_try_at,
                error,
            )
        return progress
