"""Config validation: clear errors naming the key; env overrides; secrets never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config, ConfigError, Secrets, load_config
from tests.conftest import REPO, config_dict


def parse(data: object) -> Config:
    return Config.from_dict(data, base_dir=Path("/srv/tw"), source="config.yaml")


def test_valid_config_resolves_paths_against_its_folder() -> None:
    config = parse(config_dict())
    assert config.storage.path == Path("/srv/tw/termswatch.db")
    assert [p.id for p in config.platforms] == ["soundcloud", "bandcamp"]
    assert config.platforms[0].documents[0].kind == "terms_of_service"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["watch"].update(interval_seconds="often"),
            "'watch.interval_seconds' must be a number",
        ),
        (lambda d: d["watch"].update(concurency=3), "'watch.concurency' is not a known setting"),
        (
            lambda d: d["watch"].update(allow_private_addresses="yes"),
            "'watch.allow_private_addresses' must be true or false",
        ),
        (lambda d: d.update(platfroms=[]), "'platfroms' is not a known setting"),
        (
            lambda d: d["platforms"][1].update(id="soundcloud"),
            "'platforms[1].id' 'soundcloud' is used",
        ),
        (
            lambda d: d["platforms"][0]["documents"][0].update(url="ftp://x"),
            "'platforms[0].documents[0].url' must be an http(s) URL",
        ),
        (
            lambda d: d.update(feeds=[{"url": "https://f.example/a.atom", "platform": "myspace"}]),
            "'feeds[0].platform' names unknown platform 'myspace'",
        ),
        (lambda d: d["web"].update(port=70000), "'web.port' must be a TCP port"),
        (lambda d: d.update(discord=["enabled"]), "'discord' must be a mapping"),
        (lambda d: d["discord"].update(enabled="yes"), "'discord.enabled' must be true or false"),
        (
            lambda d: d["watch"].update(timeout_seconds=float("nan")),
            "'watch.timeout_seconds' must be a number between 0.1 and 600, got nan",
        ),
        (
            lambda d: d["fanout"].update(interval_seconds=float("inf")),
            "'fanout.interval_seconds' must be a number between 0.01 and 3600, got inf",
        ),
        (
            lambda d: d["watch"].update(interval_seconds=10**400),
            "'watch.interval_seconds' must be at most 604800, got 1000000000",
        ),
        (
            lambda d: d["watch"].update(max_bytes=200_000_000),
            "'watch.max_bytes' must be at most 100,000,000, got 200000000",
        ),
        (lambda d: d["discord"].update(dev_guild_id=-5), "'discord.dev_guild_id' must be"),
        (lambda d: d["storage"].update(path=" "), "'storage.path' must not be empty"),
        (lambda d: d["storage"].update(path="a\x00b"), "'storage.path' must not contain a NUL"),
        (
            lambda d: d["storage"].update(url="mysql://u@h/db"),
            "'storage.url' must be a postgresql://user:password@host:port/database URL",
        ),
        (
            lambda d: d["platforms"][0].update(aliases=["sc", ""]),
            "'platforms[0].aliases' must be a list of non-empty text",
        ),
    ],
)
def test_bad_values_name_the_key(mutate: object, message: str) -> None:
    data = config_dict()
    mutate(data)  # type: ignore[operator]
    with pytest.raises(ConfigError) as caught:
        parse(data)
    assert message in str(caught.value)


def test_yaml_syntax_error_gives_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("storage:\n  path: [unclosed\nweb: {}\n")
    with pytest.raises(ConfigError, match=r"config.yaml at line \d+"):
        load_config(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")


def test_env_overrides_db_and_test_endpoints() -> None:
    env = {
        "TERMSWATCH_DB": "/tmp/other.db",
        "TERMSWATCH_DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
        "TERMSWATCH_BLUESKY_SERVICE": "http://127.0.0.1:2583",
    }
    config = parse(config_dict()).with_env(env)
    assert config.storage.path == Path("/tmp/other.db")
    assert config.discord.api_base == "http://127.0.0.1:9/api/v10"
    assert config.bluesky.service == "http://127.0.0.1:2583"


def test_secrets_come_from_env_and_are_never_shown() -> None:
    secrets = Secrets.from_env({"DISCORD_TOKEN": "abc.def.ghi", "BLUESKY_APP_PASSWORD": "pw-123"})
    assert secrets.discord_token == "abc.def.ghi"
    assert "abc.def.ghi" not in repr(secrets) and "pw-123" not in repr(secrets)


def test_shipped_config_is_valid() -> None:
    config = load_config(REPO / "config.yaml")
    assert len(config.platforms) >= 20
    assert config.web.host == "127.0.0.1"


def test_the_file_must_be_a_mapping() -> None:
    with pytest.raises(ConfigError, match=r"config\.yaml: the file must be a mapping of settings"):
        parse(["storage"])


def test_empty_platform_list_is_refused_for_watching_only() -> None:
    config = parse({**config_dict(), "platforms": []})  # fine for one-shot commands
    with pytest.raises(ConfigError, match=r"config\.yaml: 'platforms' is empty"):
        config.require_sources()
    parse(config_dict()).require_sources()  # a normal config has sources


def test_every_watch_and_fanout_knob_is_a_config_key_with_the_policy_default() -> None:
    from dataclasses import fields

    from bot.services.policies import FanoutPolicy, WatchPolicy

    data = config_dict()
    data.pop("watch", None)
    data.pop("fanout", None)
    defaults = parse(data)
    assert defaults.watch == WatchPolicy() and defaults.fanout == FanoutPolicy()
    for key, policy in (("watch", WatchPolicy()), ("fanout", FanoutPolicy())):
        data[key] = {
            f.name: (not value if isinstance(value, bool) else value * 2)
            for f in fields(policy)
            for value in [getattr(policy, f.name)]
        }
    config = parse(data)
    for key, policy in (("watch", config.watch), ("fanout", config.fanout)):
        for f in fields(policy):
            assert getattr(policy, f.name) == data[key][f.name], f"{key}.{f.name}"
    data["fanout"] = {"lease_seconds": 0}
    with pytest.raises(ConfigError, match=r"'fanout.lease_seconds' must be at least 1, got 0"):
        parse(data)


def test_storage_url_selects_postgresql_and_the_file_stays_the_default() -> None:
    assert parse(config_dict()).storage.target == "/srv/tw/termswatch.db"
    data = config_dict(storage={"url": "postgresql://tw:pw@db:5432/tw"})
    assert parse(data).storage.target == "postgresql://tw:pw@db:5432/tw"
    env = {"TERMSWATCH_DATABASE_URL": "postgresql://tw:other@db2/tw"}
    assert parse(config_dict()).with_env(env).storage.target == "postgresql://tw:other@db2/tw"
    with pytest.raises(ConfigError, match="TERMSWATCH_DATABASE_URL must be a postgresql://"):
        parse(config_dict()).with_env({"TERMSWATCH_DATABASE_URL": "/tmp/x.db"})
