"""Platforms, documents and snapshots."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.adapters.store.events import insert_event, transition_key
from bot.adapters.store.sql import Engine, Row, Sql
from bot.adapters.store.state import upsert_state
from bot.domain.models import DocumentSpec, DocumentState, Platform, Snapshot, Verdict
from bot.domain.timeutil import iso
from bot.services.ports import AlreadyRecorded, NewSnapshot

log = logging.getLogger(__name__)


def _document(row: Row) -> DocumentState:
    return DocumentState(
        id=row["id"],
        platform_id=row["platform_id"],
        kind=row["kind"],
        url=row["url"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_checked_at=row["last_checked_at"],
        last_changed_at=row["last_changed_at"],
        consecutive_failures=row["consecutive_failures"],
        failing=bool(row["failing"]),
        last_error=row["last_error"],
        body_hash=row["body_hash"],
    )


def _snapshot(row: Row) -> Snapshot:
    return Snapshot(
        id=row["id"],
        document_id=row["document_id"],
        text=row["text"],
        content_hash=row["content_hash"],
        fetched_at=row["fetched_at"],
        verdict=Verdict.from_dict(json.loads(row["verdict_json"])),
        version_date=row["version_date"],
        extractor=row["extractor"],
        analysis=row["analysis"],
    )


_UNCHANGED_SQL = (
    "UPDATE documents SET last_checked_at = ?, consecutive_failures = 0, failing = 0,"
    " last_error = '', etag = CASE WHEN ? != '' THEN ? ELSE etag END,"
    " last_modified = CASE WHEN ? != '' THEN ? ELSE last_modified END,"
    " body_hash = CASE WHEN ? != '' THEN ? ELSE body_hash END WHERE id = ?"
)


UNCHANGED_LINGER_S = 0.005  # how long "checked, unchanged" marks wait for others to join them
UNCHANGED_BATCH_ROWS = 64  # (a batch this big is committed without waiting)


async def _mark_unchanged(rows: list[tuple[object, ...]], db: Sql) -> None:
    await db.executemany(_UNCHANGED_SQL, rows)


@dataclass
class _UnchangedBatch:
    """ "Checked, unchanged" marks waiting to be committed together."""

    rows: list[tuple[object, ...]] = field(default_factory=list)
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )
    task: asyncio.Task[None] | None = None


class DocumentRepository:
    database: Engine
    _unchanged_batch: _UnchangedBatch | None = None

    async def sync_platforms(self, platforms: Sequence[Platform]) -> None:
        now = iso(self.database.clock.now())

        async def sync(db: Sql) -> None:
            if not platforms:
                return
            await db.executemany(
                "INSERT INTO platforms (id, name, category, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " category = excluded.category, updated_at = excluded.updated_at",
                [(platform.id, platform.name, platform.category, now) for platform in platforms],
            )
            await db.executemany(
                "INSERT INTO documents (platform_id, kind, url) VALUES (?, ?, ?)"
                " ON CONFLICT (platform_id, kind, url) DO NOTHING",
                [
                    (spec.platform_id, spec.kind, spec.url)
                    for platform in platforms
                    for spec in platform.documents
                ],
            )

        await self.database.transact(sync)

    async def document_state(self, spec: DocumentSpec) -> DocumentState:
        query = "SELECT * FROM documents WHERE platform_id = ? AND kind = ? AND url = ?"
        args = (spec.platform_id, spec.kind, spec.url)
        row = await self.database.sql.fetchone(query, args)
        if row is None:

            async def create(db: Sql) -> Row | None:
                await db.execute(
                    "INSERT INTO documents (platform_id, kind, url) VALUES (?, ?, ?)"
                    " ON CONFLICT (platform_id, kind, url) DO NOTHING",
                    args,
                )
                return await db.fetchone(query, args)

            row = await self.database.transact(create)
        assert row is not None
        return _document(row)

    async def documents(self) -> list[DocumentState]:
        rows = await self.database.sql.fetchall(
            "SELECT * FROM documents ORDER BY platform_id, kind, url"
        )
        return [_document(row) for row in rows]

    async def documents_of(self, platform_id: str) -> list[DocumentState]:
        rows = await self.database.sql.fetchall(
            "SELECT * FROM documents WHERE platform_id = ? ORDER BY kind, url", (platform_id,)
        )
        return [_document(row) for row in rows]

    async def latest_snapshots_of(
        self, platform_id: str
    ) -> list[tuple[DocumentState, Snapshot | None]]:
        """Each document of a platform with its latest snapshot (without text), in one query."""
        rows = await self.database.sql.fetchall(
            "SELECT d.*, s.id AS s_id, s.content_hash AS s_hash, s.verdict_json AS s_verdict,"
            " s.fetched_at AS s_fetched, s.version_date AS s_date, s.extractor AS s_extractor"
            " FROM documents d LEFT JOIN snapshots s ON s.id ="
            " (SELECT MAX(id) FROM snapshots WHERE document_id = d.id)"
            " WHERE d.platform_id = ? ORDER BY d.kind, d.url",
            (platform_id,),
        )
        out: list[tuple[DocumentState, Snapshot | None]] = []
        for row in rows:
            snapshot = None
            if row["s_id"] is not None:
                snapshot = Snapshot(
                    id=row["s_id"],
                    document_id=row["id"],
                    text="",
                    content_hash=row["s_hash"],
                    fetched_at=row["s_fetched"],
                    verdict=Verdict.from_dict(json.loads(row["s_verdict"])),
                    version_date=row["s_date"],
                    extractor=row["s_extractor"],
                )
            out.append((_document(row), snapshot))
        return out

    async def latest_snapshot(self, document_id: int, *, with_text: bool = True) -> Snapshot | None:
        columns = (
            "*"
            if with_text
            else (
                "id, document_id, '' AS text, content_hash, verdict_json, fetched_at, version_date,"
                " extractor, '' AS analysis"
            )
        )
        row = await self.database.sql.fetchone(
            f"SELECT {columns} FROM snapshots WHERE document_id = ? ORDER BY id DESC LIMIT 1",
            (document_id,),
        )
        return _snapshot(row) if row else None

    async def record_unchanged(
        self,
        document_id: int,
        checked_at: str,
        etag: str = "",
        last_modified: str = "",
        body_hash: str = "",
    ) -> None:
        """Mark a document checked and unchanged. Returns once committed; the marks of all the
        documents checked meanwhile (a watch cycle's burst of 304s) share one transaction."""
        batch = self._unchanged_batch
        if batch is None:
            batch = self._unchanged_batch = _UnchangedBatch()
            batch.task = asyncio.ensure_future(self._commit_unchanged(batch))
        batch.rows.append(
            (
                checked_at,
                etag,
                etag,
                last_modified,
                last_modified,
                body_hash,
                body_hash,
                document_id,
            )
        )
        await asyncio.shield(batch.done)

    async def _commit_unchanged(self, batch: _UnchangedBatch) -> None:
        try:
            # Let the documents checked meanwhile join the batch: a cycle's burst of 304s
            # arrives over a few milliseconds, and each transaction costs hand-offs to the
            # database's thread (a `check` of 500 unchanged pages: 400 transactions -> 40).
            await asyncio.sleep(0)
            if len(batch.rows) < UNCHANGED_BATCH_ROWS:
                await asyncio.sleep(UNCHANGED_LINGER_S)
            if self._unchanged_batch is batch:
                self._unchanged_batch = None  # later marks start a new batch
            await self.database.transact(functools.partial(_mark_unchanged, batch.rows))
        except BaseException as exc:
            if self._unchanged_batch is batch:
                self._unchanged_batch = None
            if not batch.done.done():
                batch.done.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
        else:
            batch.done.set_result(None)

    async def record_failure(
        self, document_id: int, error: str, at: str, failing_after: int
    ) -> int:
        async def record(db: Sql) -> Any:
            await db.execute(
                "UPDATE documents SET consecutive_failures = consecutive_failures + 1,"
                " last_error = ?, last_checked_at = ?,"
                " failing = CASE WHEN consecutive_failures + 1 >= ? THEN 1 ELSE 0 END WHERE id = ?",
                (error[:500], at, failing_after, document_id),
            )
            return await db.fetchval(
                "SELECT consecutive_failures FROM documents WHERE id = ?", (document_id,)
            )

        return int(await self.database.transact(record) or 0)

    async def record_snapshot(self, new: NewSnapshot) -> int | None:
        now = iso(self.database.clock.now())
        return await self.database.transact(functools.partial(_store_snapshot, new, now))


async def _store_snapshot(new: NewSnapshot, now: str, db: Sql) -> int | None:
    """record_snapshot's transaction: the snapshot, the document's row, the event with its
    outbox rows and the markers."""
    snap = new.snapshot
    # The unique index snapshots_one_successor (migration 004) makes this the step that
    # decides: a second attempt at the same transition inserts nothing, and raising rolls the
    # transaction back before any event or outbox row exists.
    snapshot_id = await db.fetchval(
        "INSERT INTO snapshots (document_id, content_hash, text, verdict_json, fetched_at,"
        " version_date, previous_id, extractor, analysis)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING RETURNING id",
        (
            snap.document_id,
            snap.content_hash,
            snap.text,
            json.dumps(snap.verdict.to_dict()),
            snap.fetched_at,
            snap.version_date,
            new.previous_id,
            snap.extractor,
            snap.analysis,
        ),
    )
    if snapshot_id is None:
        raise AlreadyRecorded(
            f"document {snap.document_id}: snapshot {new.previous_id} already has a successor"
        )
    await db.execute(
        "UPDATE documents SET last_checked_at = ?, last_changed_at = ?,"
        " consecutive_failures = 0, failing = 0, last_error = '',"
        " etag = ?, last_modified = ?, body_hash = ? WHERE id = ?",
        (
            snap.fetched_at,
            snap.fetched_at,
            new.etag,
            new.last_modified,
            new.body_hash,
            snap.document_id,
        ),
    )
    event_id = None
    if new.event is not None:
        event_id = await insert_event(db, new.event, now, snapshot_id, transition_key(new))
    for key, value in new.state.items():
        await upsert_state(db, key, value, now)
    return event_id
