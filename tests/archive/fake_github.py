"""A local fake of the parts of GitHub that Open Terms Archive's versions repositories use.

Built from real commits (tests/fixtures/ota_archive: real shas, dates, subjects and files).
Commits are *published* one by one, in order, like pushes: the change feed lists the published
ones newest first (at most `page_size`, as GitHub does), raw files are served at any published
commit (and at `main`), the tree API lists the head, the commit API names a commit's file, and
`releases/latest` points at a dataset zip built from the published versions. The API counts
requests per caller (anonymous vs `Authorization: Bearer`) against a limit, like GitHub's.

Routes (one server, three prefixes): `/gh` (github.com), `/raw` (raw.githubusercontent.com),
`/api` (api.github.com).
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from aiohttp import web

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ota_archive"
OWNER = "OpenTermsArchive"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # ISO with offset
    subject: str
    path: str
    content: bytes
    padding: int = 0  # extra bytes of commit message in the feed (big-feed tests)


@dataclass
class Repo:
    pending: list[Commit] = field(default_factory=list)
    published: list[Commit] = field(default_factory=list)
    with_dataset: bool = True

    def publish(self, count: int = 1) -> list[Commit]:
        moved, self.pending = self.pending[:count], self.pending[count:]
        self.published.extend(moved)
        return moved

    def file_at(self, ref: str, path: str) -> bytes | None:
        upto = len(self.published)
        if ref != "main":
            index = next((i for i, c in enumerate(self.published) if c.sha == ref), None)
            if index is None:
                return None
            upto = index + 1
        for commit in reversed(self.published[:upto]):
            if commit.path == path:
                return commit.content
        return None

    def head(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for commit in self.published:
            files[commit.path] = commit.content
        return files


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def load_fixture(name: str) -> Repo:
    folder = FIXTURES / name
    commits = json.loads((folder / "commits.json").read_text(encoding="utf-8"))
    return Repo(
        pending=[
            Commit(
                c["sha"],
                c["date"],
                c["subject"],
                c["path"],
                (folder / "files" / f"{c['sha']}.md").read_bytes(),
            )
            for c in commits
        ]
    )


class FakeGithub:
    def __init__(self, *, api_limit: int = 60, page_size: int = 20) -> None:
        self.repos: dict[str, Repo] = {}
        self.api_limit = api_limit
        self.page_size = page_size
        self.api_used: dict[str, int] = {}  # "anonymous" or "token" -> requests
        self.tokens_seen: set[str] = set()
        self.hits: dict[str, int] = {}
        self.dataset_size = 1000  # what releases/latest announces for the zip
        self.failing_raw = 0  # answer this many raw requests with 502
        self.base = ""
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/gh/{owner}/{repo}/commits/main.atom", self.feed)
        app.router.add_get("/gh/{owner}/{repo}/releases/download/{tag}/{name}", self.download)
        app.router.add_get("/raw/{owner}/{repo}/{ref}/{path:.+}", self.raw)
        app.router.add_get("/api/repos/{owner}/{repo}/git/trees/main", self.tree)
        app.router.add_get("/api/repos/{owner}/{repo}/commits/{sha}", self.commit)
        app.router.add_get("/api/repos/{owner}/{repo}/releases/latest", self.release)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self.base

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def bases(self) -> dict[str, str]:
        return {
            "github_base": f"{self.base}/gh",
            "raw_base": f"{self.base}/raw",
            "api_base": f"{self.base}/api",
        }

    def repo(self, request: web.Request) -> Repo:
        key = f"{request.match_info['owner']}/{request.match_info['repo']}"
        repo = self.repos.get(key)
        if repo is None:
            raise web.HTTPNotFound()
        return repo

    def _hit(self, kind: str) -> None:
        self.hits[kind] = self.hits.get(kind, 0) + 1

    def _api(self, request: web.Request) -> dict[str, str]:
        auth = request.headers.get("Authorization", "")
        who = "anonymous"
        if auth.startswith("Bearer "):
            who = "token"
            self.tokens_seen.add(auth.removeprefix("Bearer "))
        limit = self.api_limit if who == "anonymous" else 5000
        used = self.api_used.get(who, 0) + 1
        self.api_used[who] = used
        headers = {
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(max(0, limit - used)),
            "x-ratelimit-reset": str(int(time.time()) + 3600),
        }
        if used > limit:
            raise web.HTTPForbidden(text='{"message": "API rate limit exceeded"}', headers=headers)
        return headers

    # ------------------------------------------------------------ routes

    async def feed(self, request: web.Request) -> web.StreamResponse:
        self._hit("feed")
        repo = self.repo(request)
        owner, name = request.match_info["owner"], request.match_info["repo"]
        shown = list(reversed(repo.published))[: self.page_size]
        etag = '"' + hashlib.sha1("".join(c.sha for c in shown).encode()).hexdigest() + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        response = web.StreamResponse(
            headers={"Content-Type": "application/atom+xml; charset=utf-8", "ETag": etag}
        )
        await response.prepare(request)
        updated = shown[0].date if shown else "2020-01-01T00:00:00Z"
        await response.write(
            (
                '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'
                ' xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en-US">\n'
                f"  <id>tag:github.com,2008:/{owner}/{name}/commits/main</id>\n"
                f"  <title>Recent Commits to {name}:main</title>\n  <updated>{updated}</updated>\n"
            ).encode()
        )
        for commit in shown:
            message = escape(f"<pre>{commit.subject}</pre>" + "x" * commit.padding)
            entry = (
                "  <entry>\n"
                f"    <id>tag:github.com,2008:Grit::Commit/{commit.sha}</id>\n"
                '    <link type="text/html" rel="alternate" '
                f'href="https://github.com/{owner}/{name}/commit/{commit.sha}"/>\n'
                f"    <title>\n        {escape(commit.subject)}\n    </title>\n"
                f"    <updated>{commit.date}</updated>\n"
                "    <author><name>OTA-Bot</name></author>\n"
                f'    <content type="html">{message}</content>\n  </entry>\n'
            )
            await response.write(entry.encode())
        await response.write(b"</feed>\n")
        return response

    async def raw(self, request: web.Request) -> web.Response:
        self._hit("raw")
        if self.failing_raw > 0:
            self.failing_raw -= 1
            raise web.HTTPBadGateway()
        repo = self.repo(request)
        data = repo.file_at(request.match_info["ref"], unquote(request.match_info["path"]))
        if data is None:
            raise web.HTTPNotFound(text="404: Not Found")
        return web.Response(body=data, content_type="text/plain", charset="utf-8")

    async def tree(self, request: web.Request) -> web.Response:
        self._hit("tree")
        headers = self._api(request)
        repo = self.repo(request)
        tree = [
            {"path": "README.md", "mode": "100644", "type": "blob", "sha": "0" * 40, "size": 10}
        ]
        for path, data in sorted(repo.head().items()):
            service = path.split("/", 1)[0]
            if not any(t["path"] == service for t in tree):
                tree.append({"path": service, "mode": "040000", "type": "tree", "sha": "1" * 40})
            tree.append(
                {"path": path, "mode": "100644", "type": "blob", "sha": blob_sha(data),
                 "size": len(data)}
            )  # fmt: skip
        head = repo.published[-1].sha if repo.published else "0" * 40
        return web.json_response({"sha": head, "tree": tree, "truncated": False}, headers=headers)

    async def commit(self, request: web.Request) -> web.Response:
        self._hit("commit")
        headers = self._api(request)
        repo = self.repo(request)
        found = next((c for c in repo.published if c.sha == request.match_info["sha"]), None)
        if found is None:
            raise web.HTTPNotFound(headers=headers)
        body: dict[str, Any] = {
            "sha": found.sha,
            "commit": {"message": found.subject, "committer": {"date": found.date}},
            "files": [{"filename": found.path, "status": "modified"}],
        }
        return web.json_response(body, headers=headers)

    def dataset_name(self, name: str) -> str:
        return f"dataset-{name.removesuffix('-versions')}-2026-11-22"

    async def release(self, request: web.Request) -> web.Response:
        self._hit("release")
        headers = self._api(request)
        repo = self.repo(request)
        if not repo.with_dataset or not repo.published:
            raise web.HTTPNotFound(headers=headers)
        owner, name = request.match_info["owner"], request.match_info["repo"]
        tag = self.dataset_name(name)
        url = f"{self.base}/gh/{owner}/{name}/releases/download/{tag}/{tag}.zip"
        asset = {"name": f"{tag}.zip", "browser_download_url": url, "size": self.dataset_size}
        body = {"tag_name": tag, "assets": [asset]}
        return web.json_response(body, headers=headers)

    async def download(self, request: web.Request) -> web.Response:
        self._hit("dataset")
        repo = self.repo(request)
        top = request.match_info["tag"]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for commit in repo.published:
                service, terms = commit.path.removesuffix(".md").split("/", 1)
                stamp = commit.date[:19].replace(":", "-") + "Z"
                archive.writestr(f"{top}/{service}/{terms}/{stamp}.md", commit.content)
            archive.writestr(f"{top}/README.md", "# dataset\n")
        return web.Response(body=buffer.getvalue(), content_type="application/zip")
