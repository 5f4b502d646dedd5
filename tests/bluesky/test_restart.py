"""Exactly one reply across restarts and crashes, and sessions resumed from the database."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.bluesky.session import SESSION_KEY
from bot.services.ports import BLUESKY_DONE as DONE
from tests.bluesky.conftest import bluesky_of, build_app
from tests.bluesky.devnet import Account, DevNetwork
from tests.bluesky.fake_chat import FakeChat
from tests.bluesky.test_mentions import bot_chain


async def test_restart_between_mention_and_handling_answers_once(
    devnet: DevNetwork,
    bot: Account,
    artist: Account,
    tmp_path: Path,
    fake_chat: tuple[FakeChat, str],
) -> None:
    chat_url = fake_chat[1]
    async with build_app(devnet, tmp_path, chat_url, bot) as app:
        transport = bluesky_of(app)
        assert await transport.cycle() == 0
        await transport.close()

    uri = devnet.mention(artist, bot, "does spotify train ai on my songs?")  # bot is down
    devnet.process()

    async with build_app(devnet, tmp_path, chat_url, bot) as app:
        transport = bluesky_of(app)
        assert await transport.cycle() == 1
        assert await transport.cycle() == 0
        assert transport.session.logins == 0, "the saved session should have been resumed"
        await transport.close()
    async with build_app(devnet, tmp_path, chat_url, bot) as app:
        transport = bluesky_of(app)
        assert await transport.cycle() == 0
        await transport.close()
    devnet.process()
    assert len(bot_chain(devnet.thread(artist, uri), bot.did)) >= 1

    # A new, empty database does not answer mentions already handled (and marked seen).
    (tmp_path / "fresh").mkdir()
    async with build_app(devnet, tmp_path / "fresh", chat_url, bot) as app:
        transport = bluesky_of(app)
        assert await transport.cycle() == 0
        await transport.close()


async def test_crash_after_posting_before_recording_does_not_duplicate(
    devnet: DevNetwork,
    bot: Account,
    artist: Account,
    tmp_path: Path,
    fake_chat: tuple[FakeChat, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chat_url = fake_chat[1]
    async with build_app(devnet, tmp_path, chat_url, bot) as app:
        transport = bluesky_of(app)
        await transport.connect()
        uri = devnet.mention(artist, bot, "is soundcloud training on my music?")
        devnet.process()

        async def crash(*args: object) -> None:
            raise RuntimeError("simulated crash after posting")

        monkeypatch.setattr(transport.repo, "finish_notification", crash)
        with pytest.raises(RuntimeError):
            await transport.cycle()
        await transport.close()
    devnet.process()
    posted = bot_chain(devnet.thread(artist, uri), bot.did)
    assert posted  # the reply went out before the "crash"
    monkeypatch.undo()

    async with build_app(devnet, tmp_path, chat_url, bot) as app:
        transport = bluesky_of(app)
        assert await transport.cycle() == 1  # handled again: same record keys, no new posts
        assert await transport.repo.count_notifications(DONE) == 1
        await transport.close()
    devnet.process()
    again = bot_chain(devnet.thread(artist, uri), bot.did)
    assert [p["uri"] for p in again] == [p["uri"] for p in posted]


async def test_saved_session_for_another_service_is_not_used(
    devnet: DevNetwork, bot: Account, tmp_path: Path, fake_chat: tuple[FakeChat, str]
) -> None:
    async with build_app(devnet, tmp_path, fake_chat[1], bot) as app:
        transport = bluesky_of(app)
        await transport.connect()
        assert transport.session.logins == 1
        saved = json.loads(await app.services.store.get_state(SESSION_KEY) or "{}")
        assert saved["service"] == devnet.pds and saved["handle"] == bot.handle
        assert bot.app_password not in json.dumps(saved)  # the session, never the password
        saved["service"] = "http://127.0.0.1:9"  # as if saved against another network
        await app.services.store.set_state(SESSION_KEY, json.dumps(saved))
        await transport.close()

    async with build_app(devnet, tmp_path, fake_chat[1], bot) as app:
        transport = bluesky_of(app)
        await transport.cycle()
        assert transport.session.logins == 1  # logged in afresh
        assert transport.status()["connected"] is True
        assert transport.status()["did"] == bot.did
        await transport.close()

    async with build_app(devnet, tmp_path, fake_chat[1], bot) as app:
        transport = bluesky_of(app)
        await transport.connect()
        assert transport.session.logins == 0  # resumed the fresh one
        await transport.close()


async def test_refreshed_session_is_saved_and_resumed_after_restart(
    devnet: DevNetwork,
    bot: Account,
    artist: Account,
    tmp_path: Path,
    fake_chat: tuple[FakeChat, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """refreshSession on the real PDS rotates the refresh token; the database must hold the new
    session (the old refresh token is revoked once its grace period ends), and a restart resumes
    from it without a createSession."""
    chat_url = fake_chat[1]
    async with build_app(devnet, tmp_path, chat_url, bot) as app:
        transport = bluesky_of(app)
        await transport.connect()
        before = json.loads(await app.services.store.get_state(SESSION_KEY) or "{}")

        # The client refreshes when its access token is near expiry: move its clock past it.
        client = transport.session.client
        later = client.get_current_time() + timedelta(hours=3)
        monkeypatch.setattr(client, "get_current_time", lambda: later)
        devnet.mention(artist, bot, "does bandcamp train ai on my music?")
        devnet.process()
        assert await transport.cycle() == 1  # answered with a refreshed session
        monkeypatch.undo()

        after = json.loads(await app.services.store.get_state(SESSION_KEY) or "{}")
        assert after["session"] != before["session"]
        assert after["session"] == client.export_session_string()
        assert transport.session.logins == 1
        await transport.close()

    async with build_app(devnet, tmp_path, chat_url, bot) as app:
        transport = bluesky_of(app)
        devnet.mention(artist, bot, "is tidal training on my music?")
        devnet.process()
        assert await transport.cycle() == 1
        assert transport.session.logins == 0, "the refreshed session should have been resumed"
        await transport.close()
