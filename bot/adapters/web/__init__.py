"""The public face: status web page, Atom feeds, JSON API, health and metrics.

The medium's plug-in (ports.MediumPackage): SECTION, parse and with_env (settings.py) and build."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.adapters.web.settings import SECTION, WebSettings, parse, with_env

if TYPE_CHECKING:
    from bot.services.container import Services
    from bot.services.ports import Transport

__all__ = ["SECTION", "WebSettings", "build", "parse", "with_env"]


def build(services: Services, settings: WebSettings, env: Mapping[str, str]) -> Transport | None:
    if not settings.enabled:
        return None
    from bot.adapters.web.server import WebTransport

    return WebTransport(services, settings, transport_status=services.transport_status)
