"""Command names, descriptions, option descriptions and choices in the user's Discord language.

discord.py asks the tree's translator for every `locale_str` when it syncs the commands and puts
the answers in `name_localizations` / `description_localizations`. The strings come from the same
catalogues as every answer (bot/locale/*/LC_MESSAGES/termswatch.po).
"""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands

from bot.adapters.i18n import translator
from bot.domain.i18n import DEFAULT_LANGUAGE

log = logging.getLogger(__name__)

# Discord's rule for command and option names (CHAT_INPUT): lower case, no spaces, 1-32 chars.
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$", re.UNICODE)
DESCRIPTION_MAX = 100
CHOICE_NAME_MAX = 100

_NAME_LOCATIONS = {
    app_commands.TranslationContextLocation.command_name,
    app_commands.TranslationContextLocation.group_name,
    app_commands.TranslationContextLocation.parameter_name,
}


def valid_command_name(name: str) -> bool:
    return bool(COMMAND_NAME.match(name)) and name == name.lower()


class CatalogCommandTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        tr = translator(locale)
        if tr.language == DEFAULT_LANGUAGE:
            return None  # the English text is the default; no localisation needed
        text = tr.gettext(string.message)
        if text == string.message:
            return None
        if context.location in _NAME_LOCATIONS:
            if not valid_command_name(text):
                log.warning("%s: %r is not a valid command name; kept English", locale, text)
                return None
            return text
        limit = (
            CHOICE_NAME_MAX
            if context.location is app_commands.TranslationContextLocation.choice_name
            else DESCRIPTION_MAX
        )
        return text[:limit]
