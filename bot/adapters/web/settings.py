"""The `web:` section of config.yaml, owned by the web adapter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.config_fields import Section, shown

SECTION = "web"


@dataclass(frozen=True)
class WebSettings:
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 8080


def parse(s: Section) -> WebSettings:
    s.unknown_keys({"enabled", "host", "port"})
    port = s.data.get("port", 8080)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise s.fail("port", f"must be a TCP port (0-65535), got {shown(port)}")
    return WebSettings(
        enabled=s.boolean("enabled", True), host=s.text("host", "127.0.0.1"), port=port
    )


def with_env(settings: WebSettings, env: Mapping[str, str]) -> WebSettings:
    return settings
