"""One Terms Watch per SQLite database: an OS lock on a file beside it, released by the kernel
when the process ends, however it ends (kill -9 included)."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from bot.adapters.store.database import StoreError

log = logging.getLogger(__name__)


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class InstanceLock:
    """flock(LOCK_EX) on `<database>.lock`, which holds the owner's pid. The file is left in
    place when released: deleting it would let two processes lock two different files."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, database: Path) -> InstanceLock:
        path = lock_path(database)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise StoreError(
                f"cannot create the lock file {path} for the database {database}:"
                f" {exc.strerror}; make the folder {path.parent} writable or set storage.path"
                " (or TERMSWATCH_DB) to a database in a writable folder"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # BlockingIOError: somebody holds it
            holder = _read_pid(fd)
            os.close(fd)
            raise StoreError(
                f"the database {database} is in use by another Terms Watch (pid {holder})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        log.debug("locked %s", path)
        return cls(path, fd)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)  # no stale pid for the next reader
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"
