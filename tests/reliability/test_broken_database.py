"""A database the bot cannot use gives one `error:` line naming the file and what to do, exit
status 2, at once, and leaves the file exactly as it was."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.adapters.store import SqliteStore
from tests.reliability.helpers import run_bot, write_config

COMMANDS = [("check",), ("run",), ("ask", "is soundcloud training on my music?")]


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def assert_one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Exception in thread" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
def test_a_file_that_is_not_a_database(tmp_path: Path, argv: tuple[str, ...]) -> None:
    target = tmp_path / "notes.db"
    target.write_text("Shopping list: strings, picks, a capo.\n" * 40)
    os.utime(target, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = fingerprint(target)
    config = write_config(tmp_path, tmp_path / "unused.db")

    # TERMSWATCH_DB, as in the report; a hang would raise TimeoutExpired.
    result = run_bot(config, *argv, timeout=60, TERMSWATCH_DB=str(target))

    line = assert_one_error_line(result, str(target), "not a Terms Watch database")
    assert "TERMSWATCH_DB" in line  # what to do
    assert fingerprint(target) == before


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
def test_a_database_from_a_newer_version(tmp_path: Path, argv: tuple[str, ...]) -> None:
    target = tmp_path / "termswatch.db"

    async def create() -> None:
        store = await SqliteStore.open(target)
        await store.close()

    asyncio.run(create())
    with sqlite3.connect(target) as raw:
        raw.execute("INSERT INTO schema_migrations (number, name) VALUES (99, '099_future.sql')")
    raw.close()
    os.utime(target, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = fingerprint(target)
    config = write_config(tmp_path, target)

    result = run_bot(config, *argv, timeout=60)

    assert_one_error_line(result, str(target), "newer Terms Watch", "099_future.sql", "upgrade")
    assert fingerprint(target) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("termswatch.db")) in (
        ["termswatch.db"],
        ["termswatch.db", "termswatch.db.lock"],
    )  # no -wal or -shm left behind


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """chmod for a normal user; root ignores modes, so there the folder is made immutable."""
    root = os.geteuid() == 0
    if root:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a folder read-only")
        subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True)
    else:
        folder.chmod(0o555)
    try:
        try:
            (folder / "probe").touch()
        except OSError:
            pass
        else:
            (folder / "probe").unlink()
            pytest.skip("this file system cannot make a folder read-only")
        yield
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(folder)], check=False, capture_output=True)
        else:
            folder.chmod(0o755)


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
def test_a_read_only_folder(tmp_path: Path, argv: tuple[str, ...], existing: bool) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "termswatch.db"
    if existing:

        async def create() -> None:
            store = await SqliteStore.open(target)
            await store.close()

        asyncio.run(create())
        before = fingerprint(target)
    config = write_config(tmp_path, target)

    with read_only(folder):
        result = run_bot(config, *argv, timeout=60)

    assert_one_error_line(result, str(folder), "writable")
    if existing:
        assert fingerprint(target) == before
    else:
        assert not target.exists()
