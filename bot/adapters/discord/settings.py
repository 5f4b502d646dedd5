"""The `discord:` section of config.yaml, owned by the Discord adapter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.config_fields import Section, shown

SECTION = "discord"


@dataclass(frozen=True)
class DiscordSettings:
    enabled: bool = True
    rate_limit_per_second: float = 45.0
    dev_guild_id: int | None = None
    api_base: str | None = None  # testing: TERMSWATCH_DISCORD_API_BASE
    gateway: str | None = None  # testing: TERMSWATCH_DISCORD_GATEWAY
    review_channel_id: int | None = None  # held changes are shown here with Confirm / Discard


def parse(d: Section) -> DiscordSettings:
    d.unknown_keys({"enabled", "rate_limit_per_second", "dev_guild_id", "review_channel_id"})
    ids = {}
    for field in ("dev_guild_id", "review_channel_id"):
        ids[field] = value = d.data.get(field)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**64
        ):
            raise d.fail(field, f"must be a numeric Discord id, got {shown(value)}")
    return DiscordSettings(
        enabled=d.boolean("enabled", True),
        rate_limit_per_second=d.number("rate_limit_per_second", 45.0, minimum=0.1, maximum=1000),
        dev_guild_id=ids["dev_guild_id"],
        review_channel_id=ids["review_channel_id"],
    )


def with_env(settings: DiscordSettings, env: Mapping[str, str]) -> DiscordSettings:
    """Testing endpoints: a fake Discord's REST base and gateway."""
    if env.get("TERMSWATCH_DISCORD_API_BASE"):
        settings = replace(settings, api_base=env["TERMSWATCH_DISCORD_API_BASE"])
    if env.get("TERMSWATCH_DISCORD_GATEWAY"):
        settings = replace(settings, gateway=env["TERMSWATCH_DISCORD_GATEWAY"])
    return settings
