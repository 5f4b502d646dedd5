"""The one composition root: builds every adapter and service and passes them in."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import aiohttp
import yaml

from bot.adapters import console
from bot.adapters import media as registry
from bot.adapters.address_guard import public_host_problem, public_only_connector
from bot.adapters.analysis_pool import LazyExtractor, PooledAnalyser
from bot.adapters.console.notifier import CONSOLE_TARGET, ConsoleNotifier
from bot.adapters.http_fetcher import HttpFetcher
from bot.adapters.store import InstanceLock, SqlStore
from bot.adapters.store.urls import redacted
from bot.app_roles import FANOUT, build_roles, role_works
from bot.config import Config, ConfigError, Secrets
from bot.domain.history import HistoryEntry, parse_history
from bot.domain.models import Medium
from bot.domain.platforms import PlatformDirectory
from bot.domain.timeutil import SystemClock
from bot.services.answers import AnswerService
from bot.services.container import Services
from bot.services.fanout import FanoutService
from bot.services.history import HistoryService
from bot.services.metrics import Metrics
from bot.services.ports import Clock, FeedReader, FeedResult, FetchError, Transport
from bot.services.requests import RequestService
from bot.services.review import ReviewService
from bot.services.subscriptions import SubscriptionService
from bot.services.watch import WatchService

if TYPE_CHECKING:
    from bot.services.discovery import DiscoveryService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppOptions:
    """What to start. The CLI's one-shot commands open the app without transports."""

    transports: bool = True
    load_history: bool = True
    exclusive: bool = False  # hold the database's instance lock (`run`, `check`)


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
POOL_AFTER = 40  # changed pages waiting for analysis without a break before workers start


class _NoFeedReader:
    """Stands in for the feed reader when no feed is configured (feedparser stays unloaded)."""

    async def read(self, url: str, *, etag: str = "", last_modified: str = "") -> FeedResult:
        raise FetchError(f"{url}: no feeds are configured")


def _feed_reader(fetcher: HttpFetcher, wanted: bool) -> FeedReader:
    if not wanted:
        return _NoFeedReader()
    from bot.adapters.feeds import FeedparserReader

    return FeedparserReader(fetcher)


def _shards(status: Mapping[str, object]) -> str:
    """' (shards 1, 2 of 4)' for a transport that has shards (Discord), else ''."""
    if "shard_count" not in status:
        return ""
    held, count = status.get("shards"), status["shard_count"]
    if not count or not isinstance(held, list):
        return " (shards: Discord's recommended count, all in this process)"
    return f" (shards {', '.join(map(str, held))} of {count})"


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
        self.env = dict(env)
        self.secrets = Secrets.from_env(env)
        self.options = options or AppOptions()
        self.clock = clock or SystemClock()
        self.monotonic: Callable[[], float] = time.monotonic  # fences the elected roles
        self.console = console or sys.stdout
        self.transports: list[Transport] = []
        self.console_notifier: ConsoleNotifier | None = None
        self.shutdown_grace_seconds = 10.0
        self._stack = AsyncExitStack()
        self._services: Services | None = None
        self.store: SqlStore | None = None

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
        # One process per SQLite file. PostgreSQL serves several (claims lock their rows).
        if self.options.exclusive and not cfg.storage.url and str(cfg.storage.path) != ":memory:":
            lock = InstanceLock.acquire(cfg.storage.path)
            self._stack.callback(lock.release)  # LIFO: released after the store is closed
        history = load_history_file(cfg.history_path) if self.options.load_history else []
        metrics = Metrics()
        connector = None if cfg.watch.allow_private_addresses else public_only_connector()
        session = await self._stack.enter_async_context(aiohttp.ClientSession(connector=connector))
        self.store = store = await SqlStore.open(cfg.storage.target, self.clock)
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
            cfg.fanout,
        )
        # New pages (a first cycle) are extracted and classified in a worker process (started
        # on the first new page, stopped when idle): this process does not load lxml or the
        # classifier for them, and its event loop is not slowed by analysis threads. Changed
        # pages are analysed in a thread here until POOL_AFTER of them wait at once: a 5%
        # change wave costs less than starting a worker. One worker: a second would need about
        # 125 MB for the process tree. No thread here analyses alongside it: measured at 500
        # pages, such a slot gave the same wall and CPU times and 12 MB more (README).
        extractor = LazyExtractor()
        analyser = PooledAnalyser(
            extractor,
            workers=ANALYSIS_WORKERS,
            pool_after=POOL_AFTER,
        )
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
            policy=cfg.watch,
            on_event=fanout.wake,
            review=cfg.review.policy,
        )
        review = ReviewService(store, self.clock, metrics, on_release=fanout.wake)
        watch.on_held = review.held_changed
        discovery = self._discovery(session, store, directory, watch, metrics, fanout.wake)
        await discovery.load()
        requests = RequestService(
            store,
            self.clock,
            directory=directory,
            address_check=None if cfg.watch.allow_private_addresses else public_host_problem,
        )
        # Scale-out: elected roles and the shared request limit (bot/app_roles.py).
        roles, rate_windows = build_roles(cfg.roles, store, self.clock, metrics, self.monotonic)
        fanout.fence = roles.fence(FANOUT)
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
            discovery=discovery,
            requests=requests,
            transport_status=self.transport_status,
            roles=roles,
            rate_windows=rate_windows,
        )
        if self.options.transports:
            self.transports = self._build_transports()
        messaging = [t for t in self.transports if t.notifiers()]
        if not messaging:  # the console is the fallback medium
            fallback = console.build(
                self._services, console.ConsoleSettings(self.console), self.env
            )
            self.console_notifier = fallback.notifier
            await self.console_notifier.ensure_subscription(store)
            fanout.register(self.console_notifier)
        elif await store.subscriptions_for(Medium.CONSOLE, CONSOLE_TARGET):
            # A real medium took over: nothing would deliver console rows any more.
            await store.remove_subscriptions_where(medium=Medium.CONSOLE)
        for transport in self.transports:
            for notifier in transport.notifiers():
                fanout.register(notifier)

    def _discovery(
        self,
        session: aiohttp.ClientSession,
        store: SqlStore,
        directory: PlatformDirectory,
        watch: WatchService,
        metrics: Metrics,
        on_event: Callable[[], None],
    ) -> DiscoveryService:
        """Open Terms Archive discovery. Built even when off, so services discovered earlier
        stay in the directory. (Imported here: a one-shot `check` never loads the archive
        client, feedparser or the classifier.)"""
        from bot.adapters.archive import GithubArchive
        from bot.domain.archive import Collection
        from bot.services.discovery import DiscoveryPolicy, DiscoveryService

        cfg = self.config.archive
        archive = GithubArchive(
            session,
            github_base=cfg.github_base,
            raw_base=cfg.raw_base,
            api_base=cfg.api_base,
            token=self.secrets.github_token,
            timeout_s=max(self.config.watch.timeout_seconds, 30.0),
            max_dataset_bytes=cfg.max_dataset_bytes,
            concurrency=cfg.concurrency,
        )
        return DiscoveryService(
            archive=archive,
            store=store,
            directory=directory,
            watch=watch,
            collections=[Collection.parse(c) for c in cfg.collections] if cfg.enabled else [],
            clock=self.clock,
            metrics=metrics,
            policy=DiscoveryPolicy(
                interval_seconds=cfg.interval_seconds,
                first_sync=cfg.first_sync,
                history_versions=cfg.history_versions,
                concurrency=cfg.concurrency,
            ),
            on_event=on_event,
        )

    def _build_transports(self) -> list[Transport]:
        """One transport per medium in bot/adapters/media.py that is on (and has credentials)."""
        built = (
            medium.build(self.services, self.config.media[medium.SECTION], self.env)
            for medium in registry.MEDIA
        )
        return [transport for transport in built if transport is not None]

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
            f"database: {redacted(cfg.storage.url) if cfg.storage.url else cfg.storage.path}",
            f"watching: {len(cfg.platforms)} platforms, {docs} documents, {len(cfg.feeds)} feeds,"
            f" every {cfg.watch.interval_seconds:g}s",
        ]
        if cfg.archive.enabled and cfg.archive.collections:
            found = len(self.services.directory) - len(cfg.platforms) if self._services else 0
            lines.append(
                f"archive: following {', '.join(cfg.archive.collections)}"
                f" ({found} services discovered so far)"
            )
        status = self.transport_status()
        for transport in self.transports:
            lines.append(f"transport: {transport.name}{_shards(status.get(transport.name, {}))}")
        if self.console_notifier is not None:
            lines.append("notifier: console (no Discord or Bluesky credentials): posts print here")
        if self._services is not None and self._services.roles is not None:
            roles = self._services.roles
            names = ", ".join(roles.roles)
            if roles.sole:
                lines.append(f"roles: {names} all held by this process (SQLite: the only one)")
            else:
                lines.append(
                    f"roles: {names} elected among the processes on this PostgreSQL"
                    f" (lease {cfg.roles.lease_seconds:g}s; this process is {roles.holder})"
                )
        return lines

    async def run(self, stop: asyncio.Event) -> None:
        """Run until stop is set. Watching and fan-out are cancelled at once on stop (every
        detection and delivery is its own transaction); transports get time to close."""
        services = self.services
        roles = services.roles
        assert roles is not None  # built by _open
        # Watching, discovery and fan-out run while this process holds their role (always, on
        # SQLite): bot.services.roles.
        workers = {asyncio.create_task(roles.run(role_works(services), stop), name="roles")}
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
