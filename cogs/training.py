"""/training, /platforms, /history and @mention questions: glue from Discord to AnswerService."""

from __future__ import annotations

import asyncio
import io
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.discord.embeds import (
    NO_PINGS,
    answer_embed,
    history_embed,
    safe_url,
    status_pages,
    statuses_embed,
)
from bot.adapters.discord.replies import Reply, handle_error, interaction_translator, respond
from bot.adapters.i18n import translator
from bot.adapters.timeline import render_timeline_png
from bot.domain.i18n import ENGLISH, N_, Translator, detect_language
from bot.domain.intents import IntentKind, parse_intent
from bot.domain.models import CATEGORIES
from bot.services.answers import Answer
from bot.services.errors import UnknownPlatform
from cogs.requests import request_reply

if TYPE_CHECKING:
    from bot.services.container import Services

log = logging.getLogger(__name__)

HISTORY_PREFIX = "tw:hist:"
PAGE_PREFIX = "tw:page:"
SUBSCRIBE_PREFIX = "tw:sub:"
MENTION = re.compile(r"<@!?\d+>")
MENTION_HELP = N_(
    "Ask me about a platform, e.g. “is SoundCloud training on my music?”. "
    "Slash commands: /training, /platforms, /history, /subscribe."
)

# /platforms category: the catalogue's categories (Discord allows 25 choices).
CATEGORY_CHOICES = [
    app_commands.Choice(name=app_commands.locale_str(label), value=cid)
    for cid, label in CATEGORIES.items()
][:25]

SUBSCRIBE_HELP = N_(
    "Use /subscribe to follow a platform: in a server it posts in a channel (needs Manage "
    "Channels); in a DM with me it sends you direct messages. /subscriptions lists them."
)


def answer_view(answer: Answer, *, in_dm: bool, tr: Translator = ENGLISH) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    label = tr.gettext("Send me changes") if in_dm else tr.gettext("Subscribe this channel")
    view.add_item(
        discord.ui.Button(
            label=label,
            style=discord.ButtonStyle.primary,
            custom_id=f"{SUBSCRIBE_PREFIX}{answer.platform.id}",
        )
    )
    view.add_item(
        discord.ui.Button(
            label=tr.gettext("History"),
            style=discord.ButtonStyle.secondary,
            custom_id=f"{HISTORY_PREFIX}{answer.platform.id}",
        )
    )
    source = safe_url(answer.source_url) if answer.source_url else None
    if source:
        view.add_item(
            discord.ui.Button(
                label=tr.gettext("Source"), style=discord.ButtonStyle.link, url=source
            )
        )
    return view


def pager_view(
    page: int, pages: int, category: str = "", tr: Translator = ENGLISH
) -> discord.ui.View | None:
    if pages <= 1:
        return None
    tail = f":{category}" if category else ""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            label=tr.gettext("◀ Previous"),
            custom_id=f"{PAGE_PREFIX}{page - 1}{tail}",
            disabled=page <= 0,
        )
    )
    view.add_item(
        discord.ui.Button(
            label=f"{page + 1}/{pages}", custom_id=f"{PAGE_PREFIX}noop", disabled=True
        )
    )
    view.add_item(
        discord.ui.Button(
            label=tr.gettext("Next ▶"),
            custom_id=f"{PAGE_PREFIX}{page + 1}{tail}",
            disabled=page >= pages - 1,
        )
    )
    return view


def mention_translator(question: str, guild: discord.Guild | None) -> Translator:
    """A message has no locale: answer in the question's language if it is clear, else in the
    server's preferred language, else English."""
    detected = detect_language(question)
    if detected is not None:
        return translator(detected)
    return translator(guild.preferred_locale if guild is not None else None)


class TrainingCog(commands.Cog, name="Training"):
    def __init__(self, bot: commands.Bot, services: Services) -> None:
        self.bot = bot
        self.services = services

    # ------------------------------------------------------------ autocomplete

    async def platform_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=p.name[:100], value=p.id)
            for p in self.services.answers.suggest(current, 25)
        ][:25]

    # ------------------------------------------------------------ replies

    async def answer_reply(self, question: str, *, in_dm: bool, tr: Translator = ENGLISH) -> Reply:
        answer = await self.services.answers.answer(question, tr)
        return Reply(embed=answer_embed(answer, tr), view=answer_view(answer, in_dm=in_dm, tr=tr))

    async def history_reply(self, query: str, tr: Translator = ENGLISH) -> Reply:
        platform = self.services.answers.resolve(query)
        events = await self.services.answers.history(platform.id)
        reply = Reply(embed=history_embed(platform.name, events, tr))
        today = self.services.clock.now().date()
        try:
            png = await asyncio.to_thread(render_timeline_png, platform.name, events, today)
        except Exception:
            log.exception("timeline for %s could not be drawn; sending the text only", platform.id)
        else:
            filename = f"{platform.id}-timeline.png"
            reply.files.append(discord.File(io.BytesIO(png), filename=filename))
            if reply.embed is not None:
                reply.embed.set_image(url=f"attachment://{filename}")
        return reply

    async def statuses_reply(
        self, page: int, category: str = "", tr: Translator = ENGLISH
    ) -> Reply:
        statuses = await self.services.answers.statuses(category or None)
        pages = status_pages(statuses)
        page = max(0, min(page, pages - 1))
        title = tr.gettext(CATEGORIES[category]) if category in CATEGORIES else ""
        return Reply(
            embed=statuses_embed(statuses, page, category=title, tr=tr),
            view=pager_view(page, pages, category, tr),
        )

    # ------------------------------------------------------------ commands

    @app_commands.command(
        name=locale_str("training"),
        description=locale_str("Is this platform training AI on my music?"),
    )
    @app_commands.describe(platform=locale_str("The platform you upload to, e.g. SoundCloud"))
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def training(self, interaction: discord.Interaction, platform: str) -> None:
        tr = interaction_translator(interaction)
        in_dm = interaction.guild_id is None
        await respond(interaction, self.answer_reply(platform, in_dm=in_dm, tr=tr))

    @training.autocomplete("platform")
    async def training_platform(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.platform_choices(interaction, current)

    @app_commands.command(
        name=locale_str("platforms"),
        description=locale_str("Every tracked platform and its current verdict"),
    )
    @app_commands.describe(
        category=locale_str("Only this kind of platform, e.g. Music distribution")
    )
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def platforms(self, interaction: discord.Interaction, category: str = "") -> None:
        tr = interaction_translator(interaction)
        await respond(interaction, self.statuses_reply(0, category, tr))

    @app_commands.command(
        name=locale_str("history"),
        description=locale_str("A platform's AI-policy changes, newest first"),
    )
    @app_commands.describe(platform=locale_str("The platform, e.g. SoundCloud"))
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def history(self, interaction: discord.Interaction, platform: str) -> None:
        tr = interaction_translator(interaction)
        await respond(interaction, self.history_reply(platform, tr), defer_after=0.0)

    @history.autocomplete("platform")
    async def history_platform(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.platform_choices(interaction, current)

    # ------------------------------------------------------------ buttons

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component:
            return
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        tr = interaction_translator(interaction)
        try:
            if custom_id.startswith(HISTORY_PREFIX):
                query = custom_id.removeprefix(HISTORY_PREFIX)
                await respond(
                    interaction, self.history_reply(query, tr), ephemeral=True, defer_after=0.0
                )
            elif custom_id.startswith(PAGE_PREFIX) and custom_id != f"{PAGE_PREFIX}noop":
                page, _, category = custom_id.removeprefix(PAGE_PREFIX).partition(":")
                reply = await self.statuses_reply(int(page), category, tr)
                await interaction.response.edit_message(
                    embed=reply.embed, view=reply.view, allowed_mentions=NO_PINGS
                )
        except Exception as exc:
            await handle_error(interaction, exc)

    # ------------------------------------------------------------ mentions

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot:
            return
        in_dm = message.guild is None
        if not in_dm and not any(user.id == me.id for user in message.mentions):
            return
        question = MENTION.sub(" ", message.content).strip()
        tr = mention_translator(question, message.guild)
        intent = parse_intent(question)
        if not question or intent.kind is IntentKind.HELP:
            await self._reply_to(message, Reply(content=tr.gettext(MENTION_HELP)))
            return
        if intent.kind is IntentKind.REQUEST:  # "track <name> <url>"
            requester = str(message.author.id)
            reply = await request_reply(
                self.services, requester, intent.platform_query, intent.url, tr
            )
            await self._reply_to(message, reply)
            return
        if intent.kind in (IntentKind.SUBSCRIBE, IntentKind.UNSUBSCRIBE, IntentKind.SUBSCRIPTIONS):
            await self._reply_to(message, Reply(content=tr.gettext(SUBSCRIBE_HELP)))
            return
        try:
            reply = await self.answer_reply(intent.platform_query or question, in_dm=in_dm, tr=tr)
        except UnknownPlatform as exc:
            reply = Reply(content=f"{exc.user_message(tr)} {tr.gettext(MENTION_HELP)}")
        except Exception:
            log.exception("answering the mention %s failed", message.id)
            reply = Reply(
                content=tr.gettext(
                    "Something went wrong on my side. It has been logged; please try again."
                )
            )
        await self._reply_to(message, reply)

    async def _reply_to(self, message: discord.Message, reply: Reply) -> None:
        if reply.view is not None:
            reply.view.stop()
        try:
            await message.channel.send(
                content=reply.content or None,
                embed=reply.embed,
                view=reply.view or discord.utils.MISSING,
                reference=message.to_reference(fail_if_not_exists=False),
                allowed_mentions=NO_PINGS,
            )
        except discord.HTTPException as exc:
            log.warning(
                "could not answer message %s in %s: %s", message.id, message.channel.id, exc.status
            )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(TrainingCog(bot, bot.services))  # type: ignore[attr-defined]
