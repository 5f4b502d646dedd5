"""Loading and validating config.yaml. Errors name the bad key and say why."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bot.config_fields import ConfigError, Section, shown
from bot.domain.models import CATEGORIES, DocumentSpec, FeedSpec, Platform
from bot.domain.review import ReviewMode, ReviewPolicy

DEFAULT_CONFIG = "config.yaml"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
# The curated catalogue of artist platforms shipped with the bot (`catalogue: builtin`).
BUILTIN_CATALOGUE = Path(__file__).resolve().parent / "data" / "platforms.yaml"


@dataclass(frozen=True)
class StorageSettings:
    path: Path
    url: str = ""  # postgresql://user:pass@host:port/db: PostgreSQL instead of the SQLite file

    @property
    def target(self) -> str:
        """What the store opens: the PostgreSQL URL when set, else the SQLite file."""
        return self.url or str(self.path)


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
    archive: ArchiveSettings = ArchiveSettings()

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
        archive = cfg.archive
        for key, name in (
            ("TERMSWATCH_ARCHIVE_GITHUB_BASE", "github_base"),
            ("TERMSWATCH_ARCHIVE_RAW_BASE", "raw_base"),
            ("TERMSWATCH_ARCHIVE_API_BASE", "api_base"),
        ):
            if env.get(key):
                archive = replace(archive, **{name: env[key].rstrip("/")})
        return replace(cfg, discord=discord, bluesky=bluesky, archive=archive)


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
    "archive",
}


# Bounds of the numeric settings (also listed in README.md, "Configuration"). Wide enough for
# tests and benches, narrow enough that a typo cannot stall or flood anything.
DAY = 86_400.0
WEEK = 7 * DAY


def _parse(data: Any, base_dir: Path, source: str) -> Config:
    root = Section(data, "", source)
    root.unknown_keys(TOP_KEYS)

    storage = Section(root.data.get("storage"), "storage", source)
    storage.unknown_keys({"path", "url"})
    db_path = storage.path("path", "data/termswatch.db")
    db_url = storage.text("url", "", empty=True)
    if db_url and not db_url.startswith(POSTGRES_SCHEMES):
        raise storage.fail("url", "must be a postgresql://user:password@host:port/database URL")

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

    catalogue = _catalogue(root.data.get("catalogue"), base_dir, source)
    platforms = _parse_platforms(root.items("platforms"), source, base=catalogue)
    known = {p.id for p in platforms}
    feeds = _parse_feeds(root.items("feeds"), known, source)

    d = Section(root.data.get("discord"), "discord", source)
    d.unknown_keys({"enabled", "rate_limit_per_second", "dev_guild_id", "review_channel_id"})
    ids = {}
    for field in ("dev_guild_id", "review_channel_id"):
        ids[field] = value = d.data.get(field)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**64
        ):
            raise d.fail(field, f"must be a numeric Discord id, got {shown(value)}")
    discord = DiscordSettings(
        enabled=d.boolean("enabled", True),
        rate_limit_per_second=d.number("rate_limit_per_second", 45.0, minimum=0.1, maximum=1000),
        dev_guild_id=ids["dev_guild_id"],
        review_channel_id=ids["review_channel_id"],
    )

    r = Section(root.data.get("review"), "review", source)
    r.unknown_keys({"mode", "threshold"})
    mode = r.text("mode", ReviewMode.LOW_CONFIDENCE.value)
    if mode not in {m.value for m in ReviewMode}:
        known = ", ".join(m.value for m in ReviewMode)
        raise r.fail("mode", f"must be one of {known}, got {shown(mode)}")
    review = ReviewSettings(ReviewMode(mode), r.number("threshold", 0.6, minimum=0, maximum=1))

    b = Section(root.data.get("bluesky"), "bluesky", source)
    b.unknown_keys(
        {"enabled", "service", "poll_interval_seconds", "min_poll_interval_seconds", "announce"}
    )
    bluesky = BlueskySettings(
        enabled=b.boolean("enabled", True),
        service=b.url("service", "https://bsky.social"),
        poll_interval_seconds=b.number("poll_interval_seconds", 3.0, minimum=0.1, maximum=DAY),
        min_poll_interval_seconds=b.number(
            "min_poll_interval_seconds", 1.0, minimum=0.1, maximum=DAY
        ),
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
        storage=StorageSettings(resolve(db_path), db_url),
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
        p = Section(item, f"platforms[{index}]", source)
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
            if not all(isinstance(a, str) and a.strip() for a in aliases):
                raise p.fail("aliases", "must be a list of non-empty text")
            fields["aliases"] = tuple(aliases)
        if "documents" in p.data:
            documents = []
            for dindex, ditem in enumerate(p.items("documents")):
                d = Section(ditem, f"platforms[{index}].documents[{dindex}]", source)
                d.unknown_keys({"kind", "url", "source"})
                documents.append(
                    DocumentSpec(
                        pid, d.text("kind"), d.url("url"), d.text("source", "", empty=True)
                    )
                )
            fields["documents"] = tuple(documents)
        for field in ("opt_out", "opt_out_source"):
            if field in p.data:
                fields[field] = p.text(field, "", empty=True)
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
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the catalogue ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML") from None
    root = Section(data, "", str(path))
    root.unknown_keys({"platforms"})
    return _parse_platforms(root.items("platforms"), str(path))


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
