"""Open Terms Archive's versions repositories on GitHub: implements `ArchiveSource`.

- change feed: `<github>/<owner>/<repo>/commits/main.atom`, one entry per commit of the whole
  collection, parsed incrementally (lxml pull parser, each entry dropped once read), so a feed of
  thousands of entries is read in bounded memory; at most `max_feed_entries` are kept;
- a file at a commit: `<raw>/<owner>/<repo>/<sha>/<path>`;
- the listing: `<api>/repos/<owner>/<repo>/git/trees/main?recursive=1` (one request lists every
  file with its blob sha) and a commit's files: `<api>/repos/<owner>/<repo>/commits/<sha>`;
- the dataset: `<api>/repos/<owner>/<repo>/releases/latest`, whose zip asset
  (`dataset-<title>-<date>.zip`, made by the engine's `npm run dataset`) holds
  `<top>/<Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md` for every recorded version.

GitHub allows 60 API requests an hour without a token, 5,000 with one (`GITHUB_TOKEN`, sent as
`Authorization: Bearer` to the API host only, never logged). The remaining budget is read from
every API answer; when it is spent, `ArchiveRateLimited` says until when. The session's connector
is the watcher's, so the public-address rule holds here too (`watch.allow_private_addresses`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import tempfile
import time
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp

from bot.domain.archive import Collection, history_url, split_path
from bot.domain.timeutil import iso, parse_iso
from bot.services.archive_ports import (
    ArchiveCommit,
    ArchiveError,
    ArchiveFile,
    ArchiveNotFound,
    ArchiveRateLimited,
    CollectionChanges,
)

log = logging.getLogger(__name__)

GITHUB = "https://github.com"
RAW = "https://raw.githubusercontent.com"
API = "https://api.github.com"
USER_AGENT = "TermsWatch/1.0 (+https://github.com/termswatch)"
ATOM = "{http://www.w3.org/2005/Atom}"
MAX_VERSION_BYTES = 20_000_000  # one document version, uncompressed
_SHA = re.compile(r"^[0-9a-f]{7,64}$")
_DATASET_NAME = re.compile(
    r"^(?P<top>[^/]+/)?(?P<service>[^/]+)/(?P<type>[^/]+)/(?P<date>[^/]+)\.md$"
)
_FS_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z$")


class ZipDataset:
    """A dataset zip on disk: the latest (and earlier) versions of each document."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ArchiveError(f"the dataset is not a readable zip: {exc}") from None
        self._index: dict[str, dict[str, str]] = {}
        for info in self._zip.infolist():
            name = info.filename
            match = _DATASET_NAME.match(name)
            if not match or info.file_size > MAX_VERSION_BYTES:  # no zip bombs
                continue
            date = _FS_DATE.sub(r"\1T\2:\3:\4Z", match.group("date"))
            path_key = f"{match.group('service')}/{match.group('type')}.md"
            if split_path(path_key) is None:
                continue
            self._index.setdefault(path_key, {})[date] = name

    def paths(self) -> list[str]:
        return sorted(self._index)

    def versions(self, path: str) -> list[str]:
        return sorted(self._index.get(path, {}))

    def read(self, path: str, version: str) -> bytes:
        return self._zip.read(self._index[path][version])

    def close(self) -> None:
        self._zip.close()


class GithubArchive:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        github_base: str = GITHUB,
        raw_base: str = RAW,
        api_base: str = API,
        token: str | None = None,
        timeout_s: float = 30.0,
        max_bytes: int = 20_000_000,
        max_dataset_bytes: int = 500_000_000,
        max_feed_entries: int = 500,
        concurrency: int = 4,
        min_interval_s: float = 0.05,
    ) -> None:
        self._session = session
        self.github_base = github_base.rstrip("/")
        self.raw_base = raw_base.rstrip("/")
        self.api_base = api_base.rstrip("/")
        self._token = token or None
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._max_bytes = max_bytes
        self._max_dataset_bytes = max_dataset_bytes
        self.max_feed_entries = max_feed_entries
        self._slots = asyncio.Semaphore(concurrency)
        self._min_interval_s = min_interval_s
        self._next_at = 0.0
        self._pace = asyncio.Lock()
        self.api_remaining: int | None = None
        self.api_reset_at = 0.0
        self.requests = 0

    def __repr__(self) -> str:  # never show the token
        return f"GithubArchive({self.github_base}, token={'set' if self._token else 'unset'})"

    def document_url(self, collection: Collection, path: str) -> str:
        return history_url(self.github_base, collection, path)

    # ------------------------------------------------------------ requests

    def _headers(self, url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT, **(extra or {})}
        if self._token and url.startswith(self.api_base + "/"):
            headers["Authorization"] = f"Bearer {self._token}"
        return headers

    def _is_api(self, url: str) -> bool:
        return url.startswith(self.api_base + "/")

    @contextlib.asynccontextmanager
    async def _get(
        self, url: str, headers: dict[str, str] | None = None
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        if self._is_api(url) and self.api_remaining == 0 and time.time() < self.api_reset_at:
            raise ArchiveRateLimited("GitHub API rate limit spent", self.api_reset_at)
        async with self._slots:
            async with self._pace:  # spread requests: at most one per min_interval_s
                wait = self._next_at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_at = time.monotonic() + self._min_interval_s
            self.requests += 1
            try:
                async with self._session.get(
                    url, headers=self._headers(url, headers), timeout=self._timeout
                ) as resp:
                    if self._is_api(url):
                        self._note_budget(resp)
                    self._check(url, resp)
                    yield resp
            except (TimeoutError, aiohttp.ClientError) as exc:
                raise ArchiveError(f"{_shown(url)}: {type(exc).__name__}: {exc}") from None

    def _note_budget(self, resp: aiohttp.ClientResponse) -> None:
        remaining = resp.headers.get("x-ratelimit-remaining")
        if remaining is not None and remaining.isdigit():
            self.api_remaining = int(remaining)
        reset = resp.headers.get("x-ratelimit-reset")
        if reset is not None and reset.isdigit():
            self.api_reset_at = float(reset)

    def _check(self, url: str, resp: aiohttp.ClientResponse) -> None:
        if resp.status < 400 or resp.status == 304:
            return
        if resp.status == 404:
            raise ArchiveNotFound(f"{_shown(url)}: not found")
        if resp.status in (403, 429) and (
            resp.headers.get("x-ratelimit-remaining") == "0" or resp.status == 429
        ):
            reset = resp.headers.get("x-ratelimit-reset", "")
            retry = resp.headers.get("retry-after", "")
            at = float(reset) if reset.isdigit() else time.time() + float(retry or 60)
            raise ArchiveRateLimited(f"{_shown(url)}: rate limited (HTTP {resp.status})", at)
        raise ArchiveError(f"{_shown(url)}: HTTP {resp.status}")

    async def _read(self, resp: aiohttp.ClientResponse, url: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(65536):
            size += len(chunk)
            if size > self._max_bytes:
                raise ArchiveError(f"{_shown(url)}: more than {self._max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _json(self, url: str) -> Any:
        async with self._get(url, {"Accept": "application/vnd.github+json"}) as resp:
            body = await self._read(resp, url)
        try:
            return json.loads(body)
        except ValueError:
            raise ArchiveError(f"{_shown(url)}: not JSON") from None

    # ------------------------------------------------------------ ArchiveSource

    async def changes(self, collection: Collection, *, etag: str = "") -> CollectionChanges:
        url = f"{self.github_base}/{collection.owner}/{collection.repo}/commits/main.atom"
        extra = {"Accept": "application/atom+xml"}
        if etag:
            extra["If-None-Match"] = etag
        async with self._get(url, extra) as resp:
            if resp.status == 304:
                return CollectionChanges(not_modified=True, etag=etag)
            commits, truncated = await self._parse_feed(resp, url)
            return CollectionChanges(False, tuple(commits), resp.headers.get("ETag", ""), truncated)

    async def _parse_feed(
        self, resp: aiohttp.ClientResponse, url: str
    ) -> tuple[list[ArchiveCommit], bool]:
        from lxml import etree  # loaded when a feed is read, not by every command

        parser = etree.XMLPullParser(
            events=("end",), resolve_entities=False, no_network=True, huge_tree=False
        )
        commits: list[ArchiveCommit] = []
        size = 0
        try:
            async for chunk in resp.content.iter_chunked(65536):
                size += len(chunk)
                if size > self._max_bytes:
                    return commits, True
                parser.feed(chunk)
                for _, element in parser.read_events():
                    if element.tag != f"{ATOM}entry":
                        continue
                    if len(commits) >= self.max_feed_entries:
                        return commits, True  # one more than the cap: the rest is not read
                    commit = _commit(element)
                    element.clear()  # what was read is dropped: memory stays bounded
                    parent = element.getparent()
                    if parent is not None:
                        parent.remove(element)
                    if commit is not None:
                        commits.append(commit)
            parser.close()
        except etree.XMLSyntaxError as exc:
            if not commits:
                raise ArchiveError(f"{_shown(url)}: not an Atom feed ({exc})") from None
            log.info("%s: feed not well-formed; using %d entries", _shown(url), len(commits))
        return commits, False

    async def listing(self, collection: Collection) -> list[ArchiveFile]:
        url = (
            f"{self.api_base}/repos/{collection.owner}/{collection.repo}/git/trees/main?recursive=1"
        )
        data = await self._json(url)
        if not isinstance(data, dict) or not isinstance(data.get("tree"), list):
            raise ArchiveError(f"{_shown(url)}: unexpected answer")
        if data.get("truncated"):
            log.warning("%s: GitHub truncated the listing", collection.name)
        files = []
        for item in data["tree"]:
            if isinstance(item, dict) and item.get("type") == "blob":
                path, sha = str(item.get("path", "")), str(item.get("sha", ""))
                if split_path(path) is not None and _SHA.match(sha):
                    files.append(ArchiveFile(path, sha))
        return files

    async def raw(self, collection: Collection, ref: str, path: str) -> bytes:
        if not _SHA.match(ref) and ref != "main":
            raise ArchiveError(f"not a commit: {ref!r}")
        url = f"{self.raw_base}/{collection.owner}/{collection.repo}/{ref}/{quote(path, safe='/')}"
        async with self._get(url) as resp:
            return await self._read(resp, url)

    async def commit_paths(self, collection: Collection, sha: str) -> list[str]:
        if not _SHA.match(sha):
            raise ArchiveError(f"not a commit: {sha!r}")
        url = f"{self.api_base}/repos/{collection.owner}/{collection.repo}/commits/{sha}"
        data = await self._json(url)
        files = data.get("files") if isinstance(data, dict) else None
        return [str(f.get("filename", "")) for f in files or [] if isinstance(f, dict)]

    @contextlib.asynccontextmanager
    async def dataset(self, collection: Collection) -> AsyncIterator[ZipDataset | None]:
        url = f"{self.api_base}/repos/{collection.owner}/{collection.repo}/releases/latest"
        try:
            release = await self._json(url)
        except ArchiveNotFound:
            yield None
            return
        asset = next(
            (
                a
                for a in (release.get("assets") or [] if isinstance(release, dict) else [])
                if isinstance(a, dict) and str(a.get("name", "")).endswith(".zip")
            ),
            None,
        )
        link = str(asset.get("browser_download_url", "")) if asset else ""
        if not link or urlsplit(link).netloc != urlsplit(self.github_base).netloc:
            yield None  # no zip, or a link to somewhere else than the archive's host
            return
        announced = asset.get("size") if asset else None
        if isinstance(announced, int) and announced > self._max_dataset_bytes:
            log.info(
                "%s: dataset of %d bytes is over archive.max_dataset_bytes; using the listing",
                collection.name,
                announced,
            )
            yield None
            return
        with tempfile.TemporaryDirectory(prefix="termswatch-dataset-") as folder:
            target = Path(folder) / "dataset.zip"
            size = 0
            async with self._get(link) as resp:
                with target.open("wb") as out:
                    async for chunk in resp.content.iter_chunked(1 << 20):
                        size += len(chunk)
                        if size > self._max_dataset_bytes:
                            raise ArchiveError(
                                f"{_shown(link)}: more than {self._max_dataset_bytes} bytes"
                            )
                        await asyncio.to_thread(out.write, chunk)
            log.info("%s: dataset %s, %d bytes", collection.name, asset.get("name"), size)
            dataset = await asyncio.to_thread(ZipDataset, target)
            try:
                yield dataset
            finally:
                dataset.close()


def _commit(entry: Any) -> ArchiveCommit | None:
    from bot.adapters.feeds import clean_title

    entry_id = (entry.findtext(f"{ATOM}id") or "").strip()
    link_el = entry.find(f"{ATOM}link")
    link = (link_el.get("href") if link_el is not None else "") or ""
    sha = ""
    tail = link.rstrip("/").rsplit("/", 1)[-1].lower() if "/commit/" in link else ""
    if _SHA.match(tail):
        sha = tail
    elif "Commit/" in entry_id and _SHA.match(entry_id.rsplit("/", 1)[-1].lower()):
        sha = entry_id.rsplit("/", 1)[-1].lower()
    if not sha:
        return None
    title = clean_title(entry.findtext(f"{ATOM}title") or "")
    updated = (entry.findtext(f"{ATOM}updated") or "").strip()
    return ArchiveCommit(sha=sha, subject=title, updated=_iso(updated), link=link)


def _iso(value: str) -> str:
    """GitHub's "2026-08-22T13:07:16Z" (or +00:00) in the bot's ISO form; "" if unreadable."""
    try:
        return iso(parse_iso(value)) if value else ""
    except ValueError:
        return ""


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
