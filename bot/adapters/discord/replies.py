"""Answering interactions: defer when slow, one error handler, no pings ever."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field

import discord
from discord import app_commands

from bot.adapters.discord.embeds import NO_PINGS
from bot.adapters.i18n import translator
from bot.domain.i18n import ENGLISH, N_, Translator
from bot.services.errors import (
    AlreadySubscribed,
    NeedsPermission,
    NotSubscribed,
    UnknownPlatform,
    UserFacingError,
)

log = logging.getLogger(__name__)

DEFER_AFTER_S = 0.8  # Discord allows 3 s for the first response; defer well before.
GENERIC_ERROR = N_(
    "Something went wrong on my side. It has been logged; please try again in a minute."
)


class Refused(app_commands.CheckFailure):
    """A request the bot declines, with the reason and what to do instead, shown as it is
    (translated: `message` is a msgid marked with N_, `params` fill its placeholders)."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


@dataclass
class Reply:
    content: str = ""
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    files: list[discord.File] = field(default_factory=list)


async def send_reply(
    interaction: discord.Interaction, reply: Reply, *, ephemeral: bool = False
) -> None:
    kwargs: dict[str, object] = {"allowed_mentions": NO_PINGS, "ephemeral": ephemeral}
    if reply.content:
        kwargs["content"] = reply.content
    if reply.embed is not None:
        kwargs["embed"] = reply.embed
    if reply.view is not None:
        # Buttons are handled statelessly by custom_id (see cogs); nothing to keep in memory.
        reply.view.stop()
        kwargs["view"] = reply.view
    if reply.files:
        kwargs["files"] = reply.files
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)  # type: ignore[arg-type]
    else:
        await interaction.response.send_message(**kwargs)  # type: ignore[arg-type]


async def respond(
    interaction: discord.Interaction,
    work: Awaitable[Reply],
    *,
    ephemeral: bool = False,
    defer_after: float = DEFER_AFTER_S,
) -> None:
    """Run `work`; if it takes longer than `defer_after`, defer first, then send the reply.
    Exceptions propagate to the tree's error handler."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    if not done and not interaction.response.is_done():
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    reply = await task
    await send_reply(interaction, reply, ephemeral=ephemeral)


def interaction_translator(interaction: discord.Interaction) -> Translator:
    """The user's Discord language (interaction.locale); English when it is not shipped."""
    return translator(getattr(interaction, "locale", None))


def user_mistake(error: BaseException, *, in_dm: bool, tr: Translator = ENGLISH) -> str | None:
    """A short answer saying what to do, or None if the error is ours, not the user's.
    The one place Discord turns bot.services.errors.UserFacingError into text."""
    if isinstance(error, UnknownPlatform):
        return (
            error.user_message(tr)
            + " "
            + tr.gettext("Use /platforms to see every platform I track.")
        )
    if isinstance(error, AlreadySubscribed):
        message = (
            N_(
                "Already done: you get posts about {platform}. "
                "/subscriptions lists them; /unsubscribe stops one."
            )
            if in_dm
            else N_(
                "Already done: this channel gets posts about {platform}. "
                "/subscriptions lists them; /unsubscribe stops one."
            )
        )
        return tr.gettext(message, platform=error.platform_name)
    if isinstance(error, NotSubscribed):
        message = (
            N_(
                "Nothing to remove: you get no posts about {platform}. "
                "/subscriptions lists what is followed."
            )
            if in_dm
            else N_(
                "Nothing to remove: this channel gets no posts about {platform}. "
                "/subscriptions lists what is followed."
            )
        )
        return tr.gettext(message, platform=error.platform_name)
    if isinstance(error, NeedsPermission | app_commands.MissingPermissions):
        return tr.gettext(
            "You need the **Manage Channels** permission in that channel to change its "
            "subscriptions. Ask a moderator, or DM me /subscribe to get posts privately."
        )
    if isinstance(error, app_commands.BotMissingPermissions):
        return tr.gettext(
            "I am missing permissions in that channel: "
            "I need View Channel, Send Messages and Embed Links."
        )
    if isinstance(error, Refused):
        return tr.gettext(error.message, **error.params)
    if isinstance(error, app_commands.NoPrivateMessage):
        return tr.gettext("That only works in a server channel.")
    if isinstance(error, app_commands.CommandOnCooldown):
        return tr.gettext(
            "Slow down a little: try again in {seconds} s.", seconds=round(error.retry_after)
        )
    if isinstance(error, UserFacingError):
        return error.user_message(tr)
    return None


async def handle_error(interaction: discord.Interaction, error: BaseException) -> None:
    """The one place interaction errors end up (tree.on_error and the button handlers)."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    tr = interaction_translator(interaction)
    message = user_mistake(original, in_dm=interaction.guild_id is None, tr=tr)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else "-"
        log.error(
            "interaction %s (command %s, type %s) failed",
            interaction.id,
            command,
            interaction.type.name,
            exc_info=original,
        )
        message = tr.gettext(GENERIC_ERROR)
    else:
        log.info("interaction %s: user mistake: %s", interaction.id, type(original).__name__)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=NO_PINGS
            )
    except discord.HTTPException as exc:
        log.warning("could not tell interaction %s about the error: %s", interaction.id, exc.status)


class TermsTree(app_commands.CommandTree):
    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await handle_error(interaction, error)
