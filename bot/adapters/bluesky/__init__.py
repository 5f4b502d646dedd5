"""Bluesky: answers mentions, announces AI-relevant changes, notifies subscribers by DM.

The medium's plug-in (ports.MediumPackage): SECTION, parse and with_env (settings.py) and build.
Importing this package never imports atproto; build does."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.adapters.bluesky.settings import SECTION, BlueskySettings, parse, with_env

if TYPE_CHECKING:
    from bot.services.container import Services
    from bot.services.ports import Transport

__all__ = ["SECTION", "BlueskySettings", "build", "parse", "with_env"]

log = logging.getLogger(__name__)


def build(
    services: Services, settings: BlueskySettings, env: Mapping[str, str]
) -> Transport | None:
    if not settings.enabled:
        return None
    handle, password = env.get("BLUESKY_HANDLE"), env.get("BLUESKY_APP_PASSWORD")
    if not (handle and password):
        log.info("Bluesky: no BLUESKY_HANDLE/BLUESKY_APP_PASSWORD, not connecting")
        return None
    from bot.adapters.bluesky.transport import BlueskyTransport

    return BlueskyTransport(services, settings, handle, password)
