"""Several `python -m bot run` processes sharing one PostgreSQL, against a fake Discord: start
them, find who holds an elected role (the role_leases table names host:pid:id), kill one with
SIGKILL, stop the rest. Used by tests/discord/test_scaleout.py and bench/scale.py."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import yaml

REPO = Path(__file__).resolve().parent.parent.parent


def bot_config(
    folder: Path,
    *,
    platforms: list[dict[str, Any]],
    rate: float,
    web_port: int | None = None,
    **sections: Any,
) -> Path:
    """A config.yaml for one process (the database comes from TERMSWATCH_DATABASE_URL)."""
    config: dict[str, Any] = {
        "storage": {"path": str(folder / "unused.db")},
        "watch": {
            "interval_seconds": 3600,
            "timeout_seconds": 5,
            "per_host_interval_seconds": 0,
            "allow_private_addresses": True,  # the pages are on loopback
        },
        "fanout": {"interval_seconds": 0.1, "batch_size": 100, "max_attempts": 8},
        "platforms": platforms,
        "discord": {"enabled": True, "rate_limit_per_second": rate},
        "bluesky": {"enabled": False},
        "web": {"enabled": web_port is not None, "host": "127.0.0.1", "port": web_port or 0},
        **sections,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@dataclass
class BotProcess:
    index: int
    proc: asyncio.subprocess.Process
    log: Path
    web_port: int | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.returncode is None


@dataclass
class Fleet:
    """The bot processes of one test or bench run."""

    database_url: str
    discord_env: Mapping[str, str]
    processes: list[BotProcess] = field(default_factory=list)

    async def launch(
        self, config: Path, log: Path, *, web_port: int | None = None, **env: str
    ) -> BotProcess:
        """One more `python -m bot run`; `env` adds variables (e.g. TERMSWATCH_SHARD_IDS)."""
        full = {
            **os.environ,
            **self.discord_env,
            "PYTHONPATH": str(REPO),
            "TERMSWATCH_DATABASE_URL": self.database_url,
            **env,
        }
        for secret in ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"):
            full.pop(secret, None)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "--config",
            str(config),
            "run",
            cwd=str(REPO),
            env=full,
            stdout=log.open("ab"),
            stderr=asyncio.subprocess.STDOUT,
            stdin=asyncio.subprocess.DEVNULL,
        )
        process = BotProcess(len(self.processes), proc, log, web_port)
        self.processes.append(process)
        return process

    async def holder(self, role: str) -> BotProcess | None:
        """The live process whose lease on `role` has not expired, if any."""
        connection = await asyncpg.connect(self.database_url)
        try:
            row = await connection.fetchrow(
                "SELECT holder, expires_at FROM role_leases WHERE role = $1", role
            )
        finally:
            await connection.close()
        if row is None or not row["expires_at"]:
            return None
        pid = int(row["holder"].split(":")[-2])
        return next((p for p in self.processes if p.pid == pid and p.alive()), None)

    async def wait_for_holder(
        self, role: str, wait_s: float, *, other_than: BotProcess | None = None
    ) -> BotProcess:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not any(p.alive() for p in self.processes):
                raise RuntimeError("every bot process has exited:\n" + self.logs())
            found = await self.holder(role)
            if found is not None and found is not other_than:
                return found
            await asyncio.sleep(0.1)
        raise TimeoutError(f"no process took the {role} role within {wait_s:g} s")

    async def kill(self, process: BotProcess) -> None:
        process.proc.send_signal(signal.SIGKILL)
        await process.proc.wait()

    async def stop(self, wait_s: float = 30.0) -> list[int | None]:
        """SIGTERM every live process, SIGKILL what has not exited after `wait_s`."""
        for process in self.processes:
            if process.alive():
                process.proc.send_signal(signal.SIGTERM)
        codes: list[int | None] = []
        for process in self.processes:
            try:
                codes.append(await asyncio.wait_for(process.proc.wait(), wait_s))
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.proc.kill()
                await process.proc.wait()
                codes.append(None)
        return codes

    def logs(self, chars: int = 3000) -> str:
        seen: set[Path] = set()
        parts = []
        for process in self.processes:
            if process.log not in seen and process.log.exists():
                seen.add(process.log)
                parts.append(process.log.read_text(errors="replace")[-chars:])
        return "\n---\n".join(parts)
