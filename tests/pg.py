"""A throwaway PostgreSQL cluster on 127.0.0.1, in a temporary folder, for one test session.

initdb/pg_ctl come from PATH or /usr/lib/postgresql/*/bin (`make test-deps` installs Debian's
postgresql). Used by the store tests (tests/conftest.py) and the Bluesky dev-env."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path


class Unavailable(Exception):
    """A tool the tests need (PostgreSQL, Node 22, npm packages) is not installed here."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for path in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return path
    raise Unavailable(f"PostgreSQL's {name} not found: run `make test-deps`")


def _pg_user() -> str | None:
    """initdb refuses to run as root: use an unprivileged account then."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise Unavailable("running as root with no unprivileged user for PostgreSQL")


class Postgres:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.user = _pg_user()
        self.initdb = find_pg_tool("initdb")
        self.pg_ctl = find_pg_tool("pg_ctl")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        subprocess.run(
            list(args), check=True, user=self.user, capture_output=True, timeout=120, cwd=self.root
        )

    def start(self) -> None:
        if self.user:
            shutil.chown(self.root, user=self.user)
        self._run(self.initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l",
                  str(self.root / "postgres.log"), "-w", "start")  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        self._run(find_pg_tool("createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "postgres", name)  # fmt: skip
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def drop_database(self, name: str) -> None:
        with contextlib.suppress(Exception):
            self._run(find_pg_tool("dropdb"), "-h", "127.0.0.1", "-p", str(self.port),
                      "-U", "postgres", "--force", name)  # fmt: skip
