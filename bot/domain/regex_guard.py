"""A cheap test in front of a regular expression: the literal text every match must contain.

Most sentences the clause reader looks at contain none of the words an opt-out, consent or
actor pattern needs, yet the regular expression engine tries each of its alternatives at every
position of the sentence. `compile_guarded(source, flags)` parses the pattern once (Python's own
parser, whose tree is then compiled as `re.compile` would) and finds a set of literal strings
of which any match must contain at least one (a literal run of
each alternative, the longest ones). The returned object answers `search`, `match`,
`fullmatch`, `finditer` and `findall` as the pattern does, after checking with `in` that one of
those strings occurs; when none does, the pattern cannot match and is not run.

Exact, not a heuristic: a case-sensitive pattern's strings are looked for in the text as it is;
a case-insensitive pattern's strings are lower-cased and looked for in the lower-cased text,
only when the text is ASCII (where lower-casing is exactly what case-insensitive matching
folds). Other texts, and patterns with no usable literal (every alternative must give one),
go straight to the pattern. Tests compare both on every sentence of the corpus and the
development set.

A case-insensitive pattern also gets a case-sensitive twin with its letters lower-cased
(`twin_code`), run instead of it on text that is ASCII and already lower-case (the clause
reader's match form): case-insensitive matching makes the engine fold every character it
compares and gives up its fast tests of an alternative's first letter, so the twin runs two to
four times faster, with the same matches on such text (see `_lower_case`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.domain import pattern_code

try:  # the parser and compiler behind re.compile (Python 3.11+)
    from re import _compiler, _parser  # type: ignore[attr-defined]
    from re import _constants as sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another implementation: patterns run unguarded
    _parser = None

_MIN_LITERAL = 2  # a one-letter string occurs in nearly every sentence: no gain
# Non-ASCII characters whose lower or upper case holds an ASCII letter (sharp s, dotted and
# dotless i, long s, KELVIN SIGN, the ff/fi/fl/st ligatures): case-insensitively, some match an
# ASCII letter, so in a case-insensitive pattern they end a literal run instead of joining it.
_ASCII_FOLDING = frozenset(
    "\u00df\u0130\u0131\u017f\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of `pattern` contains at least one (lower-cased for a
    case-insensitive pattern), or None when no such set is known."""
    if _parser is None:
        return None
    return _required(_parser.parse(pattern.pattern, pattern.flags), pattern.flags)


def _required(parsed: Any, flags: int) -> frozenset[str] | None:
    ignore_case = bool((flags | parsed.state.flags) & re.IGNORECASE)
    found = _sequence(parsed.data, ignore_case)
    if not found or min(map(len, found)) < _MIN_LITERAL:
        return None
    return frozenset(found)


def _sequence(items: list[tuple[Any, Any]], ignore_case: bool) -> set[str] | None:
    """The best requirement of a sequence of items: literal runs, and what required items
    (groups, alternations, repeats at least once) require; the one whose shortest string is
    longest."""
    options: list[set[str]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is sre.LITERAL and not (ignore_case and chr(arg) in _ASCII_FOLDING):
            char = chr(arg)
            run.append(char.lower() if ignore_case else char)
            continue
        if run:
            options.append({"".join(run)})
            run = []
        if op is not None and op is not sre.LITERAL:
            needed = _item(op, arg, ignore_case)
            if needed:
                options.append(needed)
    if not options:
        return None
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))


def _item(op: Any, arg: Any, ignore_case: bool) -> set[str] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = arg
        if add_flags or del_flags:  # a local (?i:...) or (?-i:...): left alone
            return None
        return _sequence(sub.data, ignore_case)
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            needed = _sequence(branch.data, ignore_case)
            if not needed:
                return None  # an alternative with no literal: nothing is required
            union |= needed
        return union
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = arg
        return _sequence(sub.data, ignore_case) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(arg.data, ignore_case)
    return None  # classes, any character, anchors, look-arounds, back-references


def _lower_case(items: Any) -> bool:
    """Lower-case the letters of a parsed pattern in place, so that without IGNORECASE it
    matches ASCII lower-case text exactly as the case-insensitive pattern does: on such text a
    case-insensitive literal matches its lower case only, and a class (or its negation) the
    lower case of its members. False (pattern left unusable) where that does not hold: a local
    flag group, or a character that folds to an ASCII letter (`_ASCII_FOLDING`)."""
    for index, (op, arg) in enumerate(items.data):
        if op is sre.LITERAL or op is sre.NOT_LITERAL:
            lowered = _lowered(arg)
            if lowered is None:
                return False
            items.data[index] = (op, lowered)
        elif op is sre.IN:
            members = []
            for member_op, member in arg:
                if member_op is sre.LITERAL:
                    lowered = _lowered(member)
                    if lowered is None:
                        return False
                    members += [(member_op, member), (member_op, lowered)]
                elif member_op is sre.RANGE:
                    low, high = member
                    if any(low <= ord(c) <= high for c in _ASCII_FOLDING):
                        return False
                    members.append((member_op, member))
                    upper_low, upper_high = max(low, ord("A")), min(high, ord("Z"))
                    if upper_low <= upper_high:  # its ASCII capitals, lower-cased
                        members.append((member_op, (upper_low + 32, upper_high + 32)))
                elif member_op in (sre.NEGATE, sre.CATEGORY):
                    members.append((member_op, member))
                else:
                    return False
            items.data[index] = (op, members)
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            if add_flags or del_flags or not _lower_case(sub):
                return False
        elif op is sre.BRANCH:
            if not all(_lower_case(branch) for branch in arg[1]):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            if not _lower_case(arg[2]):
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _lower_case(arg[1]):
                return False
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            if not _lower_case(arg):
                return False
        elif op not in (sre.ANY, sre.AT, sre.CATEGORY, sre.GROUPREF):
            return False  # (a conditional group, or an operator this code does not know)
    return True


def _lowered(code: int) -> int | None:
    char = chr(code)
    if char in _ASCII_FOLDING:
        return None
    lowered = char.lower()
    return ord(lowered) if len(lowered) == 1 else None


def twin_code(source: str, flags: int) -> pattern_code.Code | None:
    """The code of `source`'s lower-cased, case-sensitive twin (see `_lower_case`), or None
    when the pattern is case-sensitive or has none."""
    if _parser is None or not flags & re.IGNORECASE:
        return None
    parsed = _parser.parse(source, flags)
    if not parsed.state.flags & re.IGNORECASE or not _lower_case(parsed):
        return None
    parsed.state.flags &= ~re.IGNORECASE
    return pattern_code.code_of(parsed, flags & ~re.IGNORECASE)


class GuardedPattern:
    """A compiled pattern run only when one of its required strings occurs in the text (and,
    for a case-insensitive one, its lower-cased twin on ASCII lower-case text)."""

    __slots__ = ("_ignore_case", "_pattern", "_strings", "_twin", "flags", "pattern")

    def __init__(
        self,
        pattern: re.Pattern[str],
        strings: frozenset[str],
        source: str,
        twin: re.Pattern[str] | None = None,
    ) -> None:
        self._pattern = pattern
        self._strings = tuple(sorted(strings, key=len))  # (any order is right; short first)
        self._ignore_case = bool(pattern.flags & re.IGNORECASE)
        self._twin = twin if self._ignore_case else None
        self.pattern = source
        self.flags = pattern.flags

    def _runner(self, text: str) -> re.Pattern[str] | None:
        """The pattern to run on `text`, or None when it cannot match."""
        if not self._ignore_case:
            return self._pattern if any(map(text.__contains__, self._strings)) else None
        if not text.isascii():
            return self._pattern
        lower = text.lower()
        if not any(map(lower.__contains__, self._strings)):  # (no generator: faster)
            return None
        if self._twin is not None and lower == text:
            return self._twin
        return self._pattern

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        runner = self._runner(text)
        return None if runner is None else runner.search(text, *args)

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        runner = self._runner(text)
        return None if runner is None else runner.match(text, *args)

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        runner = self._runner(text)
        return None if runner is None else runner.fullmatch(text, *args)

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        runner = self._runner(text)
        return iter(()) if runner is None else runner.finditer(text, *args)

    def findall(self, text: str, *args: int) -> list[Any]:
        runner = self._runner(text)
        return [] if runner is None else runner.findall(text, *args)

    def __repr__(self) -> str:
        return f"GuardedPattern({self._pattern!r}, {len(self._strings)} strings)"


def compile_guarded(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)` behind its required strings' test (a `GuardedPattern`), or
    the compiled pattern itself when it has none. The source is parsed once; with a code cache
    installed (bot.domain.pattern_code), not at all when the cache holds it."""
    if _parser is None:
        return re.compile(source, flags)
    flags = int(flags)  # (as re.compile does: a RegexFlag makes every flag test slow)
    key = (source, flags, "guarded")
    stored = pattern_code.cached(key)
    if isinstance(stored, tuple) and len(stored) == 3:  # (anything else: compiled anew)
        strings, code, twin = stored
        compiled = pattern_code.from_code(source, code)
        if compiled is not None:
            return _guarded(compiled, strings, source, twin)
    parsed = _parser.parse(source, flags)
    strings = _required(parsed, flags)
    code = pattern_code.code_of(parsed, flags)
    twin = twin_code(source, flags) if strings is not None else None
    pattern_code.remember(key, (strings, code, twin))
    compiled = pattern_code.from_code(source, code) or _compiler.compile(parsed, flags)
    return _guarded(compiled, strings, source, twin)


def _guarded(
    compiled: re.Pattern[str],
    strings: frozenset[str] | None,
    source: str,
    twin: pattern_code.Code | None,
) -> re.Pattern[str]:
    """The compiled pattern behind its strings' test, with its twin made from `twin`'s code
    (the pattern itself when it has no required strings)."""
    if strings is None:
        return compiled
    lower = pattern_code.from_code(source, twin) if twin is not None else None
    return GuardedPattern(compiled, strings, source, lower)  # type: ignore[return-value]
