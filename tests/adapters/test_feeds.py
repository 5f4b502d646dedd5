"""FeedparserReader: OTA GitHub commit feeds, RSS 2.0, conditional GET, malformed and hostile
feeds, all served from 127.0.0.1 through the real HttpFetcher."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.adapters.extract import TrafilaturaExtractor
from bot.adapters.feeds import FeedparserReader, clean_title, is_technical
from bot.adapters.http_fetcher import HttpFetcher
from bot.services.ports import FetchError, FetchResult

from .conftest import Serve, fixture_bytes

SOUNDCLOUD_FEED = (
    "/OpenTermsArchive/contrib-versions/commits/main/SoundCloud/Terms%20of%20Service.md.atom"
)
DEVIANTART_FEED = (
    "/OpenTermsArchive/contrib-versions/commits/main/DeviantArt/Terms%20of%20Service.md.atom"
)
ATOM = "application/atom+xml; charset=utf-8"


def fetcher(session: aiohttp.ClientSession) -> HttpFetcher:
    return HttpFetcher(
        session,
        timeout_s=5.0,
        max_bytes=2_000_000,
        per_host_interval_s=0.0,
        allow_private_addresses=True,  # the test server is on loopback
    )


def static_app(
    routes: dict[str, tuple[bytes, str]], hits: list[str] | None = None
) -> web.Application:
    """Serves fixed bodies; answers 304 to a matching If-None-Match (ETag = "<path>-v1")."""

    async def handler(request: web.Request) -> web.Response:
        path = request.raw_path
        if hits is not None:
            hits.append(path)
        if path not in routes:
            raise web.HTTPNotFound()
        tag = f'"{len(path)}-v1"'
        if request.headers.get("If-None-Match") == tag:
            return web.Response(status=304, headers={"ETag": tag})
        body, content_type = routes[path]
        return web.Response(body=body, headers={"Content-Type": content_type, "ETag": tag})

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handler)
    return app


async def test_ota_commit_feed(session: aiohttp.ClientSession, serve: Serve) -> None:
    server = await serve(
        static_app({SOUNDCLOUD_FEED: (fixture_bytes("ota_soundcloud_terms.atom"), ATOM)})
    )
    reader = FeedparserReader(fetcher(session))

    result = await reader.read(str(server.make_url(SOUNDCLOUD_FEED)))
    assert not result.not_modified
    assert result.etag
    subjects = [(e.entry_id[-40:][:8], e.technical, e.updated) for e in result.entries]
    assert subjects == [  # the real history of SoundCloud's terms in OTA, newest first
        ("139bd415", False, "2026-08-17T12:54:25.000000Z"),
        ("4d98907c", False, "2026-01-19T12:47:18.000000Z"),
        ("c35d6f69", True, "2025-09-23T07:41:29.000000Z"),  # Apply technical … upgrade
        ("032f85fb", False, "2025-09-10T18:15:46.000000Z"),
        ("d198a709", False, "2025-09-01T18:15:30.000000Z"),
        ("cb11e814", False, "2025-05-27T18:13:36.000000Z"),  # First record of …
    ]
    newest = result.entries[0]
    sha = "139bd415eae127aa725b7f2768d5309159eb7195"
    assert newest.entry_id == f"tag:github.com,2008:Grit::Commit/{sha}"
    assert newest.title == "Record new changes of SoundCloud Terms of Service"
    assert newest.link == f"https://github.com/OpenTermsArchive/contrib-versions/commit/{sha}"
    assert newest.content_url == (
        f"https://raw.githubusercontent.com/OpenTermsArchive/contrib-versions/{sha}/"
        "SoundCloud/Terms%20of%20Service.md"
    )
    assert result.entries[-1].title == "First record of SoundCloud Terms of Service"

    again = await reader.read(str(server.make_url(SOUNDCLOUD_FEED)), etag=result.etag)
    assert again.not_modified
    assert again.entries == ()
    assert again.etag == result.etag


async def test_refilter_is_technical_and_raw_version_is_fetchable(
    session: aiohttp.ClientSession, serve: Serve
) -> None:
    sha = "280a28e41f178b0101334500a5a3b7c8f7163915"
    version = "# DeviantArt Terms of Service\n\nWe do not sell your art to train AI.\n"
    raw_path = f"/OpenTermsArchive/contrib-versions/{sha}/DeviantArt/Terms%20of%20Service.md"
    routes = {
        DEVIANTART_FEED: (fixture_bytes("ota_deviantart_terms.atom"), ATOM),
        raw_path: (version.encode(), "text/plain; charset=utf-8"),
    }
    server = await serve(static_app(routes))
    shared = fetcher(session)
    reader = FeedparserReader(shared, raw_base=str(server.make_url("")))

    entries = (await reader.read(str(server.make_url(DEVIANTART_FEED)))).entries
    technical = {e.title: e.technical for e in entries}
    assert technical == {
        "Apply technical or declaration upgrade on DeviantArt Terms of Service": True,
        "Record new changes of DeviantArt Terms of Service": False,
        "Refilter DeviantArt Terms of Service": True,
        "Update DeviantArt Terms of Service": False,
    }
    changes = [e for e in entries if not e.technical]
    assert len(changes) == 9
    target = next(e for e in entries if sha in e.entry_id)
    assert target.content_url == str(server.make_url(raw_path))
    fetched = await shared.fetch(target.content_url)
    text = TrafilaturaExtractor().extract(fetched.body, fetched.content_type, target.content_url)
    assert text == version


async def test_rss2_feed(session: aiohttp.ClientSession, serve: Serve) -> None:
    rss = (fixture_bytes("policy_updates.rss"), "application/rss+xml")
    server = await serve(static_app({"/policy/feed": rss}))
    result = await FeedparserReader(fetcher(session)).read(str(server.make_url("/policy/feed")))
    first, second = result.entries
    assert first.entry_id == "bandcamp-daily-policy-2024-01-16"
    assert first.title == "Keeping Bandcamp Human: our policy on generative AI"
    assert (
        first.content_url
        == first.link
        == "https://daily.bandcamp.com/policy/keeping-bandcamp-human"
    )
    assert first.updated == "2024-01-16T17:05:00.000000Z"  # -0500 converted to UTC
    assert not first.technical
    assert second.entry_id == second.link == "https://bandcamp.com/terms_of_use"  # no guid


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</ti',
            "malformed",
        ),
        (b'{"entries": ["this is JSON"]}', "malformed feed"),
        (b"\x00\x01\x02 binary garbage", "malformed feed"),
        (b"<html><body><h1>Not a feed</h1></body></html>", "not an Atom or RSS feed"),
        (b"", "not an Atom or RSS feed"),
    ],
)
async def test_malformed_feeds_raise(
    session: aiohttp.ClientSession, serve: Serve, body: bytes, message: str
) -> None:
    server = await serve(static_app({"/bad.atom": (body, ATOM)}))
    with pytest.raises(FetchError, match=message):
        await FeedparserReader(fetcher(session)).read(str(server.make_url("/bad.atom")))


async def test_fetch_errors_propagate(session: aiohttp.ClientSession, serve: Serve) -> None:
    server = await serve(static_app({}))
    with pytest.raises(FetchError, match="HTTP 404"):
        await FeedparserReader(fetcher(session)).read(str(server.make_url("/missing.atom")))


def test_empty_but_valid_feed_has_no_entries() -> None:
    body = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
    assert FeedparserReader(NoFetch()).parse(body, "https://example.org/f.atom") == ()


def test_body_naming_a_local_file_is_not_opened(tmp_path: Path) -> None:
    """feedparser opens a bytes argument as a path if it can; the reader must never let it."""
    local = tmp_path / "secret.atom"
    local.write_bytes(fixture_bytes("ota_soundcloud_terms.atom"))
    with pytest.raises(FetchError):
        FeedparserReader(NoFetch()).parse(str(local).encode(), "https://example.org/f.atom")


async def test_hostile_titles_are_sanitised(session: aiohttp.ClientSession, serve: Serve) -> None:
    body = (
        fixture_bytes("hostile.atom")
        .decode()
        .replace("LONG_TITLE", "A" * 10_000 + " <@123> line\nbreak")
        .encode()
    )
    feed_path = "/OpenTermsArchive/contrib-versions/commits/main/Evil/Terms.md.atom"
    server = await serve(static_app({feed_path: (body, ATOM)}))
    first, second, third = (
        await FeedparserReader(fetcher(session)).read(str(server.make_url(feed_path)))
    ).entries

    assert "alert" not in first.title and "<" not in first.title
    assert first.title.startswith("Record new changes")
    assert "@everyone" not in first.title and "@here" not in first.title
    assert first.content_url.endswith("/1111111111111111111111111111111111111111/Evil/Terms.md")

    assert second.link == "" and second.content_url == ""  # javascript: links are dropped
    assert "<" not in second.title and "onerror" not in second.title
    for title in (first.title, second.title, third.title):
        assert not any(
            unicodedata.category(ch) in ("Cc", "Cf") for ch in title.replace("\u2060", "")
        )
    assert "Bell" in second.title and "escape" in second.title

    assert len(third.title) <= 300 and third.title.endswith("…")
    assert third.updated == ""  # no date given: none invented


def test_clean_title_and_is_technical_units() -> None:
    assert clean_title("  Record   new\n changes  ") == "Record new changes"
    assert clean_title("x" * 50, max_chars=10) == "x" * 9 + "…"
    assert clean_title("a < b and c > d") == "a < b and c > d"  # comparisons are not tags
    assert clean_title("Terms <em>v2</em><script>x()</script>") == "Terms v2"
    assert clean_title("<@123> and <@&456>") == "<\u2060@123> and <\u2060@&456>"
    assert clean_title("@everyone look") == "@\u2060everyone look"
    assert is_technical("Apply technical or declaration upgrade on Zoom Terms of Service")
    assert is_technical("refilter TikTok Terms of Service")
    assert not is_technical("Record new changes of Zoom Terms of Service")
    assert not is_technical("First record of Zoom Terms of Service")


def test_content_url_only_for_matching_github_shapes() -> None:
    atom = fixture_bytes("ota_soundcloud_terms.atom")
    reader = FeedparserReader(NoFetch())
    whole_repo = reader.parse(
        atom, "https://github.com/OpenTermsArchive/contrib-versions/commits/main.atom"
    )
    assert all(e.content_url == e.link for e in whole_repo)
    other_repo = reader.parse(
        atom, "https://github.com/someone/else/commits/main/SoundCloud/Terms.md.atom"
    )
    assert all(e.content_url == e.link for e in other_repo)
    spaced = reader.parse(
        atom,
        "https://github.com/OpenTermsArchive/contrib-versions/commits/main/"
        "SoundCloud/Terms of Service.md.atom",
    )
    assert spaced[0].content_url.endswith("/SoundCloud/Terms%20of%20Service.md")


class NoFetch:
    """For parse(): it never fetches (read() is tested against local servers above)."""

    async def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        raise AssertionError("parse() must not fetch")
