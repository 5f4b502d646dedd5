"""The discord.py Bot: no privileged intents, no pings, cogs loaded with the services.

An AutoShardedBot: it holds the shards its settings name (discord.shard_count / shard_ids), or
Discord's recommended number of shards when none is set. Discord routes each guild's events and
interactions to the shard that owns the guild ((guild_id >> 22) % shard_count), so a process only
sees the guilds of its own shards: nothing here may assume it sees them all."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from discord.ext import commands

from bot.adapters.discord.channel_facts import ChannelDirectory
from bot.adapters.discord.command_sync import sync_if_changed
from bot.adapters.discord.embeds import NO_PINGS
from bot.adapters.discord.i18n import CatalogCommandTranslator
from bot.adapters.discord.identify import IdentifyGate
from bot.adapters.discord.replies import TermsTree
from bot.domain.models import Medium
from bot.services.metrics import Metrics

if TYPE_CHECKING:
    from bot.services.container import Services

log = logging.getLogger(__name__)

# Cogs are discord.py extensions: each module's setup(bot) builds its cog from bot.services.
COG_EXTENSIONS: tuple[str, ...] = (
    "cogs.training",
    "cogs.subscriptions",
    "cogs.review",
    "cogs.requests",
)


def bot_intents() -> discord.Intents:
    """Guild list, channel deletions, messages that mention the bot, DMs. Nothing privileged:
    Discord delivers the content of messages that mention the bot (and of DMs) without the
    message_content intent."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    return intents


def metrics_trace(metrics: Metrics) -> aiohttp.TraceConfig:
    """Counts every error status and 429 Discord answers, including those discord.py retries."""
    trace = aiohttp.TraceConfig()

    async def on_request_end(
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        status = params.response.status
        if status == 429:
            metrics.inc("termswatch_discord_rate_limited_total")
        if status >= 400:
            metrics.inc("termswatch_discord_errors_total", {"status": str(status)})

    trace.on_request_end.append(on_request_end)
    return trace


class TermsBot(commands.AutoShardedBot):
    def __init__(
        self,
        services: Services,
        *,
        dev_guild_id: int | None = None,
        extensions: Sequence[str] = COG_EXTENSIONS,
        guild_ready_timeout: float = 0.0,
        logged_in: asyncio.Event | None = None,
        sync_commands: bool = True,
        review_channel_id: int | None = None,
        shard_count: int | None = None,
        shard_ids: Sequence[int] | None = None,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,  # prefix commands are never processed
            intents=bot_intents(),
            allowed_mentions=NO_PINGS,
            help_command=None,
            tree_cls=TermsTree,
            # Usable when a server adds the bot AND when a user installs the app to their
            # account (then in DMs, group DMs and any server, without the bot as a member).
            allowed_installs=discord.app_commands.AppInstallationType(guild=True, user=True),
            allowed_contexts=discord.app_commands.AppCommandContext(
                guild=True, dm_channel=True, private_channel=True
            ),
            guild_ready_timeout=guild_ready_timeout,
            http_trace=metrics_trace(services.metrics),
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
            # None: Discord's recommended count (GET /gateway/bot), every shard in this process.
            shard_count=shard_count,
            shard_ids=list(shard_ids) if shard_ids is not None else None,
        )
        self.services = services
        self.dev_guild_id = dev_guild_id
        self.extension_names = tuple(extensions)
        self.logged_in = logged_in or asyncio.Event()
        self.sync_commands = sync_commands
        self.review_channel_id = review_channel_id  # where held changes are confirmed
        self._backfill: asyncio.Task[None] | None = None
        self.identify_gate: IdentifyGate | None = None  # set when other processes hold shards
        self.max_concurrency = 1  # Discord's IDENTIFY buckets (GET /gateway/bot)

    async def setup_hook(self) -> None:
        await self.tree.set_translator(CatalogCommandTranslator())
        for name in self.extension_names:
            await self.load_extension(name)
        if self.sync_commands:
            await self.sync_app_commands()
        if self.shard_ids is not None:
            await self._share_identify_turns()
        self.logged_in.set()

    async def _share_identify_turns(self) -> None:
        """Other processes hold the other shards: take IDENTIFY turns with them (identify.py)."""
        try:
            limits = await self.fetch_session_start_limits()
            self.max_concurrency = max(1, limits.max_concurrency)
        except discord.HTTPException as exc:
            log.warning("session start limits unknown (%s): one IDENTIFY at a time", exc.status)
        self.identify_gate = IdentifyGate(
            self.services.store, self.services.clock, application_id=self.application_id
        )

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if self.identify_gate is None:  # every shard is here: discord.py spaces them
            await super().before_identify_hook(shard_id, initial=initial)
            return
        bucket = (shard_id or 0) % self.max_concurrency
        waited = await self.identify_gate.wait_turn(bucket)
        log.info("shard %s identifies (bucket %d, waited %.1f s)", shard_id, bucket, waited)

    def holds_shard_zero(self) -> bool:
        """Shard 0 receives DMs; its holder is the one process that syncs slash commands."""
        return self.shard_ids is None or 0 in self.shard_ids

    async def sync_app_commands(self) -> list[discord.app_commands.AppCommand] | None:
        """Sync once across processes: only the holder of shard 0, only when the tree changed
        (bot.adapters.discord.command_sync). None when this process did not sync."""
        if not self.holds_shard_zero():
            log.info("slash commands are synced by the process holding shard 0, not this one")
            return None
        return await sync_if_changed(
            self.tree,
            self.services.store,
            application_id=self.application_id,
            dev_guild_id=self.dev_guild_id,
        )

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: mentions are answered by the training cog's listener."""
        return None

    async def on_ready(self) -> None:
        log.info(
            "discord ready as %s in %d guilds on shards %s of %s",
            self.user,
            len(self.guilds),
            sorted(self.shards),
            self.shard_count,
        )
        if self.shard_ids is not None and self._backfill is None:  # other processes hold shards
            self._backfill = asyncio.create_task(self.share_channel_facts(), name="channel-facts")

    async def share_channel_facts(self) -> None:
        """Write the facts of the subscribed channels this process sees for the fan-out, which
        may run in another process (bot.adapters.discord.channel_facts)."""
        try:
            subs = await self.services.store.active_subscriptions(Medium.DISCORD_CHANNEL)
            targets = sorted({s.target for s in subs})
            changed = await ChannelDirectory(self.services.store).backfill(self, targets)
            log.info("channel facts: %d of %d subscribed channels updated", changed, len(targets))
        except Exception:
            log.exception("channel facts could not be shared")

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.error("discord event %s failed", event_method, exc_info=sys.exc_info())

    async def close(self) -> None:
        self.logged_in.clear()
        if self._backfill is not None:
            self._backfill.cancel()
        await super().close()
