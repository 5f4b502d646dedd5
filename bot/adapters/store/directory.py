"""The discovered part of the platform directory, and requests for platforms (migration 007)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.adapters.store.sql import Engine, Row
from bot.domain.archive import DiscoveredDocument
from bot.domain.requests import PlatformRequest
from bot.services.archive_ports import KnownDocument

log = logging.getLogger(__name__)


def _discovered(row: Row) -> KnownDocument:
    return KnownDocument(
        DiscoveredDocument(
            platform_id=row["platform_id"],
            service=row["service"],
            terms_type=row["terms_type"],
            collection=row["collection"],
            path=row["path"],
            url=row["url"],
        ),
        blob_sha=row["blob_sha"],
        commit_sha=row["commit_sha"],
    )


def _request(row: Row) -> PlatformRequest:
    return PlatformRequest(
        id=row["id"],
        name=row["name"],
        url=row["url"],
        medium=row["medium"],
        requester=row["requester"],
        created_at=row["created_at"],
        status=row["status"],
    )


class DirectoryRepository:
    database: Engine

    async def save_discovered(self, documents: Sequence[DiscoveredDocument], at: str) -> None:
        """Adds (or renames) discovered documents and their platforms; one transaction."""
        async with self.database.transaction() as db:
            for doc in documents:
                await db.execute(
                    "INSERT INTO platforms (id, name, category, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (id) DO NOTHING",
                    (doc.platform_id, doc.service, "archive", at),
                )
                await db.execute(
                    "INSERT INTO discovered_documents (platform_id, service, terms_type,"
                    " collection, path, url, first_seen_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (collection, path) DO UPDATE SET"
                    " platform_id = excluded.platform_id, service = excluded.service,"
                    " url = excluded.url, updated_at = excluded.updated_at",
                    (
                        doc.platform_id,
                        doc.service,
                        doc.terms_type,
                        doc.collection,
                        doc.path,
                        doc.url,
                        at,
                        at,
                    ),
                )

    async def discovered_documents(self, collection: str | None = None) -> list[KnownDocument]:
        query = "SELECT * FROM discovered_documents"
        args: tuple[str, ...] = ()
        if collection is not None:
            query += " WHERE collection = ?"
            args = (collection,)
        rows = await self.database.sql.fetchall(query + " ORDER BY id", args)
        return [_discovered(row) for row in rows]

    async def set_discovered_version(
        self, collection: str, path: str, *, blob_sha: str = "", commit_sha: str = ""
    ) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE discovered_documents SET"
                " blob_sha = CASE WHEN ? != '' THEN ? ELSE blob_sha END,"
                " commit_sha = CASE WHEN ? != '' THEN ? ELSE commit_sha END"
                " WHERE collection = ? AND path = ?",
                (blob_sha, blob_sha, commit_sha, commit_sha, collection, path),
            )

    # ------------------------------------------------------------ platform requests

    async def add_platform_request(self, request: PlatformRequest) -> int:
        async with self.database.transaction() as db:
            request_id = await db.fetchval(
                "INSERT INTO platform_requests (name, url, medium, requester, status, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    request.name,
                    request.url,
                    request.medium,
                    request.requester,
                    request.status,
                    request.created_at,
                ),
            )
        return int(request_id or 0)

    async def platform_requests(self, limit: int = 100) -> list[PlatformRequest]:
        rows = await self.database.sql.fetchall(
            "SELECT * FROM platform_requests ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_request(row) for row in rows]

    async def count_platform_requests(
        self, *, medium: str | None = None, requester: str | None = None, since: str = ""
    ) -> int:
        clauses, args = ["created_at >= ?"], [since]
        if medium is not None:
            clauses.append("medium = ?")
            args.append(medium)
        if requester is not None:
            clauses.append("requester = ?")
            args.append(requester)
        query = f"SELECT COUNT(*) FROM platform_requests WHERE {' AND '.join(clauses)}"
        return int(await self.database.sql.fetchval(query, args) or 0)
