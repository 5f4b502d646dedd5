"""/request-platform: ask for a platform to be tracked. Glue to RequestService; replies private."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.discord.embeds import untrusted
from bot.adapters.discord.replies import Reply, interaction_translator, respond
from bot.domain.i18n import ENGLISH, Translator
from bot.domain.requests import InvalidRequest
from bot.services.requests import AlreadyTracked, TooManyRequests

if TYPE_CHECKING:
    from bot.services.container import Services

log = logging.getLogger(__name__)

MEDIUM = "discord"


async def request_reply(
    services: Services, requester: str, name: str, url: str, tr: Translator = ENGLISH
) -> Reply:
    """The answer to a request, made or refused; shared with @mention "track <name> <url>"."""
    try:
        request = await services.requests.submit(MEDIUM, requester, name, url)
    except InvalidRequest as exc:
        return Reply(content=tr.gettext("I could not take that request: {reason}", reason=exc))
    except (AlreadyTracked, TooManyRequests) as exc:
        return Reply(content=exc.user_message(tr))
    return Reply(
        content=tr.gettext(
            "Thanks! Your request #{number} to track **{name}** (<{url}>) is recorded. "
            "The operator reviews requests by hand.",
            number=request.id,
            name=untrusted(request.name),
            url=request.url,
        )
    )


class RequestsCog(commands.Cog, name="Requests"):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services

    @app_commands.command(
        name=locale_str("request-platform"),
        description=locale_str("Ask Terms Watch to track a platform it does not know"),
    )
    @app_commands.describe(
        name=locale_str("The platform's name, e.g. Bandlab"),
        url=locale_str("The address of its terms, e.g. https://www.bandlab.com/terms"),
    )
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def request_platform(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 200],
        url: app_commands.Range[str, 1, 600],
    ) -> None:
        tr = interaction_translator(interaction)
        work = request_reply(self.services, str(interaction.user.id), name, url, tr)
        await respond(interaction, work, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(RequestsCog(bot, bot.services))  # type: ignore[attr-defined]
