"""What discovery needs from an Open Terms Archive host and from storage (Protocols + data)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from bot.domain.archive import Collection, DiscoveredDocument
from bot.services.errors import TermsWatchError


class ArchiveError(TermsWatchError):
    """The archive could not be read. Safe to show to operators (no tokens)."""


class ArchiveNotFound(ArchiveError):
    """404: no such file at that commit, no such release."""


class ArchiveRateLimited(ArchiveError):
    """The host's rate limit is spent until `reset_at` (unix seconds, 0 if unknown)."""

    def __init__(self, message: str, reset_at: float = 0.0) -> None:
        super().__init__(message)
        self.reset_at = reset_at


@dataclass(frozen=True)
class ArchiveCommit:
    sha: str
    subject: str
    updated: str  # ISO datetime
    link: str = ""


@dataclass(frozen=True)
class CollectionChanges:
    """A collection's change feed, newest first, at most the reader's entry cap."""

    not_modified: bool
    commits: tuple[ArchiveCommit, ...] = ()
    etag: str = ""
    truncated: bool = False  # more entries than the cap: the oldest were not read


@dataclass(frozen=True)
class ArchiveFile:
    path: str
    blob_sha: str


class Dataset(Protocol):
    """A published dataset: every recorded version of every document of a collection."""

    def paths(self) -> list[str]:
        """ "<Service>/<Terms type>.md" of every document in it."""
        ...

    def versions(self, path: str) -> list[str]:
        """The ISO datetimes of its versions, oldest first."""
        ...

    def read(self, path: str, version: str) -> bytes: ...


class ArchiveSource(Protocol):
    async def changes(self, collection: Collection, *, etag: str = "") -> CollectionChanges: ...
    async def listing(self, collection: Collection) -> list[ArchiveFile]:
        """Every file at the head of the collection (one request)."""
        ...

    async def raw(self, collection: Collection, ref: str, path: str) -> bytes:
        """The file at a commit; ArchiveNotFound if it is not there."""
        ...

    async def commit_paths(self, collection: Collection, sha: str) -> list[str]:
        """The files a commit touched (costs an API request)."""
        ...

    def dataset(self, collection: Collection) -> AbstractAsyncContextManager[Dataset | None]:
        """The latest published dataset, downloaded to a temporary file; None if there is none."""
        ...

    def document_url(self, collection: Collection, path: str) -> str: ...


@dataclass(frozen=True)
class KnownDocument:
    document: DiscoveredDocument
    blob_sha: str = ""
    commit_sha: str = ""


class DirectoryStore(Protocol):
    async def save_discovered(self, documents: Sequence[DiscoveredDocument], at: str) -> None: ...
    async def discovered_documents(
        self, collection: str | None = None
    ) -> Sequence[KnownDocument]: ...

    async def set_discovered_version(
        self, collection: str, path: str, *, blob_sha: str = "", commit_sha: str = ""
    ) -> None: ...
