"""The whole watch pipeline through the real App: local pages -> detect -> store -> console post."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import Medium, PlatformTraining, SendResult
from bot.services.watch import Outcome
from tests.conftest import CORPUS, config_dict
from tests.loopback import serving

SOUNDCLOUD = CORPUS / "soundcloud" / "terms-of-service"


def page(markdown: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in markdown.split("\n\n") if p.strip())
    return (
        "<html><head><script>track()</script></head><body><nav>Home Login</nav>"
        f"<main><h1>Terms of Use</h1>{paragraphs}</main><footer>(c) 2026</footer></body></html>"
    )


@dataclass
class Pages:
    terms: str
    version: int = 1
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, If-None-Match)

    def set_terms(self, markdown: str) -> None:
        self.terms = markdown
        self.version += 1


@pytest.fixture
async def pages() -> AsyncIterator[tuple[Pages, str]]:
    state = Pages((SOUNDCLOUD / "2018-05-25.md").read_text())

    async def terms(request: web.Request) -> web.Response:
        etag = f'"v{state.version}"'
        state.requests.append((request.path, request.headers.get("If-None-Match", "")))
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            text=page(state.terms), content_type="text/html", headers={"ETag": etag}
        )

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500, text="upstream exploded")

    app = web.Application()
    app.router.add_get("/terms", terms)
    app.router.add_get("/broken", broken)
    async with serving(app) as base:
        yield state, base


def local_config(tmp_path: Path, base: str) -> Config:
    data = config_dict()
    data["platforms"][0]["documents"][0]["url"] = f"{base}/terms"
    data["platforms"][1]["documents"][0]["url"] = f"{base}/broken"
    return Config.from_dict(data, base_dir=tmp_path)


async def test_change_detected_stored_and_posted_once(
    tmp_path: Path, pages: tuple[Pages, str]
) -> None:
    state, base = pages
    console = io.StringIO()
    async with App(
        local_config(tmp_path, base), {}, options=AppOptions(transports=False), console=console
    ) as app:
        watch, fanout = app.services.watch, app.services.fanout
        first = await watch.check_once()
        outcomes = {r.name: r.outcome for r in first.results}
        assert outcomes == {
            "soundcloud/terms_of_service": Outcome.BASELINE,
            "bandcamp/terms_of_service": Outcome.FAILED,
        }
        second = await watch.check_once()
        assert {r.outcome for r in second.results if r.name.startswith("soundcloud")} == {
            Outcome.UNCHANGED
        }
        assert state.requests[-1] == ("/terms", '"v1"')  # conditional GET with the stored ETag

        state.set_terms((SOUNDCLOUD / "2024-02-07.md").read_text())
        third = await watch.check_once()
        (event,) = third.events
        assert event.ai_relevant
        assert event.change.after.platform_training is PlatformTraining.YES
        assert any("artificial intelligence" in clause for clause in event.change.added)

        await fanout.drain_all()
        await fanout.drain_all()
        posted = console.getvalue()
        assert posted.count("=== would post") == 1
        assert "artificial intelligence" in posted

        answer = await app.services.answers.answer("is sound cloud training on my music?")
        assert answer.verdict.platform_training is PlatformTraining.YES
        assert answer.last_change is not None and answer.last_change.id == event.id
        assert any(e.url == f"{base}/terms" for e in answer.evidence)


async def test_failing_document_is_marked_and_the_loop_goes_on(
    tmp_path: Path, pages: tuple[Pages, str]
) -> None:
    _, base = pages
    async with App(
        local_config(tmp_path, base),
        {},
        options=AppOptions(transports=False),
        console=io.StringIO(),
    ) as app:
        for _ in range(3):  # failing_after: 3 in the test config
            await app.services.watch.check_once()
        documents = {d.platform_id: d for d in await app.services.store.documents()}
        assert documents["bandcamp"].failing
        assert "500" in documents["bandcamp"].last_error
        assert not documents["soundcloud"].failing
        checked = app.services.metrics.counter_value(
            "termswatch_documents_checked_total", {"outcome": "failed"}
        )
        assert checked == 3


async def test_run_loop_stops_cleanly(tmp_path: Path, pages: tuple[Pages, str]) -> None:
    _, base = pages
    async with App(
        local_config(tmp_path, base),
        {},
        options=AppOptions(transports=False),
        console=io.StringIO(),
    ) as app:
        stop = asyncio.Event()
        runner = asyncio.create_task(app.run(stop))
        for _ in range(100):
            if app.services.watch.last_cycle_at is not None:
                break
            await asyncio.sleep(0.05)
        assert app.services.watch.last_cycle_at is not None
        stop.set()
        await asyncio.wait_for(runner, timeout=5)


async def test_stop_interrupts_a_watch_cycle_in_progress(tmp_path: Path) -> None:
    arrived = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        arrived.set()
        await asyncio.sleep(30)
        return web.Response(text="late")

    app = web.Application()
    app.router.add_get("/slow", slow)
    async with serving(app) as base:
        data = config_dict()
        data["watch"]["timeout_seconds"] = 60
        for platform in data["platforms"]:
            platform["documents"][0]["url"] = f"{base}/slow"
        config = Config.from_dict(data, base_dir=tmp_path)
        async with App(
            config, {}, options=AppOptions(transports=False), console=io.StringIO()
        ) as bot_app:
            stop = asyncio.Event()
            runner = asyncio.create_task(bot_app.run(stop))
            await asyncio.wait_for(arrived.wait(), timeout=10)
            stop.set()
            await asyncio.wait_for(runner, timeout=3)  # not the 30 s the page takes


async def test_identical_body_without_etag_skips_extraction(tmp_path: Path) -> None:
    body = {"text": page((SOUNDCLOUD / "2018-05-25.md").read_text())}

    async def no_etag(request: web.Request) -> web.Response:
        return web.Response(text=body["text"], content_type="text/html")

    app = web.Application()
    app.router.add_get("/terms", no_etag)
    async with serving(app) as base:
        data = config_dict()
        data["platforms"] = data["platforms"][:1]
        data["platforms"][0]["documents"][0]["url"] = f"{base}/terms"
        config = Config.from_dict(data, base_dir=tmp_path)
        async with App(
            config, {}, options=AppOptions(transports=False), console=io.StringIO()
        ) as bot_app:
            watch = bot_app.services.watch
            real = watch.extractor
            calls: list[str] = []

            class Counting:
                def extract(self, raw: bytes, content_type: str, url: str = "") -> str:
                    calls.append(url)
                    return real.extract(raw, content_type, url)

            watch.extractor = Counting()
            outcomes = [(await watch.check_once()).results[0].outcome for _ in range(2)]
            assert outcomes == [Outcome.BASELINE, Outcome.UNCHANGED]
            assert len(calls) == 1  # the second, byte-identical body was not extracted again
            body["text"] = page((SOUNDCLOUD / "2024-02-07.md").read_text())
            third = await watch.check_once()
            assert third.results[0].outcome is Outcome.CHANGED and len(calls) == 2


class SilentTransport:
    """A messaging transport that is never started: enough for App to drop the console."""

    name = "silent"

    def __init__(self) -> None:
        self.media = (Medium.DISCORD_CHANNEL,)

    async def send(self, event: object, delivery: object) -> SendResult:
        return SendResult.sent()

    def notifiers(self) -> list[object]:
        return [self]

    async def run(self, stop: asyncio.Event) -> None:
        await stop.wait()

    def status(self) -> dict[str, object]:
        return {"connected": True}


async def test_console_subscription_retired_when_a_real_medium_takes_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config.from_dict(config_dict(), base_dir=tmp_path)
    async with App(
        config, {}, options=AppOptions(transports=False), console=io.StringIO()
    ) as first:
        assert first.console_notifier is not None
        assert await first.services.store.active_subscriptions(Medium.CONSOLE)
    monkeypatch.setattr(App, "_build_transports", lambda self: [SilentTransport()])
    async with App(config, {}, console=io.StringIO()) as second:
        assert second.console_notifier is None
        assert await second.services.store.active_subscriptions(Medium.CONSOLE) == []


async def test_private_addresses_are_refused_unless_the_operator_allows_them(
    tmp_path: Path, pages: tuple[Pages, str]
) -> None:
    state, base = pages
    data = config_dict()
    data["platforms"][0]["documents"][0]["url"] = f"{base}/terms"  # 127.0.0.1
    data["platforms"][1]["documents"][0]["url"] = f"{base}/terms".replace("127.0.0.1", "localhost")
    del data["watch"]["allow_private_addresses"]  # the default, as shipped
    config = Config.from_dict(data, base_dir=tmp_path)
    assert config.watch.allow_private_addresses is False
    async with App(config, {}, options=AppOptions(transports=False), console=io.StringIO()) as app:
        report = await app.services.watch.check_once()
        errors = {r.name: r.error for r in report.results}
    assert [r.outcome for r in report.results] == [Outcome.FAILED, Outcome.FAILED]
    assert "127.0.0.1 is not a public address" in errors["soundcloud/terms_of_service"]
    assert "localhost resolves only to non-public addresses" in errors["bandcamp/terms_of_service"]
    assert "watch.allow_private_addresses" in errors["bandcamp/terms_of_service"]
    assert state.requests == []  # refused before connecting

    data["watch"]["allow_private_addresses"] = True
    allowed = Config.from_dict(data, base_dir=tmp_path / "allowed")
    async with App(allowed, {}, options=AppOptions(transports=False), console=io.StringIO()) as app:
        report = await app.services.watch.check_once()
    assert [r.outcome for r in report.results] == [Outcome.BASELINE, Outcome.BASELINE]


async def test_a_platform_not_read_yet_is_never_called_silent_on_ai(
    tmp_path: Path, pages: tuple[Pages, str]
) -> None:
    _, base = pages
    options = AppOptions(transports=False, load_history=False)
    async with App(local_config(tmp_path, base), {}, options=options, console=io.StringIO()) as app:
        unread = await app.services.answers.answer("is soundcloud training on my music?")
        assert not unread.read
        assert unread.headline.startswith("I haven't read SoundCloud's terms yet")
        assert "say nothing" not in unread.what_you_can_do

        await app.services.watch.check_once()  # the 2018 terms: AI not mentioned
        read = await app.services.answers.answer("is soundcloud training on my music?")
        assert read.read and read.verdict.platform_training is PlatformTraining.NOT_MENTIONED
        assert "haven't read" not in read.headline
