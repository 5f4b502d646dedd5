"""Change feeds: read a feed, fetch each new entry's version, hand it to the watch pipeline."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.domain.models import DocumentSpec, EventSource, FeedSpec
from bot.services.ports import FetchError
from bot.services.watch import CheckResult, Outcome

if TYPE_CHECKING:
    from bot.services.watch import WatchService

log = logging.getLogger(__name__)


class FeedWatcher:
    """Checks one feed for a WatchService, storing through its `ingest_version`."""

    def __init__(self, watch: WatchService) -> None:
        self.watch = watch

    async def check(self, feed: FeedSpec) -> CheckResult:
        watch = self.watch
        store = watch.store
        name = feed.url
        seen_key = f"feed:{feed.url}:last_seen"
        etag_key = f"feed:{feed.url}:etag"
        last_seen = await store.get_state(seen_key) or ""
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
        fresh = sorted(
            (e for e in result.entries if not e.technical and e.updated > last_seen),
            key=lambda e: e.updated,
        )
        if not last_seen and fresh:
            fresh = fresh[-1:]  # first look at a feed: take the current version as the baseline
        outcome = CheckResult(name, Outcome.UNCHANGED)
        for entry in fresh:
            try:
                fetched = await watch.fetcher.fetch(entry.content_url or entry.link)
                text = await asyncio.to_thread(
                    watch.extractor.extract, fetched.body, fetched.content_type, entry.content_url
                )
                if not text.strip():
                    raise FetchError("the new version has no readable text")
            except FetchError as exc:
                document = await store.document_state(spec)
                return await watch._failed(document.id, name, f"feed entry {entry.link}: {exc}")
            result_for_entry = await watch.ingest_version(
                spec,
                text,
                source=EventSource.FEED,
                version_date=entry.updated,
                state={seen_key: entry.updated},
            )
            if result_for_entry.event is not None or outcome.outcome is Outcome.UNCHANGED:
                outcome = result_for_entry
        if result.etag:  # only once every new entry is stored, or the next read would skip them
            await store.set_state(etag_key, result.etag)
        return outcome
