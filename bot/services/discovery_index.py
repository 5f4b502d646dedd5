"""The discovered platforms in memory and in the directory: loaded from the database at start,
added to as the syncs of bot.services.discovery find new documents."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from bot.domain.archive import (
    Collection,
    DiscoveredDocument,
    discovered_platform,
    slug,
    split_path,
)
from bot.domain.names import compact
from bot.domain.platforms import PlatformDirectory
from bot.domain.timeutil import iso
from bot.services.archive_ports import ArchiveSource, DirectoryStore
from bot.services.metrics import Metrics
from bot.services.ports import Clock, Store

log = logging.getLogger(__name__)


class DiscoveryStore(Store, DirectoryStore, Protocol):
    """What discovery needs from storage."""


class DiscoveredIndex:
    """What discovery knows of the archive's documents, by platform, collection and service."""

    def __init__(
        self,
        *,
        archive: ArchiveSource,
        store: DiscoveryStore,
        directory: PlatformDirectory,
        clock: Clock,
        metrics: Metrics,
    ) -> None:
        self.archive = archive
        self.store = store
        self.directory = directory
        self.clock = clock
        self.metrics = metrics
        self._curated_ids = {p.id for p in directory.all()}
        self._curated_keys = {
            compact(label) for p in directory.all() for label in (p.id, p.name, *p.aliases)
        }
        self._docs: dict[str, dict[tuple[str, str], DiscoveredDocument]] = {}  # by platform
        self._paths: dict[str, set[str]] = {}  # known paths by collection
        self._platform_of: dict[str, str] = {}  # service name -> platform id
        self._types: set[str] = set()

    async def load(self) -> int:
        """Put every discovered platform stored in the database into the directory."""
        for known in await self.store.discovered_documents():
            self._remember(known.document)
        added = self.directory.add_discovered(self._platforms(self._docs))
        self.metrics.set("termswatch_archive_platforms", len(self._docs))
        return len(added)

    def _remember(self, doc: DiscoveredDocument) -> bool:
        """Keep a document in memory; True if it is new."""
        by_path = self._docs.setdefault(doc.platform_id, {})
        key = (doc.collection, doc.path)
        new = key not in by_path
        by_path[key] = doc
        self._paths.setdefault(doc.collection, set()).add(doc.path)
        self._platform_of.setdefault(doc.service, doc.platform_id)
        self._types.add(doc.terms_type)
        return new

    def _platforms(self, docs: dict[str, dict[tuple[str, str], DiscoveredDocument]]) -> list:
        return [
            discovered_platform(pid, next(iter(by_path.values())).service, by_path.values())
            for pid, by_path in docs.items()
            if by_path
        ]

    def platform_id_for(self, service: str) -> str | None:
        """The discovered platform id of a service; None when a curated platform has its name."""
        known = self._platform_of.get(service)
        if known is not None:
            return known
        if compact(service) in self._curated_keys:
            return None
        pid = slug(service)
        if pid in self._curated_ids:
            pid = f"ota-{pid}"
        return pid

    async def _register(self, docs: Sequence[DiscoveredDocument]) -> int:
        """Store new documents and put their platforms in the directory; new platforms count."""
        fresh = [d for d in docs if (d.collection, d.path) not in self._docs.get(d.platform_id, {})]
        if not fresh:
            return 0
        await self.store.save_discovered(fresh, iso(self.clock.now()))
        new_platforms = {d.platform_id for d in fresh if d.platform_id not in self._docs}
        for doc in fresh:
            self._remember(doc)
        touched = {d.platform_id for d in fresh}
        self.directory.add_discovered(self._platforms({pid: self._docs[pid] for pid in touched}))
        self.metrics.set("termswatch_archive_platforms", len(self._docs))
        if new_platforms:
            log.info("archive: %d new services", len(new_platforms))
        return len(new_platforms)

    def _document(self, collection: Collection, path: str) -> DiscoveredDocument | None:
        parts = split_path(path)
        if parts is None:
            return None
        service, terms_type = parts
        pid = self.platform_id_for(service)
        if pid is None:
            return None
        url = self.archive.document_url(collection, path)
        return DiscoveredDocument(pid, service, terms_type, collection.name, path, url)
