"""`python -m bot migrate-db --to postgresql://…`: copy the SQLite database into PostgreSQL."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from bot.adapters.store import InstanceLock, SqlStore, StoreError
from bot.adapters.store.copy import copy_sqlite_to_postgres
from bot.adapters.store.urls import redacted
from bot.config import POSTGRES_SCHEMES, Config


def add_migrate_parser(sub: Any) -> None:
    migrate = sub.add_parser(
        "migrate-db", help="copy the SQLite database (storage.path) into an empty PostgreSQL one"
    )
    migrate.add_argument("--to", required=True, help="postgresql://user:password@host:port/db")
    migrate.add_argument("--from", dest="source", help="the SQLite file (default: storage.path)")


async def cmd_migrate_db(config: Config, args: argparse.Namespace, out: TextIO) -> int:
    url = str(args.to)
    if not url.startswith(POSTGRES_SCHEMES):
        raise StoreError(f"--to must be a postgresql:// URL, got {redacted(url)!r}")
    path = Path(args.source) if args.source else config.storage.path
    if not path.is_file():
        raise StoreError(f"{path}: no such SQLite database to copy")
    lock = InstanceLock.acquire(path)  # nothing writes to it while it is copied
    try:
        async with (
            await SqlStore.open(path) as source,
            await SqlStore.open(url) as target,
        ):
            copied = await copy_sqlite_to_postgres(source, target)
    finally:
        lock.release()
    for table in copied:
        print(f"{table.name}: {table.rows} rows", file=out)
    total = sum(table.rows for table in copied)
    print(
        f"copied {total} rows in {len(copied)} tables from {path} to {redacted(url)};"
        " row counts verified. Set storage.url (or TERMSWATCH_DATABASE_URL) to use it.",
        file=out,
    )
    return 0
