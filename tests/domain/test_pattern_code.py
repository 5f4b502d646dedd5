"""Patterns from cached code are the patterns `re.compile` makes (bot.domain.pattern_code)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.domain import ai_terms, pattern_code
from bot.domain.normalize import split_sentences
from bot.domain.regex_guard import GuardedPattern, compile_guarded

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


class DictCache:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, int, str], Any] = {}
        self.hits = 0

    def get(self, key: tuple[str, int, str]) -> Any:
        value = self.entries.get(key)
        self.hits += value is not None
        return value

    def put(self, key: tuple[str, int, str], value: Any) -> None:
        self.entries[key] = value


@pytest.fixture
def cache() -> Iterator[DictCache]:
    cache = DictCache()
    pattern_code.use_code_cache(cache)
    try:
        yield cache
    finally:
        pattern_code.use_code_cache(None)


def _sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*/*.md"))[:6]]
    found = [s for t in texts for s in split_sentences(t)]
    return [*found, *(s.lower() for s in found), "We train AI models on your content.", ""]


def _sources() -> list[tuple[str, int]]:
    vocabularies = (ai_terms.BASE, ai_terms.full_vocab())
    return sorted({(s.source, s.flags) for v in vocabularies for s in v._sources.values()})


def _same_results(a: Any, b: Any, texts: list[str]) -> None:
    for text in texts:
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
        found_a, found_b = a.search(text), b.search(text)
        assert (found_a and found_a.groups()) == (found_b and found_b.groups())


@pytest.mark.skipif(not pattern_code.ENGINE, reason="CPython's regex engine only")
def test_a_pattern_from_cached_code_is_the_compiled_pattern(cache: DictCache) -> None:
    texts = _sentences()
    for source, flags in [*_sources(), (r"(?P<who>we|you) (?:may )?(train)\b", re.I)]:
        fresh = re.compile(source, flags)
        first = pattern_code.compile_pattern(source, flags)  # compiled, given to the cache
        again = pattern_code.compile_pattern(source, flags)  # from the cached code
        for pattern in (first, again):
            assert (pattern.pattern, pattern.flags, pattern.groups) == (
                fresh.pattern,
                fresh.flags,
                fresh.groups,
            )
            assert pattern.groupindex == fresh.groupindex
        _same_results(again, fresh, texts[::7])
    assert cache.hits == len(_sources()) + 1


@pytest.mark.skipif(not pattern_code.ENGINE, reason="CPython's regex engine only")
def test_a_guarded_pattern_from_cached_code_keeps_its_strings(cache: DictCache) -> None:
    texts = _sentences()
    for source, flags in _sources():
        first = compile_guarded(source, flags)
        again = compile_guarded(source, flags)
        assert type(first) is type(again)
        if isinstance(first, GuardedPattern):
            assert first._strings == again._strings  # type: ignore[attr-defined]
        _same_results(again, re.compile(source, flags), texts[::11])


def test_without_a_cache_or_with_broken_code_it_is_re_compile(cache: DictCache) -> None:
    key = (r"\bopt[- ]?out\b", 0, "code")
    cache.entries[key] = ("not", "code")  # not what code_of gives: compiled anew
    pattern = pattern_code.compile_pattern(r"\bopt[- ]?out\b")
    assert pattern.search("you may opt-out at any time")
    pattern_code.use_code_cache(None)
    assert pattern_code.compile_pattern("x+").fullmatch("xxx")
