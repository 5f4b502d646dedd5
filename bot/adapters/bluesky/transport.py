"""BlueskyTransport: logs in (or resumes), makes sure announcements are subscribed, answers
mentions (polled adaptively: every `min_poll_interval_seconds` while they flow, stretching to
`poll_interval_seconds` when idle; see schedule.py), and hands its notifiers to the fan-out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC
from urllib.parse import urlsplit

from bot.adapters.bluesky.chat import ChatClient
from bot.adapters.bluesky.mentions import MentionHandler
from bot.adapters.bluesky.notifier import AnnouncementNotifier, DmNotifier, MentionFallback
from bot.adapters.bluesky.ratelimit import RateLimited, WriteLimiter
from bot.adapters.bluesky.schedule import PollSchedule
from bot.adapters.bluesky.session import BlueskySession
from bot.adapters.bluesky.settings import BlueskySettings
from bot.adapters.neterror import describe_error
from bot.domain.models import ALL_PLATFORMS, Medium, Subscription
from bot.services.container import Services
from bot.services.locales import LocalePreferences
from bot.services.ports import BlueskyStore, Notifier

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 300.0


class BlueskyTransport:
    name = "bluesky"

    def __init__(
        self, services: Services, settings: BlueskySettings, handle: str, app_password: str
    ) -> None:
        self.services = services
        self.settings = settings
        if not isinstance(services.store, BlueskyStore):
            raise TypeError("BlueskyTransport needs a store with the Bluesky tables (BlueskyStore)")
        self.repo: BlueskyStore = services.store
        self.limiter = WriteLimiter(self.repo, clock=lambda: services.clock.now().timestamp())
        self.session = BlueskySession(
            settings.service, handle, app_password, services.store, self.limiter, services.metrics
        )
        self.chat = ChatClient(self.session, settings.chat_service)
        self.fallback = MentionFallback(
            self.session,
            self.repo,
            services.directory,
            services.store,
            announce=settings.announce,
        )
        self.announcer = AnnouncementNotifier(self.session, self.repo, services.directory)
        self.dms = DmNotifier(
            self.session,
            self.chat,
            self.repo,
            services.directory,
            self.fallback,
            LocalePreferences(services.store),
        )
        self.mentions = MentionHandler(self.session, self.repo, services)
        self.schedule = PollSchedule(
            fastest=min(settings.min_poll_interval_seconds, settings.poll_interval_seconds),
            slowest=settings.poll_interval_seconds,
        )
        self.last_poll_at: str | None = None
        self.last_error = ""
        self.healthy = False
        self.ready = False  # logged in, mentions watermark loaded, announcements subscribed
        self.polling = True  # mentions.start() ran since this process (re)gained the role

    def notifiers(self) -> list[Notifier]:
        return [self.announcer, self.dms]

    def status(self) -> dict[str, object]:
        return {
            "connected": self.session.logged_in and self.healthy,
            "did": self.session.did or None,
            "last_poll_at": self.last_poll_at,
            "last_error": self.last_error,
            "writes_last_hour": self.limiter.used(3600.0),
        }

    async def connect(self) -> None:
        """Log in or resume, then make sure announcements have their subscription."""
        await self.session.start()
        await self.limiter.load()
        await self.mentions.start()
        if self.settings.announce:
            wanted = Subscription(
                Medium.BLUESKY_POST, self.session.did, ALL_PLATFORMS, only_ai_changes=True
            )
            _, created = await self.services.store.add_subscription(wanted)
            if created:
                log.info("Bluesky announcements subscribed for %s", self.session.did)
        self.ready = True
        self.services.fanout.wake()

    def polls(self) -> bool:
        """Whether this process holds the elected `bluesky` role (the mention poller). With
        several processes on one PostgreSQL, only the holder polls; every process stays logged
        in, since the fan-out holder posts announcements and DMs."""
        roles = self.services.roles
        return roles is None or roles.holds("bluesky")

    async def cycle(self) -> int:
        """One round: answer new mentions, post any pending mention fallbacks."""
        if not self.ready:
            await self.connect()
        if not self.polls():
            self.polling = False
            self.last_error = ""
            self.healthy = True
            return 0
        if not self.polling:  # (re)gained the role: read the watermark another holder left
            await self.mentions.start()
            self.polling = True
        answered = await self.mentions.poll_once()
        await self.fallback.flush_all()
        self.last_poll_at = self.services.clock.now().astimezone(UTC).isoformat(timespec="seconds")
        self.last_error = ""
        self.healthy = True
        return answered

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 1.0
        try:
            while not stop.is_set():
                wait = self.settings.poll_interval_seconds
                try:
                    wait = self.schedule.after_poll(await self.cycle())
                    backoff = 1.0
                except asyncio.CancelledError:
                    raise
                except RateLimited as exc:  # counted where it was raised
                    self.last_error = str(exc)
                    self.healthy = False
                    wait = max(wait, exc.retry_after_s)
                except Exception as exc:
                    self.services.metrics.inc("termswatch_bluesky_errors_total", {"op": "poll"})
                    # atproto's NetworkError() has an empty str(): name the host and the cause.
                    self.last_error = describe_error(exc, urlsplit(self.session.service).netloc)
                    self.healthy = False
                    log.warning(
                        "Bluesky cycle failed (%s); retrying in %.0fs", self.last_error, backoff
                    )
                    wait = min(max(backoff, 1.0), MAX_BACKOFF_S)
                    backoff = min(backoff * 2, MAX_BACKOFF_S)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=wait)
        finally:
            await self.close()
            log.info("Bluesky transport stopped")

    async def close(self) -> None:
        await self.chat.close()
        await self.session.close()
