"""Console notifier: prints exactly what would be posted, when no Discord/Bluesky credentials."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import TextIO

from bot.domain.models import ALL_PLATFORMS, Delivery, Medium, PolicyEvent, SendResult, Subscription
from bot.domain.platforms import PlatformDirectory
from bot.domain.render import render_event_text
from bot.services.ports import SubscriptionStore

log = logging.getLogger(__name__)

CONSOLE_TARGET = "console"


@dataclass(frozen=True)
class ConsoleSettings:
    stream: TextIO | None = None  # default: standard output


class ConsoleNotifier:
    media = (Medium.CONSOLE,)

    def __init__(self, directory: PlatformDirectory, stream: TextIO | None = None) -> None:
        self.directory = directory
        self.stream = stream or sys.stdout

    async def ensure_subscription(self, store: SubscriptionStore) -> None:
        await store.add_subscription(Subscription(Medium.CONSOLE, CONSOLE_TARGET, ALL_PLATFORMS))

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult:
        text = render_event_text(event, self.directory.name_of(event.platform_id))
        print(f"\n=== would post (event {event.id}) ===\n{text}\n", file=self.stream, flush=True)
        return SendResult.sent(f"console-{delivery.id}")
