"""`python -m bot migrate-db --to postgresql://…`: a SQLite database with real data (versions
compared by the watch pipeline, subscriptions, the outbox, markers, Bluesky bookkeeping) is
copied into PostgreSQL; nothing is lost and the PostgreSQL store answers the same."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.adapters.store import SqlStore
from bot.adapters.store.copy import source_tables
from bot.app import App, AppOptions
from bot.cli import main
from bot.config import Config
from bot.domain.models import ALL_PLATFORMS, EventSource, Medium, Subscription
from bot.domain.requests import PlatformRequest
from bot.services.ports import PostRef, feed_entry_marker
from tests.conftest import CORPUS, config_dict

SOUNDCLOUD = CORPUS / "soundcloud" / "terms-of-service"


async def fill(config: Config) -> None:
    """What a running bot leaves behind: the real watch pipeline on dated versions."""
    options = AppOptions(transports=False, load_history=True)
    async with App(config, {}, options=options, console=io.StringIO()) as app:
        store = app.services.store
        await store.add_subscription(Subscription(Medium.DISCORD_CHANNEL, "11", "soundcloud"))
        await store.add_subscription(
            Subscription(Medium.DISCORD_CHANNEL, "12", ALL_PLATFORMS, ping_role_id="99")
        )
        await store.add_subscription(Subscription(Medium.BLUESKY_DM, "did:plc:x", "bandcamp"))
        spec = config.platforms[0].documents[0]
        for day in ("2018-05-25", "2024-02-07", "2025-05-27"):
            text = (SOUNDCLOUD / f"{day}.md").read_text(encoding="utf-8")
            await app.services.watch.ingest_version(
                spec, text, source=EventSource.WATCH, version_date=day
            )
        await store.set_state(feed_entry_marker("https://f.example/rss", "e1"), "seen")
        assert isinstance(store, SqlStore)
        await store.add_platform_request(
            PlatformRequest("Cara", "https://cara.app", "discord", "u1", "2026-11-01")
        )
        await store.queue_mention(1, "did:plc:fan")
        await store.save_announcement(1, PostRef("at://post/1", "cid"))
        await store.record_write(1_790_000_000.25, 3)


async def dump(store: SqlStore) -> dict[str, list[tuple[str, ...]]]:
    tables = await source_tables(store.database.sql) if store.engine == "sqlite" else []
    if not tables:
        rows = await store.database.sql.fetchall(
            "SELECT table_name FROM information_schema.tables WHERE table_schema ="
            " current_schema() AND table_type = 'BASE TABLE'"
        )
        tables = [str(r[0]) for r in rows if str(r[0]) not in ("tw_content", "schema_migrations")]
    found = {}
    for table in tables:
        rows = await store.database.sql.fetchall(f"SELECT * FROM {table}")
        found[table] = sorted(tuple(_plain(v) for v in row) for row in rows)
    return found


def _plain(value: Any) -> str:
    return (
        "NULL" if value is None else repr(float(value)) if isinstance(value, float) else str(value)
    )


async def test_migrate_db_copies_everything_and_postgres_answers_the_same(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_path = tmp_path / "bot.db"
    data = config_dict(storage={"path": str(sqlite_path)})
    config = Config.from_dict(data, base_dir=tmp_path)
    await fill(config)
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(data))
    monkeypatch.setenv("TERMSWATCH_CONFIG", str(config_file))

    out = io.StringIO()
    assert await asyncio.to_thread(main, ["migrate-db", "--to", postgres_url], out) == 0
    report = out.getvalue()

    async with (
        await SqlStore.open(sqlite_path) as old,
        await SqlStore.open(postgres_url) as new,
    ):
        before, after = await dump(old), await dump(new)
        assert before == after  # every row of every table, ids included
        assert len(before["events"]) == 2 and before["deliveries"] and before["snapshots"]
        for table, rows in before.items():
            assert f"{table}: {len(rows)} rows" in report
        events = await old.events(limit=1000, include_unreviewed=True)
        assert await new.events(limit=1000, include_unreviewed=True) == events
        for item in events:
            assert item.id is not None
            assert await new.deliveries_for_event(item.id) == await old.deliveries_for_event(
                item.id
            )
        assert await new.active_subscriptions() == await old.active_subscriptions()
        assert await new.documents() == await old.documents()
        assert await new.writes_since(0) == await old.writes_since(0)
        # Ids continue after the copied ones, as they would have on SQLite.
        sub = Subscription(Medium.DISCORD_CHANNEL, "13", "soundcloud")
        assert (await new.add_subscription(sub))[0].id == (await old.add_subscription(sub))[0].id


async def test_migrate_db_refuses_a_target_that_is_not_empty(
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sqlite_path = tmp_path / "bot.db"
    data = config_dict(storage={"path": str(sqlite_path)})
    async with await SqlStore.open(sqlite_path) as store:
        await store.add_subscription(Subscription(Medium.CONSOLE, "console", ALL_PLATFORMS))
    async with await SqlStore.open(postgres_url) as target:
        await target.add_subscription(Subscription(Medium.CONSOLE, "other", ALL_PLATFORMS))
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(data))
    monkeypatch.setenv("TERMSWATCH_CONFIG", str(config_file))

    assert await asyncio.to_thread(main, ["migrate-db", "--to", postgres_url], io.StringIO()) == 2
    assert "not empty (table subscriptions has rows)" in capsys.readouterr().err
    async with await SqlStore.open(postgres_url) as target:
        assert [s.target for s in await target.active_subscriptions()] == ["other"]
