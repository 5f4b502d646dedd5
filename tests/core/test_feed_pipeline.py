"""Change feeds through the real App: an OTA-shaped Atom feed served locally."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import EventSource, Medium, PlatformTraining, Subscription
from bot.services.watch import Outcome
from tests.conftest import CORPUS, config_dict
from tests.loopback import serving

SOUNDCLOUD = CORPUS / "soundcloud" / "terms-of-service"

ENTRY = """<entry><id>tag:example,2026:{sha}</id>
<link type="text/html" rel="alternate" href="{base}/versions/{date}"/>
<title>{title}</title><updated>{date}T12:00:00Z</updated>
<author><name>OTA-Bot</name></author></entry>"""


def atom(base: str, entries: list[tuple[str, str]]) -> str:
    # Newest first, ids numbered from the oldest: an Atom id is permanent (RFC 4287).
    body = "".join(
        ENTRY.format(sha=f"c{i}", base=base, date=date, title=title)
        for i, (date, title) in reversed(list(enumerate(entries)))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>tag:example,2026:feed</id><title>Recent Commits</title>"
        f"<updated>{entries[-1][0]}T12:00:00Z</updated>{body}</feed>"
    )


@pytest.fixture
async def feed_server() -> AsyncIterator[tuple[list[tuple[str, str]], str, list[str]]]:
    entries: list[tuple[str, str]] = []
    fetched: list[str] = []
    base_holder: list[str] = []

    async def feed(request: web.Request) -> web.Response:
        return web.Response(text=atom(base_holder[0], entries), content_type="application/atom+xml")

    async def version(request: web.Request) -> web.Response:
        date = request.match_info["date"]
        fetched.append(date)
        return web.Response(
            text=(SOUNDCLOUD / f"{date}.md").read_text(), content_type="text/markdown"
        )

    async def terms_page(request: web.Request) -> web.Response:
        # The platform's own page: the newest non-technical version, as HTML.
        current = [d for d, t in entries if not t.startswith("Apply")][-1]
        paragraphs = (SOUNDCLOUD / f"{current}.md").read_text().split("\n\n")
        html = "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())
        return web.Response(
            text=f"<html><body><main>{html}</main></body></html>", content_type="text/html"
        )

    app = web.Application()
    app.router.add_get("/terms", terms_page)
    app.router.add_get("/feed.atom", feed)
    app.router.add_get("/versions/{date}", version)
    async with serving(app) as base:
        base_holder.append(base)
        yield entries, base, fetched


async def test_feed_entries_become_events_and_technical_ones_are_skipped(
    tmp_path: Path, feed_server: tuple[list[tuple[str, str]], str, list[str]]
) -> None:
    entries, base, fetched = feed_server
    data = config_dict(feeds=[{"url": f"{base}/feed.atom", "platform": "soundcloud"}])
    data["platforms"][0]["documents"] = []
    data["platforms"][1]["documents"] = []
    config = Config.from_dict(data, base_dir=tmp_path)
    entries += [
        ("2018-05-25", "Record new changes of SoundCloud Terms of Service"),
        ("2024-02-07", "Record new changes of SoundCloud Terms of Service"),
    ]
    async with App(config, {}, options=AppOptions(transports=False), console=io.StringIO()) as app:
        watch, store = app.services.watch, app.services.store
        first = await watch.check_once()
        assert [r.outcome for r in first.results] == [Outcome.BASELINE]
        assert fetched == ["2024-02-07"]  # first look: only the current version, as baseline

        entries.append(("2025-05-27", "Record new changes of SoundCloud Terms of Service"))
        entries.append(("2025-09-01", "Apply technical or declaration upgrade on SoundCloud Terms"))
        second = await watch.check_once()
        (event,) = second.events
        assert fetched == ["2024-02-07", "2025-05-27"]  # the technical entry is never fetched
        assert event.source is EventSource.FEED
        assert event.occurred_at.startswith("2025-05-27")
        assert event.change.before.platform_training is PlatformTraining.YES
        assert event.change.after.platform_training is PlatformTraining.OPT_IN
        marker = await store.get_state(f"feed:{base}/feed.atom:last_seen")
        assert marker is not None and marker.startswith("2025-05-27")  # not the technical entry
        third = await watch.check_once()
        assert third.events == [] and fetched[-1] == "2025-05-27"  # nothing new: nothing fetched


async def test_a_change_seen_on_the_page_and_in_the_feed_is_announced_once(
    tmp_path: Path, feed_server: tuple[list[tuple[str, str]], str, list[str]]
) -> None:
    entries, base, _ = feed_server
    data = config_dict(feeds=[{"url": f"{base}/feed.atom", "platform": "soundcloud"}])
    data["platforms"][0]["documents"][0]["url"] = f"{base}/terms"
    data["platforms"] = data["platforms"][:1]
    config = Config.from_dict(data, base_dir=tmp_path)
    entries.append(("2024-02-07", "Record new changes of SoundCloud Terms of Service"))
    async with App(config, {}, options=AppOptions(transports=False), console=io.StringIO()) as app:
        services = app.services
        await services.watch.check_once()  # both sources: baseline
        entries.append(("2025-05-27", "Record new changes of SoundCloud Terms of Service"))
        await services.watch.check_once()  # page and feed both see the opt-in change
        announced = [e for e in await services.store.events("soundcloud", ai_only=True)]
        assert len(announced) == 1
        assert announced[0].change.after.platform_training is PlatformTraining.OPT_IN
        assert services.metrics.counter_total("termswatch_events_duplicate_total") == 1

        # The 2026 SMS-terms edit leaves the AI clauses alone: it reaches only the subscribers
        # who asked for every change, once, although both sources see it.
        await services.store.add_subscription(
            Subscription(Medium.CONSOLE, "everything", "soundcloud", only_ai_changes=False)
        )
        entries.append(("2026-08-17", "Record new changes of SoundCloud Terms of Service"))
        report = await services.watch.check_once()
        assert {r.outcome for r in report.results} == {Outcome.CHANGED}
        (other,) = [e for e in await services.store.events("soundcloud") if not e.ai_relevant]
        assert other.change.changed_sentences  # what the two reports were matched on
        assert len(await services.store.deliveries_for_event(other.id)) == 1
        assert services.metrics.counter_total("termswatch_events_duplicate_total") == 2
