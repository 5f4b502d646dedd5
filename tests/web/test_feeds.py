"""Atom feeds, parsed back with feedparser, and the JSON API: same data, safely encoded."""

from __future__ import annotations

import json
import re

import feedparser

from bot.adapters.web.atom import defang_mentions
from tests.web.conftest import PAYLOAD, Site

TAG = re.compile(r"^tag:termswatch,2024:event/(\d+)$")


async def fetch_feed(site: Site, path: str) -> tuple[bytes, feedparser.FeedParserDict]:
    response = await site.get(path)
    assert response.status == 200
    assert response.content_type == "application/atom+xml"
    body = await response.read()
    return body, feedparser.parse(body)


async def test_global_feed_is_valid_atom_with_every_ai_event(site: Site) -> None:
    _, feed = await fetch_feed(site, "/feed.atom")
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    stored = await site.services.store.events(ai_only=True, limit=50)
    assert len(stored) >= 3 and len({e.platform_id for e in stored}) >= 2
    ids = [int(TAG.match(e.id).group(1)) for e in feed.entries]  # type: ignore[union-attr]
    assert ids == [e.id for e in stored]
    for entry, event in zip(feed.entries, stored, strict=True):
        assert entry.updated_parsed is not None and entry.published.startswith(
            event.occurred_at[:10]
        )
        assert entry.link.endswith(f"/platforms/{event.platform_id}#event-{event.id}")
        for clause in event.change.added[:3]:
            assert f"“{defang_mentions(clause)}”" in entry.summary  # the exact clause is quoted
    assert feed.feed.id == "tag:termswatch,2024:feed/all"
    assert any(link.rel == "self" for link in feed.feed.links)


async def test_entry_ids_and_bytes_are_stable_across_renders(site: Site) -> None:
    first, feed1 = await fetch_feed(site, "/feed.atom")
    site.clock.advance(3600)
    second, feed2 = await fetch_feed(site, "/feed.atom")
    assert [e.id for e in feed1.entries] == [e.id for e in feed2.entries]
    assert first == second  # no "now" inside: feed readers see no false updates
    response = await site.get("/feed.atom")
    again = await site.get("/feed.atom", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status == 304


async def test_platform_feed_has_only_that_platform(site: Site) -> None:
    _, feed = await fetch_feed(site, "/platforms/bandcamp/feed.atom")
    assert feed.bozo == 0
    history = await site.services.answers.history("bandcamp")
    assert [e.id for e in feed.entries] == [f"tag:termswatch,2024:event/{e.id}" for e in history]
    assert all("/platforms/bandcamp#" in e.link for e in feed.entries)
    _, empty = await fetch_feed(site, "/platforms/spotify/feed.atom")
    assert empty.bozo == 0 and empty.entries == [] and empty.feed.updated_parsed is not None
    missing = await site.get("/platforms/nope/feed.atom")
    assert missing.status == 404


async def test_hostile_text_is_escaped_in_the_feed(site: Site) -> None:
    body, feed = await fetch_feed(site, "/platforms/hostile/feed.atom")
    assert feed.bozo == 0
    assert b"<script>" not in body and b"]]>" not in body and b"<img" not in body
    summary = feed.entries[0].summary
    # A feed reader gets the text back as text; only the mention is defanged, since Discord
    # RSS bots repost summaries: "@everyone" must not ping a server.
    assert PAYLOAD.replace("@everyone", "@\u200beveryone") in summary
    assert "@everyone" not in summary
    assert feed.entries[0].summary_detail.type == "text/plain"


async def test_api_lists_the_same_verdicts_as_the_page(site: Site) -> None:
    response = await site.get("/api/platforms")
    assert response.status == 200 and response.content_type == "application/json"
    data = await response.json()
    statuses = {s.platform.id: s for s in await site.services.answers.statuses()}
    assert [p["id"] for p in data["platforms"]] == ["bandcamp", "hostile", "soundcloud", "spotify"]
    for item in data["platforms"]:
        status = statuses[item["id"]]
        assert item["verdict"]["platform_training"] == status.verdict.platform_training.value
        last = status.last_change
        assert (item["last_change"] or {}).get("id") == (last.id if last else None)
        assert item["links"]["feed"] == f"/platforms/{item['id']}/feed.atom"


async def test_api_platform_detail_has_evidence_and_events(site: Site) -> None:
    data = await (await site.get("/api/platforms/soundcloud")).json()
    answer = await site.services.answers.answer_for("soundcloud")
    history = await site.services.answers.history("soundcloud")
    assert data["headline"] == answer.headline
    assert [e["quote"] for e in data["verdict"]["evidence"]] == [e.quote for e in answer.evidence]
    assert [e["id"] for e in data["events"]] == [e.id for e in history]
    assert data["events"][0]["added"] == list(history[0].change.added)
    assert data["documents"][0]["url"] == "http://127.0.0.1:9/soundcloud/terms"


async def test_api_escapes_markup_and_404s_in_json(site: Site) -> None:
    response = await site.get("/api/platforms/hostile")
    raw = await response.text()
    assert "<script>" not in raw and "<img" not in raw
    data = json.loads(raw)
    assert any(PAYLOAD in clause for e in data["events"] for clause in e["added"])
    for path in ("/api/platforms/nope", "/api/nothing"):
        missing = await site.get(path)
        assert missing.status == 404 and missing.content_type == "application/json", path
        assert (await missing.json())["error"] == "not_found"
