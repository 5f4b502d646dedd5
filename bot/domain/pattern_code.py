"""Compiling the classifier's patterns from code compiled by an earlier process.

Each process that reads terms compiles a few hundred regular expressions (about 0.2-0.3 CPU s,
most of what a `check` with 25 changed pages spends before its first page): Python parses each
pattern and generates its matching code in Python. The code itself is a list of integers that
`_sre.compile` turns into the same pattern object in microseconds. `compile_pattern` is
`re.compile` that takes that code from a `CodeCache` when one is installed
(`use_code_cache`; `bot.adapters.pattern_cache` keeps one in a file, as Python keeps bytecode),
and gives the cache what it compiled when it is not there.

Exact by construction: the code, flags and group tables passed to `_sre.compile` are those
`re.compile` passes for the same source and flags; a cache is only used with the engine it was
made by (`ENGINE`: Python's cache tag, patch release and the engine's magic number, part of
the cache's file name). Without `_sre` (another Python implementation) this is `re.compile`.
Pure: no I/O here.
"""

from __future__ import annotations

import re
import sys
from array import array
from typing import Any, Protocol

try:  # the parser, code generator and engine behind re.compile (CPython 3.11+)
    import _sre  # type: ignore[import-not-found]
    from re import (  # type: ignore[attr-defined]
        _compiler,
        _constants,  # type: ignore[attr-defined]
        _parser,
    )

    # the Python release and the code format: a patch release may generate other code
    ENGINE = f"{sys.implementation.cache_tag}.{sys.version_info.micro}-{_constants.MAGIC}"
except ImportError:  # pragma: no cover - no code cache: plain re.compile
    _sre = None
    ENGINE = ""

# (final flags, code, number of groups - 1, group index, index group): _sre.compile's arguments,
# the code as the bytes of an array of unsigned 32-bit words (a list of ints would hold 36 bytes
# a word in memory)
Code = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_WORD = "I" if array("I").itemsize == 4 else "L"


class CodeCache(Protocol):
    """Compiled code by (pattern source, flags, what was stored)."""

    def get(self, key: tuple[str, int, str]) -> Any: ...

    def put(self, key: tuple[str, int, str], value: Any) -> None: ...


_cache: CodeCache | None = None


def use_code_cache(cache: CodeCache | None) -> None:
    """Take compiled code from `cache` from now on (None: compile every pattern)."""
    global _cache
    _cache = cache


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, from the installed cache's code when it holds it."""
    flags = int(flags)
    if _cache is None or _sre is None:
        return re.compile(source, flags)
    key = (source, flags, "code")
    code = _cache.get(key)
    if code is not None:
        pattern = from_code(source, code)
        if pattern is not None:
            return pattern
    parsed = _parser.parse(source, flags)
    code = code_of(parsed, flags)
    _cache.put(key, code)
    return from_code(source, code) or re.compile(source, flags)


def code_of(parsed: Any, flags: int) -> Code:
    """What `re._compiler.compile` gives `_sre.compile` for a parsed pattern."""
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    program = array(_WORD, code).tobytes()
    return (
        int(flags | parsed.state.flags),
        program,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def from_code(source: str | None, code: Any) -> re.Pattern[str] | None:
    """The pattern object for `code` (see `Code`), or None when it is not such code."""
    try:
        final_flags, program, groups, groupindex, indexgroup = code
        words = array(_WORD)
        words.frombytes(program)
        return _sre.compile(  # type: ignore[no-any-return]
            source, final_flags, words.tolist(), groups, dict(groupindex), tuple(indexgroup)
        )
    except (TypeError, ValueError, RuntimeError, OverflowError, BufferError):
        return None


def cached(key: tuple[str, int, str]) -> Any:
    """What the installed cache holds for `key` (None: nothing, or no cache)."""
    return None if _cache is None else _cache.get(key)


def remember(key: tuple[str, int, str], value: Any) -> None:
    if _cache is not None:
        _cache.put(key, value)
