"""The platforms the bot knows, and finding one from what people type.

Pure: no I/O. Two tiers: the curated catalogue (artist platforms with hand-checked documents)
and services discovered at run time (e.g. every service Open Terms Archive tracks), added with
`add_discovered`. Curated platforms always win: a discovered service never takes a curated
name, autocomplete lists curated platforms first (after an exact name), and free-text questions
and near misses prefer them.

Matching works on keys (`bot.domain.names`): exact id/name/alias > prefix > typo, typos measured
with rapidfuzz's optimal-string-alignment distance under a cutoff that grows with the length of
the name, so that an unrelated name is never offered.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Sequence

from bot.domain.models import CATEGORIES, Platform
from bot.domain.names import (
    COMMON_WORDS,
    ORDINARY_NAMES,
    allowed_edits,
    free_text_edits,
    name_keys,
    question_words,
    words,
)
from bot.domain.platform_index import CURATED, DISCOVERED, INDEX_MASK, KeyIndex

log = logging.getLogger(__name__)

# Only the start of a very long text is searched for a platform name.
_MAX_WORDS = 400
# Longest run of words a name is matched on in free text ("archive of our own" = 4).
_MAX_NAME_WORDS = 5
# "Did you mean": names at least this similar (0-1, insertions/deletions) also count.
_SIMILAR = 0.8


class PlatformDirectory(KeyIndex):
    """Every known platform, looked up by id, name, alias or a near miss."""

    def __init__(self, platforms: Sequence[Platform]) -> None:
        super().__init__()
        for platform in platforms:
            if platform.id in self._by_id:
                raise ValueError(f"platform id {platform.id!r} is listed twice")
            self._add(platform, CURATED)
        self._reindex()

    def add_discovered(self, platforms: Iterable[Platform]) -> list[Platform]:
        """Add services found at run time, after the curated ones, in place (every service
        holding this directory sees them). A curated id is never replaced, and a discovered
        service never takes a name or alias a known platform already has. A discovered service
        seen again with other details (say, a new document) is updated. Returns the platforms
        added or updated."""
        changed = [
            p for p in platforms if self._tier.get(p.id) != CURATED and self._by_id.get(p.id) != p
        ]
        if not changed:
            return []
        fresh = {p.id: p for p in changed}
        if any(p.id in self._by_id for p in changed):  # an update: index everything again
            curated, discovered = self.curated(), self.discovered()
            self.__init__(curated)  # type: ignore[misc]
            for platform in discovered:
                self._add(fresh.pop(platform.id, platform), DISCOVERED)
        for platform in fresh.values():
            self._add(platform, DISCOVERED)
        self._reindex()
        return changed

    # ------------------------------------------------------------ plain lookups

    def get(self, platform_id: str) -> Platform | None:
        return self._by_id.get(platform_id)

    def name_of(self, platform_id: str) -> str:
        """The platform's display name; the id itself for a platform no longer known."""
        platform = self._by_id.get(platform_id)
        return platform.name if platform else platform_id

    def all(self) -> list[Platform]:
        """Curated platforms in catalogue order, then discovered ones."""
        return list(self._platforms)

    def curated(self) -> list[Platform]:
        return [p for p in self._platforms if self._tier[p.id] == CURATED]

    def discovered(self) -> list[Platform]:
        return [p for p in self._platforms if self._tier[p.id] == DISCOVERED]

    def is_curated(self, platform_id: str) -> bool:
        return self._tier.get(platform_id) == CURATED

    def in_category(self, category: str) -> list[Platform]:
        return [p for p in self._platforms if p.category == category]

    def categories(self) -> list[tuple[str, str, int]]:
        """(id, label, platform count) of every category that has platforms, in CATEGORIES order
        (unknown categories last)."""
        counts: dict[str, int] = {}
        for platform in self._platforms:
            counts[platform.category] = counts.get(platform.category, 0) + 1
        ordered = [c for c in CATEGORIES if c in counts] + sorted(set(counts) - set(CATEGORIES))
        return [(c, CATEGORIES.get(c, c), counts[c]) for c in ordered]

    def __len__(self) -> int:
        return len(self._platforms)

    def __contains__(self, platform_id: object) -> bool:
        return platform_id in self._by_id

    # ------------------------------------------------------------ resolving a name

    def resolve(self, text: str) -> Platform | None:
        """The platform a short text names: exact id/name/alias (ignoring case, spaces,
        punctuation, a leading "the" and a web suffix), else the single closest key within a
        few typos (curated platforms first)."""
        keys = name_keys(text)
        if not keys:
            return None
        for key in keys:
            exact = self._exact.get(key)
            if exact is not None:
                return exact.platform
        return self._fuzzy(keys[-1])

    def _fuzzy(self, key: str, *, free_text: bool = False) -> Platform | None:
        """The single platform whose key is within the allowed typos of `key`, if any; curated
        platforms are tried first. In free text the rules are stricter: long words only, same
        first two letters."""
        edits = free_text_edits if free_text else allowed_edits
        allowed = edits(len(key))
        if allowed == 0 or key in COMMON_WORDS:
            return None
        if free_text:
            head = self._by_head.get(key[:2])
            buckets = [head] if head is not None else []
        else:
            buckets = self._lengths(len(key) - allowed, len(key) + allowed)
        found = self._near(key, allowed, buckets)
        best: dict[str, tuple[int, int]] = {}  # platform id -> (tier, distance)
        for index, distance in found:
            entry = self._keys[index]
            if distance > min(allowed, edits(len(entry.key))):
                continue
            pid = entry.platform.id
            best[pid] = min(best.get(pid, (entry.tier, distance)), (entry.tier, distance))
        if not best:
            return None
        top = min(best.values())
        winners = [pid for pid, rank in best.items() if rank == top]
        if len(winners) > 1:  # ambiguous near miss: better to ask than to guess
            return None
        return self._by_id[winners[0]]

    # ------------------------------------------------------------ free text

    def find_in(self, question: str) -> Platform | None:
        """The platform a free-text question is about, if it names one (typos tolerated).
        @handles are ignored and links count only by their host ("soundcloud.com/x").
        A match inside a longer one loses ("youtube music" beats "youtube"); exact matches beat
        near misses, names that are not ordinary words beat those that are ("medium"), curated
        platforms beat discovered ones; then the earliest in the text wins."""
        tokens = question_words(question)[:_MAX_WORDS]
        if not tokens:
            return None
        # (start, end, fuzzy, ordinary word, tier, platform)
        matches: list[tuple[int, int, int, int, int, Platform]] = []
        memo: dict[tuple[str, ...], tuple[Platform, int] | None] = {}
        for size in range(min(self._longest_label, _MAX_NAME_WORDS), 0, -1):
            for start in range(0, len(tokens) - size + 1):
                parts = tuple(tokens[start : start + size])
                if (
                    size > 1
                    and parts[0] not in self._multi_first
                    and (size > 2 or len(parts[0]) < 3 or len(parts[1]) < 3)
                ):
                    continue  # neither a label's words nor two words spelling a name
                if parts not in memo:
                    memo[parts] = self._match_words(parts)
                found = memo[parts]
                if found is not None:
                    platform, fuzzy = found
                    ordinary = int(size == 1 and parts[0] in ORDINARY_NAMES)
                    tier = self._tier[platform.id]
                    matches.append((start, start + size, fuzzy, ordinary, tier, platform))
        if not matches:
            return None

        def covered(m: tuple[int, int, int, int, int, Platform]) -> bool:
            """Inside a longer match that is exact (or at least as sure as m)."""
            return any(
                o[0] <= m[0] and m[1] <= o[1] and (o[1] - o[0]) > (m[1] - m[0]) and o[2] <= m[2]
                for o in matches
            )

        outer = [m for m in matches if not covered(m)]
        outer.sort(key=lambda m: (m[2], m[3], m[4], m[0], -(m[1] - m[0])))
        return outer[0][5]

    def _match_words(self, parts: tuple[str, ...]) -> tuple[Platform, int] | None:
        """(platform, 1 if a near miss else 0) for a run of words from a question.
        Several words match only as a label's own words ("youtube music", "buy me a coffee"),
        or as two words of three letters or more that spell one name ("tune core", "you tube")."""
        if len(parts) > 1:
            labelled = self._by_words.get(parts)
            if labelled is not None:
                return labelled, 0
            if len(parts) > 2 or min(len(p) for p in parts) < 3:
                return None
        joined = "".join(parts)
        exact = self._exact.get(joined)
        if exact is not None:
            return exact.platform, 0
        near = self._fuzzy(joined, free_text=True)
        return (near, 1) if near is not None else None

    # ------------------------------------------------------------ suggestions

    def suggest(self, prefix: str, limit: int = 25) -> list[Platform]:
        """Platforms for autocomplete. Empty prefix: the first `limit` in catalogue order.
        Otherwise a platform named exactly so, then curated platforms, then discovered ones,
        each ranked: prefix of a name, of an alias, a later word of a name (then of an alias)
        starting with it, the text inside a name (then an alias), a typo in the prefix."""
        if limit <= 0:
            return []
        keys = name_keys(prefix)
        if not keys:
            return self._platforms[:limit]
        key = keys[0]
        ranks = [self._rank(self._exact_at[k], 0) for k in keys if k in self._exact_at]
        start = bisect.bisect_left(self._sorted_keys, key)
        end = bisect.bisect_left(self._sorted_keys, key + "{")  # "{" sorts after a-z and 0-9
        prefix_rank = self._prefix_rank
        ranks += [prefix_rank[i] for i in self._sorted[start:end]]
        if len(self._curated_owners(ranks)) < limit:  # looser curated matches still rank higher
            ranks += self._loose_matches(key, words(prefix))
        chosen: list[Platform] = []
        seen: set[str] = set()
        for rank in sorted(ranks):
            platform = self._keys[rank & INDEX_MASK].platform
            if platform.id not in seen:
                seen.add(platform.id)
                chosen.append(platform)
                if len(chosen) == limit:
                    break
        return chosen

    def close_matches(self, text: str, n: int = 3) -> list[Platform]:
        """Up to n platforms the text may have meant, best first ("did you mean ...?"): the
        platform it resolves to, then names within a few typos, names it is the start of, or
        names very similar to it; curated before discovered. Nothing unrelated: "tunecore"
        never suggests Apple Music."""
        keys = name_keys(text)
        if not keys or n <= 0:
            return []
        key = keys[-1]
        result: list[Platform] = []
        direct = self.resolve(text)
        if direct is not None:
            result.append(direct)
        allowed = max(allowed_edits(len(key)), 1 if len(key) >= 3 else 0)
        scored: dict[str, tuple[int, float, int]] = {}

        def consider(index: int, score: float) -> None:
            entry = self._keys[index]
            rank = (entry.tier, score, entry.order)
            pid = entry.platform.id
            if pid not in scored or rank < scored[pid]:
                scored[pid] = rank

        if allowed:
            buckets = self._lengths(max(len(key) - allowed, allowed + 1), len(key) + allowed)
            for index, distance in self._near(key, allowed, buckets):
                consider(index, float(distance))
        if len(key) >= 3:
            start = bisect.bisect_left(self._sorted_keys, key)
            end = bisect.bisect_left(self._sorted_keys, key + "{")
            for index in self._sorted[start:end]:
                consider(index, allowed + 0.5)
        if len(key) >= 5:
            from rapidfuzz import process  # (on first use: a watch cycle never matches names)
            from rapidfuzz.distance import Indel

            for bucket in self._lengths((len(key) * 2) // 3, (len(key) * 3) // 2 + 1):
                for _, _, position in process.extract(
                    key, bucket.keys, scorer=Indel.normalized_similarity,
                    score_cutoff=_SIMILAR, limit=None,
                ):  # fmt: skip
                    consider(bucket.indexes[position], allowed + 1.0)
        for pid, _ in sorted(scored.items(), key=lambda item: item[1]):
            platform = self._by_id[pid]
            if platform not in result:
                result.append(platform)
        if not result:
            found = self.find_in(text)
            if found is not None:
                result.append(found)
        return result[:n]
