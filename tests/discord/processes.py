"""Several `python -m bot run` processes sharing one PostgreSQL, against a fake Discord: the one
launcher of the multi-process tests (tests/discord/test_scaleout.py, test_shard_processes.py) and
bench/scale.py. It starts them (each with its own shard settings and, against an in-process fake,
its own labelled URLs so the fake knows who did what), waits until Discord is connected on their
/healthz, finds who holds an elected role (the role_leases table names host:pid:id), kills one
with SIGKILL, restarts or stops them."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import asyncpg
import yaml

if TYPE_CHECKING:
    from tests.discord.fake_discord import FakeDiscord

REPO = Path(__file__).resolve().parent.parent.parent
START_S = 90.0  # two cores shared with other work: a cold start can take a while
# Not inherited from the developer's shell: each process gets exactly what the test gives it.
UNINHERITED = (
    "BLUESKY_HANDLE",
    "BLUESKY_APP_PASSWORD",
    "TERMSWATCH_DB",
    "TERMSWATCH_SHARD_COUNT",
    "TERMSWATCH_SHARD_IDS",
)


def bot_config(
    folder: Path,
    *,
    platforms: list[dict[str, Any]],
    rate: float | None = None,
    web_port: int | None = None,
    **sections: Any,
) -> Path:
    """A config.yaml for one process: SQLite in `folder`, unless the fleet names a PostgreSQL
    database (TERMSWATCH_DATABASE_URL)."""
    discord: dict[str, Any] = {"enabled": True}
    if rate is not None:
        discord["rate_limit_per_second"] = rate
    config: dict[str, Any] = {
        "storage": {"path": str(folder / "termswatch.db")},
        "watch": {
            "interval_seconds": 3600,
            "timeout_seconds": 5,
            "per_host_interval_seconds": 0,
            "allow_private_addresses": True,  # the pages are on loopback
        },
        "fanout": {"interval_seconds": 0.1, "batch_size": 100, "max_attempts": 8},
        "platforms": platforms,
        "feeds": [],
        "discord": discord,
        "bluesky": {"enabled": False},
        "web": {"enabled": web_port is not None, "host": "127.0.0.1", "port": web_port or 0},
        **sections,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def fake_env(fake: FakeDiscord, who: str = "") -> dict[str, str]:
    """Discord's settings for a process talking to an in-process fake, labelled `who` there
    (Recorded.who, ShardSession.who) when given."""
    return {
        "DISCORD_TOKEN": "test-token",
        "TERMSWATCH_DISCORD_API_BASE": fake.api_base_for(who) if who else fake.api_base,
        "TERMSWATCH_DISCORD_GATEWAY": fake.gateway_for(who),
    }


@dataclass
class BotProcess:
    index: int
    who: str  # the label of its URLs at the fake ("" when unlabelled)
    config: Path
    log: Path
    env: dict[str, str]  # what this process adds to the fleet's environment
    web_port: int | None = None
    shard_ids: tuple[int, ...] = ()
    shard_count: int = 0
    proc: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    def owns(self, guild_id: int | str) -> bool:
        """Whether this process holds the shard of the guild (Discord's routing)."""
        return (int(guild_id) >> 22) % self.shard_count in self.shard_ids

    def tail(self, chars: int = 3000) -> str:
        text = self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""
        return f"--- {self.who or self.index} ---\n{text}"


@dataclass
class Fleet:
    """The bot processes of one test or bench run."""

    database_url: str  # PostgreSQL for every process; "": each process's own config (SQLite)
    discord_env: Mapping[str, str] = field(default_factory=dict)
    # Per-process Discord settings (labelled URLs); by default every process gets discord_env.
    env_for: Callable[[str], Mapping[str, str]] | None = None
    processes: list[BotProcess] = field(default_factory=list)

    @classmethod
    def against(cls, database_url: str, fake: FakeDiscord) -> Fleet:
        """Processes talking to an in-process fake, process i labelled "p{i}" there."""
        return cls(database_url, env_for=lambda who: fake_env(fake, who))

    async def launch(
        self,
        config: Path,
        log: Path,
        *,
        web_port: int | None = None,
        shard_ids: Sequence[int] | None = None,
        shard_count: int | None = None,
        **env: str,
    ) -> BotProcess:
        """One more `python -m bot run`; `env` adds variables."""
        index = len(self.processes)
        who = f"p{index}" if self.env_for is not None else ""
        extra = dict(self.env_for(who) if self.env_for is not None else self.discord_env)
        if shard_count is not None:
            extra["TERMSWATCH_SHARD_COUNT"] = str(shard_count)
        if shard_ids is not None:
            extra["TERMSWATCH_SHARD_IDS"] = ",".join(map(str, shard_ids))
        process = BotProcess(
            index,
            who,
            config,
            log,
            {**extra, **env},
            web_port,
            tuple(shard_ids or ()),
            shard_count or 0,
        )
        self.processes.append(process)
        await self.start(process)
        return process

    async def start(self, process: BotProcess) -> None:
        """(Re)start the process with its own settings."""
        full = {**os.environ, "PYTHONPATH": str(REPO)}
        for name in (*UNINHERITED, "TERMSWATCH_DATABASE_URL"):
            full.pop(name, None)
        if self.database_url:
            full["TERMSWATCH_DATABASE_URL"] = self.database_url
        full.update(process.env)
        process.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "--config",
            str(process.config),
            "run",
            cwd=str(REPO),
            env=full,
            stdout=process.log.open("ab"),
            stderr=asyncio.subprocess.STDOUT,
            stdin=asyncio.subprocess.DEVNULL,
        )

    async def healthz(self, process: BotProcess) -> dict[str, Any]:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{process.web_port}/healthz") as response,
        ):
            return dict(await response.json())

    async def wait_connected(self, wait_s: float = START_S) -> None:
        """Until every live process says on /healthz that Discord is connected (all its shards
        are ready)."""
        deadline = time.monotonic() + wait_s
        for process in self.processes:
            while True:
                if not process.alive():
                    raise AssertionError(f"{process.who} exited\n{self.logs()}")
                with contextlib.suppress(aiohttp.ClientError, KeyError, ValueError):
                    if (await self.healthz(process))["transports"]["discord"]["connected"]:
                        break
                if time.monotonic() > deadline:
                    raise AssertionError(f"not connected in {wait_s:g} s\n{self.logs()}")
                await asyncio.sleep(0.2)

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
        return next((p for p in self.processes if p.alive() and p.pid == pid), None)

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
        assert process.proc is not None
        process.proc.send_signal(signal.SIGKILL)
        await process.proc.wait()

    async def stop_one(self, process: BotProcess, wait_s: float = 30.0) -> int | None:
        """SIGTERM, then SIGKILL after `wait_s`; the exit code (None when it had to be killed)."""
        proc = process.proc
        if proc is None:
            return None
        if proc.returncode is not None:
            return proc.returncode
        proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(proc.wait(), wait_s)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
            return None

    async def stop(self, wait_s: float = 30.0) -> list[int | None]:
        """Stop every process at once (a killed one keeps its -9)."""
        return list(await asyncio.gather(*(self.stop_one(p, wait_s) for p in self.processes)))

    def logs(self, chars: int = 3000) -> str:
        seen: set[Path] = set()
        parts = []
        for process in self.processes:
            if process.log not in seen:
                seen.add(process.log)
                parts.append(process.tail(chars))
        return "\n".join(parts)
