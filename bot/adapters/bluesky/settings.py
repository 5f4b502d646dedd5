"""The `bluesky:` section of config.yaml, owned by the Bluesky adapter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.config_fields import Section

SECTION = "bluesky"
DAY = 24 * 3600


@dataclass(frozen=True)
class BlueskySettings:
    enabled: bool = True
    service: str = "https://bsky.social"
    poll_interval_seconds: float = 3.0  # the longest wait between mention polls (idle)
    min_poll_interval_seconds: float = 1.0  # the wait while mentions keep coming
    announce: bool = True
    chat_service: str | None = None  # testing: TERMSWATCH_BLUESKY_CHAT_SERVICE


def parse(b: Section) -> BlueskySettings:
    b.unknown_keys(
        {"enabled", "service", "poll_interval_seconds", "min_poll_interval_seconds", "announce"}
    )
    return BlueskySettings(
        enabled=b.boolean("enabled", True),
        service=b.url("service", "https://bsky.social"),
        poll_interval_seconds=b.number("poll_interval_seconds", 3.0, minimum=0.1, maximum=DAY),
        min_poll_interval_seconds=b.number(
            "min_poll_interval_seconds", 1.0, minimum=0.1, maximum=DAY
        ),
        announce=b.boolean("announce", True),
    )


def with_env(settings: BlueskySettings, env: Mapping[str, str]) -> BlueskySettings:
    """Another PDS (a local dev-env) and, in tests, a fake chat service."""
    if env.get("TERMSWATCH_BLUESKY_SERVICE"):
        settings = replace(settings, service=env["TERMSWATCH_BLUESKY_SERVICE"])
    if env.get("TERMSWATCH_BLUESKY_CHAT_SERVICE"):
        settings = replace(settings, chat_service=env["TERMSWATCH_BLUESKY_CHAT_SERVICE"])
    return settings
