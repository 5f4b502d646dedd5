"""Loading and validating config.yaml. Errors name the bad key and say why."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.domain.models import CATEGORIES, DocumentSpec, FeedSpec, Platform
from bot.domain.review import ReviewMode, ReviewPolicy

DEFAULT_CONFIG = "config.yaml"
# The curated catalogue of artist platforms shipped with the bot (`catalogue: builtin`).
BUILTIN_CATALOGUE = Path(__file__).resolve().parent / "data" / "platforms.yaml"


class ConfigError(Exception):
    """The configuration is invalid. The message names the key and the problem."""


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
    review_channel_id: int | None = None  # held changes are shown here with Confirm / Discard


@dataclass(frozen=True)
class ReviewSettings:
    """Which changes wait for the operator (bot.domain.review)."""

    mode: ReviewMode = ReviewMode.LOW_CONFIDENCE
    threshold: float = 0.6

    @property
    def policy(self) -> ReviewPolicy:
        return ReviewPolicy(self.mode, self.threshold)


@dataclass(frozen=True)
class BlueskySettings:
    enabled: bool = True
    service: str = "https://bsky.social"
    poll_interval_seconds: float = 3.0  # the longest wait between mention polls (idle)
    min_poll_interval_seconds: float = 1.0  # the wait while mentions keep coming
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
    review: ReviewSettings = ReviewSettings()
    source: str = "<dict>"

    @classmethod
    def from_dict(cls, data: Any, *, base_dir: Path, source: str = "<dict>") -> Config:
        return _parse(data, base_dir, source)

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


# libyaml's safe loader when PyYAML was built with it: the same documents, about ten times faster
# than the pure-Python one (a 500-document config is parsed in 30 ms instead of 300).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_config(path: Path | str) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}{where}: {problem}") from None
    return _parse(data, path.parent.resolve(), str(path))


# ---------------------------------------------------------------- parsing helpers


class _Section:
    """Typed access to one mapping, with errors naming the full key path."""

    def __init__(self, data: Any, key: str, source: str) -> None:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(f"{source}: '{key}' must be a mapping, got {type(data).__name__}")
        self.data = data
        self.key = key
        self.source = source

    def _name(self, field: str) -> str:
        return f"{self.key}.{field}" if self.key else field

    def fail(self, field: str, why: str) -> ConfigError:
        return ConfigError(f"{self.source}: '{self._name(field)}' {why}")

    def unknown_keys(self, allowed: set[str]) -> None:
        for field in self.data:
            if field not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(str(field), f"is not a known setting (known: {known})")

    def number(self, field: str, default: float, *, minimum: float = 0.0) -> float:
        value = self.data.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field, f"must be a number, got {value!r}")
        if value < minimum:
            raise self.fail(field, f"must be at least {minimum:g}, got {value!r}")
        return float(value)

    def integer(self, field: str, default: int, *, minimum: int = 0) -> int:
        value = self.data.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, f"must be a whole number, got {value!r}")
        if value < minimum:
            raise self.fail(field, f"must be at least {minimum}, got {value!r}")
        return value

    def boolean(self, field: str, default: bool) -> bool:
        value = self.data.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(field, f"must be true or false, got {value!r}")
        return value

    def text(self, field: str, default: str | None = None) -> str:
        value = self.data.get(field, default)
        if value is None:
            raise self.fail(field, "is required")
        if not isinstance(value, str):
            raise self.fail(field, f"must be text, got {value!r}")
        return value

    def url(self, field: str, default: str | None = None) -> str:
        value = self.text(field, default)
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise self.fail(field, f"must be an http(s) URL, got {value!r}")
        return value

    def items(self, field: str) -> list[Any]:
        value = self.data.get(field, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(field, "must be a list")
        return value


TOP_KEYS = {
    "catalogue",
    "storage",
    "watch",
    "fanout",
    "history",
    "platforms",
    "feeds",
    "discord",
    "bluesky",
    "web",
    "review",
}


def _parse(data: Any, base_dir: Path, source: str) -> Config:
    root = _Section(data, "", source)
    root.unknown_keys(TOP_KEYS)

    storage = _Section(root.data.get("storage"), "storage", source)
    storage.unknown_keys({"path"})
    db_path = Path(storage.text("path", "data/termswatch.db"))

    w = _Section(root.data.get("watch"), "watch", source)
    w.unknown_keys(set(WatchSettings.__dataclass_fields__))
    watch = WatchSettings(
        interval_seconds=w.number("interval_seconds", 900, minimum=1),
        timeout_seconds=w.number("timeout_seconds", 20, minimum=0.1),
        max_bytes=w.integer("max_bytes", 5_000_000, minimum=1024),
        concurrency=w.integer("concurrency", 8, minimum=1),
        per_host_interval_seconds=w.number("per_host_interval_seconds", 2.0),
        failing_after=w.integer("failing_after", 5, minimum=1),
        allow_private_addresses=w.boolean("allow_private_addresses", False),
    )

    f = _Section(root.data.get("fanout"), "fanout", source)
    f.unknown_keys(set(FanoutSettings.__dataclass_fields__))
    fanout = FanoutSettings(
        interval_seconds=f.number("interval_seconds", 2.0, minimum=0.01),
        batch_size=f.integer("batch_size", 100, minimum=1),
        max_attempts=f.integer("max_attempts", 8, minimum=1),
    )

    h = _Section(root.data.get("history"), "history", source)
    h.unknown_keys({"path"})
    history_path = Path(h.text("path")) if "path" in h.data else None

    catalogue = _catalogue(root.data.get("catalogue"), base_dir, source)
    platforms = _parse_platforms(root.items("platforms"), source, base=catalogue)
    known = {p.id for p in platforms}
    feeds = _parse_feeds(root.items("feeds"), known, source)

    d = _Section(root.data.get("discord"), "discord", source)
    d.unknown_keys({"enabled", "rate_limit_per_second", "dev_guild_id", "review_channel_id"})
    ids = {}
    for field in ("dev_guild_id", "review_channel_id"):
        ids[field] = value = d.data.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise d.fail(field, f"must be a numeric Discord id, got {value!r}")
    discord = DiscordSettings(
        enabled=d.boolean("enabled", True),
        rate_limit_per_second=d.number("rate_limit_per_second", 45.0, minimum=0.1),
        dev_guild_id=ids["dev_guild_id"],
        review_channel_id=ids["review_channel_id"],
    )

    r = _Section(root.data.get("review"), "review", source)
    r.unknown_keys({"mode", "threshold"})
    mode = r.text("mode", ReviewMode.LOW_CONFIDENCE.value)
    if mode not in {m.value for m in ReviewMode}:
        known = ", ".join(m.value for m in ReviewMode)
        raise r.fail("mode", f"must be one of {known}, got {mode!r}")
    threshold = r.number("threshold", 0.6)
    if threshold > 1:
        raise r.fail("threshold", f"must be a confidence between 0 and 1, got {threshold!r}")
    review = ReviewSettings(ReviewMode(mode), threshold)

    b = _Section(root.data.get("bluesky"), "bluesky", source)
    b.unknown_keys(
        {"enabled", "service", "poll_interval_seconds", "min_poll_interval_seconds", "announce"}
    )
    bluesky = BlueskySettings(
        enabled=b.boolean("enabled", True),
        service=b.url("service", "https://bsky.social"),
        poll_interval_seconds=b.number("poll_interval_seconds", 3.0, minimum=0.1),
        min_poll_interval_seconds=b.number("min_poll_interval_seconds", 1.0, minimum=0.1),
        announce=b.boolean("announce", True),
    )

    s = _Section(root.data.get("web"), "web", source)
    s.unknown_keys({"enabled", "host", "port"})
    port = s.integer("port", 8080)
    if port > 65535:
        raise s.fail("port", f"must be a TCP port (0-65535), got {port}")
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
        review=review,
    )


PLATFORM_KEYS = {
    "id", "name", "category", "aliases", "opt_out", "opt_out_source", "documents", "enabled",
}  # fmt: skip


def _parse_platforms(
    items: list[Any], source: str, *, base: Sequence[Platform] = ()
) -> list[Platform]:
    """The platforms of `items` added to `base` (the catalogue): an entry with a new id adds a
    platform, one with a catalogue id replaces the fields it gives, `enabled: false` drops it."""
    by_id = {p.id: p for p in base}
    order = [p.id for p in base]
    seen: set[str] = set()
    for index, item in enumerate(items):
        p = _Section(item, f"platforms[{index}]", source)
        p.unknown_keys(PLATFORM_KEYS)
        pid = p.text("id").strip()
        if not pid or not pid.replace("-", "").replace("_", "").isalnum() or pid != pid.lower():
            raise p.fail("id", f"must be a lower-case slug like 'soundcloud', got {pid!r}")
        if pid in seen:
            raise p.fail("id", f"'{pid}' is used by another platform")
        seen.add(pid)
        current = by_id.get(pid)
        if not p.boolean("enabled", True):
            if current is None:
                raise p.fail("id", f"'{pid}' is not in the catalogue, so it cannot be disabled")
            del by_id[pid]
            order.remove(pid)
            continue
        fields: dict[str, Any] = {}
        if "name" in p.data or current is None:
            fields["name"] = p.text("name", pid)
        if "aliases" in p.data:
            aliases = p.items("aliases")
            if not all(isinstance(a, str) for a in aliases):
                raise p.fail("aliases", "must be a list of text")
            fields["aliases"] = tuple(aliases)
        if "documents" in p.data:
            documents = []
            for dindex, ditem in enumerate(p.items("documents")):
                d = _Section(ditem, f"platforms[{index}].documents[{dindex}]", source)
                d.unknown_keys({"kind", "url", "source"})
                documents.append(
                    DocumentSpec(pid, d.text("kind"), d.url("url"), d.text("source", ""))
                )
            fields["documents"] = tuple(documents)
        for field in ("opt_out", "opt_out_source"):
            if field in p.data:
                fields[field] = p.text(field, "")
        if "category" in p.data:
            category = p.text("category")
            if category not in CATEGORIES:
                known = ", ".join(CATEGORIES)
                raise p.fail("category", f"must be one of {known}; got {category!r}")
            fields["category"] = category
        if current is None:
            order.append(pid)
            by_id[pid] = Platform(id=pid, **fields)
        else:
            by_id[pid] = replace(current, **fields)
    return [by_id[pid] for pid in order]


def _catalogue(value: Any, base_dir: Path, source: str) -> list[Platform]:
    """`catalogue: builtin` (the shipped bot/data/platforms.yaml), a path, or nothing."""
    if value is None or value is False or value == "none":
        return []
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{source}: 'catalogue' must be 'builtin', 'none' or a file path")
    path = BUILTIN_CATALOGUE if value == "builtin" else Path(value)
    return load_catalogue(path if path.is_absolute() else base_dir / path)


def load_catalogue(path: Path | str = BUILTIN_CATALOGUE) -> list[Platform]:
    """The platforms of a catalogue file (`platforms:` entries, as in config.yaml)."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the catalogue ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML") from None
    root = _Section(data, "", str(path))
    root.unknown_keys({"platforms"})
    return _parse_platforms(root.items("platforms"), str(path))


def _parse_feeds(items: list[Any], known: set[str], source: str) -> list[FeedSpec]:
    feeds = []
    for index, item in enumerate(items):
        f = _Section(item, f"feeds[{index}]", source)
        f.unknown_keys({"url", "platform", "document_kind"})
        platform = f.text("platform")
        if platform not in known:
            raise f.fail("platform", f"names unknown platform {platform!r}")
        feeds.append(FeedSpec(f.url("url"), platform, f.text("document_kind", "terms_of_service")))
    return feeds


def environment() -> dict[str, str]:
    """A copy of the process environment, read when called (never at import time)."""
    return dict(os.environ)
