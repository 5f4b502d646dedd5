"""config.yaml and the platform catalogue: `catalogue:` loads it, `platforms:` adds to it,
overrides or disables its entries, and mistakes name the key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import BUILTIN_CATALOGUE, Config, ConfigError, load_catalogue
from tests.conftest import config_dict

EXTRA = {
    "id": "my-label-store",
    "name": "My Label Store",
    "category": "music-streaming",
    "documents": [{"kind": "terms_of_service", "url": "https://example.com/terms"}],
}


def parse(data: Any, base_dir: Path = Path("/srv/tw")) -> Config:
    return Config.from_dict(data, base_dir=base_dir, source="config.yaml")


def with_catalogue(platforms: list[Any], catalogue: Any = "builtin") -> dict[str, Any]:
    data = config_dict(platforms=platforms)
    data["catalogue"] = catalogue
    return data


def test_without_a_catalogue_only_the_listed_platforms_are_watched() -> None:
    assert [p.id for p in parse(config_dict()).platforms] == ["soundcloud", "bandcamp"]
    none = parse(with_catalogue([EXTRA], catalogue="none"))
    assert [p.id for p in none.platforms] == ["my-label-store"]


def test_builtin_catalogue_plus_an_added_platform() -> None:
    shipped = load_catalogue()
    config = parse(with_catalogue([EXTRA]))
    assert [p.id for p in config.platforms] == [p.id for p in shipped] + ["my-label-store"]
    added = config.platforms[-1]
    assert added.category == "music-streaming" and added.documents[0].source == ""


def test_an_entry_for_a_catalogue_id_replaces_only_its_fields() -> None:
    url = "https://example.com/soundcloud-terms"
    override = {"id": "soundcloud", "documents": [{"kind": "terms_of_service", "url": url}]}
    config = parse(with_catalogue([override]))
    shipped = next(p for p in load_catalogue() if p.id == "soundcloud")
    soundcloud = next(p for p in config.platforms if p.id == "soundcloud")
    assert [d.url for d in soundcloud.documents] == [url]
    assert soundcloud.name == shipped.name and soundcloud.aliases == shipped.aliases
    assert soundcloud.opt_out == shipped.opt_out and soundcloud.category == shipped.category
    assert config.platforms[0].id == "soundcloud"  # keeps its place


def test_enabled_false_stops_watching_a_catalogue_platform() -> None:
    config = parse(with_catalogue([{"id": "zoom", "enabled": False}]))
    ids = [p.id for p in config.platforms]
    assert "zoom" not in ids and len(ids) == len(load_catalogue()) - 1


def test_feeds_may_name_catalogue_platforms() -> None:
    data = with_catalogue([])
    data["feeds"] = [{"url": "https://example.com/feed.atom", "platform": "suno"}]
    assert parse(data).feeds[0].platform_id == "suno"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            with_catalogue([{"id": "not-in-catalogue", "enabled": False}]),
            "'platforms[0].id' 'not-in-catalogue' is not in the catalogue",
        ),
        (
            with_catalogue([{**EXTRA, "category": "music"}]),
            "'platforms[0].category' must be one of music-streaming, ",
        ),
        (with_catalogue([], catalogue=3), "'catalogue' must be 'builtin', 'none' or a file path"),
        (with_catalogue([], catalogue="missing.yaml"), "missing.yaml: cannot read the catalogue"),
    ],
)
def test_catalogue_mistakes_name_the_key(data: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse(data)


def test_a_catalogue_path_is_read_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump({"platforms": [EXTRA]}), encoding="utf-8")
    config = parse(with_catalogue([], catalogue="mine.yaml"), base_dir=tmp_path)
    assert [p.id for p in config.platforms] == ["my-label-store"]
    (tmp_path / "bad.yaml").write_text(
        yaml.safe_dump({"platforms": [{**EXTRA, "documents": [{"kind": "x", "url": "ftp://x"}]}]}),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"bad.yaml: 'platforms\[0\].documents\[0\].url'"):
        parse(with_catalogue([], catalogue="bad.yaml"), base_dir=tmp_path)


def test_builtin_catalogue_ships_inside_the_package() -> None:
    assert BUILTIN_CATALOGUE.parent.name == "data" and BUILTIN_CATALOGUE.parent.parent.name == "bot"
    assert len(load_catalogue(BUILTIN_CATALOGUE)) >= 120
