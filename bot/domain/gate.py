"""The clause finder's gate: which blocks of a normalised text it reads at all.

A block is read when it holds one of the gate words (`ai_terms._PREFILTER_WORDS`, plus the
words of the languages whose letters the text has, `gated_words`), or a capital short form
(AI, ML, ...) with a short form standing alone in its lower case (`_PREFILTER_SHORT`).
`Prefilter` finds where all of them occur in one pass over the whole text, so that the finder
(`bot.domain.clauses`) knows the blocks to read without testing each block with each word.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from operator import add

from ahocorasick_rs import BytesAhoCorasick

from bot.domain.ai_terms import _PREFILTER_SHORT, _PREFILTER_WORDS, gated_words

SHORT_CASED = ("AI", "IA", "ML", "KI", "A.I", "GAI", "Ai ", "LLM")


# Every gate word's occurrences, found in one pass over the lowered text's UTF-8 (an
# Aho-Corasick automaton, reporting overlapping matches: "entrain" holds both "entr" and
# "train"), instead of one str.find scan per word: the scans were the costliest part of reading
# a document. (The automata search bytes: searching a str, the library maps every byte offset
# to a character offset, a table the size of the text, each time.)
_GATE_WORDS = BytesAhoCorasick([word.encode() for word in _PREFILTER_WORDS])
_SHORT_FORMS = BytesAhoCorasick([form.encode() for form in SHORT_CASED])
# `_PREFILTER_SHORT` (ai, ia, ml, gai, ki standing alone, or a.i.) over a whole lowered text: the
# regex, which starts with a look-behind, tries every position (about 1.3 ms a document); these
# strings occur some 200 times in a long text, each checked for its neighbours here.
_SHORT_WORDS = (b"ai", b"ia", b"ml", b"gai", b"ki")
_SHORT_WORD_HITS = BytesAhoCorasick([*_SHORT_WORDS, b"a.i."])
_ASCII_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")  # (byte values)


def has_short_form(lower: str, data: bytes | None = None) -> bool:
    """`bool(_PREFILTER_SHORT.search(lower))` (`data`: `lower` in UTF-8, if at hand). A byte
    next to a hit that is not an ASCII letter or digit is a character that is not one either
    (a character outside ASCII is bytes of 0x80 and above in UTF-8)."""
    data = lower.encode() if data is None else data
    end_of_text = len(data)
    for index, start, end in _SHORT_WORD_HITS.find_matches_as_indexes(data, overlapping=True):
        if index == len(_SHORT_WORDS):  # "a.i." needs no neighbours
            return True
        if (start == 0 or data[start - 1] not in _ASCII_ALNUM) and (
            end == end_of_text or data[end] not in _ASCII_ALNUM
        ):
            return True
    return False


def _starts(lines: list[str] | list[bytes]) -> list[int]:
    """The offset of each of `lines` in "\\n\\n".join(lines)."""
    lengths = accumulate(map(len, lines[:-1]), initial=0)
    return list(map(add, lengths, range(0, 2 * len(lines), 2)))


class Prefilter:
    """Cheap test before the real analysis: substring search is far faster than regex.

    Every gate word's occurrences are found in one pass over the lowered text (`_GATE_WORDS`);
    only the words that occur somewhere in the document are looked for sentence by sentence, and
    the short acronyms (AI, IA, ML, KI) only where they are written in capitals. Where the gate
    words occur is found once over the whole text (`line_hits`), not block by block."""

    def __init__(self, text: str, lower: str | None = None) -> None:
        self.text = text
        self.lower = lower = text.lower() if lower is None else lower
        self._data = data = lower.encode()  # (UTF-8: what the automata search)
        found: dict[str, list[int]] = {}  # gate word -> its offsets in `data`, in order
        for index, start, _end in _GATE_WORDS.find_matches_as_indexes(data, overlapping=True):
            found.setdefault(_PREFILTER_WORDS[index], []).append(start)
        gated = gated_words(lower)
        for word in gated:
            encoded = word.encode()
            at = data.find(encoded)
            while at >= 0:
                found.setdefault(word, []).append(at)
                at = data.find(encoded, at + 1)
        self.found = found
        self.words = tuple(w for w in (*_PREFILTER_WORDS, *gated) if w in found)
        self._cased = cased = text.encode()
        # where the capital short forms are (their offsets in `cased`: each line holding one
        # is reported, an occurrence overlapping a reported one being in the same line)
        self._short_at = [start for _, start, _ in _SHORT_FORMS.find_matches_as_indexes(cased)]
        self.short = bool(self._short_at) or "a.i." in lower

    def mentions_ai(self) -> bool:
        """`bot.domain.prefilter.mentions_ai(text)`."""
        return bool(self.words) or has_short_form(self.lower, self._data)

    def __call__(self, block: str, lower: str) -> bool:
        if any(map(lower.__contains__, self.words)):
            return True
        return (
            self.short
            and any(map(block.__contains__, SHORT_CASED))
            and bool(_PREFILTER_SHORT.search(lower))
        )

    def line_hits(self, lines: list[str]) -> tuple[list[bool], list[str]] | None:
        """For `lines` (the text split at its blank lines, "\\n\\n"): `self(line, line.lower())`
        of each, and each line lowered; None when the lowered text does not split alike."""
        lowers = self.lower.split("\n\n")
        if len(lowers) != len(lines):
            return None
        hit = [False] * len(lines)
        # the lines' offsets in the UTF-8 the gate words were found in
        starts = _starts(lowers if self.lower.isascii() else self._data.split(b"\n\n"))
        for offsets in self.found.values():
            for at in offsets:
                hit[bisect_right(starts, at) - 1] = True
        if self._short_at:  # a capital acronym in the line, then the short forms in its lower
            text_starts = _starts(lines if self.text.isascii() else self._cased.split(b"\n\n"))
            read = set()
            for at in self._short_at:
                k = bisect_right(text_starts, at) - 1
                if not hit[k] and k not in read:
                    read.add(k)
                    hit[k] = bool(_PREFILTER_SHORT.search(lowers[k]))
        return hit, lowers
