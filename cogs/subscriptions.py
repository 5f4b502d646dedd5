"""/subscribe, /unsubscribe, /subscriptions; clean-up when the bot leaves a guild or a channel goes.

In a server, changing a channel's subscriptions needs Manage Channels (default_member_permissions
and re-checked here); in a DM, the user subscribes their own direct messages.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.discord.channel_facts import ChannelDirectory, ChannelFacts
from bot.adapters.discord.channels import channel_notice, check_ping_role
from bot.adapters.discord.embeds import subscriptions_embed, untrusted
from bot.adapters.discord.replies import (
    Refused,
    Reply,
    handle_error,
    interaction_translator,
    respond,
)
from bot.domain.i18n import ENGLISH, N_, Translator
from bot.domain.models import ALL_PLATFORMS, Medium
from bot.services.errors import NeedsPermission
from bot.services.locales import LocalePreferences

if TYPE_CHECKING:
    from bot.services.container import Services

log = logging.getLogger(__name__)

SUBSCRIBE_PREFIX = "tw:sub:"
ALL_CHOICE_NAME = N_("All platforms")


def in_server_with_bot(interaction: discord.Interaction) -> bool:
    """In a server that added the bot (not a DM, nor a server where only the user installed it)."""
    return interaction.guild_id is not None and interaction.is_guild_integration()


def where(
    interaction: discord.Interaction, channel: app_commands.AppCommandChannel | None
) -> tuple[Medium, str, str | None]:
    """(medium, target, guild id): the channel in a server that added the bot; the user's DMs
    elsewhere (DMs, group DMs, servers where only the user installed the app)."""
    if not in_server_with_bot(interaction):
        if channel is not None:
            raise Refused(
                N_(
                    "Posting in a channel needs Terms Watch added to this server (ask an admin). "
                    "Without `channel:`, /subscribe sends the posts to your DMs."
                )
            )
        return Medium.DISCORD_DM, str(interaction.user.id), None
    channel_id = channel.id if channel is not None else interaction.channel_id
    return Medium.DISCORD_CHANNEL, str(channel_id), str(interaction.guild_id)


def require_manage_channels(
    interaction: discord.Interaction, channel: app_commands.AppCommandChannel | None
) -> None:
    """Runtime re-check: Discord's default_member_permissions can be overridden by admins."""
    if not in_server_with_bot(interaction):
        return
    permissions = channel.permissions if channel is not None else interaction.permissions
    if not permissions.manage_channels:
        raise NeedsPermission(NeedsPermission.MANAGE_CHANNELS)


def target_words(medium: Medium, target: str, tr: Translator = ENGLISH) -> str:
    return tr.gettext("you (direct messages)") if medium is Medium.DISCORD_DM else f"<#{target}>"


def _channel_type(interaction: discord.Interaction) -> discord.ChannelType | None:
    channel = interaction.channel
    return getattr(channel, "type", None)


def _bot_permissions(
    interaction: discord.Interaction, channel: app_commands.AppCommandChannel | None
) -> discord.Permissions:
    """The bot's permissions in the target channel (the interaction's channel: Discord says)."""
    if channel is None:
        return interaction.app_permissions
    resolved = channel.resolve()
    guild = interaction.guild
    if resolved is not None and guild is not None and guild.me is not None:
        return resolved.permissions_for(guild.me)
    return interaction.app_permissions


class SubscriptionsCog(commands.Cog, name="Subscriptions"):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services

    def _name(self, platform_id: str, tr: Translator = ENGLISH) -> str:
        if platform_id == ALL_PLATFORMS:
            return tr.gettext("every platform")
        return self.services.directory.name_of(platform_id)

    async def subscribe_reply(
        self,
        interaction: discord.Interaction,
        platform: str,
        channel: app_commands.AppCommandChannel | None,
        only_ai_changes: bool,
        ping: discord.Role | None = None,
    ) -> Reply:
        tr = interaction_translator(interaction)
        require_manage_channels(interaction, channel)
        medium, target, guild_id = where(interaction, channel)
        if ping is not None and medium is not Medium.DISCORD_CHANNEL:
            raise Refused(N_("Role pings are for channel posts; your DMs reach you anyway."))
        ping_role = check_ping_role(ping, interaction.app_permissions.mention_everyone)
        sub = await self.services.subscriptions.subscribe(
            medium,
            target,
            platform,
            guild_id=guild_id,
            only_ai_changes=only_ai_changes,
            ping_role_id=ping_role,
        )
        if medium is Medium.DISCORD_DM:  # DMs are written in the language the user has now
            await LocalePreferences(self.services.store).remember(
                medium, target, str(interaction.locale.value)
            )
        scope = (
            tr.gettext("AI-relevant changes") if sub.only_ai_changes else tr.gettext("every change")
        )
        name = untrusted(self._name(sub.platform_id, tr))
        pinging = (
            ", " + tr.gettext("pinging {role}", role="<@&" + ping_role + ">") if ping_role else ""
        )
        notice = ""
        if medium is Medium.DISCORD_CHANNEL:
            kind = channel.type if channel is not None else _channel_type(interaction)
            perms = _bot_permissions(interaction, channel)
            notice = channel_notice(kind, perms, tr)
            if kind is not None:  # for the fan-out, which may not see this guild (shards)
                guild = interaction.guild
                locale = guild.preferred_locale if guild else interaction.guild_locale
                await ChannelDirectory(self.services.store).remember(
                    target, ChannelFacts(kind, str(locale.value) if locale else "")
                )
        return Reply(
            content=tr.gettext(
                "Subscribed {target} to **{platform}** ({scope}). Use /unsubscribe to stop.",
                target=target_words(medium, target, tr),
                platform=name,
                scope=scope + pinging,
            )
            + notice
        )

    async def unsubscribe_reply(
        self,
        interaction: discord.Interaction,
        platform: str,
        channel: app_commands.AppCommandChannel | None,
    ) -> Reply:
        tr = interaction_translator(interaction)
        require_manage_channels(interaction, channel)
        medium, target, _ = where(interaction, channel)
        platform_id = await self.services.subscriptions.unsubscribe(medium, target, platform)
        return Reply(
            content=tr.gettext(
                "Unsubscribed {target} from **{platform}**.",
                target=target_words(medium, target, tr),
                platform=untrusted(self._name(platform_id, tr)),
            )
        )

    async def list_reply(
        self, interaction: discord.Interaction, channel: app_commands.AppCommandChannel | None
    ) -> Reply:
        tr = interaction_translator(interaction)
        medium, target, _ = where(interaction, channel)
        subs = await self.services.subscriptions.list_for(medium, target)
        label = (
            tr.gettext("your direct messages")
            if medium is Medium.DISCORD_DM
            else f"#{channel.name}"
            if channel
            else tr.gettext("this channel")
        )
        return Reply(embed=subscriptions_embed(subs, lambda p: self._name(p, tr), label, tr))

    async def platform_or_all(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        choices = [
            app_commands.Choice(name=p.name[:100], value=p.id)
            for p in self.services.answers.suggest(current, 24)
        ]
        tr = interaction_translator(interaction)
        every = tr.gettext(ALL_CHOICE_NAME)
        typed = current.strip().lower()
        if "all platforms".startswith(typed) or every.lower().startswith(typed):
            choices.insert(0, app_commands.Choice(name=every, value="all"))
        return choices[:25]

    # ------------------------------------------------------------ commands

    @app_commands.command(
        name=locale_str("subscribe"),
        description=locale_str("Post here when a platform's AI terms change"),
    )
    @app_commands.describe(
        platform=locale_str("A platform, or “all”"),
        channel=locale_str("Channel to post in (default: this one)"),
        only_ai_changes=locale_str("Only changes about AI training (default: yes)"),
        ping=locale_str("A role to ping with each post (default: ping nobody)"),
    )
    @app_commands.default_permissions(manage_channels=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def subscribe(
        self,
        interaction: discord.Interaction,
        platform: str,
        channel: app_commands.AppCommandChannel | None = None,
        only_ai_changes: bool = True,
        ping: discord.Role | None = None,
    ) -> None:
        await respond(
            interaction,
            self.subscribe_reply(interaction, platform, channel, only_ai_changes, ping),
            ephemeral=True,
        )

    @subscribe.autocomplete("platform")
    async def subscribe_platform(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.platform_or_all(interaction, current)

    @app_commands.command(
        name=locale_str("unsubscribe"), description=locale_str("Stop posts about a platform")
    )
    @app_commands.describe(
        platform=locale_str("A platform, or “all”"),
        channel=locale_str("Channel (default: this one)"),
    )
    @app_commands.default_permissions(manage_channels=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def unsubscribe(
        self,
        interaction: discord.Interaction,
        platform: str,
        channel: app_commands.AppCommandChannel | None = None,
    ) -> None:
        await respond(
            interaction, self.unsubscribe_reply(interaction, platform, channel), ephemeral=True
        )

    @unsubscribe.autocomplete("platform")
    async def unsubscribe_platform(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.platform_or_all(interaction, current)

    @app_commands.command(
        name=locale_str("subscriptions"),
        description=locale_str("What this channel (or your DMs) follows"),
    )
    @app_commands.describe(channel=locale_str("Channel (default: this one)"))
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def subscriptions(
        self,
        interaction: discord.Interaction,
        channel: app_commands.AppCommandChannel | None = None,
    ) -> None:
        await respond(interaction, self.list_reply(interaction, channel), ephemeral=True)

    # ------------------------------------------------------------ "Subscribe this channel" button

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component:
            return
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        if not custom_id.startswith(SUBSCRIBE_PREFIX):
            return
        platform = custom_id.removeprefix(SUBSCRIBE_PREFIX)
        try:
            await respond(
                interaction, self.subscribe_reply(interaction, platform, None, True), ephemeral=True
            )
        except Exception as exc:
            await handle_error(interaction, exc)

    # ------------------------------------------------------------ clean-up

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        removed = await self.services.subscriptions.forget_guild(str(guild.id))
        log.info("left guild %s: %d subscriptions removed", guild.id, removed)

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        if before.type != after.type:
            await ChannelDirectory(self.services.store).refresh(after)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        removed = await self.services.subscriptions.forget_target(
            Medium.DISCORD_CHANNEL, str(channel.id)
        )
        log.info("channel %s deleted: %d subscriptions removed", channel.id, removed)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(SubscriptionsCog(bot, bot.services))  # type: ignore[attr-defined]
