"""The whole-document pre-filter and the one-pass analysis give exactly classify's verdicts.

Run over every corpus document and every development-set document that is present: the
repository's tests/devset/docs, plus any folders named in TERMSWATCH_DEVSET_DIRS (os.pathsep
separated), e.g. the devset worktrees before they are merged.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from bot.domain.analysis import analyse_text
from bot.domain.clauses import find_ai_clauses
from bot.domain.diff import compare
from bot.domain.models import PlatformTraining, ThirdPartyTraining
from bot.domain.normalize import _SPACE, _collapse_spaces, blocks, content_hash, normalize_text
from bot.domain.prefilter import classify_fast, classify_normalized, mentions_ai
from bot.domain.verdict import classify, verdict_from_clauses
from tests.conftest import CORPUS, REPO


def _devset_dirs() -> list[Path]:
    dirs = [REPO / "tests" / "devset" / "docs"]
    dirs += [Path(d) for d in os.environ.get("TERMSWATCH_DEVSET_DIRS", "").split(os.pathsep) if d]
    return [d for d in dirs if d.is_dir()]


@cache
def documents() -> list[Path]:
    found = sorted(CORPUS.glob("*/*/*.md")) if CORPUS.is_dir() else []
    for folder in _devset_dirs():
        found += sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt"))
    return found


needs_documents = pytest.mark.skipif(not documents(), reason="no corpus or devset present")
EMPTY = verdict_from_clauses([])  # the verdict the classifier gives a text with no AI sentence


def test_empty_verdict_is_not_mentioned() -> None:
    assert classify_normalized("Nothing here but shipping terms.") == EMPTY
    assert EMPTY.platform_training is PlatformTraining.NOT_MENTIONED
    assert EMPTY.third_party_training is ThirdPartyTraining.NOT_MENTIONED


@pytest.mark.parametrize(
    "text",
    [
        "We train machine learning models on your uploads.",
        "We may use your content to improve our A.I. features.",
        "Nous utilisons vos contenus pour l'apprentissage automatique.",
        "Your **A**I data",
        "LLM",
        "Gen\u00adAI training",
    ],
)
def test_ai_vocabulary_is_never_filtered_out(text: str) -> None:
    normalized = normalize_text(text)
    assert mentions_ai(normalized)
    assert classify_fast(text) == classify(text)


@needs_documents
def test_prefilter_never_skips_a_document_with_a_verdict() -> None:
    """Every document the pre-filter skips has the empty verdict under the full finder, and the
    fast path gives classify's verdict on every document."""
    skipped = 0
    for path in documents():
        text = path.read_text(encoding="utf-8", errors="replace")
        normalized = normalize_text(text)
        full = classify(text)
        if not mentions_ai(normalized):
            skipped += 1
            assert find_ai_clauses(normalized) == [], path
            assert full == EMPTY, path
        assert classify_normalized(normalized) == full, path
    assert skipped > 0  # the corpus has documents without any AI vocabulary


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_one_pass_analysis_equals_the_separate_steps() -> None:
    """analyse_text: content_hash, classify, and compare with the previous version of the same
    document (consecutive dated versions of each corpus document)."""
    by_document: dict[Path, list[Path]] = {}
    for path in documents():
        if not path.is_relative_to(CORPUS):
            continue
        by_document.setdefault(path.parent, []).append(path)
    for versions in by_document.values():
        previous: str | None = None
        for path in versions[:3]:
            text = path.read_text(encoding="utf-8", errors="replace")
            got = analyse_text(text, previous_text=previous, platform_name="P", document_label="x")
            assert got.digest == content_hash(text), path
            assert got.verdict == classify(text), path
            if previous is not None:
                assert got.change == compare(previous, text, platform_name="P", document_label="x")
            assert analyse_text(text, previous_digest=got.digest).unchanged
            previous = text


@needs_documents
def test_space_collapsing_shortcut_is_exact() -> None:
    samples = ["a  b", "a\tb", "a \t b", "a\rb", "a\fb\vc", "one space only", " lead", "trail  "]
    for path in documents():
        text = path.read_text(encoding="utf-8", errors="replace")
        samples += blocks(text)
        samples += text.split("\n")
    for sample in samples:
        assert _collapse_spaces(sample) == _SPACE.sub(" ", sample), repr(sample[:80])
