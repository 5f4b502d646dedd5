"""The `discord:` section of config.yaml, owned by the Discord adapter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.config_fields import Section, shown
from bot.services.errors import ConfigError

SECTION = "discord"
MAX_SHARDS = 65_536  # far above any bot's need; a typo cannot ask for millions of connections


@dataclass(frozen=True)
class DiscordSettings:
    enabled: bool = True
    rate_limit_per_second: float = 45.0
    dev_guild_id: int | None = None
    api_base: str | None = None  # testing: TERMSWATCH_DISCORD_API_BASE
    gateway: str | None = None  # testing: TERMSWATCH_DISCORD_GATEWAY
    review_channel_id: int | None = None  # held changes are shown here with Confirm / Discard
    # Gateway shards (TERMSWATCH_SHARD_COUNT / TERMSWATCH_SHARD_IDS override them). No count:
    # this process holds Discord's recommended number of shards (GET /gateway/bot). A count and
    # no ids: every shard 0..count-1. Both: exactly those shards (several processes share a bot).
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None


def shard_problem(count: int | None, ids: tuple[int, ...] | None) -> tuple[str, str] | None:
    """(key, why) when the shard settings cannot work together, else None."""
    if ids is None:
        return None
    if count is None:
        return "shard_ids", "needs shard_count (the total number of shards of the bot)"
    if not ids:
        return "shard_ids", "must list at least one shard"
    for shard in ids:
        if shard >= count:
            return "shard_ids", f"{shard} is not below shard_count {count}"
    seen: set[int] = set()
    for shard in ids:
        if shard in seen:
            return "shard_ids", f"lists shard {shard} twice"
        seen.add(shard)
    return None


def _shard_ids(d: Section) -> tuple[int, ...] | None:
    if d.data.get("shard_ids") is None:
        return None
    ids: list[int] = []
    for index, value in enumerate(d.items("shard_ids")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise d.fail(
                f"shard_ids[{index}]", f"must be a shard number (0, 1, …), got {shown(value)}"
            )
        ids.append(value)
    return tuple(ids)


def parse(d: Section) -> DiscordSettings:
    d.unknown_keys(
        {"enabled", "rate_limit_per_second", "dev_guild_id", "review_channel_id", "shard_count",
         "shard_ids"}
    )  # fmt: skip
    ids: dict[str, Any] = {}
    for field in ("dev_guild_id", "review_channel_id"):
        ids[field] = value = d.data.get(field)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**64
        ):
            raise d.fail(field, f"must be a numeric Discord id, got {shown(value)}")
    count = (
        d.integer("shard_count", 1, minimum=1, maximum=MAX_SHARDS)
        if d.data.get("shard_count") is not None
        else None
    )
    shard_ids = _shard_ids(d)
    problem = shard_problem(count, shard_ids)
    if problem:
        raise d.fail(*problem)
    return DiscordSettings(
        enabled=d.boolean("enabled", True),
        rate_limit_per_second=d.number("rate_limit_per_second", 45.0, minimum=0.1, maximum=1000),
        dev_guild_id=ids["dev_guild_id"],
        review_channel_id=ids["review_channel_id"],
        shard_count=count,
        shard_ids=shard_ids,
    )


def _env_count(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_SHARDS:
        raise ConfigError(
            f"TERMSWATCH_SHARD_COUNT must be a whole number from 1 to {MAX_SHARDS:,}, got {text!r}"
        )
    return int(value)


def _env_ids(text: str) -> tuple[int, ...]:
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() for part in parts):
        raise ConfigError(
            f"TERMSWATCH_SHARD_IDS must be shard numbers separated by commas (like 0,1,2), "
            f"got {text!r}"
        )
    return tuple(int(part) for part in parts)


def with_env(settings: DiscordSettings, env: Mapping[str, str]) -> DiscordSettings:
    """Shards (TERMSWATCH_SHARD_COUNT, TERMSWATCH_SHARD_IDS) and testing endpoints: a fake
    Discord's REST base and gateway."""
    if env.get("TERMSWATCH_DISCORD_API_BASE"):
        settings = replace(settings, api_base=env["TERMSWATCH_DISCORD_API_BASE"])
    if env.get("TERMSWATCH_DISCORD_GATEWAY"):
        settings = replace(settings, gateway=env["TERMSWATCH_DISCORD_GATEWAY"])
    count, ids = settings.shard_count, settings.shard_ids
    if env.get("TERMSWATCH_SHARD_COUNT", "").strip():
        count = _env_count(env["TERMSWATCH_SHARD_COUNT"])
    if env.get("TERMSWATCH_SHARD_IDS", "").strip():
        ids = _env_ids(env["TERMSWATCH_SHARD_IDS"])
    if (count, ids) == (settings.shard_count, settings.shard_ids):
        return settings
    problem = shard_problem(count, ids)
    if problem is not None:
        why = problem[1]
        if ids is not settings.shard_ids:  # TERMSWATCH_SHARD_IDS is set
            if count is None:
                raise ConfigError(
                    "TERMSWATCH_SHARD_IDS needs a shard count: "
                    "set TERMSWATCH_SHARD_COUNT (or discord.shard_count)"
                )
            raise ConfigError(f"TERMSWATCH_SHARD_IDS: {why}")
        raise ConfigError(f"TERMSWATCH_SHARD_COUNT={count} does not fit discord.shard_ids: {why}")
    return replace(settings, shard_count=count, shard_ids=ids)
