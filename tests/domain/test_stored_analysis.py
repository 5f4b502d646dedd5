"""Each snapshot's stored analysis (normalised text and clauses) stands in for analysing the old
version again: the comparison is the same on every consecutive pair of versions of the corpus and
the development set, the old side is not normalised or searched again, and an analysis made by
another version of the classifier is ignored."""

from __future__ import annotations

import dataclasses
import itertools
import json
from functools import cache
from pathlib import Path

import pytest

import bot.domain.diff as diff_module
from bot.domain.analysis import analyse_text, dump_analysis, load_analysis
from bot.domain.clauses import find_ai_clauses
from bot.domain.diff import compare
from bot.domain.normalize import normalize_text
from bot.domain.sentence import Clause
from tests.domain.test_prefilter import documents


@cache
def version_pairs() -> list[tuple[Path, Path]]:
    """Consecutive versions of each document (corpus and development set)."""
    by_document: dict[Path, list[Path]] = {}
    for path in documents():
        by_document.setdefault(path.parent, []).append(path)
    return [(a, b) for paths in by_document.values() for a, b in itertools.pairwise(paths)]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


needs_pairs = pytest.mark.skipif(not version_pairs(), reason="no corpus or devset present")


def test_a_clause_is_stored_whole() -> None:
    """dump_analysis/load_analysis write these fields: a new field of Clause must be added there."""
    names = [f.name for f in dataclasses.fields(Clause)]
    assert names == ["quote", "aspect", "signals", "reading", "position", "context"]


@needs_pairs
def test_the_stored_analysis_is_the_analysis() -> None:
    for old, _ in version_pairs():
        normalized = normalize_text(read(old))
        clauses = find_ai_clauses(normalized)
        assert load_analysis(dump_analysis(normalized, clauses)) == (normalized, clauses), old


@needs_pairs
def test_comparing_with_the_stored_analysis_gives_the_same_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Same events, fingerprints and ai_relevant as comparing the two texts, and the old text is
    neither normalised nor searched for clauses again."""
    expected = {}
    stored = {}
    for old, new in version_pairs():
        old_text, new_text = read(old), read(new)
        expected[new] = compare(old_text, new_text, platform_name="P", document_label="terms")
        stored[old] = analyse_text(old_text).stored
        assert stored[old]
    calls: list[str] = []
    real_normalize, real_find = diff_module.normalize_text, diff_module.find_ai_clauses
    monkeypatch.setattr(
        diff_module, "normalize_text", lambda t: calls.append(t) or real_normalize(t)
    )
    monkeypatch.setattr(diff_module, "find_ai_clauses", lambda t: calls.append(t) or real_find(t))
    for old, new in version_pairs():
        got = analyse_text(
            read(new),
            previous_digest="stored",
            previous_text=read(old),
            previous_analysis=stored[old],
            platform_name="P",
            document_label="terms",
        )
        assert got.change == expected[new], (old, new)
        assert got.verdict == expected[new].after
    assert calls == []  # the diff re-analysed no text: neither the stored one nor the new one


@needs_pairs
def test_an_analysis_of_another_classifier_version_is_recomputed() -> None:
    old, new = version_pairs()[0]
    old_text, new_text = read(old), read(new)
    head, _, normalized = analyse_text(old_text).stored.partition("\n")
    data = json.loads(head)
    data["v"] = "another"
    data["clauses"] = []  # stale: would hide every old clause if it were used
    stale = json.dumps(data) + "\n" + normalized
    assert load_analysis(stale) is None
    for previous_analysis in (stale, "", "not json", "not json\ntext", '{"v": 1}\n'):
        got = analyse_text(
            new_text,
            previous_digest="stored",
            previous_text=old_text,
            previous_analysis=previous_analysis,
            platform_name="P",
            document_label="terms",
        )
        assert got.change == compare(old_text, new_text, platform_name="P", document_label="terms")
