"""A fake medium package, as a new medium's folder (bot/adapters/<medium>/__init__.py) would be:
SECTION, parse, with_env and build. tests/core/test_media.py adds it to the list."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.config_fields import Section
from bot.domain.models import Delivery, Medium, PolicyEvent, SendResult

SECTION = "pigeon"


@dataclass(frozen=True)
class PigeonSettings:
    enabled: bool = True
    loft: str = "roof"


def parse(section: Section) -> PigeonSettings:
    section.unknown_keys({"enabled", "loft"})
    return PigeonSettings(section.boolean("enabled", True), section.text("loft", "roof"))


def with_env(settings: PigeonSettings, env: Mapping[str, str]) -> PigeonSettings:
    return replace(settings, loft=env["PIGEON_LOFT"]) if env.get("PIGEON_LOFT") else settings


class PigeonNotifier:
    # A real medium adds its own Medium value; a test cannot extend the enum, so it borrows one
    # whose own transport is off (no DISCORD_TOKEN).
    media = (Medium.DISCORD_DM,)

    def __init__(self) -> None:
        self.carried: list[tuple[str, str]] = []  # (target, platform id)

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult:
        self.carried.append((delivery.target, event.platform_id))
        return SendResult.sent(f"coo-{delivery.id}")


class PigeonTransport:
    name = "pigeon"

    def __init__(self, services: Any, settings: PigeonSettings) -> None:
        self.services = services
        self.settings = settings
        self.notifier = PigeonNotifier()
        self.flying = False

    def notifiers(self) -> list[PigeonNotifier]:
        return [self.notifier]

    async def run(self, stop: asyncio.Event) -> None:
        self.flying = True
        await stop.wait()
        self.flying = False

    def status(self) -> dict[str, object]:
        return {"connected": self.flying, "loft": self.settings.loft}


def build(
    services: Any, settings: PigeonSettings, env: Mapping[str, str]
) -> PigeonTransport | None:
    if not settings.enabled or not env.get("PIGEON_KEY"):
        return None
    return PigeonTransport(services, settings)
