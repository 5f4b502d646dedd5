"""HttpFetcher against local aiohttp servers: conditional GET, errors, caps, redirects,
politeness, private addresses."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from aiohttp import web

from bot.adapters.address_guard import is_public_address, public_only_connector
from bot.adapters.http_fetcher import FETCH_ERRORS, HttpFetcher
from bot.services.metrics import Metrics
from bot.services.ports import FetchError

from .conftest import Serve

MB = 1_000_000


def make(session: aiohttp.ClientSession, **kwargs: object) -> HttpFetcher:
    options: dict[str, object] = {
        "timeout_s": 5.0,
        "max_bytes": MB,
        "per_host_interval_s": 0.0,
        "allow_private_addresses": True,  # the test server is on loopback
    }
    options.update(kwargs)
    return HttpFetcher(session, **options)  # type: ignore[arg-type]


async def test_etag_200_then_304(session: aiohttp.ClientSession, serve: Serve) -> None:
    seen: list[str] = []

    async def page(request: web.Request) -> web.Response:
        seen.append(request.headers.get("If-None-Match", ""))
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(
            text="<h1>Terms</h1>",
            content_type="text/html",
            charset="utf-8",
            headers={"ETag": '"v1"'},
        )

    app = web.Application()
    app.router.add_get("/terms", page)
    server = await serve(app)
    metrics = Metrics()
    fetcher = make(session, metrics=metrics)
    url = str(server.make_url("/terms"))

    first = await fetcher.fetch(url)
    assert not first.not_modified
    assert first.body == b"<h1>Terms</h1>"
    assert first.etag == '"v1"'
    assert first.content_type.startswith("text/html")
    assert first.final_url == url

    second = await fetcher.fetch(url, etag=first.etag)
    assert second.not_modified
    assert second.body == b""
    assert second.etag == '"v1"'
    assert seen == ["", '"v1"']
    assert "termswatch_fetch_seconds_count 2" in metrics.render()
    assert metrics.counter_total(FETCH_ERRORS) == 0


async def test_last_modified_200_then_304(session: aiohttp.ClientSession, serve: Serve) -> None:
    stamp = "Wed, 14 May 2025 10:00:00 GMT"

    async def page(request: web.Request) -> web.Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return web.Response(status=304)  # no validators repeated, as some servers do
        return web.Response(text="terms v1", headers={"Last-Modified": stamp})

    app = web.Application()
    app.router.add_get("/terms", page)
    server = await serve(app)
    fetcher = make(session)
    url = str(server.make_url("/terms"))

    first = await fetcher.fetch(url)
    assert (first.not_modified, first.body, first.last_modified) == (False, b"terms v1", stamp)
    second = await fetcher.fetch(url, last_modified=first.last_modified)
    assert second.not_modified
    assert second.last_modified == stamp  # kept so the caller does not forget it
    changed = await fetcher.fetch(url, last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert not changed.not_modified


async def test_http_500_and_404_raise(session: aiohttp.ClientSession, serve: Serve) -> None:
    async def boom(request: web.Request) -> web.Response:
        return web.Response(status=500, text="stack trace here")

    app = web.Application()
    app.router.add_get("/boom", boom)
    server = await serve(app)
    metrics = Metrics()
    fetcher = make(session, metrics=metrics)

    with pytest.raises(FetchError) as err:
        await fetcher.fetch(str(server.make_url("/boom")))
    assert "HTTP 500" in str(err.value) and "/boom" in str(err.value)
    assert "stack trace" not in str(err.value)
    assert err.value.retryable

    with pytest.raises(FetchError) as missing:
        await fetcher.fetch(str(server.make_url("/nowhere")))
    assert "HTTP 404" in str(missing.value)
    assert missing.value.retryable  # documented: pages move back; the watcher counts failures
    assert metrics.counter_value(FETCH_ERRORS, {"reason": "http_5xx"}) == 1
    assert metrics.counter_value(FETCH_ERRORS, {"reason": "http_4xx"}) == 1


async def test_timeout(session: aiohttp.ClientSession, serve: Serve) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(3)
        return web.Response(text="too late")

    app = web.Application()
    app.router.add_get("/slow", slow)
    server = await serve(app)
    metrics = Metrics()
    fetcher = make(session, timeout_s=0.3, metrics=metrics)

    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.3s") as err:
        await fetcher.fetch(str(server.make_url("/slow")))
    assert time.monotonic() - started < 1.5
    assert err.value.retryable
    assert metrics.counter_value(FETCH_ERRORS, {"reason": "timeout"}) == 1


def _streaming_app(declare_length: bool, state: dict[str, object]) -> web.Application:
    """Serves 50 MB in 64 KiB chunks and records how much it managed to hand to the socket."""
    total = 50 * MB
    chunk = b"x" * 65536
    done = asyncio.Event()
    state["done"] = done
    state["sent"] = 0

    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.content_type = "text/html"
        if declare_length:
            response.content_length = total
        try:
            await response.prepare(request)
            while int(state["sent"]) < total:  # type: ignore[call-overload]
                await response.write(chunk)
                state["sent"] = int(state["sent"]) + len(chunk)  # type: ignore[call-overload]
        except (ConnectionError, asyncio.CancelledError, RuntimeError):
            pass
        finally:
            done.set()
        return response

    app = web.Application()
    app.router.add_get("/huge", huge)
    return app


@pytest.mark.parametrize("declare_length", [False, True], ids=["chunked", "content-length"])
async def test_50mb_body_is_refused_without_reading_it(
    session: aiohttp.ClientSession, serve: Serve, declare_length: bool
) -> None:
    state: dict[str, object] = {}
    server = await serve(_streaming_app(declare_length, state))
    metrics = Metrics()
    fetcher = make(session, max_bytes=MB, metrics=metrics)

    with pytest.raises(FetchError, match="larger than 1000000 bytes") as err:
        await fetcher.fetch(str(server.make_url("/huge")))
    if declare_length:
        assert "Content-Length: 50000000" in str(err.value)
    done = state["done"]
    assert isinstance(done, asyncio.Event)
    await asyncio.wait_for(done.wait(), timeout=10)
    # The server could only push what fits in socket buffers before the client hung up.
    assert int(state["sent"]) < 20 * MB  # type: ignore[call-overload]
    assert metrics.counter_value(FETCH_ERRORS, {"reason": "too_large"}) == 1


async def test_redirects_followed_and_loops_capped(
    session: aiohttp.ClientSession, serve: Serve
) -> None:
    hits: list[str] = []

    async def hop(request: web.Request) -> web.Response:
        hits.append(request.path)
        target = {"/a": "/b", "/b": "/a", "/old": "new"}[request.path]
        raise web.HTTPFound(target)

    async def new(request: web.Request) -> web.Response:
        return web.Response(text="moved here")

    app = web.Application()
    for path in ("/a", "/b", "/old"):
        app.router.add_get(path, hop)
    app.router.add_get("/new", new)
    server = await serve(app)
    metrics = Metrics()
    fetcher = make(session, max_redirects=3, metrics=metrics)

    moved = await fetcher.fetch(str(server.make_url("/old")))
    assert moved.body == b"moved here"
    assert moved.final_url == str(server.make_url("/new"))

    hits.clear()
    with pytest.raises(FetchError, match="too many redirects"):
        await fetcher.fetch(str(server.make_url("/a")))
    assert hits == ["/a", "/b", "/a", "/b"]  # the first request plus max_redirects hops
    assert metrics.counter_value(FETCH_ERRORS, {"reason": "too_many_redirects"}) == 1


async def test_bad_urls_are_not_retryable(session: aiohttp.ClientSession, serve: Serve) -> None:
    async def to_file(request: web.Request) -> web.Response:
        raise web.HTTPFound("file:///etc/passwd")

    app = web.Application()
    app.router.add_get("/sneaky", to_file)
    server = await serve(app)
    fetcher = make(session)

    with pytest.raises(FetchError, match="only http and https") as err:
        await fetcher.fetch("file:///etc/passwd")
    assert not err.value.retryable
    with pytest.raises(FetchError, match="redirected to unsupported URL") as redirected:
        await fetcher.fetch(str(server.make_url("/sneaky")))
    assert not redirected.value.retryable


async def test_connection_refused_is_retryable(
    session: aiohttp.ClientSession, serve: Serve
) -> None:
    server = await serve(web.Application())
    url = str(server.make_url("/gone"))
    await server.close()
    metrics = Metrics()
    with pytest.raises(FetchError, match="could not connect") as err:
        await make(session, metrics=metrics).fetch(url)
    assert err.value.retryable
    assert metrics.counter_value(FETCH_ERRORS, {"reason": "connection"}) == 1


def _timed_app(spans: list[tuple[str, float, float]], delay: float) -> web.Application:
    async def page(request: web.Request) -> web.Response:
        start = time.monotonic()
        await asyncio.sleep(delay)
        spans.append((request.host, start, time.monotonic()))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/{name}", page)
    return app


async def test_same_host_is_serialised_with_interval(
    session: aiohttp.ClientSession, serve: Serve
) -> None:
    spans: list[tuple[str, float, float]] = []
    server = await serve(_timed_app(spans, delay=0.1))
    fetcher = make(session, per_host_interval_s=0.4)

    await asyncio.gather(
        fetcher.fetch(str(server.make_url("/one"))), fetcher.fetch(str(server.make_url("/two")))
    )
    (_, _, end1), (_, start2, _) = sorted(spans, key=lambda span: span[1])
    assert start2 >= end1 + 0.35  # never overlapping, and the interval respected


async def test_different_hosts_in_parallel_but_globally_bounded(
    session: aiohttp.ClientSession, serve: Serve
) -> None:
    spans: list[tuple[str, float, float]] = []
    first = await serve(_timed_app(spans, delay=0.5), host="127.0.0.1")
    try:
        second = await serve(_timed_app(spans, delay=0.5), host="127.0.0.2")
    except OSError:
        pytest.skip("127.0.0.2 is not routable here")
    urls = [str(first.make_url("/x")), str(second.make_url("/y"))]

    parallel = make(session, per_host_interval_s=10.0)
    started = time.monotonic()
    await asyncio.gather(*(parallel.fetch(url) for url in urls))
    assert time.monotonic() - started < 0.9  # overlapped, and no per-host wait between hosts

    one_at_a_time = make(session, per_host_interval_s=0.0, concurrency=1)
    started = time.monotonic()
    await asyncio.gather(*(one_at_a_time.fetch(url) for url in urls))
    assert time.monotonic() - started >= 0.95  # the global semaphore held them apart


async def test_politeness_wait_is_not_part_of_the_timeout(
    session: aiohttp.ClientSession, serve: Serve
) -> None:
    spans: list[tuple[str, float, float]] = []
    server = await serve(_timed_app(spans, delay=0.05))
    fetcher = make(session, timeout_s=0.4, per_host_interval_s=0.6)
    url = str(server.make_url("/page"))
    first, second = await asyncio.gather(fetcher.fetch(url), fetcher.fetch(url))
    assert first.body == second.body == b"ok"  # the second waited 0.6 s, longer than 0.4 s
    assert second.elapsed_s < 0.4


async def test_odd_responses(session: aiohttp.ClientSession, serve: Serve) -> None:
    async def unconditional_304(request: web.Request) -> web.Response:
        return web.Response(status=304)

    async def no_location(request: web.Request) -> web.Response:
        return web.Response(status=302)

    app = web.Application()
    app.router.add_get("/304", unconditional_304)
    app.router.add_get("/302", no_location)
    server = await serve(app)
    fetcher = make(session)
    with pytest.raises(FetchError, match=r"304 .* unconditional request"):
        await fetcher.fetch(str(server.make_url("/304")))
    with pytest.raises(FetchError, match="redirect without Location"):
        await fetcher.fetch(str(server.make_url("/302")))
    secret_url = str(server.make_url("/missing")).replace("http://", "http://user:hunter2@")
    with pytest.raises(FetchError) as err:
        await fetcher.fetch(secret_url)
    assert "HTTP 404" in str(err.value)
    assert "hunter2" not in str(err.value)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("not an address", False),
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


async def test_private_literal_is_refused_even_after_a_redirect(
    session: aiohttp.ClientSession, serve: Serve
) -> None:
    hits: list[str] = []

    async def to_metadata(request: web.Request) -> web.Response:
        hits.append(request.path)
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")

    app = web.Application()
    app.router.add_get("/terms", to_metadata)
    server = await serve(app)
    metrics = Metrics()
    fetcher = make(session, allow_private_addresses=False, metrics=metrics)

    with pytest.raises(FetchError, match=r"127\.0\.0\.1 is not a public address") as direct:
        await fetcher.fetch(str(server.make_url("/terms")))
    assert not direct.value.retryable and hits == []

    # A host name gets past the literal check (here the session has no guarding resolver), but
    # the private address it redirects to does not.
    by_name = str(server.make_url("/terms")).replace("127.0.0.1", "localhost")
    with pytest.raises(FetchError, match=r"redirected to http://169\.254\.169\.254/"):
        await fetcher.fetch(by_name)
    assert hits == ["/terms"]
    assert metrics.counter_value(FETCH_ERRORS, {"reason": "private_address"}) == 2


async def test_guarding_resolver_refuses_names_of_private_hosts(serve: Serve) -> None:
    hits: list[str] = []

    async def terms(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(text="terms")

    app = web.Application()
    app.router.add_get("/terms", terms)
    server = await serve(app)
    url = str(server.make_url("/terms")).replace("127.0.0.1", "localhost")
    async with aiohttp.ClientSession(connector=public_only_connector()) as guarded:
        fetcher = make(guarded, allow_private_addresses=False)
        with pytest.raises(FetchError, match="localhost resolves only to non-public addresses"):
            await fetcher.fetch(url)
    assert hits == []
