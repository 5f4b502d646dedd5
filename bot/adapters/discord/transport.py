"""DiscordTransport: runs the bot until stop, exposes the notifier and a status for /healthz."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
import discord.gateway
import discord.http
import yarl

from bot.adapters.discord.channel_facts import ChannelDirectory
from bot.adapters.discord.client import COG_EXTENSIONS, TermsBot
from bot.adapters.discord.limiter import (
    Limiter,
    NoLimit,
    RateLimiter,
    SharedRateLimiter,
    limit_rest_calls,
    throttle_bucket_cleanup,
)
from bot.adapters.discord.notifier import GONE_CONFIRM_RETRY_S, DiscordNotifier
from bot.adapters.discord.review import ReviewPrompter
from bot.services.locales import LocalePreferences
from bot.services.ports import Notifier

if TYPE_CHECKING:
    from bot.adapters.discord.settings import DiscordSettings
    from bot.services.container import Services

log = logging.getLogger(__name__)

RESTART_BACKOFF_S = (5.0, 15.0, 60.0, 300.0)
# Gateway close codes after which reconnecting with the same settings cannot help.
SHARD_CLOSE_CODES = {
    4010: "Discord refused the shard settings (invalid shard: discord.shard_ids/shard_count)",
    4011: "Discord requires more shards (sharding required: raise discord.shard_count)",
}


def point_at(api_base: str | None, gateway: str | None) -> None:
    """Testing: send discord.py's REST calls and gateway connection somewhere else."""
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
        log.warning("discord REST calls go to %s (testing override)", discord.http.Route.BASE)
    if gateway:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
        log.warning("discord gateway is %s (testing override)", gateway)


class DiscordTransport:
    name = "discord"

    def __init__(
        self,
        services: Services,
        settings: DiscordSettings,
        token: str,
        *,
        guild_ready_timeout: float = 0.0,
        extensions: Sequence[str] = COG_EXTENSIONS,
        confirm_retry_s: float = GONE_CONFIRM_RETRY_S,
    ) -> None:
        self.services = services
        self.settings = settings
        self._token = token
        self.guild_ready_timeout = guild_ready_timeout
        self.extensions = tuple(extensions)
        # Discord's global limit, taken by every REST call (limit_rest_calls in _run_once):
        # shared by every process through the database on PostgreSQL, in-process on SQLite.
        rate = settings.rate_limit_per_second
        self.limiter: Limiter = (
            SharedRateLimiter(services.rate_windows, rate)
            if services.rate_windows is not None
            else RateLimiter(rate)
        )
        self.logged_in = asyncio.Event()
        self.bot: TermsBot | None = None
        self.notifier = DiscordNotifier(
            lambda: self.bot,
            NoLimit(),
            services.directory,
            services.metrics,
            ready=self.logged_in,
            confirm_retry_s=confirm_retry_s,
            locales=LocalePreferences(services.store),
            channels=ChannelDirectory(services.store),
        )
        self.failed: str = ""  # set when the bot cannot run at all (bad token, intents)
        self.prompter = (
            ReviewPrompter(
                services.review,
                services.directory,
                settings.review_channel_id,
                NoLimit(),
                lambda: self.bot,
                self.logged_in,
            )
            if settings.review_channel_id
            else None
        )
        if self.prompter is not None and services.roles is not None:
            roles = services.roles
            self.prompter.may_post = lambda: roles.holds("fanout")
        services.metrics.describe(
            "termswatch_discord_errors_total",
            "counter",
            "HTTP error statuses (and network/timeout failures) from Discord, by status",
        )
        services.metrics.describe(
            "termswatch_discord_rate_limited_total",
            "counter",
            "429 answers from Discord (each is honoured by discord.py before retrying)",
        )

    def __repr__(self) -> str:  # never show the token
        return f"DiscordTransport(connected={self.status()['connected']})"

    def notifiers(self) -> list[Notifier]:
        return [self.notifier]

    def status(self) -> dict[str, object]:
        bot = self.bot
        connected = bool(bot and bot.is_ready() and not bot.is_closed())
        latency = bot.latency if bot else math.nan
        status: dict[str, object] = {
            "connected": connected,
            "guilds": len(bot.guilds) if bot and connected else 0,
            "latency_ms": round(latency * 1000, 1) if math.isfinite(latency) else None,
            **self.shard_status(bot),
        }
        if self.failed:
            status["error"] = self.failed
        return status

    def shard_status(self, bot: TermsBot | None) -> dict[str, object]:
        """The shards this process holds (configured, or all of Discord's recommended count once
        known) and the bot's shard count (None until Discord said it)."""
        count = bot.shard_count if bot is not None else self.settings.shard_count
        ids = self.settings.shard_ids
        held = list(ids) if ids is not None else list(range(count)) if count else []
        return {"shards": held, "shard_count": count}

    def _make_bot(self) -> TermsBot:
        return TermsBot(
            self.services,
            dev_guild_id=self.settings.dev_guild_id,
            extensions=self.extensions,
            guild_ready_timeout=self.guild_ready_timeout,
            logged_in=self.logged_in,
            review_channel_id=self.settings.review_channel_id,
            shard_count=self.settings.shard_count,
            shard_ids=self.settings.shard_ids,
        )

    async def run(self, stop: asyncio.Event) -> None:
        point_at(self.settings.api_base, self.settings.gateway)
        if self.prompter is None:
            await self._run_bot(stop)
            return
        prompter = asyncio.create_task(self.prompter.run(stop), name="discord-review")
        try:
            await self._run_bot(stop)
        finally:
            prompter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await prompter

    async def _run_bot(self, stop: asyncio.Event) -> None:
        attempt = 0
        while not stop.is_set():
            self.bot = bot = self._make_bot()
            try:
                await self._run_once(bot, stop)
                attempt = 0
            except discord.LoginFailure:
                self.failed = "Discord rejected the token (DISCORD_TOKEN)"
                log.error("%s; the Discord transport stops", self.failed)
                return
            except discord.ConnectionClosed as exc:
                if exc.code not in SHARD_CLOSE_CODES:
                    log.exception("discord connection failed")
                else:
                    self.failed = SHARD_CLOSE_CODES[exc.code]
                    log.error(
                        "%s (close code %s); the Discord transport stops", self.failed, exc.code
                    )
                    return
            except discord.PrivilegedIntentsRequired:
                self.failed = "Discord refused the intents"
                log.error("%s; the Discord transport stops", self.failed)
                return
            except Exception:
                log.exception("discord connection failed")
            finally:
                if not bot.is_closed():
                    await bot.close()
            if stop.is_set():
                break
            delay = RESTART_BACKOFF_S[min(attempt, len(RESTART_BACKOFF_S) - 1)]
            attempt += 1
            log.info("restarting the discord bot in %.0f s", delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
        log.info("discord transport stopped")

    async def _run_once(self, bot: TermsBot, stop: asyncio.Event) -> None:
        limit_rest_calls(bot.http, self.limiter)
        throttle_bucket_cleanup(bot.http)
        async with bot:
            runner = asyncio.create_task(bot.start(self._token, reconnect=True), name="discord-bot")
            stopper = asyncio.create_task(stop.wait(), name="discord-stop")
            try:
                done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopper.cancel()
            if runner in done:
                runner.result()  # raises what stopped the bot
                return
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(runner, 10)
