"""The console: prints what would be posted. The fallback medium, not listed in
bot/adapters/media.py: the composition root builds it when no listed medium delivers messages
(no credentials, or a one-shot CLI command). Same `build` contract as the other media."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.adapters.console.notifier import CONSOLE_TARGET, ConsoleNotifier, ConsoleSettings

if TYPE_CHECKING:
    from bot.services.container import Services

__all__ = ["CONSOLE_TARGET", "ConsoleSettings", "ConsoleTransport", "build"]


class ConsoleTransport:
    name = "console"

    def __init__(self, notifier: ConsoleNotifier) -> None:
        self.notifier = notifier

    def notifiers(self) -> list[ConsoleNotifier]:
        return [self.notifier]

    async def run(self, stop: asyncio.Event) -> None:  # nothing to connect: the fan-out prints
        await stop.wait()

    def status(self) -> dict[str, object]:
        return {"connected": True}


def build(
    services: Services, settings: ConsoleSettings, env: Mapping[str, str]
) -> ConsoleTransport:
    return ConsoleTransport(ConsoleNotifier(services.directory, settings.stream))
