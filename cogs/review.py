"""Confirm / Discard buttons on review prompts (bot/adapters/discord/review.py).

Only members who may manage the server, in the configured review channel, can decide."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.adapters.discord.embeds import NO_PINGS
from bot.adapters.discord.replies import handle_error, interaction_translator
from bot.adapters.discord.review import CONFIRM, parse_review_id
from bot.services.review import NotHeld

if TYPE_CHECKING:
    from bot.services.container import Services

log = logging.getLogger(__name__)


class ReviewCog(commands.Cog, name="Review"):
    def __init__(self, bot: commands.Bot, services: Services, channel_id: int | None) -> None:
        self.bot = bot
        self.services = services
        self.channel_id = channel_id

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component:
            return
        parsed = parse_review_id(str((interaction.data or {}).get("custom_id", "")))
        if parsed is None:
            return
        action, event_id = parsed
        try:
            await self._decide(interaction, action, event_id)
        except Exception as exc:
            await handle_error(interaction, exc)

    async def _decide(self, interaction: discord.Interaction, action: str, event_id: int) -> None:
        allowed = (
            self.channel_id is not None
            and interaction.channel_id == self.channel_id
            and interaction.permissions.manage_guild
        )
        tr = interaction_translator(interaction)
        if not allowed:
            await interaction.response.send_message(
                tr.gettext(
                    "Only members who can manage this server, in the review channel, can decide."
                ),
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        who = f"discord:{interaction.user.id}"
        try:
            if action == CONFIRM:
                await self.services.review.confirm(event_id, who)
            else:
                await self.services.review.discard(event_id, who)
        except NotHeld:
            await interaction.response.send_message(
                tr.gettext("Change #{id} was already decided.", id=event_id),
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        verdict = (
            tr.gettext("Confirmed: posted to subscribers")
            if action == CONFIRM
            else tr.gettext("Discarded")
        )
        await interaction.response.edit_message(
            content=tr.gettext(
                "**{verdict}** (change #{id}) by {who}.",
                verdict=verdict,
                id=event_id,
                who="<@" + str(interaction.user.id) + ">",
            ),
            view=None,
            allowed_mentions=NO_PINGS,
        )


async def setup(bot: commands.Bot) -> None:
    channel_id = getattr(bot, "review_channel_id", None)
    await bot.add_cog(ReviewCog(bot, bot.services, channel_id))  # type: ignore[attr-defined]
