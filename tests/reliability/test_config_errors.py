"""Broken configs through the real command line: one `error:` line naming the key, exit 2, no
traceback, for `check` and for `run` (which must not start anything)."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, config_dict

Mutation = Callable[[dict[str, Any]], None]


def run_cli(tmp_path: Path, text: bytes, command: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config.yaml"
    config.write_bytes(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TERMSWATCH_", "DISCORD_"))}
    env.pop("BLUESKY_HANDLE", None)
    env.pop("BLUESKY_APP_PASSWORD", None)
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("error: "), line
    for needle in needles:
        assert needle in line, line
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "running" not in result.stdout  # `run` did not start
    return line


def dumped(mutate: Mutation) -> bytes:
    data = copy.deepcopy(config_dict())
    mutate(data)
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


def setting(section: str, key: str, value: Any) -> Mutation:
    return lambda d: d.setdefault(section, {}).update({key: value})


NAN, INF = float("nan"), float("inf")

# (what, mutation, key named in the error)
BAD_VALUES: list[tuple[str, Mutation, str]] = [
    ("interval NaN", setting("watch", "interval_seconds", NAN), "watch.interval_seconds"),
    ("interval infinite", setting("watch", "interval_seconds", INF), "watch.interval_seconds"),
    ("interval 0", setting("watch", "interval_seconds", 0), "watch.interval_seconds"),
    ("interval 1e30", setting("watch", "interval_seconds", 1e30), "watch.interval_seconds"),
    ("timeout -inf", setting("watch", "timeout_seconds", -INF), "watch.timeout_seconds"),
    ("max page size negative", setting("watch", "max_bytes", -1), "watch.max_bytes"),
    ("max page size 10^30", setting("watch", "max_bytes", 10**30), "watch.max_bytes"),
    ("concurrency 0", setting("watch", "concurrency", 0), "watch.concurrency"),
    ("concurrency 10^6", setting("watch", "concurrency", 10**6), "watch.concurrency"),
    (
        "per-host interval NaN",
        setting("watch", "per_host_interval_seconds", NAN),
        "watch.per_host_interval_seconds",
    ),
    ("failing_after 10^9", setting("watch", "failing_after", 10**9), "watch.failing_after"),
    ("fanout interval NaN", setting("fanout", "interval_seconds", NAN), "fanout.interval_seconds"),
    ("fanout batch 10^7", setting("fanout", "batch_size", 10**7), "fanout.batch_size"),
    (
        "discord rate infinite",
        setting("discord", "rate_limit_per_second", INF),
        "discord.rate_limit_per_second",
    ),
    (
        "bluesky poll NaN",
        setting("bluesky", "poll_interval_seconds", NAN),
        "bluesky.poll_interval_seconds",
    ),
    ("port NaN", setting("web", "port", NAN), "web.port"),
    ("empty host", setting("web", "host", ""), "web.host"),
    ("empty database path", setting("storage", "path", ""), "storage.path"),
    ("blank history path", setting("history", "path", "  "), "history.path"),
    ("empty platforms", lambda d: d.update(platforms=[]), "platforms"),
    ("no platforms key", lambda d: d.pop("platforms"), "platforms"),
    (
        "empty platform name",
        lambda d: d["platforms"][0].update(name=""),
        "platforms[0].name",
    ),
]


# `run` goes through the same loading; a few cases show it refuses to start (each run of the CLI
# costs about a second of imports, so not every case is repeated).
RUN_TOO = {"interval NaN", "max page size 10^30", "empty database path", "empty platforms"}
CASES = [
    pytest.param(mutate, key, command, id=f"{command}: {what}")
    for what, mutate, key in BAD_VALUES
    for command in ("check", "run")
    if command == "check" or what in RUN_TOO
]


@pytest.mark.parametrize(("mutate", "key", "command"), CASES)
def test_bad_value_is_one_error_line_naming_the_key(
    tmp_path: Path, mutate: Mutation, key: str, command: str
) -> None:
    result = run_cli(tmp_path, dumped(mutate), command)
    line = assert_one_error(result, f"'{key}'")
    assert line.startswith(f"error: {tmp_path / 'config.yaml'}: '{key}' ")


def test_nan_and_infinity_as_yaml_writes_them(tmp_path: Path) -> None:
    text = (
        dumped(lambda d: None).decode().replace("interval_seconds: 900", "interval_seconds: .NaN")
    )
    assert ".NaN" in text
    result = run_cli(tmp_path, text.encode(), "check")
    assert_one_error(result, "'watch.interval_seconds'", "nan")
    text = text.replace(".NaN", "-.inf")
    assert_one_error(run_cli(tmp_path, text.encode(), "check"), "'watch.interval_seconds'")


@pytest.mark.parametrize("command", ["check", "run"])
def test_non_utf8_file_names_the_file_and_line(tmp_path: Path, command: str) -> None:
    text = dumped(lambda d: d["platforms"][0].update(name="Sound\u00e9Cloud"))
    latin1 = text.decode("utf-8").encode("latin-1")  # "é" becomes the lone byte 0xe9
    line_no = text.decode().splitlines().index("  name: SoundéCloud") + 1
    result = run_cli(tmp_path, latin1, command)
    assert_one_error(result, "config.yaml", f"line {line_no}", "UTF-8", "0xe9")


def test_control_character_in_yaml_is_one_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path, b"storage: {path: 'a\x01b'}\n", "check")
    assert_one_error(result, "config.yaml", "line 1")


def test_platforms_without_any_source_are_refused(tmp_path: Path) -> None:
    def no_documents(d: dict[str, Any]) -> None:
        for platform in d["platforms"]:
            platform["documents"] = []

    result = run_cli(tmp_path, dumped(no_documents), "check")
    assert_one_error(result, "'platforms'", "nothing to watch")


def test_the_bounds_still_accept_the_shipped_config(tmp_path: Path) -> None:
    # The error path is exercised above; this is the other side: a sane config is not refused.
    from bot.config import load_config

    assert len(load_config(REPO / "config.yaml").platforms) >= 20
