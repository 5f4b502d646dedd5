"""`changed_sentence_prints` splits only the blocks one version has: the same prints as splitting
both whole texts, on every corpus revision pair, the development set, and edited versions (a
block added, removed, rewritten, a sentence repeated elsewhere, markup left in)."""

from __future__ import annotations

import hashlib
import random
from functools import lru_cache

import pytest

from bot.domain.dedupe import MAX_SENTENCE_PRINTS, changed_sentence_prints, clause_key
from bot.domain.normalize import normalize_text, split_sentences
from tests.domain.test_prefilter import documents, needs_documents


@lru_cache(maxsize=8)
def prints(text: str) -> frozenset[str]:
    keys = {clause_key(sentence) for sentence in split_sentences(text)}
    return frozenset(
        hashlib.blake2b(key.encode(), digest_size=6).hexdigest() for key in keys if key
    )


def reference(old_normalized: str, new_normalized: str) -> tuple[str, ...]:
    """The definition: every sentence of both texts, fingerprinted, symmetric difference."""
    return tuple(sorted(prints(old_normalized) ^ prints(new_normalized))[:MAX_SENTENCE_PRINTS])


def edits(normalized: str, seed: int) -> list[str]:
    rng = random.Random(seed)
    units = normalized.split("\n\n")
    out = []
    if len(units) > 3:
        i = rng.randrange(len(units))
        out.append("\n\n".join([*units[:i], "We train AI on your uploads.", *units[i + 1 :]]))
        words = units[i].split(" ")
        words[rng.randrange(len(words))] = "changed"
        out.append("\n\n".join([*units[:i], " ".join(words), *units[i + 1 :]]))  # rewritten
        # a sentence of one block repeated inside another block, then that block edited
        first = split_sentences(units[0])[:1]
        if first:
            j = rng.randrange(1, len(units))
            copy = units[j] + " " + first[0]
            twice = [*units[:j], copy, *units[j + 1 :]]
            out.append("\n\n".join([twice[0] + " Also new.", *twice[1:]]))
        out.append(normalized + "\n\nA <b>tag</b> left. In the text.")
    return out


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),
        ("", "One. Two."),
        ("One. Two.\n\nThree.", "One. Two.\n\nThree. Four."),
        ("Same.\n\nSame. Other.", "Same.\n\nOther."),  # "Same." stays in a shared block
        ("A.\n\nB.", "B.\n\nA."),  # blocks moved: nothing changed
        ("Keep. Drop.", "Keep."),
        ("x <\n\nbr> y", "x y"),  # a tag-like text: read whole
    ],
)
def test_small_cases_match_the_definition(old: str, new: str) -> None:
    assert changed_sentence_prints(old, new) == reference(old, new)


@needs_documents
def test_prints_match_the_definition_on_every_document() -> None:
    paths = documents()
    texts = [normalize_text(p.read_text(encoding="utf-8", errors="replace")) for p in paths]
    pairs = [  # consecutive revisions of one document
        (texts[i - 1], texts[i])
        for i in range(1, len(paths))
        if paths[i - 1].parent == paths[i].parent
    ]
    for seed, text in enumerate(texts):
        pairs += [(text, edited) for edited in edits(text, seed)]
    for old, new in pairs:  # (in order: the original text's prints are computed once)
        assert changed_sentence_prints(old, new) == reference(old, new)
