"""Which language a direct-message subscriber reads: remembered when they subscribe.

A channel has no language of its own (its server's preferred locale is used); a DM does: the
user's Discord locale at /subscribe time, kept in the key-value state table.
"""

from __future__ import annotations

import logging

from bot.domain.models import Medium
from bot.services.ports import StateStore

log = logging.getLogger(__name__)

LOCALE_KEY = "locale\x1f"


def locale_key(medium: Medium, target: str) -> str:
    return f"{LOCALE_KEY}{medium.value}\x1f{target}"


class LocalePreferences:
    def __init__(self, state: StateStore) -> None:
        self.state = state

    async def remember(self, medium: Medium, target: str, locale: str) -> None:
        if locale and await self.state.get_state(locale_key(medium, target)) != locale:
            await self.state.set_state(locale_key(medium, target), locale)

    async def locale_of(self, medium: Medium, target: str) -> str | None:
        return await self.state.get_state(locale_key(medium, target))
