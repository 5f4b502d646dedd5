"""Loading and validating config.yaml. Errors name the bad key and say why."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import yaml

from bot.adapters import media as registry
from bot.config_catalogue import (
    BUILTIN_CATALOGUE,
    SAFE_LOADER,
    load_catalogue,
    parse_catalogue,
    parse_feeds,
    parse_platforms,
)
from bot.config_fields import Section, shown
from bot.domain.models import FeedSpec, Platform
from bot.domain.review import ReviewMode, ReviewPolicy
from bot.services.errors import ConfigError
from bot.services.policies import FanoutPolicy, RolePolicy, WatchPolicy

DEFAULT_CONFIG = "config.yaml"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


__all__ = [
    "BUILTIN_CATALOGUE",
    "Config",
    "ConfigError",
    "Secrets",
    "load_catalogue",
    "load_config",
]


@dataclass(frozen=True)
class StorageSettings:
    path: Path
    url: str = ""  # postgresql://user:pass@host:port/db: PostgreSQL instead of the SQLite file

    @property
    def target(self) -> str:
        """What the store opens: the PostgreSQL URL when set, else the SQLite file."""
        return self.url or str(self.path)


# `watch:` and `fanout:` are the services' policies, read field by field (Section.policy).
WatchSettings = WatchPolicy
FanoutSettings = FanoutPolicy


@dataclass(frozen=True)
class ReviewSettings:
    """Which changes wait for the operator (bot.domain.review)."""

    mode: ReviewMode = ReviewMode.LOW_CONFIDENCE
    threshold: float = 0.6

    @property
    def policy(self) -> ReviewPolicy:
        return ReviewPolicy(self.mode, self.threshold)


DEFAULT_COLLECTIONS = ("contrib-versions", "pga-versions", "genai-eu-versions")
FIRST_SYNC_MODES = ("auto", "dataset", "listing")


@dataclass(frozen=True)
class ArchiveSettings:
    """Open Terms Archive collections whose services are discovered (see README)."""

    enabled: bool = False  # on when config.yaml has an `archive:` section
    collections: tuple[str, ...] = DEFAULT_COLLECTIONS  # "repo" or "owner/repo"
    interval_seconds: float = 900.0
    first_sync: str = "auto"
    concurrency: int = 4
    history_versions: int = 3
    max_dataset_bytes: int = 500_000_000
    github_base: str = "https://github.com"  # testing: TERMSWATCH_ARCHIVE_GITHUB_BASE
    raw_base: str = "https://raw.githubusercontent.com"  # TERMSWATCH_ARCHIVE_RAW_BASE
    api_base: str = "https://api.github.com"  # TERMSWATCH_ARCHIVE_API_BASE


@dataclass(frozen=True)
class Config:
    storage: StorageSettings
    watch: WatchPolicy
    fanout: FanoutPolicy
    platforms: tuple[Platform, ...]
    feeds: tuple[FeedSpec, ...]
    # Each medium's settings by its config.yaml section (bot/adapters/media.py), parsed by the
    # medium's own package; `config.discord` is `config.media["discord"]`.
    media: Mapping[str, Any] = dataclass_field(default_factory=dict)
    history_path: Path | None = None
    review: ReviewSettings = ReviewSettings()
    source: str = "<dict>"
    archive: ArchiveSettings = ArchiveSettings()
    roles: RolePolicy = dataclass_field(default_factory=RolePolicy)  # elected roles (PostgreSQL)

    def __getattr__(self, name: str) -> Any:
        media = self.__dict__.get("media") or {}
        if name in media:
            return media[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

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
            cfg = replace(cfg, storage=replace(cfg.storage, path=Path(env["TERMSWATCH_DB"])))
        if env.get("TERMSWATCH_DATABASE_URL"):
            url = env["TERMSWATCH_DATABASE_URL"]
            if not url.startswith(POSTGRES_SCHEMES):
                raise ConfigError("TERMSWATCH_DATABASE_URL must be a postgresql:// URL")
            cfg = replace(cfg, storage=replace(cfg.storage, url=url))
        media = {
            medium.SECTION: medium.with_env(cfg.media[medium.SECTION], env)
            for medium in registry.MEDIA
            if medium.SECTION in cfg.media
        }
        archive = cfg.archive
        for key, name in (
            ("TERMSWATCH_ARCHIVE_GITHUB_BASE", "github_base"),
            ("TERMSWATCH_ARCHIVE_RAW_BASE", "raw_base"),
            ("TERMSWATCH_ARCHIVE_API_BASE", "api_base"),
        ):
            if env.get(key):
                archive = replace(archive, **{name: env[key].rstrip("/")})
        return replace(cfg, media=media, archive=archive)


@dataclass(frozen=True)
class Secrets:
    """Secrets come only from the environment. repr() never shows them."""

    discord_token: str | None = None
    bluesky_handle: str | None = None
    bluesky_app_password: str | None = None
    github_token: str | None = None  # raises GitHub's API limit for archive discovery

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Secrets:
        return cls(
            discord_token=env.get("DISCORD_TOKEN") or None,
            bluesky_handle=env.get("BLUESKY_HANDLE") or None,
            bluesky_app_password=env.get("BLUESKY_APP_PASSWORD") or None,
            github_token=env.get("GITHUB_TOKEN") or None,
        )

    def __repr__(self) -> str:
        def shown(value: str | None) -> str:
            return "set" if value else "unset"

        return (
            f"Secrets(discord_token={shown(self.discord_token)}, "
            f"bluesky_handle={self.bluesky_handle!r}, "
            f"bluesky_app_password={shown(self.bluesky_app_password)}, "
            f"github_token={shown(self.github_token)})"
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
        data = yaml.load(text, Loader=SAFE_LOADER)
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


# The top-level keys besides each medium's own section (bot/adapters/media.py).
TOP_KEYS = {
    "catalogue",
    "storage",
    "watch",
    "fanout",
    "history",
    "platforms",
    "feeds",
    "review",
    "archive",
    "roles",
}


# Bounds of the numeric settings (also listed in README.md, "Configuration"). Wide enough for
# tests and benches, narrow enough that a typo cannot stall or flood anything.
DAY = 86_400.0
WEEK = 7 * DAY


def _parse(data: Any, base_dir: Path, source: str) -> Config:
    root = Section(data, "", source)
    root.unknown_keys(TOP_KEYS | {medium.SECTION for medium in registry.MEDIA})

    storage = Section(root.data.get("storage"), "storage", source)
    storage.unknown_keys({"path", "url"})
    db_path = storage.path("path", "data/termswatch.db")
    db_url = storage.text("url", "", empty=True)
    if db_url and not db_url.startswith(POSTGRES_SCHEMES):
        raise storage.fail("url", "must be a postgresql://user:password@host:port/database URL")

    watch = Section(root.data.get("watch"), "watch", source).policy(WatchPolicy)
    fanout = Section(root.data.get("fanout"), "fanout", source).policy(FanoutPolicy)
    roles_section = Section(root.data.get("roles"), "roles", source)
    roles = roles_section.policy(RolePolicy)
    if roles.heartbeat_seconds * 3 > roles.lease_seconds:
        raise roles_section.fail(
            "heartbeat_seconds",
            f"must be at most a third of roles.lease_seconds ({roles.lease_seconds:g}), got"
            f" {roles.heartbeat_seconds:g}",
        )

    h = Section(root.data.get("history"), "history", source)
    h.unknown_keys({"path"})
    history_path = h.path("path") if "path" in h.data else None

    catalogue = parse_catalogue(root.data.get("catalogue"), base_dir, source)
    platforms = parse_platforms(root.items("platforms"), source, base=catalogue)
    known = {p.id for p in platforms}
    feeds = parse_feeds(root.items("feeds"), known, source)

    r = Section(root.data.get("review"), "review", source)
    r.unknown_keys({"mode", "threshold"})
    mode = r.text("mode", ReviewMode.LOW_CONFIDENCE.value)
    if mode not in {m.value for m in ReviewMode}:
        known = ", ".join(m.value for m in ReviewMode)
        raise r.fail("mode", f"must be one of {known}, got {shown(mode)}")
    review = ReviewSettings(ReviewMode(mode), r.number("threshold", 0.6, minimum=0, maximum=1))

    media = {
        medium.SECTION: medium.parse(Section(root.data.get(medium.SECTION), medium.SECTION, source))
        for medium in registry.MEDIA
    }

    def resolve(path: Path) -> Path:
        return path if path.is_absolute() else base_dir / path

    return Config(
        storage=StorageSettings(resolve(db_path), db_url),
        watch=watch,
        fanout=fanout,
        roles=roles,
        platforms=tuple(platforms),
        feeds=tuple(feeds),
        media=media,
        history_path=resolve(history_path) if history_path else None,
        source=source,
        review=review,
        archive=_parse_archive(root.data, source),
    )


def _parse_archive(data: dict[str, Any], source: str) -> ArchiveSettings:
    if "archive" not in data:
        return ArchiveSettings()
    a = Section(data.get("archive"), "archive", source)
    a.unknown_keys(
        {"enabled", "collections", "interval_seconds", "first_sync", "concurrency",
         "history_versions", "max_dataset_bytes"}
    )  # fmt: skip
    collections = a.items("collections") if "collections" in a.data else list(DEFAULT_COLLECTIONS)
    names: list[str] = []
    for index, item in enumerate(collections):
        if not isinstance(item, str) or not _COLLECTION.match(item.strip()):
            raise a.fail(
                f"collections[{index}]",
                f"must be a versions repository like 'pga-versions' or 'owner/repo', got {item!r}",
            )
        if item.strip() not in names:
            names.append(item.strip())
    mode = a.text("first_sync", "auto")
    if mode not in FIRST_SYNC_MODES:
        raise a.fail("first_sync", f"must be one of {', '.join(FIRST_SYNC_MODES)}, got {mode!r}")
    return ArchiveSettings(
        enabled=a.boolean("enabled", True),
        collections=tuple(names),
        interval_seconds=a.number("interval_seconds", 900, minimum=1, maximum=WEEK),
        first_sync=mode,
        concurrency=a.integer("concurrency", 4, minimum=1, maximum=32),
        history_versions=a.integer("history_versions", 3, minimum=0, maximum=50),
        max_dataset_bytes=a.integer(
            "max_dataset_bytes", 500_000_000, minimum=1024, maximum=5_000_000_000
        ),
    )


_COLLECTION = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,38}/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def environment() -> dict[str, str]:
    """A copy of the process environment, read when called (never at import time)."""
    return dict(os.environ)
