"""A counter of writes to the tables the status pages show, kept by this connection.

TEMP triggers live only in this connection: nothing is written to the database file and no
migration is needed. Every INSERT, UPDATE or DELETE this connection makes on a counted table adds
one to `temp.tw_content.n`, in the same transaction (a rollback takes it back with the data).
Writes to tables no page shows (the outbox, subscriptions, key-value state, Bluesky bookkeeping)
are not counted, so a fan-out does not make the site rebuild its pages after every post. A table
added by a later migration is counted unless listed here: the safe default.
"""

from __future__ import annotations

import logging
import sqlite3

import aiosqlite

log = logging.getLogger(__name__)

NOT_SHOWN = {
    "subscriptions",
    "deliveries",
    "state",
    "schema_migrations",
    "tw_content",
    "role_leases",  # heartbeats every few seconds
    "rate_windows",  # every request reserved under the shared global limit
}
NOT_SHOWN_PREFIXES = ("bluesky_", "sqlite_")
COUNTER_QUERY = "SELECT n, (SELECT data_version FROM pragma_data_version) FROM temp.tw_content"


def counted(table: str) -> bool:
    return table not in NOT_SHOWN and not table.startswith(NOT_SHOWN_PREFIXES)


async def install_content_counter(db: aiosqlite.Connection) -> bool:
    """Creates the counter and its triggers (caller holds a write transaction). False if this
    SQLite cannot, and the caller must count every write instead."""
    try:
        await db.execute("CREATE TEMP TABLE IF NOT EXISTS tw_content (n INTEGER NOT NULL)")
        await db.execute(
            "INSERT INTO temp.tw_content (n) SELECT 0"
            " WHERE NOT EXISTS (SELECT 1 FROM temp.tw_content)"
        )
        async with db.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name"
        ) as cursor:
            tables = [str(row[0]) async for row in cursor]
        for table in filter(counted, tables):
            quoted = '"' + table.replace('"', '""') + '"'
            for operation in ("INSERT", "UPDATE", "DELETE"):
                name = '"' + f"tw_{operation.lower()}_{table}".replace('"', '""') + '"'
                await db.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {operation} ON main.{quoted}"
                    " BEGIN UPDATE tw_content SET n = n + 1; END"
                )
        async with db.execute(COUNTER_QUERY) as cursor:
            await cursor.fetchone()
    except sqlite3.Error as exc:
        log.warning("store: cannot count content writes (%s); every write will count", exc)
        return False
    return True
