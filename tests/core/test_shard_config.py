"""`discord: {shard_count, shard_ids}` and TERMSWATCH_SHARD_COUNT / TERMSWATCH_SHARD_IDS: parsed,
overridden by the environment, and refused with one clear line naming the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.config import Config, ConfigError
from tests.conftest import config_dict


def parse(discord: dict[str, Any]) -> Config:
    data = config_dict(discord={"enabled": False, **discord})
    return Config.from_dict(data, base_dir=Path("/srv/tw"), source="config.yaml")


def test_no_setting_means_discords_recommended_count() -> None:
    settings = parse({}).discord
    assert settings.shard_count is None and settings.shard_ids is None


def test_count_and_ids_are_read() -> None:
    settings = parse({"shard_count": 4, "shard_ids": [2, 3]}).discord
    assert settings.shard_count == 4 and settings.shard_ids == (2, 3)
    assert parse({"shard_count": 4}).discord.shard_ids is None  # every shard 0..3


@pytest.mark.parametrize(
    ("discord", "message"),
    [
        (
            {"shard_count": 4, "shard_ids": [0, 5]},
            "config.yaml: 'discord.shard_ids' 5 is not below shard_count 4",
        ),
        ({"shard_ids": [0]}, "config.yaml: 'discord.shard_ids' needs shard_count"),
        ({"shard_count": 0}, "config.yaml: 'discord.shard_count' must be at least 1, got 0"),
        ({"shard_count": "4"}, "config.yaml: 'discord.shard_count' must be a whole number"),
        ({"shard_count": 2, "shard_ids": []}, "'discord.shard_ids' must list at least one shard"),
        ({"shard_count": 2, "shard_ids": [1, 1]}, "'discord.shard_ids' lists shard 1 twice"),
        ({"shard_count": 2, "shard_ids": 1}, "'discord.shard_ids' must be a list"),
        (
            {"shard_count": 2, "shard_ids": [0, -1]},
            "'discord.shard_ids[1]' must be a shard number (0, 1, …), got -1",
        ),
        ({"shard_count": 2, "shard_ids": [True]}, "'discord.shard_ids[0]' must be a shard number"),
        ({"shards": 2}, "'discord.shards' is not a known setting"),
    ],
)
def test_bad_shard_settings_name_the_key(discord: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(discord)
    assert message in str(caught.value)


def test_environment_overrides_the_file() -> None:
    config = parse({"shard_count": 2, "shard_ids": [0]})
    overridden = config.with_env({"TERMSWATCH_SHARD_COUNT": "6", "TERMSWATCH_SHARD_IDS": "4, 5"})
    assert overridden.discord.shard_count == 6 and overridden.discord.shard_ids == (4, 5)
    only_ids = config.with_env({"TERMSWATCH_SHARD_IDS": "1"}).discord
    assert only_ids.shard_count == 2 and only_ids.shard_ids == (1,)
    only_count = parse({}).with_env({"TERMSWATCH_SHARD_COUNT": "3"}).discord
    assert only_count.shard_count == 3 and only_count.shard_ids is None
    assert parse({}).with_env({"TERMSWATCH_SHARD_IDS": ""}).discord.shard_ids is None


@pytest.mark.parametrize(
    ("file", "env", "message"),
    [
        ({}, {"TERMSWATCH_SHARD_COUNT": "many"}, "TERMSWATCH_SHARD_COUNT must be a whole number"),
        ({}, {"TERMSWATCH_SHARD_COUNT": "0"}, "TERMSWATCH_SHARD_COUNT must be a whole number"),
        (
            {},
            {"TERMSWATCH_SHARD_COUNT": "2", "TERMSWATCH_SHARD_IDS": "0;1"},
            "TERMSWATCH_SHARD_IDS must be shard numbers separated by commas",
        ),
        (
            {},
            {"TERMSWATCH_SHARD_COUNT": "2", "TERMSWATCH_SHARD_IDS": "1,2"},
            "TERMSWATCH_SHARD_IDS: 2 is not below shard_count 2",
        ),
        ({}, {"TERMSWATCH_SHARD_IDS": "0"}, "TERMSWATCH_SHARD_IDS needs a shard count"),
        (
            {"shard_count": 4, "shard_ids": [3]},
            {"TERMSWATCH_SHARD_COUNT": "2"},
            "TERMSWATCH_SHARD_COUNT=2 does not fit discord.shard_ids: 3 is not below",
        ),
    ],
)
def test_bad_environment_is_refused(
    file: dict[str, Any], env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(file).with_env(env)
    assert message in str(caught.value)


def test_run_with_bad_shard_ids_prints_one_error_line_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config_dict(storage={"path": str(tmp_path / "t.db")})))
    monkeypatch.setenv("TERMSWATCH_SHARD_COUNT", "2")
    monkeypatch.setenv("TERMSWATCH_SHARD_IDS", "0,2")
    assert main(["--config", str(path), "run"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == ["error: TERMSWATCH_SHARD_IDS: 2 is not below shard_count 2"]
    assert not (tmp_path / "t.db").exists()  # refused before opening anything
