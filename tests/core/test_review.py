"""Held changes through the real App: nobody hears of them until the operator confirms."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import DeliveryStatus, Medium, ReviewState
from bot.services.review import NotHeld
from tests.conftest import config_dict
from tests.core.test_watch_pipeline import SOUNDCLOUD, Pages, pages  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]


def held_config(tmp_path: Path, base: str, mode: str = "verdict_moves") -> Config:
    data = config_dict()
    data["platforms"][0]["documents"][0]["url"] = f"{base}/terms"
    data["platforms"][1]["documents"] = []
    data["review"] = {"mode": mode}
    return Config.from_dict(data, base_dir=tmp_path)


async def held_change(app: App, state: Pages) -> int:
    await app.services.watch.check_once()  # baseline: 2018, AI not mentioned
    state.set_terms((SOUNDCLOUD / "2024-02-07.md").read_text())
    report = await app.services.watch.check_once()
    [event] = report.events
    assert event.review is ReviewState.HELD and event.id is not None
    return event.id


async def statuses(app: App, event_id: int) -> list[DeliveryStatus]:
    return [d.status for d in await app.store.deliveries_for_event(event_id)]


async def test_a_held_change_is_posted_only_after_confirmation(
    tmp_path: Path,
    pages: tuple[Pages, str],  # noqa: F811
) -> None:
    state, base = pages
    console = io.StringIO()
    options = AppOptions(transports=False)
    async with App(held_config(tmp_path, base), {}, options=options, console=console) as app:
        event_id = await held_change(app, state)
        assert await statuses(app, event_id) == [DeliveryStatus.HELD]
        assert (await app.services.fanout.drain_all()).claimed == 0
        assert "would post" not in console.getvalue()
        # Not public either: answers and history leave it out until confirmed.
        assert await app.store.events("soundcloud") == []
        assert [e.id for e in await app.services.review.pending()] == [event_id]

        await app.services.review.confirm(event_id, "test")
        report = await app.services.fanout.drain_all()
        assert report.sent == 1
        assert console.getvalue().count("would post") == 1
        assert [e.id for e in await app.store.events("soundcloud")] == [event_id]
        assert await app.services.review.pending() == []
        with pytest.raises(NotHeld):
            await app.services.review.confirm(event_id, "test")
        assert (await app.services.fanout.drain_all()).claimed == 0


async def test_a_discarded_change_is_never_posted(
    tmp_path: Path,
    pages: tuple[Pages, str],  # noqa: F811
) -> None:
    state, base = pages
    console = io.StringIO()
    options = AppOptions(transports=False)
    async with App(held_config(tmp_path, base), {}, options=options, console=console) as app:
        event_id = await held_change(app, state)
        await app.services.review.discard(event_id, "test")
        assert await statuses(app, event_id) == [DeliveryStatus.DISCARDED]
        assert (await app.services.fanout.drain_all()).claimed == 0
        assert "would post" not in console.getvalue()
        assert await app.store.events("soundcloud") == []
        with pytest.raises(NotHeld):
            await app.services.review.confirm(event_id, "test")


async def test_confident_changes_flow_as_before(
    tmp_path: Path,
    pages: tuple[Pages, str],  # noqa: F811
) -> None:
    state, base = pages
    config = held_config(tmp_path, base, mode="off")
    async with App(config, {}, options=AppOptions(transports=False), console=io.StringIO()) as app:
        await app.services.watch.check_once()
        state.set_terms((SOUNDCLOUD / "2024-02-07.md").read_text())
        [event] = (await app.services.watch.check_once()).events
        assert event.review is ReviewState.NONE
        assert (await app.services.fanout.drain_all()).sent == 1


def run_cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TERMSWATCH_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


async def test_review_command_lists_confirms_and_refuses_unknown(
    tmp_path: Path,
    pages: tuple[Pages, str],  # noqa: F811
) -> None:
    import yaml

    state, base = pages
    data = config_dict()
    data["platforms"][0]["documents"][0]["url"] = f"{base}/terms"
    data["platforms"][1]["documents"] = []
    data["review"] = {"mode": "verdict_moves"}
    data["storage"] = {"path": str(tmp_path / "tw.db")}
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(data))
    config = Config.from_dict(data, base_dir=tmp_path)
    async with App(config, {}, options=AppOptions(transports=False), console=io.StringIO()) as app:
        event_id = await held_change(app, state)

    listed = run_cli(config_file, "review")
    assert listed.returncode == 0, listed.stderr
    assert f"#{event_id} SoundCloud" in listed.stdout and "not_mentioned → yes" in listed.stdout

    confirmed = run_cli(config_file, "review", "confirm", str(event_id))
    assert confirmed.returncode == 0, confirmed.stderr
    assert "confirmed" in confirmed.stdout

    again = run_cli(config_file, "review", "confirm", str(event_id))
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [
        f"error: event {event_id} is not waiting for review"
    ]
    async with App(config, {}, options=AppOptions(transports=False), console=io.StringIO()) as app:
        assert [d.status for d in await app.store.deliveries_for_event(event_id)] == [
            DeliveryStatus.PENDING
        ]
        assert (await app.store.subscriptions_for(Medium.CONSOLE, "console"))[0].active
