"""The status web site: aiohttp app factory and the WebTransport the composition root runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.adapters.timeline import render_timeline_png
from bot.adapters.web import api, atom, pages
from bot.adapters.web.cache import Body, VersionedCache
from bot.adapters.web.health import HealthPolicy, TransportStatus, health_report, metrics_text
from bot.adapters.web.responses import (
    HTML,
    JSON,
    cached,
    errors,
    json_response,
    security_headers,
    static_handler,
)
from bot.adapters.web.serverlog import RequestLogger
from bot.domain.models import CATEGORIES, Platform, PolicyEvent
from bot.domain.timeutil import iso
from bot.services.errors import UnknownPlatform

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
FEED_LIMIT = 50
SITE: web.AppKey[Site] = web.AppKey("site", object)  # the Site behind an app (tests read caches)


class Site:
    """Request handlers over the services. No SQL here: everything goes through services."""

    def __init__(
        self,
        services: Any,
        *,
        transport_status: TransportStatus | None = None,
        health_policy: HealthPolicy | None = None,
        started_at: datetime | None = None,
    ) -> None:
        self.services = services
        self.transport_status = transport_status
        interval = getattr(getattr(services.watch, "policy", None), "interval_seconds", 900.0)
        self.health_policy = health_policy or HealthPolicy(interval_seconds=interval)
        self.started_at = started_at or services.clock.now()
        self._png_cache: dict[tuple[str, str, tuple[int | None, ...]], bytes] = {}
        self.cache = VersionedCache(services.store)

    # ------------------------------------------------------------ helpers

    def platform(self, platform_id: str) -> Platform:
        platform = self.services.directory.get(platform_id)
        if platform is None:
            raise UnknownPlatform(platform_id, self.suggestions(platform_id))
        return platform

    def suggestions(self, text: str) -> list[Platform]:
        directory = self.services.directory
        close = getattr(directory, "close_matches", None)
        found = close(text) if callable(close) else directory.suggest(text, 5)
        return list(found)[:5]

    def name_of(self, platform_id: str) -> str:
        return str(self.services.directory.name_of(platform_id))

    async def documents_by_platform(self) -> dict[str, list[Any]]:
        grouped: dict[str, list[Any]] = {}
        for document in await self.services.store.documents():
            grouped.setdefault(document.platform_id, []).append(document)
        return grouped

    def base_url(self, request: web.Request) -> str:
        return f"{request.scheme}://{request.host}"

    # ------------------------------------------------------------ pages

    async def rows(self, version: object) -> list[pages.Row]:
        async def build() -> list[pages.Row]:
            statuses = await self.services.answers.statuses()
            return [
                pages.Row(
                    s.platform,
                    s.verdict,
                    s.last_change,
                    sum(d.failing for d in s.documents),
                    read=s.read,
                )
                for s in statuses
            ]

        return await self.cache.get("rows", version, build)

    async def index(self, request: web.Request) -> web.Response:
        category = request.query.get("category", "")
        category = category if category in CATEGORIES else ""  # unknown: the whole list
        query = request.query.get("q", "")[:100]
        sort = request.query.get("sort", "name")
        sort = sort if sort in pages.SORTS else "name"
        version = await self.cache.version()

        async def build() -> Body:
            rows = await self.rows(version)
            text = pages.index_page(
                [r for r in rows if r.platform.category == category] if category else rows,
                query=query,
                sort=sort,
                generated=iso(self.services.clock.now())[:16].replace("T", " ") + " UTC",
                category=category,
                categories=self.services.directory.categories(),
            )
            return Body.of(text.encode(), HTML)

        body = await self.cache.get(("index", query, sort, category), version, build)
        return body.response(request)

    async def platform_page(self, request: web.Request) -> web.Response:
        platform = self.platform(request.match_info["platform_id"])

        async def build() -> Body:
            answer = await self.services.answers.answer_for(platform.id)
            events = await self.services.answers.history(platform.id)
            documents = (await self.documents_by_platform()).get(platform.id, [])
            text = pages.platform_page(
                platform, answer.verdict, answer.headline, answer.what_you_can_do, events, documents
            )
            return Body.of(text.encode(), HTML)

        version = await self.cache.version()
        body = await self.cache.get(("platform", platform.id), version, build)
        return body.response(request)

    async def timeline_png(self, request: web.Request) -> web.Response:
        platform = self.platform(request.match_info["platform_id"])
        events = await self.services.answers.history(platform.id)
        today = self.services.clock.now().date()
        key = (platform.id, today.isoformat(), tuple(e.id for e in events))
        png = self._png_cache.get(key)
        if png is None:
            png = await asyncio.to_thread(render_timeline_png, platform.name, events, today)
            if len(self._png_cache) > 256:
                self._png_cache.clear()
            self._png_cache[key] = png
        return cached(request, png, "image/png", max_age=300)

    # ------------------------------------------------------------ feeds

    def _entry_url(self, request: web.Request) -> Callable[[PolicyEvent], str]:
        base = self.base_url(request)
        return lambda e: f"{base}{pages.platform_path(e.platform_id)}#event-{e.id}"

    async def feed_all(self, request: web.Request) -> web.Response:
        events = await self.services.store.events(ai_only=True, limit=FEED_LIMIT)
        return self._feed(
            request, events, "all", "Terms Watch: AI policy changes", "/feed.atom", "/"
        )

    async def feed_platform(self, request: web.Request) -> web.Response:
        platform = self.platform(request.match_info["platform_id"])
        events = await self.services.answers.history(platform.id, limit=FEED_LIMIT)
        return self._feed(
            request,
            events,
            f"platform/{platform.id}",
            f"Terms Watch: {platform.name} AI policy changes",
            pages.platform_path(platform.id, "/feed.atom"),
            pages.platform_path(platform.id),
        )

    def _feed(
        self,
        request: web.Request,
        events: list[PolicyEvent],
        feed_key: str,
        title: str,
        self_path: str,
        site_path: str,
    ) -> web.Response:
        base = self.base_url(request)
        info = atom.FeedInfo(
            feed_id=f"{atom.TAG_AUTHORITY}:feed/{feed_key}",
            title=title,
            self_url=f"{base}{self_path}",
            site_url=f"{base}{site_path}",
            generated=atom.rfc3339(iso(self.started_at)),
        )
        body = atom.render_feed(
            info, events, platform_name=self.name_of, entry_url=self._entry_url(request)
        )
        return cached(request, body, "application/atom+xml", max_age=60)

    # ------------------------------------------------------------ JSON

    async def api_platforms(self, request: web.Request) -> web.Response:
        version = await self.cache.version()

        async def build() -> Body:
            rows = await self.rows(version)
            data = {
                "generated_at": iso(self.services.clock.now()),
                "platforms": [
                    api.platform_summary(r.platform, r.verdict, r.last_change, r.failing)
                    for r in sorted(rows, key=lambda r: r.platform.name.casefold())
                ],
            }
            return Body.of(api.dumps(data).encode(), JSON)

        body = await self.cache.get("api_platforms", version, build)
        return body.response(request)

    async def api_platform(self, request: web.Request) -> web.Response:
        platform = self.platform(request.match_info["platform_id"])

        async def build() -> Body:
            answer = await self.services.answers.answer_for(platform.id)
            events = await self.services.answers.history(platform.id)
            documents = (await self.documents_by_platform()).get(platform.id, [])
            data = api.platform_detail(
                platform,
                answer.verdict,
                answer.headline,
                answer.what_you_can_do,
                answer.source_url,
                events,
                documents,
            )
            return Body.of(api.dumps(data).encode(), JSON)

        version = await self.cache.version()
        body = await self.cache.get(("api_platform", platform.id), version, build)
        return body.response(request)

    # ------------------------------------------------------------ operations

    async def healthz(self, request: web.Request) -> web.Response:
        status, body = await health_report(
            self.services,
            started_at=self.started_at,
            policy=self.health_policy,
            transport_status=self.transport_status,
        )
        response = json_response(body, status=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def metrics(self, request: web.Request) -> web.Response:
        text = await metrics_text(
            self.services, transport_status=self.transport_status, started_at=self.started_at
        )
        response = web.Response(text=text, content_type="text/plain")
        response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8"
        return response


def build_app(
    services: Any,
    *,
    transport_status: TransportStatus | None = None,
    health_policy: HealthPolicy | None = None,
    started_at: datetime | None = None,
) -> web.Application:
    site = Site(
        services,
        transport_status=transport_status,
        health_policy=health_policy,
        started_at=started_at,
    )
    app = web.Application(middlewares=[errors])
    app[SITE] = site
    app.on_response_prepare.append(security_headers)
    app.router.add_get("/", site.index)
    app.router.add_get("/feed.atom", site.feed_all)
    app.router.add_get("/platforms/{platform_id}", site.platform_page)
    app.router.add_get("/platforms/{platform_id}/", site.platform_page)
    app.router.add_get("/platforms/{platform_id}/timeline.png", site.timeline_png)
    app.router.add_get("/platforms/{platform_id}/feed.atom", site.feed_platform)
    app.router.add_get("/api/platforms", site.api_platforms)
    app.router.add_get("/api/platforms/{platform_id}", site.api_platform)
    app.router.add_get("/healthz", site.healthz)
    app.router.add_get("/metrics", site.metrics)
    app.router.add_get("/static/{name}", static_handler(STATIC_DIR))
    return app


class WebTransport:
    """Serves the status site on settings.host:settings.port until stop is set."""

    name = "web"

    def __init__(
        self,
        services: Any,
        settings: Any,
        *,
        transport_status: TransportStatus | None = None,
        health_policy: HealthPolicy | None = None,
        retry_seconds: float = 30.0,
    ) -> None:
        self.services = services
        self.settings = settings
        self.transport_status = transport_status
        self.health_policy = health_policy
        self.retry_seconds = retry_seconds
        self.started_at = services.clock.now()
        self.port: int | None = None
        self._serving = False
        self._error = ""

    @property
    def url(self) -> str:
        host = self.settings.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port or self.settings.port}/"

    def notifiers(self) -> list[Any]:
        return []

    def status(self) -> dict[str, object]:
        status: dict[str, object] = {"connected": self._serving, "url": self.url}
        if self._error:
            status["error"] = self._error
        return status

    async def run(self, stop: asyncio.Event) -> None:
        app = build_app(
            self.services,
            transport_status=self.transport_status,
            health_policy=self.health_policy,
            started_at=self.started_at,
        )
        runner = web.AppRunner(app, access_log=None, handle_signals=False, logger=RequestLogger())
        await runner.setup()
        try:
            while not stop.is_set():
                site = web.TCPSite(runner, self.settings.host, self.settings.port)
                try:
                    await site.start()
                except OSError as exc:
                    self._error = (
                        f"cannot listen on {self.settings.host}:{self.settings.port}: {exc}"
                    )
                    log.error("web: %s; retrying in %gs", self._error, self.retry_seconds)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), self.retry_seconds)
                    continue
                self.port = _bound_port(runner, self.settings.port)
                self._serving, self._error = True, ""
                log.info("web: serving the status page at %s", self.url)
                await stop.wait()
        finally:
            self._serving = False
            await runner.cleanup()
            log.info("web: stopped")


def _bound_port(runner: web.AppRunner, configured: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return configured
