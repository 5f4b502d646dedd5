"""One Terms Watch per SQLite database: a second `run` (or `check`) exits at once, and a first
one killed with SIGKILL does not keep the database locked."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.reliability.helpers import bot_command, bot_env, run_bot, write_config


class Running:
    """A `python -m bot run` process whose output goes to a file."""

    def __init__(self, config: Path, log: Path) -> None:
        self.log = log
        self.process = subprocess.Popen(
            bot_command(config, "run"),
            cwd=REPO,
            env=bot_env(),
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def wait_running(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "Terms Watch is running." in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"`run` did not start:\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(30)


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[Running]]:
    processes: list[Running] = []
    yield processes
    for running in processes:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait(30)


def test_a_second_run_on_the_same_database_exits_at_once(
    tmp_path: Path, started: list[Running]
) -> None:
    database = tmp_path / "data" / "termswatch.db"
    config = write_config(tmp_path, database)
    first = Running(config, tmp_path / "first.log")
    started.append(first)
    first.wait_running()
    assert (tmp_path / "data" / "termswatch.db.lock").read_text().strip() == str(first.process.pid)

    for command in ("run", "check"):
        began = time.monotonic()
        second = run_bot(config, command, timeout=30)
        assert second.returncode == 2, second.stderr
        assert second.stderr.strip().splitlines() == [
            f"error: the database {database} is in use by another Terms Watch"
            f" (pid {first.process.pid})"
        ]
        assert time.monotonic() - began < 15  # the time to start Python, not a timeout
    # Reading needs no lock: `ask` answers while `run` runs.
    asked = run_bot(config, "ask", "is soundcloud training on my music?", timeout=30)
    assert asked.returncode == 0, asked.stderr
    assert first.process.poll() is None  # the first one is not disturbed
    assert first.stop() == 0


def test_a_run_killed_with_sigkill_leaves_the_database_free(
    tmp_path: Path, started: list[Running]
) -> None:
    database = tmp_path / "termswatch.db"
    config = write_config(tmp_path, database)
    first = Running(config, tmp_path / "first.log")
    started.append(first)
    first.wait_running()
    first.stop(signal.SIGKILL)

    second = Running(config, tmp_path / "second.log")
    started.append(second)
    second.wait_running()  # the kernel released the lock with the dead process
    assert (tmp_path / "termswatch.db.lock").read_text().strip() == str(second.process.pid)
    assert second.stop() == 0
    assert "in use" not in second.log.read_text(errors="replace")
    # A clean stop releases it too: `check` may run now.
    checked = run_bot(config, "check", timeout=60)
    assert checked.returncode == 0, checked.stderr
    assert os.path.exists(tmp_path / "termswatch.db.lock")  # left in place, unlocked
