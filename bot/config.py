"""Loading and validating config.yaml. Errors name the bad key and say why."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bot.config_fields import ConfigError, Section, shown
from bot.domain.models import DocumentSpec, FeedSpec, Platform

DEFAULT_CONFIG = "config.yaml"


@dataclass(frozen=True)
class StorageSettings:
    path: Path


@dataclass(frozen=True)
class WatchSettings:
    interval_seconds: float = 900.0
    timeout_seconds: float = 20.0
    max_bytes: int = 5_000_000
    concurrency: int = 8
    per_host_interval_seconds: float = 2.0
    failing_after: int = 5
    allow_private_addresses: bool = False  # loopback/LAN pages: tests, benches, intranets


@dataclass(frozen=True)
class FanoutSettings:
    interval_seconds: float = 2.0
    batch_size: int = 100
    max_attempts: int = 8


@dataclass(frozen=True)
class DiscordSettings:
    enabled: bool = True
    rate_limit_per_second: float = 45.0
    dev_guild_id: int | None = None
    api_base: str | None = None  # testing: TERMSWATCH_DISCORD_API_BASE
    gateway: str | None = None  # testing: TERMSWATCH_DISCORD_GATEWAY


@dataclass(frozen=True)
class BlueskySettings:
    enabled: bool = True
    service: str = "https://bsky.social"
    poll_interval_seconds: float = 15.0
    announce: bool = True
    chat_service: str | None = None  # testing: TERMSWATCH_BLUESKY_CHAT_SERVICE


@dataclass(frozen=True)
class WebSettings:
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 8080


@dataclass(frozen=True)
class Config:
    storage: StorageSettings
    watch: WatchSettings
    fanout: FanoutSettings
    platforms: tuple[Platform, ...]
    feeds: tuple[FeedSpec, ...]
    discord: DiscordSettings
    bluesky: BlueskySettings
    web: WebSettings
    history_path: Path | None = None
    source: str = "<dict>"

    @classmethod
    def from_dict(cls, data: Any, *, base_dir: Path, source: str = "<dict>") -> Config:
        return _parse(data, base_dir, source)

    def require_sources(self) -> None:
        """`run` and `check` need something to watch: at least one platform and one source."""
        if not self.platforms:
            raise ConfigError(
                f"{self.source}: 'platforms' is empty: list at least one platform to watch"
            )
        if not self.feeds and not any(p.documents for p in self.platforms):
            raise ConfigError(
                f"{self.source}: 'platforms' list no documents and 'feeds' is empty: "
                "nothing to watch"
            )

    def with_env(self, env: Mapping[str, str]) -> Config:
        """Apply the documented environment overrides (database path, testing endpoints)."""
        cfg = self
        if env.get("TERMSWATCH_DB"):
            cfg = replace(cfg, storage=StorageSettings(Path(env["TERMSWATCH_DB"])))
        discord = cfg.discord
        if env.get("TERMSWATCH_DISCORD_API_BASE"):
            discord = replace(discord, api_base=env["TERMSWATCH_DISCORD_API_BASE"])
        if env.get("TERMSWATCH_DISCORD_GATEWAY"):
            discord = replace(discord, gateway=env["TERMSWATCH_DISCORD_GATEWAY"])
        bluesky = cfg.bluesky
        if env.get("TERMSWATCH_BLUESKY_SERVICE"):
            bluesky = replace(bluesky, service=env["TERMSWATCH_BLUESKY_SERVICE"])
        if env.get("TERMSWATCH_BLUESKY_CHAT_SERVICE"):
            bluesky = replace(bluesky, chat_service=env["TERMSWATCH_BLUESKY_CHAT_SERVICE"])
        return replace(cfg, discord=discord, bluesky=bluesky)


@dataclass(frozen=True)
class Secrets:
    """Secrets come only from the environment. repr() never shows them."""

    discord_token: str | None = None
    bluesky_handle: str | None = None
    bluesky_app_password: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Secrets:
        return cls(
            discord_token=env.get("DISCORD_TOKEN") or None,
            bluesky_handle=env.get("BLUESKY_HANDLE") or None,
            bluesky_app_password=env.get("BLUESKY_APP_PASSWORD") or None,
        )

    def __repr__(self) -> str:
        def shown(value: str | None) -> str:
            return "set" if value else "unset"

        return (
            f"Secrets(discord_token={shown(self.discord_token)}, "
            f"bluesky_handle={self.bluesky_handle!r}, "
            f"bluesky_app_password={shown(self.bluesky_app_password)})"
        )


def config_path(argument: str | None, env: Mapping[str, str]) -> Path:
    return Path(argument or env.get("TERMSWATCH_CONFIG") or DEFAULT_CONFIG)


def load_config(path: Path | str) -> Config:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise ConfigError(
            f"{path} at line {line}: not UTF-8 text (byte 0x{byte}); save the file as UTF-8"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: {exc.problem or 'invalid YAML'}") from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise ConfigError(
            f"{path} at line {line}: character {exc.character!r} is not allowed in YAML"
        ) from None
    except (yaml.YAMLError, RecursionError):
        raise ConfigError(f"{path}: invalid YAML") from None
    return _parse(data, path.parent.resolve(), str(path))


TOP_KEYS = {
    "storage",
    "watch",
    "fanout",
    "history",
    "platforms",
    "feeds",
    "discord",
    "bluesky",
    "web",
}


# Bounds of the numeric settings (also listed in README.md, "Configuration"). Wide enough for
# tests and benches, narrow enough that a typo cannot stall or flood anything.
DAY = 86_400.0
WEEK = 7 * DAY


def _parse(data: Any, base_dir: Path, source: str) -> Config:
    root = Section(data, "", source)
    root.unknown_keys(TOP_KEYS)

    storage = Section(root.data.get("storage"), "storage", source)
    storage.unknown_keys({"path"})
    db_path = storage.path("path", "data/termswatch.db")

    w = Section(root.data.get("watch"), "watch", source)
    w.unknown_keys(set(WatchSettings.__dataclass_fields__))
    watch = WatchSettings(
        interval_seconds=w.number("interval_seconds", 900, minimum=1, maximum=WEEK),
        timeout_seconds=w.number("timeout_seconds", 20, minimum=0.1, maximum=600),
        max_bytes=w.integer("max_bytes", 5_000_000, minimum=1024, maximum=100_000_000),
        concurrency=w.integer("concurrency", 8, minimum=1, maximum=100),
        per_host_interval_seconds=w.number(
            "per_host_interval_seconds", 2.0, minimum=0, maximum=3600
        ),
        failing_after=w.integer("failing_after", 5, minimum=1, maximum=1000),
        allow_private_addresses=w.boolean("allow_private_addresses", False),
    )

    f = Section(root.data.get("fanout"), "fanout", source)
    f.unknown_keys(set(FanoutSettings.__dataclass_fields__))
    fanout = FanoutSettings(
        interval_seconds=f.number("interval_seconds", 2.0, minimum=0.01, maximum=3600),
        batch_size=f.integer("batch_size", 100, minimum=1, maximum=10_000),
        max_attempts=f.integer("max_attempts", 8, minimum=1, maximum=100),
    )

    h = Section(root.data.get("history"), "history", source)
    h.unknown_keys({"path"})
    history_path = h.path("path") if "path" in h.data else None

    platforms = _parse_platforms(root.items("platforms"), source)
    known = {p.id for p in platforms}
    feeds = _parse_feeds(root.items("feeds"), known, source)

    d = Section(root.data.get("discord"), "discord", source)
    d.unknown_keys({"enabled", "rate_limit_per_second", "dev_guild_id"})
    guild = d.data.get("dev_guild_id")
    if guild is not None and (
        isinstance(guild, bool) or not isinstance(guild, int) or not 0 < guild < 2**64
    ):
        raise d.fail("dev_guild_id", f"must be a numeric guild id, got {shown(guild)}")
    discord = DiscordSettings(
        enabled=d.boolean("enabled", True),
        rate_limit_per_second=d.number("rate_limit_per_second", 45.0, minimum=0.1, maximum=1000),
        dev_guild_id=guild,
    )

    b = Section(root.data.get("bluesky"), "bluesky", source)
    b.unknown_keys({"enabled", "service", "poll_interval_seconds", "announce"})
    bluesky = BlueskySettings(
        enabled=b.boolean("enabled", True),
        service=b.url("service", "https://bsky.social"),
        poll_interval_seconds=b.number("poll_interval_seconds", 15.0, minimum=0.1, maximum=DAY),
        announce=b.boolean("announce", True),
    )

    s = Section(root.data.get("web"), "web", source)
    s.unknown_keys({"enabled", "host", "port"})
    port = s.data.get("port", 8080)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise s.fail("port", f"must be a TCP port (0-65535), got {shown(port)}")
    web = WebSettings(
        enabled=s.boolean("enabled", True), host=s.text("host", "127.0.0.1"), port=port
    )

    def resolve(path: Path) -> Path:
        return path if path.is_absolute() else base_dir / path

    return Config(
        storage=StorageSettings(resolve(db_path)),
        watch=watch,
        fanout=fanout,
        platforms=tuple(platforms),
        feeds=tuple(feeds),
        discord=discord,
        bluesky=bluesky,
        web=web,
        history_path=resolve(history_path) if history_path else None,
        source=source,
    )


PLATFORM_KEYS = {"id", "name", "category", "aliases", "opt_out", "documents"}


def _parse_platforms(items: list[Any], source: str) -> list[Platform]:
    platforms: list[Platform] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        p = Section(item, f"platforms[{index}]", source)
        p.unknown_keys(PLATFORM_KEYS)
        pid = p.text("id").strip()
        if not pid or not pid.replace("-", "").replace("_", "").isalnum() or pid != pid.lower():
            raise p.fail("id", f"must be a lower-case slug like 'soundcloud', got {pid!r}")
        if pid in seen:
            raise p.fail("id", f"'{pid}' is used by another platform")
        seen.add(pid)
        aliases = p.items("aliases")
        if not all(isinstance(a, str) and a.strip() for a in aliases):
            raise p.fail("aliases", "must be a list of non-empty text")
        documents = []
        for dindex, ditem in enumerate(p.items("documents")):
            d = Section(ditem, f"platforms[{index}].documents[{dindex}]", source)
            d.unknown_keys({"kind", "url"})
            documents.append(DocumentSpec(pid, d.text("kind"), d.url("url")))
        platforms.append(
            Platform(
                id=pid,
                name=p.text("name", pid),
                aliases=tuple(aliases),
                documents=tuple(documents),
                opt_out=p.text("opt_out", "", empty=True),
                category=p.text("category", "music"),
            )
        )
    return platforms


def _parse_feeds(items: list[Any], known: set[str], source: str) -> list[FeedSpec]:
    feeds = []
    for index, item in enumerate(items):
        f = Section(item, f"feeds[{index}]", source)
        f.unknown_keys({"url", "platform", "document_kind"})
        platform = f.text("platform")
        if platform not in known:
            raise f.fail("platform", f"names unknown platform {platform!r}")
        feeds.append(FeedSpec(f.url("url"), platform, f.text("document_kind", "terms_of_service")))
    return feeds


def environment() -> dict[str, str]:
    """A copy of the process environment, read when called (never at import time)."""
    return dict(os.environ)
