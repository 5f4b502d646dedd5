"""The platforms the bot knows, and finding one from what people type.

Pure: no I/O. Matching works on *keys*: lower-case, accent-free, punctuation-free forms of each
platform's id, name and aliases ("Sound Cloud!" -> "soundcloud"; words kept for free text).
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.models import Platform

log = logging.getLogger(__name__)

# Shortest input that may be matched with a typo, and how many edits are tolerated.
_FUZZY_MIN_LEN = 4
# Only the start of a very long text is searched for a platform name.
_MAX_WORDS = 400
# Ordinary English words one or two typos away from a shipped platform name ("apply" ~ apple,
# "specify" ~ spotify, "interest" ~ pinterest). Generated from a standard English word list
# (Debian wamerican) against config.yaml's names and aliases; never treated as typos.
COMMON_WORDS: frozenset[str] = frozenset(
    {
        "amazons", "ample", "apples", "apply", "attestation", "atwitter", "beaufort", "beta",
        "bitterest", "boom", "breakup", "bumbled", "bumbler", "bumblers", "bumbles", "corp",
        "critter", "dapple", "deeper", "doom", "dreamed", "dreamer", "feta", "fritter", "fumbled",
        "fumbler", "fumblers", "fumbles", "gambler", "geezer", "glitter", "goggle", "googled",
        "googles", "grumbler", "humbled", "humbler", "humbles", "instal", "interest", "interests",
        "jumbled", "jumbles", "knitter", "leta", "loom", "meat", "mesa", "metal", "mete", "mumbled",
        "mumbler", "mumblers", "mumbles", "nimbler", "outstation", "quitter", "quota", "rambler",
        "room", "rumbled", "rumbles", "seaport", "sincerest", "skitter", "slitter", "specify",
        "stumble", "stumbled", "stumbler", "stumblers", "stumbles", "swatter", "swifter", "temblor",
        "thither", "tide", "tides", "tidy", "titter", "titters", "trotter", "tubbier", "tumble",
        "tumbled", "tumblers", "tumbles", "tumbrel", "tunes", "tweeter", "twirler", "twisted",
        "twister", "twisters", "twitted", "twittered", "twitters", "vidal", "video", "videos",
        "vireo", "winteriest", "wittier", "zeta", "zooms", "zoos",
    }
)  # fmt: skip
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w])@[\w.\-]+|<[@#][!&]?\d+>")
_POSSESSIVE = re.compile(r"(\w)['’]s\b", re.IGNORECASE)


def _url_host(url: str) -> str:
    """The host of a link without "www." and the port: "https://www.x.com/a" -> "x.com"."""
    rest = re.sub(r"^(?:https?://)", "", url, flags=re.IGNORECASE)
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0]
    return re.sub(r"^www\.", "", host, flags=re.IGNORECASE)


def _fold(text: str) -> str:
    """Lower-case, accents removed, "&" spelt out."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().replace("&", " and ")


def words(text: str) -> list[str]:
    """The words of a text: folded, possessives dropped, punctuation as separators."""
    text = _POSSESSIVE.sub(r"\1", _fold(text))
    return re.findall(r"[a-z0-9]+", text)


def compact(text: str) -> str:
    """One key for a whole name: "Sound-Cloud" -> "soundcloud"."""
    return "".join(words(text))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance; returns limit+1 once exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def _allowed_edits(length: int) -> int:
    """Typos tolerated in a short text meant as a platform name."""
    if length < _FUZZY_MIN_LEN:
        return 0
    if length <= 6:
        return 1
    return 2


def _free_text_edits(length: int) -> int:
    """Typos tolerated in a word of a free-text question: stricter, so that ordinary words
    ("apply", "specify", "metal") are not mistaken for platform names."""
    if length < 5:
        return 0
    if length < 10:
        return 1
    return 2


@dataclass(frozen=True)
class _Key:
    platform: Platform
    key: str  # compact form
    words: tuple[str, ...]
    kind: int  # 0 id, 1 name, 2 alias


class PlatformDirectory:
    """Every configured platform, looked up by id, name, alias or a near miss."""

    def __init__(self, platforms: Sequence[Platform]) -> None:
        self._platforms: list[Platform] = list(platforms)
        self._by_id: dict[str, Platform] = {}
        self._keys: list[_Key] = []
        self._exact: dict[str, Platform] = {}
        self._by_words: dict[tuple[str, ...], Platform] = {}
        for platform in self._platforms:
            if platform.id in self._by_id:
                raise ValueError(f"platform id {platform.id!r} is listed twice")
            self._by_id[platform.id] = platform
            for kind, label in self._labels(platform):
                key = compact(label)
                if not key:
                    continue
                owner = self._exact.get(key)
                if owner is not None and owner.id != platform.id:
                    log.warning(
                        "%r names both %s and %s; it stays %s's",
                        label,
                        owner.id,
                        platform.id,
                        owner.id,
                    )
                    continue
                self._exact.setdefault(key, platform)
                self._keys.append(_Key(platform, key, tuple(words(label)), kind))
                self._by_words.setdefault(tuple(words(label)), platform)

    @staticmethod
    def _labels(platform: Platform) -> Iterable[tuple[int, str]]:
        yield 0, platform.id
        yield 0, platform.id.replace("-", " ").replace("_", " ")
        yield 1, platform.name
        for alias in platform.aliases:
            yield 2, alias

    def add_discovered(self, platforms: Sequence[Platform]) -> list[Platform]:
        """Add platforms found at run time (e.g. in Open Terms Archive) after the curated ones,
        in place, so every service holding this directory sees them. A platform whose id is
        known is replaced only if it was discovered too (new documents); curated ones win.
        Returns the platforms added or updated."""
        curated = getattr(self, "_curated_ids", None)
        if curated is None:
            curated = self._curated_ids = frozenset(self._by_id)
        changed = [p for p in platforms if p.id not in curated and self._by_id.get(p.id) != p]
        if not changed:
            return []
        fresh = {p.id: p for p in changed}
        merged = [fresh.pop(p.id, p) for p in self._platforms] + list(fresh.values())
        was_disabled, log.disabled = log.disabled, True  # discovered name clashes: no warnings
        try:
            rebuilt = PlatformDirectory(merged)
        finally:
            log.disabled = was_disabled
        curated_ids = self._curated_ids
        curated_view = getattr(self, "_curated_view", None) or PlatformDirectory(
            [p for p in self._platforms if p.id in curated_ids]
        )
        self.__dict__.update(rebuilt.__dict__)
        self._curated_ids = curated_ids
        self._curated_view = curated_view
        return changed

    # ------------------------------------------------------------ plain lookups

    def get(self, platform_id: str) -> Platform | None:
        return self._by_id.get(platform_id)

    def all(self) -> list[Platform]:
        return list(self._platforms)

    def __len__(self) -> int:
        return len(self._platforms)

    def __contains__(self, platform_id: object) -> bool:
        return platform_id in self._by_id

    # ------------------------------------------------------------ resolving a name

    def resolve(self, text: str) -> Platform | None:
        """The platform a short text names: exact id/name/alias (ignoring case, spaces and
        punctuation), else the single closest key within a small number of typos."""
        key = compact(text)
        if not key:
            return None
        exact = self._exact.get(key)
        if exact is not None:
            return exact
        return self._fuzzy(key)

    def _fuzzy(self, key: str, *, free_text: bool = False) -> Platform | None:
        """The single platform whose key is within the allowed typos of `key`, if any.
        In free text the rules are stricter: long words only, same first two letters."""
        edits = _free_text_edits if free_text else _allowed_edits
        allowed = edits(len(key))
        if allowed == 0 or key in COMMON_WORDS:
            return None
        best: dict[str, int] = {}
        for entry in self._keys:
            limit = min(allowed, edits(len(entry.key)))
            if limit == 0 or (free_text and entry.key[:2] != key[:2]):
                continue
            distance = edit_distance(key, entry.key, limit)
            if distance <= limit:
                pid = entry.platform.id
                best[pid] = min(best.get(pid, distance), distance)
        if not best:
            return None
        top = min(best.values())
        winners = [pid for pid, d in best.items() if d == top]
        if len(winners) > 1:  # ambiguous near miss: better to ask than to guess
            return None
        return self._by_id[winners[0]]

    # ------------------------------------------------------------ free text

    def find_in(self, question: str) -> Platform | None:
        """The platform a free-text question is about, if it names one (typos tolerated).
        @handles are ignored and links count only by their host ("soundcloud.com/x").
        A match inside a longer one loses ("youtube music" beats "youtube"); exact matches beat
        near misses; then the earliest in the text wins. Curated platforms named in the question
        win over discovered ones ("is my mix safe on soundcloud?" is about SoundCloud, not Mix)."""
        curated = getattr(self, "_curated_view", None)
        if curated is not None:
            found = curated.find_in(question)
            if found is not None:
                return found
        cleaned = _URL.sub(lambda m: " " + _url_host(m.group(0)) + " ", question)
        tokens = words(_HANDLE.sub(" ", cleaned))[:_MAX_WORDS]
        if not tokens:
            return None
        matches: list[tuple[int, int, int, Platform]] = []  # (start, end, fuzzy, platform)
        for size in (3, 2, 1):
            for start in range(0, len(tokens) - size + 1):
                parts = tuple(tokens[start : start + size])
                found = self._match_words(parts)
                if found is not None:
                    matches.append((start, start + size, found[1], found[0]))
        if not matches:
            return None

        def covered(m: tuple[int, int, int, Platform]) -> bool:
            """Inside a longer match that is exact (or at least as sure as m)."""
            return any(
                o[0] <= m[0] and m[1] <= o[1] and (o[1] - o[0]) > (m[1] - m[0]) and o[2] <= m[2]
                for o in matches
            )

        outer = [m for m in matches if not covered(m)]
        outer.sort(key=lambda m: (m[2], m[0], -(m[1] - m[0])))
        return outer[0][3]

    def _match_words(self, parts: tuple[str, ...]) -> tuple[Platform, int] | None:
        """(platform, 1 if a near miss else 0) for a run of words from a question.
        Several words match only as a label's own words ("youtube music"), or as two words of
        three letters or more that spell one name ("sound cloud", "you tube")."""
        if len(parts) > 1:
            labelled = self._by_words.get(parts)
            if labelled is not None:
                return labelled, 0
            if len(parts) > 2 or min(len(p) for p in parts) < 3:
                return None
        joined = "".join(parts)
        exact = self._exact.get(joined)
        if exact is not None:
            return exact, 0
        near = self._fuzzy(joined, free_text=True)
        return (near, 1) if near is not None else None

    # ------------------------------------------------------------ suggestions

    def suggest(self, prefix: str, limit: int = 25) -> list[Platform]:
        """Platforms for autocomplete: empty prefix -> the first `limit` in config order;
        otherwise exact, then prefix, alias prefix, word prefix, substring, typo matches."""
        if limit <= 0:
            return []
        key = compact(prefix)
        if not key:
            return self._platforms[:limit]
        word_prefix = words(prefix)
        ranked: dict[str, tuple[int, int]] = {}
        order = {p.id: i for i, p in enumerate(self._platforms)}

        def offer(platform: Platform, tier: int) -> None:
            current = ranked.get(platform.id)
            if current is None or tier < current[0]:
                ranked[platform.id] = (tier, order[platform.id])

        for entry in self._keys:
            if entry.key == key:
                offer(entry.platform, 0)
            elif entry.key.startswith(key):
                offer(entry.platform, 1 if entry.kind < 2 else 2)
            elif word_prefix and any(w.startswith(word_prefix[0]) for w in entry.words[1:]):
                offer(entry.platform, 3)
            elif len(key) >= 2 and key in entry.key:
                offer(entry.platform, 4)
            elif len(key) >= 3:
                allowed = 1 if len(key) <= 6 else 2
                heads = {entry.key} | {entry.key[: len(key) + d] for d in (-1, 0, 1)}
                if any(edit_distance(key, head, allowed) <= allowed for head in heads if head):
                    offer(entry.platform, 5)
        ordered = sorted(ranked.items(), key=lambda item: item[1])
        return [self._by_id[pid] for pid, _ in ordered[:limit]]

    def close_matches(self, text: str, n: int = 3) -> list[Platform]:
        """Up to n platforms the text may have meant, best first ("did you mean ...?")."""
        key = compact(text)
        if not key or n <= 0:
            return []
        keys = [entry.key for entry in self._keys]
        owners: dict[str, Platform] = {entry.key: entry.platform for entry in self._keys}
        result: list[Platform] = []
        candidates = difflib.get_close_matches(key, keys, n=n * 4, cutoff=0.6)
        direct = self.resolve(text)
        if direct is not None:
            result.append(direct)
        for candidate in candidates:
            platform = owners[candidate]
            if platform not in result:
                result.append(platform)
        if not result:
            found = self.find_in(text)
            if found is not None:
                result.append(found)
        return result[:n]
