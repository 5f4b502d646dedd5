"""DiscordNotifier: one outbox row -> one channel post or DM, once (nonce + enforce_nonce)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import aiohttp
import discord

from bot.adapters.discord.channel_facts import ChannelDirectory, ChannelFacts
from bot.adapters.discord.channels import post_to_forum, publish, role_pings
from bot.adapters.discord.embeds import Post, event_post
from bot.adapters.discord.limiter import Limiter
from bot.adapters.i18n import translator
from bot.domain.i18n import ENGLISH, Translator
from bot.domain.models import Delivery, Medium, PolicyEvent, SendOutcome, SendResult
from bot.domain.platforms import PlatformDirectory
from bot.services.locales import LocalePreferences
from bot.services.metrics import Metrics

log = logging.getLogger(__name__)

NOT_READY_RETRY_S = 5.0
GONE_CONFIRM_RETRY_S = 30.0  # 403/404: one short-delay retry before disabling
MISSING_CODES = {
    10003: "Unknown Channel",
    10013: "Unknown User",
    50001: "Missing Access",
    50007: "Cannot send messages to this user",
    50013: "Missing Permissions",
}


class DiscordNotifier:
    """Implements ports.Notifier for Medium.DISCORD_CHANNEL and Medium.DISCORD_DM."""

    media: tuple[Medium, ...] = (Medium.DISCORD_CHANNEL, Medium.DISCORD_DM)

    def __init__(
        self,
        client: Callable[[], discord.Client | None],
        limiter: Limiter,
        directory: PlatformDirectory,
        metrics: Metrics,
        *,
        ready: asyncio.Event | None = None,
        ready_wait_s: float = 15.0,
        confirm_retry_s: float = GONE_CONFIRM_RETRY_S,
        send_timeout_s: float = 60.0,
        locales: LocalePreferences | None = None,
        channels: ChannelDirectory | None = None,
    ) -> None:
        self._client = client
        self.limiter = limiter
        self.directory = directory
        self.metrics = metrics
        self.ready = ready or asyncio.Event()
        self.ready_wait_s = ready_wait_s
        self.confirm_retry_s = confirm_retry_s
        self.send_timeout_s = send_timeout_s
        self._dm_channels: dict[str, int] = {}
        self._posts: dict[tuple[int | None, str], Post] = {}  # per event and language
        self.locales = locales
        # Channels of guilds on other processes' shards: their facts from the shared state.
        self.channels = channels
        self._forums: dict[int, discord.ForumChannel] = {}  # fetched over REST, by id

    async def _logged_in(self) -> discord.Client | None:
        if not self.ready.is_set():
            try:
                await asyncio.wait_for(self.ready.wait(), self.ready_wait_s)
            except TimeoutError:
                return None
        client = self._client()
        if client is None or client.is_closed():
            return None
        return client

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult:
        client = await self._logged_in()
        if client is None:
            return SendResult.retry("discord is not connected", NOT_READY_RETRY_S)
        content, mentions = role_pings(delivery)
        try:
            channel_id = await self._channel_for(client, delivery)
            await self.limiter.acquire()
            cached = client.get_channel(channel_id)  # guild channels come with the gateway
            facts = None
            if cached is None and delivery.medium is Medium.DISCORD_CHANNEL:
                facts, cached = await self._elsewhere(client, channel_id)
            tr = await self._translator_for(cached, delivery, facts)
            post = self._post_for(event, tr)
            if isinstance(cached, discord.ForumChannel):
                name = self.directory.name_of(event.platform_id)
                post_id = await asyncio.wait_for(
                    post_to_forum(cached, post, event, name, delivery, content, mentions, tr),
                    self.send_timeout_s,
                )
                return SendResult.sent(str(post_id))
            channel = client.get_partial_messageable(channel_id)
            # nonce + enforce_nonce (discord.py sets it with any nonce): a re-send of the same
            # outbox row after a crash returns the first message instead of posting twice.
            message = await asyncio.wait_for(
                channel.send(
                    content=content,
                    embed=post.embed,
                    file=post.file() or discord.utils.MISSING,
                    nonce=delivery.idempotency_key,
                    allowed_mentions=mentions,
                ),
                self.send_timeout_s,
            )
            news = isinstance(cached, discord.TextChannel) and cached.is_news()
            if news or (facts is not None and facts.kind is discord.ChannelType.news):
                await self.limiter.acquire()
                await publish(message, channel_id)
        except (discord.Forbidden, discord.NotFound) as exc:
            return self._missing(exc, delivery)
        except discord.RateLimited as exc:  # counted by the HTTP trace (client.metrics_trace)
            return SendResult.retry("rate limited", exc.retry_after)
        except discord.HTTPException as exc:
            # 5xx after discord.py's own retries, or a 4xx we do not expect: back off and retry.
            # (HTTP statuses are counted by the HTTP trace, client.metrics_trace.)
            log.warning(
                "discord send to %s:%s failed: %s %s",
                delivery.medium.value,
                delivery.target,
                exc.status,
                exc.text[:200],
            )
            return SendResult.retry(f"HTTP {exc.status}: {exc.text[:200]}")
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            status = "timeout" if isinstance(exc, TimeoutError) else "network"
            self.metrics.inc("termswatch_discord_errors_total", {"status": status})
            log.warning("discord send to %s failed: %s", delivery.target, type(exc).__name__)
            return SendResult.retry(f"network: {type(exc).__name__}: {exc}")
        return SendResult.sent(str(message.id))

    async def _elsewhere(
        self, client: discord.Client, channel_id: int
    ) -> tuple[ChannelFacts | None, discord.ForumChannel | None]:
        """A channel this process does not see (its guild is on another process's shard): its
        facts from the shared state, and for a forum the channel itself (one REST call, kept)."""
        if self.channels is None:
            return None, None
        facts = await self.channels.recall(channel_id)
        if facts is None or facts.kind is not discord.ChannelType.forum:
            return facts, None
        forum = self._forums.get(channel_id)
        if forum is None:
            await self.limiter.acquire()
            fetched = await client.fetch_channel(channel_id)
            if not isinstance(fetched, discord.ForumChannel):
                return None, None  # no longer a forum: a plain message
            if len(self._forums) >= 1024:
                self._forums.pop(next(iter(self._forums)))
            forum = self._forums[channel_id] = fetched
        return facts, forum

    async def _translator_for(
        self, channel: object, delivery: Delivery, facts: ChannelFacts | None = None
    ) -> Translator:
        """A channel has no language: its server's (guild.preferred_locale, from the gateway, or
        from the channel's facts when another process sees the guild). A DM: the language the
        user had when they subscribed, if known. Else English."""
        if facts is not None:
            return translator(facts.locale)
        guild = getattr(channel, "guild", None)
        if guild is not None:
            return translator(getattr(guild, "preferred_locale", None))
        if delivery.medium is Medium.DISCORD_DM and self.locales is not None:
            return translator(await self.locales.locale_of(delivery.medium, delivery.target))
        return ENGLISH

    def _post_for(self, event: PolicyEvent, tr: Translator = ENGLISH) -> Post:
        key = (event.id, tr.language)
        post = self._posts.get(key) if event.id is not None else None
        if post is None:
            post = event_post(event, self.directory.name_of(event.platform_id), tr=tr)
            if event.id is not None:
                if len(self._posts) >= 32:
                    self._posts.pop(next(iter(self._posts)))
                self._posts[key] = post
        return post

    async def _channel_for(self, client: discord.Client, delivery: Delivery) -> int:
        if delivery.medium is Medium.DISCORD_CHANNEL:
            return int(delivery.target)
        cached = self._dm_channels.get(delivery.target)
        if cached is None:
            await self.limiter.acquire()
            data = await client.http.start_private_message(int(delivery.target))
            cached = self._dm_channels[delivery.target] = int(data["id"])
        return cached

    def _missing(self, exc: discord.HTTPException, delivery: Delivery) -> SendResult:
        reason = MISSING_CODES.get(exc.code, exc.text[:100] or exc.__class__.__name__)
        error = f"HTTP {exc.status} {reason}"
        # Gone only when the previous attempt of this row was refused too: one 403/404 can be a
        # permission being fixed or a Discord hiccup.
        if delivery.last_outcome is SendOutcome.REFUSED:
            log.warning(
                "discord %s:%s still refuses (%s): disabling the subscription",
                delivery.medium.value,
                delivery.target,
                error,
            )
            return SendResult.gone(error)
        log.info(
            "discord %s:%s refused (%s): retrying once before disabling",
            delivery.medium.value,
            delivery.target,
            error,
        )
        return SendResult.refused(error, self.confirm_retry_s)
