"""Bluesky post text: graphemes, facets with UTF-8 byte offsets, threads, deterministic record keys.

Only the bot's own templates add facets (`RichText.link` / `RichText.mention`). Text that comes from
terms documents or feeds goes through `RichText.text`, which never creates a facet, whatever it
contains ("@someone.bsky.social", "https://evil.example" stay plain text).
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import regex

log = logging.getLogger(__name__)

MAX_GRAPHEMES = 300
POST_TYPE = "app.bsky.feed.post"
_GRAPHEME = regex.compile(r"\X")
_TOKEN = regex.compile(r"\s+|\S+")
_SENTENCE_END = (".", "!", "?", "…", ":", ";", "”", ")")
# Bidi overrides, zero-width and other invisible format characters are dropped from untrusted text.
_INVISIBLE = {"Cf", "Cc", "Co", "Cs"}


def graphemes(text: str) -> int:
    """Number of user-perceived characters (extended grapheme clusters)."""
    return len(_GRAPHEME.findall(text))


def clean_untrusted(text: str, limit: int | None = None) -> str:
    """Plain, printable text: control/format characters removed, whitespace collapsed."""
    kept = [
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE or ch == "\u200d"
    ]
    out = " ".join("".join(kept).split())
    if limit is not None and graphemes(out) > limit:
        out = "".join(_GRAPHEME.findall(out)[: max(1, limit - 1)]).rstrip() + "…"
    return out


def short_url(url: str, limit: int = 40) -> str:
    """What a link shows: host + path, shortened ("soundcloud.com/terms-of-use")."""
    parts = urlsplit(url)
    shown = (parts.netloc + parts.path).rstrip("/") or url
    if shown.startswith("www."):
        shown = shown[4:]
    if graphemes(shown) > limit:
        shown = "".join(_GRAPHEME.findall(shown)[: limit - 1]) + "…"
    return shown


@dataclass(frozen=True)
class Span:
    """A piece of text; `feature` (a facet feature dict) only for the bot's own links/mentions."""

    text: str
    feature: dict[str, Any] | None = None


@dataclass
class RichText:
    spans: list[Span] = field(default_factory=list)

    def text(self, value: str) -> RichText:
        """Append plain text. Never a facet, even if it looks like a link or a mention."""
        if value:
            self.spans.append(Span(value))
        return self

    def link(self, label: str, uri: str) -> RichText:
        self.spans.append(Span(label, {"$type": "app.bsky.richtext.facet#link", "uri": uri}))
        return self

    def mention(self, handle_text: str, did: str) -> RichText:
        self.spans.append(
            Span(handle_text, {"$type": "app.bsky.richtext.facet#mention", "did": did})
        )
        return self

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Post:
    text: str
    facets: list[dict[str, Any]]

    @property
    def length(self) -> int:
        return graphemes(self.text)


def render(spans: list[Span]) -> Post:
    """Text and facets (byte offsets into the UTF-8 encoding) for a list of spans."""
    text_parts: list[str] = []
    facets: list[dict[str, Any]] = []
    offset = 0
    for span in spans:
        encoded = span.text.encode("utf-8")
        if span.feature is not None and encoded:
            facets.append(
                {
                    "$type": "app.bsky.richtext.facet",
                    "index": {"byteStart": offset, "byteEnd": offset + len(encoded)},
                    "features": [dict(span.feature)],
                }
            )
        text_parts.append(span.text)
        offset += len(encoded)
    return Post("".join(text_parts), facets)


def _atoms(rich: RichText) -> list[Span]:
    """Unbreakable pieces: words and whitespace of plain text; whole facet spans."""
    atoms: list[Span] = []
    for span in rich.spans:
        if span.feature is not None:
            atoms.append(span)
            continue
        atoms.extend(Span(tok) for tok in _TOKEN.findall(span.text))
    return atoms


def _hard_split(word: str, limit: int) -> list[str]:
    clusters = _GRAPHEME.findall(word)
    return ["".join(clusters[i : i + limit]) for i in range(0, len(clusters), limit)]


def _is_break(atom: Span) -> bool:
    return atom.feature is None and atom.text.isspace()


def _ltrim(spans: list[Span]) -> list[Span]:
    while spans and _is_break(spans[0]):
        spans = spans[1:]
    return spans


def _trim(spans: list[Span]) -> list[Span]:
    spans = _ltrim(spans)
    while spans and _is_break(spans[-1]):
        spans = spans[:-1]
    return spans


def split_thread(rich: RichText, limit: int = MAX_GRAPHEMES) -> list[Post]:
    """One post, or a thread of posts each at most `limit` graphemes, split at a paragraph or
    sentence end when one falls late enough in a post, else between words."""
    atoms: list[Span] = []
    for atom in _atoms(rich):
        if atom.feature is None and graphemes(atom.text) > limit:
            atoms.extend(Span(piece) for piece in _hard_split(atom.text, limit))
        else:
            atoms.append(atom)

    posts: list[Post] = []
    current: list[Span] = []
    size = 0
    for atom in atoms:
        atom_len = graphemes(atom.text)
        while current and size + atom_len > limit:
            cut = _best_cut(current, limit)
            posts.append(render(_trim(current[:cut])))
            current = _ltrim(current[cut:])
            size = sum(graphemes(a.text) for a in current)
        if not current and _is_break(atom):
            continue
        current.append(atom)
        size += atom_len
    if _trim(current):
        posts.append(render(_trim(current)))
    return posts or [render([])]


def _best_cut(current: list[Span], limit: int) -> int:
    """Index to cut `current` at: the last paragraph end past a third of the limit, else the
    last sentence end past half of it, else between words (the end)."""
    best_paragraph = best_sentence = 0
    running = 0
    for i, atom in enumerate(current):
        running += graphemes(atom.text)
        if running < limit // 3 or not _is_break(atom):
            continue
        if "\n" in atom.text:
            best_paragraph = i + 1
        previous = current[i - 1].text if i > 0 else ""
        if running >= limit // 2 and previous.endswith(_SENTENCE_END):
            best_sentence = i + 1
    return best_paragraph or best_sentence or len(current)


# ---------------------------------------------------------------- record keys

_B32 = "234567abcdefghijklmnopqrstuvwxyz"


def tid_from(micros: int, clock_id: int) -> str:
    value = ((micros & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(_B32[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def deterministic_tid(key: str, when: datetime, index: int = 0) -> str:
    """A valid TID record key that is the same every time for the same key and time, so a retry
    after a crash finds (instead of duplicating) the record. `index` numbers thread posts."""
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    base = int(when.timestamp()) * 1_000_000
    micros = base + (digest % 900_000) + index
    return tid_from(micros, digest >> 54)


def parse_when(text: str, fallback: datetime) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return fallback
    return value if value.tzinfo else value.replace(tzinfo=UTC)
