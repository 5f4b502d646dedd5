"""Discord transport: slash commands, mention answers and channel/DM auto-posts via discord.py.

The medium's plug-in (ports.MediumPackage): SECTION, parse and with_env (settings.py) and build.
Importing this package never imports discord.py; build does."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.adapters.discord.settings import SECTION, DiscordSettings, parse, with_env

if TYPE_CHECKING:
    from bot.services.container import Services
    from bot.services.ports import Transport

__all__ = ["SECTION", "DiscordSettings", "build", "parse", "with_env"]

log = logging.getLogger(__name__)


def build(
    services: Services, settings: DiscordSettings, env: Mapping[str, str]
) -> Transport | None:
    if not settings.enabled:
        return None
    token = env.get("DISCORD_TOKEN")
    if not token:
        log.info("Discord: no DISCORD_TOKEN in the environment, not connecting")
        return None
    from bot.adapters.discord.transport import DiscordTransport

    return DiscordTransport(services, settings, token)
