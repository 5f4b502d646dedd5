"""Starting the real command line as a separate process, with a temp config and no credentials."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

SECRETS = ("DISCORD_TOKEN", "BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD")


def write_config(folder: Path, database: Path) -> Path:
    """A config with nothing to watch over the network and every transport off: `run` uses the
    console notifier and waits for a signal."""
    config = {
        "storage": {"path": str(database)},
        "watch": {"interval_seconds": 3600, "allow_private_addresses": True},
        "platforms": [
            {
                "id": "soundcloud",
                "name": "SoundCloud",
                "documents": [{"kind": "terms_of_service", "url": "http://127.0.0.1:9/terms"}],
            }
        ],
        "discord": {"enabled": False},
        "bluesky": {"enabled": False},
        "web": {"enabled": False},
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def bot_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in SECRETS and not k.startswith("TERMSWATCH_")
    }
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def bot_command(config: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "bot", "--config", str(config), *argv]


def run_bot(
    config: Path, *argv: str, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        bot_command(config, *argv),
        capture_output=True,
        text=True,
        cwd=REPO,
        env=bot_env(**env),
        timeout=timeout,
    )
