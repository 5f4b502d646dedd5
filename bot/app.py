"""The one composition root: builds every adapter and service and passes them in."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

import aiohttp
import yaml

from bot.adapters.address_guard import public_only_connector
from bot.adapters.analysis_pool import LazyExtractor, PooledAnalyser
from bot.adapters.console.notifier import CONSOLE_TARGET, ConsoleNotifier
from bot.adapters.http_fetcher import HttpFetcher
from bot.adapters.store import SqliteStore
from bot.config import Config, ConfigError, Secrets
from bot.domain.history import HistoryEntry, parse_history
from bot.domain.models import Medium
from bot.domain.platforms import PlatformDirectory
from bot.domain.timeutil import SystemClock
from bot.services.answers import AnswerService
from bot.services.container import Services
from bot.services.fanout import FanoutPolicy, FanoutService
from bot.services.history import HistoryService
from bot.services.metrics import Metrics
from bot.services.ports import Clock, FeedReader, FeedResult, FetchError, Notifier
from bot.services.review import ReviewService
from bot.services.subscriptions import SubscriptionService
from bot.services.watch import WatchPolicy, WatchService

log = logging.getLogger(__name__)


class Transport(Protocol):
    name: str

    def notifiers(self) -> list[Notifier]: ...
    async def run(self, stop: asyncio.Event) -> None: ...
    def status(self) -> dict[str, object]: ...


@dataclass(frozen=True)
class AppOptions:
    """What to start. The CLI's one-shot commands open the app without transports."""

    transports: bool = True
    load_history: bool = True


def load_history_file(path: Path | None) -> list[HistoryEntry]:
    if path is None:
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except FileNotFoundError:
        raise ConfigError(f"history.path: {path} not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"history.path: {path} is not valid YAML ({exc})") from None
    if isinstance(data, dict):
        data = data.get("events", [])
    try:
        return parse_history(data)
    except ValueError as exc:
        raise ConfigError(f"history.path: {path}: {exc}") from None


ANALYSIS_WORKERS = 1


class _NoFeedReader:
    """Stands in for the feed reader when no feed is configured (feedparser stays unloaded)."""

    async def read(self, url: str, *, etag: str = "", last_modified: str = "") -> FeedResult:
        raise FetchError(f"{url}: no feeds are configured")


def _feed_reader(fetcher: HttpFetcher, wanted: bool) -> FeedReader:
    if not wanted:
        return _NoFeedReader()
    from bot.adapters.feeds import FeedparserReader

    return FeedparserReader(fetcher)


class App:
    def __init__(
        self,
        config: Config,
        env: Mapping[str, str],
        *,
        options: AppOptions | None = None,
        clock: Clock | None = None,
        console: TextIO | None = None,
    ) -> None:
        self.config = config.with_env(env)
        self.secrets = Secrets.from_env(env)
        self.options = options or AppOptions()
        self.clock = clock or SystemClock()
        self.console = console or sys.stdout
        self.transports: list[Transport] = []
        self.console_notifier: ConsoleNotifier | None = None
        self.shutdown_grace_seconds = 10.0
        self._stack = AsyncExitStack()
        self._services: Services | None = None
        self.store: SqliteStore | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("App is not open: use `async with App(...)`")
        return self._services

    async def __aenter__(self) -> App:
        try:
            await self._open()
        except BaseException:
            await self._stack.aclose()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()

    async def _open(self) -> None:
        cfg = self.config
        history = load_history_file(cfg.history_path) if self.options.load_history else []
        metrics = Metrics()
        connector = None if cfg.watch.allow_private_addresses else public_only_connector()
        session = await self._stack.enter_async_context(aiohttp.ClientSession(connector=connector))
        self.store = store = await SqliteStore.open(cfg.storage.path)
        self._stack.push_async_callback(store.close)
        await store.sync_platforms(cfg.platforms)
        directory = PlatformDirectory(cfg.platforms)
        await HistoryService(store, {p.id for p in cfg.platforms}).load(history)

        fetcher = HttpFetcher(
            session,
            timeout_s=cfg.watch.timeout_seconds,
            max_bytes=cfg.watch.max_bytes,
            concurrency=cfg.watch.concurrency,
            per_host_interval_s=cfg.watch.per_host_interval_seconds,
            metrics=metrics,
            allow_private_addresses=cfg.watch.allow_private_addresses,
            holds=store,  # Retry-After holds survive restarts
            clock=self.clock,
        )
        fanout = FanoutService(
            store,
            self.clock,
            metrics,
            FanoutPolicy(
                interval_seconds=cfg.fanout.interval_seconds,
                batch_size=cfg.fanout.batch_size,
                max_attempts=cfg.fanout.max_attempts,
            ),
        )
        # Pages are extracted and classified in a worker process (started on the first page to
        # analyse, stopped when idle): this process never loads lxml or the classifier, and its
        # event loop is not slowed by analysis threads. One worker: with two, a first cycle of
        # 500 pages is faster but the process tree needs about 125 MB instead of about 95.
        extractor = LazyExtractor()
        analyser = PooledAnalyser(extractor, workers=ANALYSIS_WORKERS, pool_after=1)
        self._stack.push_async_callback(analyser.aclose)
        watch = WatchService(
            store=store,
            fetcher=fetcher,
            extractor=extractor,
            analyser=analyser,
            feed_reader=_feed_reader(fetcher, bool(cfg.feeds)),
            directory=directory,
            documents=[d for p in cfg.platforms for d in p.documents],
            feeds=cfg.feeds,
            clock=self.clock,
            metrics=metrics,
            policy=WatchPolicy(cfg.watch.interval_seconds, cfg.watch.failing_after),
            on_event=fanout.wake,
            review=cfg.review.policy,
        )
        review = ReviewService(store, self.clock, metrics, on_release=fanout.wake)
        watch.on_held = review.held_changed
        self._services = Services(
            store=store,
            directory=directory,
            answers=AnswerService(directory, store),
            subscriptions=SubscriptionService(directory, store, on_change=fanout.wake),
            fanout=fanout,
            watch=watch,
            clock=self.clock,
            metrics=metrics,
            review=review,
        )
        if self.options.transports:
            self.transports = self._build_transports()
        messaging = [t for t in self.transports if t.notifiers()]
        if not messaging:
            self.console_notifier = ConsoleNotifier(directory, self.console)
            await self.console_notifier.ensure_subscription(store)
            fanout.register(self.console_notifier)
        elif await store.subscriptions_for(Medium.CONSOLE, CONSOLE_TARGET):
            # A real medium took over: nothing would deliver console rows any more.
            await store.remove_subscriptions_where(medium=Medium.CONSOLE)
        for transport in self.transports:
            for notifier in transport.notifiers():
                fanout.register(notifier)

    def _build_transports(self) -> list[Transport]:
        cfg, secrets, services = self.config, self.secrets, self.services
        transports: list[Transport] = []
        if cfg.discord.enabled and secrets.discord_token:
            from bot.adapters.discord.transport import DiscordTransport

            transports.append(DiscordTransport(services, cfg.discord, secrets.discord_token))
        elif cfg.discord.enabled:
            log.info("Discord: no DISCORD_TOKEN in the environment, not connecting")
        if cfg.bluesky.enabled and secrets.bluesky_handle and secrets.bluesky_app_password:
            from bot.adapters.bluesky.transport import BlueskyTransport

            transports.append(
                BlueskyTransport(
                    services, cfg.bluesky, secrets.bluesky_handle, secrets.bluesky_app_password
                )
            )
        elif cfg.bluesky.enabled:
            log.info("Bluesky: no BLUESKY_HANDLE/BLUESKY_APP_PASSWORD, not connecting")
        if cfg.web.enabled:
            from bot.adapters.web.server import WebTransport

            transports.append(
                WebTransport(services, cfg.web, transport_status=self.transport_status)
            )
        return transports

    def transport_status(self) -> dict[str, dict[str, object]]:
        status: dict[str, dict[str, object]] = {}
        for transport in self.transports:
            try:
                status[transport.name] = dict(transport.status())
            except Exception as exc:  # a status probe must never break /healthz
                status[transport.name] = {"connected": False, "error": str(exc)}
        if self.console_notifier is not None:
            status["console"] = {"connected": True}
        return status

    def describe(self) -> list[str]:
        """Start-up status lines for operators (no secrets)."""
        cfg = self.config
        docs = sum(len(p.documents) for p in cfg.platforms)
        lines = [
            f"config: {cfg.source}",
            f"database: {cfg.storage.path}",
            f"watching: {len(cfg.platforms)} platforms, {docs} documents, {len(cfg.feeds)} feeds,"
            f" every {cfg.watch.interval_seconds:g}s",
        ]
        for transport in self.transports:
            lines.append(f"transport: {transport.name}")
        if self.console_notifier is not None:
            lines.append("notifier: console (no Discord or Bluesky credentials): posts print here")
        return lines

    async def run(self, stop: asyncio.Event) -> None:
        """Run until stop is set. Watching and fan-out are cancelled at once on stop (every
        detection and delivery is its own transaction); transports get time to close."""
        services = self.services
        workers = {
            asyncio.create_task(services.watch.run(stop), name="watch"),
            asyncio.create_task(services.fanout.run(stop), name="fanout"),
        }
        transports = {
            asyncio.create_task(transport.run(stop), name=transport.name)
            for transport in self.transports
        }
        stopping = asyncio.create_task(stop.wait(), name="stop")
        pending = workers | transports | {stopping}
        try:
            while not stop.is_set():
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done - {stopping}:
                    if not task.cancelled() and task.exception() is not None:
                        log.error(
                            "%s stopped with an error; the rest keeps running",
                            task.get_name(),
                            exc_info=task.exception(),
                        )
        finally:
            stop.set()
            for task in workers:
                task.cancel()
            await asyncio.wait(workers | transports, timeout=self.shutdown_grace_seconds)
            for task in transports:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*workers, *transports, return_exceptions=True)
