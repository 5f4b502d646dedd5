"""Atom/RSS change feeds, e.g. Open Terms Archive's per-document GitHub commit feeds.

`FeedparserReader` implements `bot.services.ports.FeedReader`. It fetches through the `Fetcher`
(so size/time caps, politeness and conditional GET apply) and parses with feedparser.

Open Terms Archive publishes each document's history as a GitHub commit feed, e.g.
https://github.com/OpenTermsArchive/contrib-versions/commits/main/SoundCloud/Terms%20of%20Service.md.atom
Entry titles are the commit subjects: "First record of …" and "Record new changes of …" are real
changes; "Apply technical or declaration upgrade on …" and "Refilter …" are re-extractions of the
same page (`technical=True`). For such entries `content_url` is the raw file at that commit,
https://raw.githubusercontent.com/<owner>/<repo>/<sha>/<path>; for other feeds it is the entry link.

Entries come back in feed order (GitHub: newest first). Titles are untrusted: tags, control and
invisible characters are removed, whitespace collapsed, mass mentions defused, length capped.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
import unicodedata
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import feedparser
from feedparser.exceptions import ThingsNobodyCaresAboutButMe
from lxml import etree
from lxml import html as lxml_html

from bot.domain.timeutil import iso
from bot.services.ports import FeedEntry, FeedResult, Fetcher, FetchError

log = logging.getLogger(__name__)

RAW_GITHUB = "https://raw.githubusercontent.com"
GITHUB_COMMIT_TAG = "tag:github.com,2008:Grit::Commit/"
TECHNICAL_PREFIXES = ("apply technical or declaration upgrade", "refilter")
MAX_TITLE_CHARS = 300
_HEX = frozenset("0123456789abcdefABCDEF")
# Invisible or direction-changing characters that have no place in a title.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
)


class FeedparserReader:
    """Reads Atom/RSS feeds through a Fetcher. See the module docstring."""

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        raw_base: str = RAW_GITHUB,
        max_title_chars: int = MAX_TITLE_CHARS,
    ) -> None:
        self._fetcher = fetcher
        self._raw_base = raw_base.rstrip("/")
        self._max_title_chars = max_title_chars

    async def read(self, url: str, *, etag: str = "", last_modified: str = "") -> FeedResult:
        """Raises FetchError when the feed cannot be fetched or parsed."""
        fetched = await self._fetcher.fetch(url, etag=etag, last_modified=last_modified)
        if fetched.not_modified:
            return FeedResult(
                not_modified=True,
                etag=fetched.etag or etag,
                last_modified=fetched.last_modified or last_modified,
            )
        # feedparser is CPU-bound on big feeds: keep it off the event loop.
        entries = await asyncio.to_thread(
            self.parse, fetched.body, url, content_type=fetched.content_type
        )
        return FeedResult(
            not_modified=False,
            entries=entries,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
        )

    def parse(self, body: bytes, url: str, *, content_type: str = "") -> tuple[FeedEntry, ...]:
        """Entries of a feed body fetched from `url`. Raises FetchError if it is not a feed."""
        headers = {"content-location": url}
        if content_type:
            headers["content-type"] = content_type
        # A file-like object: feedparser would try to open() a bytes body as a local path.
        parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
        raw_entries: list[Any] = list(parsed.get("entries") or [])
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if isinstance(problem, ThingsNobodyCaresAboutButMe):
            problem = None  # a missing or mismatched charset/content type, not broken XML
        if not raw_entries:
            if problem is not None:
                detail = _one_line(str(problem) or type(problem).__name__, 200)
                raise FetchError(f"malformed feed at {url}: {detail}")
            if not parsed.get("version"):
                raise FetchError(f"not an Atom or RSS feed at {url} (no feed element found)")
            return ()
        if problem is not None:
            log.info(
                "feed %s is not well-formed (%s); using the %d entries recovered",
                url,
                _one_line(str(problem), 200),
                len(raw_entries),
            )
        github_path = _github_feed_path(url)
        entries: list[FeedEntry] = []
        for raw in raw_entries:
            entry = self._entry(raw, github_path)
            if entry is not None:
                entries.append(entry)
        return tuple(entries)

    def _entry(self, raw: Any, github_path: tuple[str, str, str] | None) -> FeedEntry | None:
        link = _safe_url(str(raw.get("link") or ""))
        entry_id = _one_line(str(raw.get("id") or ""), 500) or link
        if not entry_id:
            log.debug("skipping a feed entry with neither id nor link")
            return None
        title = clean_title(str(raw.get("title") or ""), self._max_title_chars)
        content_url = link
        sha = _commit_sha(entry_id, link)
        if sha and github_path is not None:
            owner, repo, path = github_path
            if _link_repo(link) in (None, (owner.lower(), repo.lower())):
                content_url = f"{self._raw_base}/{owner}/{repo}/{sha}/{path}"
        return FeedEntry(
            entry_id=entry_id,
            title=title,
            link=link,
            updated=_updated(raw),
            technical=is_technical(title),
            content_url=content_url,
        )


# ---------------------------------------------------------------------- helpers


def is_technical(title: str) -> bool:
    """True for OTA re-extractions ("Apply technical or declaration upgrade on …", "Refilter …")."""
    return title.strip().lower().startswith(TECHNICAL_PREFIXES)


def clean_title(raw: str, max_chars: int = MAX_TITLE_CHARS) -> str:
    """Plain one-line text: no tags, control or invisible characters, mass mentions defused."""
    # Control and invisible characters first: lxml refuses strings that contain them.
    text = "".join(
        " " if unicodedata.category(ch) in ("Zl", "Zp") or ch in "\t\n\r\v\f" else ch
        for ch in raw
        if ch not in _INVISIBLE and (unicodedata.category(ch) != "Cc" or ch in "\t\n\r\v\f")
    )
    if "<" in text:
        text = _strip_tags(text)
    text = " ".join(text.split())
    # Allowed mentions are the real guard against pings; this is defence in depth.
    for mass in ("@everyone", "@here"):
        text = text.replace(mass, "@\u2060" + mass[1:])
    text = text.replace("<@", "<\u2060@")  # Discord user/role mention syntax
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text


def _strip_tags(text: str) -> str:
    try:
        fragment = lxml_html.fragment_fromstring(text, create_parent="div")
    except (etree.LxmlError, ValueError):
        return text.replace("<", " ").replace(">", " ")
    for bad in fragment.xpath(".//script|.//style"):
        bad.drop_tree()
    return fragment.text_content()


def _one_line(text: str, limit: int) -> str:
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(cleaned.split())[:limit]


def _safe_url(url: str) -> str:
    url = url.strip()
    if not url or any(not ch.isprintable() or ch.isspace() for ch in url):
        return ""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _updated(raw: Any) -> str:
    for key in ("updated_parsed", "published_parsed", "created_parsed"):
        value = dict.get(raw, key)  # bypasses feedparser's deprecated updated→published alias
        if isinstance(value, time.struct_time):
            try:
                return iso(datetime(*value[:6], tzinfo=UTC))
            except (ValueError, OverflowError):
                continue
    return ""


def _is_sha(text: str) -> bool:
    return 7 <= len(text) <= 64 and all(ch in _HEX for ch in text)


def _commit_sha(entry_id: str, link: str) -> str:
    """The commit sha of a GitHub commit-feed entry, from its link or its Grit id; else ""."""
    parts = urlsplit(link).path.rstrip("/").split("/") if link else []
    if len(parts) >= 5 and parts[3] == "commit" and _is_sha(parts[4]):
        return parts[4].lower()
    if entry_id.startswith(GITHUB_COMMIT_TAG):
        candidate = entry_id[len(GITHUB_COMMIT_TAG) :]
        if _is_sha(candidate):
            return candidate.lower()
    return ""


def _link_repo(link: str) -> tuple[str, str] | None:
    """(owner, repo) of a github.com/<owner>/<repo>/commit/<sha> link, lower-cased."""
    parts = urlsplit(link).path.split("/") if link else []
    if len(parts) >= 4 and parts[3] == "commit":
        return parts[1].lower(), parts[2].lower()
    return None


def _github_feed_path(feed_url: str) -> tuple[str, str, str] | None:
    """(owner, repo, quoted file path) from .../<owner>/<repo>/commits/<branch>/<path>.atom.

    Only the URL's path is used, so a mirror of the feed (or a test server) maps the same way.
    Branch names with slashes are not supported. None for whole-repository feeds."""
    path = urlsplit(feed_url).path
    if not path.endswith(".atom"):
        return None
    parts = path[: -len(".atom")].split("/")
    # ["", owner, repo, "commits", branch, *file]
    if len(parts) < 6 or parts[3] != "commits" or not parts[1] or not parts[2]:
        return None
    file_parts = [unquote(p) for p in parts[5:]]
    if not all(file_parts) or any(p in (".", "..") for p in file_parts):
        return None
    return parts[1], parts[2], quote("/".join(file_parts), safe="/")
