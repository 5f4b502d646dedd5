"""/request-platform: ask for a platform to be tracked. Glue to RequestService; replies private."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.adapters.discord.embeds import untrusted
from bot.adapters.discord.replies import Reply, respond
from bot.domain.requests import InvalidRequest
from bot.services.requests import AlreadyTracked, TooManyRequests

if TYPE_CHECKING:
    from bot.services.container import Services

log = logging.getLogger(__name__)

MEDIUM = "discord"


async def request_reply(services: Services, requester: str, name: str, url: str) -> Reply:
    """The answer to a request, made or refused; shared with @mention "track <name> <url>"."""
    try:
        request = await services.requests.submit(MEDIUM, requester, name, url)
    except InvalidRequest as exc:
        return Reply(content=f"I could not take that request: {exc}")
    except (AlreadyTracked, TooManyRequests) as exc:
        return Reply(content=exc.user_message())
    return Reply(
        content=(
            f"Thanks! Your request #{request.id} to track **{untrusted(request.name)}** "
            f"(<{request.url}>) is recorded. The operator reviews requests by hand."
        )
    )


class RequestsCog(commands.Cog, name="Requests"):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services

    @app_commands.command(
        name="request-platform", description="Ask Terms Watch to track a platform it does not know"
    )
    @app_commands.describe(
        name="The platform's name, e.g. Bandlab",
        url="The address of its terms, e.g. https://www.bandlab.com/terms",
    )
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def request_platform(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 200],
        url: app_commands.Range[str, 1, 600],
    ) -> None:
        work = request_reply(self.services, str(interaction.user.id), name, url)
        await respond(interaction, work, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(RequestsCog(bot, bot.services))  # type: ignore[attr-defined]
