"""The key tables behind `bot.domain.platforms.PlatformDirectory`: every id, name and alias of
every platform as compact keys (`bot.domain.names`), bucketed for rapidfuzz, sorted for prefix
search and packed into integer ranks for autocomplete. Pure: no I/O.

`KeyIndex` holds the platforms and these tables; the directory (a subclass) answers lookups
with them.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.models import Platform
from bot.domain.names import name_keys, words

log = logging.getLogger(__name__)

CURATED, DISCOVERED = 0, 1
# The low bits of an autocomplete rank: the index of the key it ranks (see KeyIndex._rank).
INDEX_MASK = (1 << 21) - 1


class Bucket:
    """Some keys (for rapidfuzz) and their positions in the directory's key list."""

    __slots__ = ("indexes", "keys")

    def __init__(self) -> None:
        self.indexes: list[int] = []
        self.keys: list[str] = []

    def add(self, index: int, key: str) -> None:
        self.indexes.append(index)
        self.keys.append(key)


@dataclass(frozen=True)
class Key:
    platform: Platform
    key: str  # compact form
    words: tuple[str, ...]
    kind: int  # 0 id, 1 name, 2 alias
    tier: int  # CURATED or DISCOVERED
    order: int  # position of the platform in the directory


class KeyIndex:
    """Platforms (in catalogue order, with their tier) and the key tables over their names."""

    def __init__(self) -> None:
        self._platforms: list[Platform] = []
        self._tier: dict[str, int] = {}
        self._by_id: dict[str, Platform] = {}
        self._keys: list[Key] = []
        self._exact: dict[str, Key] = {}
        self._exact_at: dict[str, int] = {}  # key -> its position in self._keys
        self._by_words: dict[tuple[str, ...], Platform] = {}

    def _add(self, platform: Platform, tier: int) -> None:
        order = len(self._platforms)
        self._platforms.append(platform)
        self._tier[platform.id] = tier
        self._by_id[platform.id] = platform
        for kind, label in self._labels(platform):
            label_words = tuple(words(label))
            if label_words:
                self._by_words.setdefault(label_words, platform)
            for key in name_keys(label):
                owner = self._exact.get(key)
                if owner is not None:
                    if owner.platform.id != platform.id and tier == CURATED == owner.tier:
                        log.warning(
                            "%r names both %s and %s; it stays %s's",
                            label,
                            owner.platform.id,
                            platform.id,
                            owner.platform.id,
                        )
                    continue
                entry = Key(platform, key, label_words, kind, tier, order)
                self._exact[key] = entry
                self._exact_at[key] = len(self._keys)
                self._keys.append(entry)

    def _reindex(self) -> None:
        """Lookup tables over every key, rebuilt when platforms are added."""
        keys = self._keys
        self._all_keys = [entry.key for entry in keys]
        self._sorted = sorted(range(len(keys)), key=lambda i: keys[i].key)
        self._sorted_keys = [keys[i].key for i in self._sorted]
        self._by_head: dict[str, Bucket] = {}  # first two letters (free text)
        self._by_initial: dict[str, Bucket] = {}  # first letter (autocomplete typos)
        self._by_length: dict[int, Bucket] = {}
        later: list[tuple[str, int]] = []
        for index, entry in enumerate(keys):
            self._by_head.setdefault(entry.key[:2], Bucket()).add(index, entry.key)
            self._by_initial.setdefault(entry.key[:1], Bucket()).add(index, entry.key)
            self._by_length.setdefault(len(entry.key), Bucket()).add(index, entry.key)
            later.extend((w, index) for w in entry.words[1:])
        later.sort()
        self._later_words = [w for w, _ in later]
        self._later_owner = [i for _, i in later]
        self._multi_first = {parts[0] for parts in self._by_words if len(parts) > 1}
        self._longest_label = max((len(parts) for parts in self._by_words), default=1)
        self._heads: dict[tuple[str, int], list[str]] = {}
        # Autocomplete ranks as integers (they sort fast): see _rank.
        self._prefix_rank = [self._rank(i, 1 if e.kind < 2 else 2) for i, e in enumerate(keys)]
        self._later_rank = [self._rank(i, 3 if keys[i].kind < 2 else 5) for i in self._later_owner]
        self._inside_rank = [self._rank(i, 4 if e.kind < 2 else 6) for i, e in enumerate(keys)]
        self._blob = "\n" + "\n".join(self._all_keys)  # substring search in one C call
        self._starts = list(itertools.accumulate((len(k) + 1 for k in self._all_keys), initial=0))

    def _rank(self, index: int, match: int) -> int:
        """Sort key of an autocomplete match, packed in one integer: exact names first, then
        curated before discovered, then how it matched (1 prefix ... 7 typo), then catalogue
        order; the low bits are the key's index."""
        entry = self._keys[index]
        group = 0 if match == 0 else 1
        return (((group * 2 + entry.tier) * 8 + match) << 42) | (entry.order << 21) | index

    def _near(self, key: str, allowed: int, buckets: Iterable[Bucket]) -> list[tuple[int, int]]:
        """(key index, distance) of every key in `buckets` within `allowed` typos of `key`."""
        from rapidfuzz import process  # (on first use: a watch cycle never matches names)
        from rapidfuzz.distance import OSA

        found: list[tuple[int, int]] = []
        for bucket in buckets:
            for _, distance, position in process.extract(
                key, bucket.keys, scorer=OSA.distance, score_cutoff=allowed, limit=None
            ):
                found.append((bucket.indexes[position], int(distance)))
        return found

    def _lengths(self, low: int, high: int) -> list[Bucket]:
        return [self._by_length[n] for n in range(max(low, 1), high + 1) if n in self._by_length]

    @staticmethod
    def _labels(platform: Platform) -> Iterable[tuple[int, str]]:
        yield 0, platform.id
        yield 0, platform.id.replace("-", " ").replace("_", " ")
        yield 1, platform.name
        for alias in platform.aliases:
            yield 2, alias

    def _curated_owners(self, ranks: list[int]) -> set[str]:
        keys = self._keys
        return {
            keys[rank & INDEX_MASK].platform.id
            for rank in ranks
            if keys[rank & INDEX_MASK].tier == CURATED
        }

    def _loose_matches(self, key: str, typed: list[str]) -> list[int]:
        """Ranks of the weaker autocomplete matches: a later word of a name starting with the
        first word typed, the text inside a key, a typo in the prefix (first letter kept)."""
        ranks: list[int] = []
        if typed:
            start = bisect.bisect_left(self._later_words, typed[0])
            end = bisect.bisect_left(self._later_words, typed[0] + "{")
            ranks += self._later_rank[start:end]
        if len(key) >= 2:
            position = self._blob.find(key)
            while position != -1:
                index = bisect.bisect_right(self._starts, position - 1) - 1
                ranks.append(self._inside_rank[index])
                position = self._blob.find(key, self._starts[index + 1])
        if len(key) >= 3 and key[:1] in self._by_initial:
            from rapidfuzz import process
            from rapidfuzz.distance import OSA

            allowed = 1 if len(key) <= 6 else 2
            bucket = self._by_initial[key[:1]]
            for length in (len(key) - 1, len(key), len(key) + 1):
                for _, _, position in process.extract(
                    key, self._head_keys(key[:1], length), scorer=OSA.distance,
                    score_cutoff=allowed, limit=None,
                ):  # fmt: skip
                    ranks.append(self._rank(bucket.indexes[position], 7))
        return ranks

    def _head_keys(self, initial: str, length: int) -> list[str]:
        """The keys starting with `initial`, cut to `length` letters (cached): prefix typos."""
        heads = self._heads.get((initial, length))
        if heads is None:
            keys = self._by_initial[initial].keys
            heads = self._heads[(initial, length)] = [k[:length] for k in keys]
        return heads
