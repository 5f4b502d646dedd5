"""A medium is a plug-in: a package added to bot/adapters/media.py's list gets its config
section parsed by its own parser, its transport built, run and shown in /healthz, and its
notifiers fed by the fan-out, with no other change to the bot."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.adapters import media
from bot.app import App
from bot.config import Config, ConfigError
from bot.domain.models import (
    ALL_PLATFORMS,
    Change,
    EventSource,
    Medium,
    PolicyEvent,
    Subscription,
    Verdict,
)
from tests.conftest import config_dict
from tests.core import pigeon


@pytest.fixture
def with_pigeon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media, "MEDIA", (*media.MEDIA, pigeon))


def test_the_shipped_media_are_discord_bluesky_and_web() -> None:
    assert [m.SECTION for m in media.MEDIA] == ["discord", "bluesky", "web"]
    config = Config.from_dict(config_dict(), base_dir=Path("."))
    assert set(config.media) == {"discord", "bluesky", "web"}
    assert config.discord is config.media["discord"]  # the shorthand


def test_a_listed_medium_owns_its_config_section(tmp_path: Path, with_pigeon: None) -> None:
    config = Config.from_dict(config_dict(pigeon={"loft": "attic"}), base_dir=tmp_path)
    assert config.media["pigeon"] == pigeon.PigeonSettings(loft="attic")
    assert config.with_env({"PIGEON_LOFT": "barn"}).media["pigeon"].loft == "barn"
    with pytest.raises(ConfigError, match=r"<dict>: 'pigeon.loft' must be text, got 3"):
        Config.from_dict(config_dict(pigeon={"loft": 3}), base_dir=tmp_path)
    with pytest.raises(ConfigError, match=r"'pigeon.wings' is not a known setting"):
        Config.from_dict(config_dict(pigeon={"wings": 2}), base_dir=tmp_path)


def test_an_unlisted_medium_section_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'pigeon' is not a known setting"):
        Config.from_dict(config_dict(pigeon={}), base_dir=tmp_path)


async def test_a_listed_medium_is_built_run_and_delivers(tmp_path: Path, with_pigeon: None) -> None:
    config = Config.from_dict(config_dict(web={"enabled": False}), base_dir=tmp_path)
    env = {"PIGEON_KEY": "k", "PIGEON_LOFT": "barn"}
    async with App(config, env, console=io.StringIO()) as app:
        [transport] = app.transports
        assert isinstance(transport, pigeon.PigeonTransport)
        assert transport.settings.loft == "barn"
        assert app.console_notifier is None  # a medium that delivers replaces the console
        store = app.services.store
        await store.add_subscription(Subscription(Medium.DISCORD_DM, "42", ALL_PLATFORMS))
        change = Change(True, Verdict(), Verdict(), ("a clause",), (), "summary")
        await store.record_event(
            PolicyEvent("soundcloud", "terms_of_service", "https://x", "2024-02-07",
                        EventSource.WATCH, change)
        )  # fmt: skip
        stop = asyncio.Event()
        running = asyncio.create_task(app.run(stop))
        for _ in range(200):
            if transport.notifier.carried and app.transport_status()["pigeon"]["connected"]:
                break
            await asyncio.sleep(0.02)
        assert app.transport_status()["pigeon"] == {"connected": True, "loft": "barn"}
        stop.set()
        await running
    assert transport.notifier.carried == [("42", "soundcloud")]
    assert not transport.flying


async def test_a_medium_without_its_credentials_is_not_built(
    tmp_path: Path, with_pigeon: None
) -> None:
    config = Config.from_dict(config_dict(web={"enabled": False}), base_dir=tmp_path)
    async with App(config, {}, console=io.StringIO()) as app:
        assert app.transports == []
        assert app.console_notifier is not None  # the console is the fallback
