"""Copy a SQLite database into an empty PostgreSQL one (`python -m bot migrate-db --to URL`).

Both are opened as stores first, so both carry every migration. Then every table is copied in
dependency order (a table after the tables its foreign keys name; rows in id order, so a
snapshot's predecessor exists before it), with the same ids, in ONE transaction on the target.
Values are converted to the target column's type (SQLite stores what it is given). Identity
sequences then continue after the largest copied id, and the row counts of both sides are
compared table by table: any difference rolls everything back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.adapters.store import SqlStore
from bot.adapters.store.database import StoreError
from bot.adapters.store.sql import Sql

log = logging.getLogger(__name__)

BATCH = 500
BOOKKEEPING = {"schema_migrations", "tw_content"}


@dataclass(frozen=True)
class CopiedTable:
    name: str
    rows: int


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def source_tables(source: Sql) -> list[str]:
    """The SQLite tables to copy, each after the tables it references."""
    rows = await source.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    )
    names = [str(r[0]) for r in rows if str(r[0]) not in BOOKKEEPING]
    needs: dict[str, set[str]] = {}
    for name in names:
        keys = await source.fetchall(f"SELECT * FROM pragma_foreign_key_list('{name}')")
        needs[name] = {str(k["table"]) for k in keys} & set(names) - {name}
    ordered: list[str] = []
    while needs:
        ready = sorted(name for name, wanted in needs.items() if wanted <= set(ordered))
        if not ready:
            raise StoreError(f"circular foreign keys between {sorted(needs)}: cannot order them")
        ordered += ready
        for name in ready:
            del needs[name]
    return ordered


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _converter(data_type: str) -> Callable[[Any], Any]:
    if data_type in ("bigint", "integer", "smallint"):
        return int
    if data_type in ("double precision", "real", "numeric"):
        return float
    return _text


async def target_columns(target: Sql, table: str) -> dict[str, Callable[[Any], Any]]:
    rows = await target.fetchall(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ?",
        (table,),
    )
    return {str(r[0]): _converter(str(r[1])) for r in rows}


async def copy_sqlite_to_postgres(source: SqlStore, target: SqlStore) -> list[CopiedTable]:
    if source.engine != "sqlite" or target.engine != "postgres":
        raise StoreError("migrate-db copies a SQLite database into a PostgreSQL one")
    src = source.database.sql
    names = await source_tables(src)
    applied = await src.fetchall("SELECT number, name FROM schema_migrations ORDER BY number")
    async with target.database.transaction() as tx:
        there = await tx.fetchall("SELECT number, name FROM schema_migrations ORDER BY number")
        if [tuple(r) for r in there] != [tuple(r) for r in applied]:
            raise StoreError("the two databases are at different migrations: upgrade both first")
        for name in names:
            if await tx.fetchval(f"SELECT EXISTS (SELECT 1 FROM {_quoted(name)})"):
                raise StoreError(
                    f"the target database is not empty (table {name} has rows): migrate-db"
                    " only copies into a new, empty database"
                )
        copied = [await _copy_table(src, tx, name) for name in names]
        for name in names:
            if "id" not in await target_columns(tx, name):
                continue
            identity = await tx.fetchval("SELECT pg_get_serial_sequence(?, 'id')", (_quoted(name),))
            if identity:
                await tx.execute(
                    f"SELECT setval(?, COALESCE((SELECT MAX(id) FROM {_quoted(name)}), 0) + 1,"
                    " false)",
                    (identity,),
                )
        for table in copied:
            count = await tx.fetchval(f"SELECT COUNT(*) FROM {_quoted(table.name)}")
            if count != table.rows:
                raise StoreError(
                    f"table {table.name}: {table.rows} rows read but {count} written;"
                    " nothing was kept"
                )
    return copied


async def _copy_table(source: Sql, target: Sql, name: str) -> CopiedTable:
    """Rows in rowid order (= id order where there is an id), a batch at a time."""
    columns = await target_columns(target, name)
    first = await source.fetchone(f"SELECT * FROM {_quoted(name)} LIMIT 1")
    if first is None:
        return CopiedTable(name, 0)
    names = list(first.keys())  # type: ignore[attr-defined]
    missing = [column for column in names if column not in columns]
    if missing:
        raise StoreError(f"table {name}: the target has no column {', '.join(missing)}")
    convert = [columns[column] for column in names]
    insert = (
        f"INSERT INTO {_quoted(name)} ({', '.join(_quoted(c) for c in names)})"
        f" VALUES ({', '.join('?' for _ in names)})"
    )
    select = (
        f"SELECT rowid, {', '.join(_quoted(c) for c in names)} FROM {_quoted(name)}"
        " WHERE rowid > ? ORDER BY rowid LIMIT ?"
    )
    copied, last = 0, -(2**63)
    while rows := await source.fetchall(select, (last, BATCH)):
        await target.executemany(
            insert,
            [
                [None if v is None else fn(v) for fn, v in zip(convert, row[1:], strict=True)]
                for row in rows
            ],
        )
        copied += len(rows)
        last = int(rows[-1][0])
    log.info("copied %s: %d rows", name, copied)
    return CopiedTable(name, copied)
