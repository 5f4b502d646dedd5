"""`bot.domain.regex_guard`: a pattern behind the test for the literal text its matches need
finds exactly what the plain pattern finds (every vocabulary pattern, on every sentence of the
corpus and the development set that the clause reader could see, and on texts made to trip it),
and a pattern is left unguarded when no such text is known."""

from __future__ import annotations

import re
from functools import cache

import pytest

from bot.domain import ai_terms, pattern_code
from bot.domain.normalize import normalize_text, split_sentences
from bot.domain.prefilter import mentions_ai
from bot.domain.regex_guard import GuardedPattern, compile_guarded, required_literals
from tests.domain.test_prefilter import documents, needs_documents


@pytest.mark.parametrize(
    ("source", "flags", "matching"),
    [
        (r"\bopt[- ]?out\b|\bobject to\b", re.I, ["Opt-Out now", "you may OBJECT TO it"]),
        (r"Train(?:ing)? (?:our|its) models", 0, ["Train our models", "Training its models"]),
        (r"(?:we|our) train", re.I, ["We train", "OUR TRAIN"]),
        (r"\bAI\b|Machine Learning", re.I, ["ai", "MACHINE LEARNING"]),
        (r"\bAI\b|Machine Learning", 0, ["AI", "Machine Learning"]),
        (r"(?:data ){1,3}mining", re.I, ["Data Data mining"]),
        (r"x{0,3}models", 0, ["xxmodels", "models"]),
        (r"train|\w+ing", re.I, ["TRAIN", "sharing"]),  # "ing" is needed by the second
    ],
)
def test_required_literals(source: str, flags: int, matching: list[str]) -> None:
    strings = required_literals(re.compile(source, flags))
    assert strings and min(map(len, strings)) >= 2
    if flags & re.I:
        assert all(s == s.lower() for s in strings)
    for text in matching:
        found = re.search(source, text, flags)
        assert found, text
        seen = found.group(0).lower() if flags & re.I else found.group(0)
        assert any(s in seen for s in strings), (text, strings)


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"train|\w+", re.I),  # an alternative with no literal: nothing is required
        (r"(?:models){0,2}\w", 0),  # an optional literal is not required
        (r"a|b", 0),  # one-letter strings are in every sentence
        (r"(?i:model)s", 0),  # local flags: left alone (here, "s" alone is too short)
        ("\u017fo", re.I),  # LONG S matches an ASCII "s" case-insensitively: no run
        (r"[a-z]+", 0),
    ],
)
def test_no_literal_no_guard(source: str, flags: int) -> None:
    assert required_literals(re.compile(source, flags)) is None
    assert not isinstance(compile_guarded(source, flags), GuardedPattern)


def test_characters_folding_to_ascii_letters_are_all_known() -> None:
    from bot.domain.regex_guard import _ASCII_FOLDING

    letters = [chr(a) for a in range(128) if chr(a).isalpha()]
    candidates = {  # (any character matching an ASCII letter has it in a case mapping)
        chr(cp)
        for cp in range(128, 0x30000)
        if any(c.isascii() and c.isalpha() for c in chr(cp).lower() + chr(cp).upper())
    }
    folding = {c for c in candidates if any(re.fullmatch(re.escape(c), a, re.I) for a in letters)}
    assert folding and folding <= _ASCII_FOLDING
    pattern = compile_guarded("\u017fome data", re.I)  # LONG S: matches "some data"
    assert pattern.search("we keep some data") is not None


def test_case_insensitive_guard_on_capitals_and_non_ascii_text() -> None:
    pattern = compile_guarded(r"\btrain (?:our|its) models\b", re.I)
    assert isinstance(pattern, GuardedPattern)
    for text in ("WE TRAIN OUR MODELS", "We Train Its Models.", "we train our models — ok"):
        assert pattern.search(text) is not None, text
    assert pattern.search("we improve our services") is None
    assert list(pattern.finditer("nothing here")) == [] and pattern.findall("x") == []
    assert pattern.match("train its models now").span() == (0, 16)
    assert pattern.fullmatch("train our models") is not None


def _vocabulary() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    out, seen = [], set()
    for vocab in (ai_terms.BASE, ai_terms.full_vocab()):
        for name, pattern in vocab.patterns().items():
            if (pattern.pattern, pattern.flags) not in seen:  # (most are in both)
                seen.add((pattern.pattern, pattern.flags))
                out.append((name, pattern, re.compile(pattern.pattern, pattern.flags)))
    return out


def test_most_vocabulary_patterns_are_guarded() -> None:
    vocabulary = _vocabulary()
    guarded = [name for name, pattern, _ in vocabulary if isinstance(pattern, GuardedPattern)]
    assert len(guarded) >= 0.8 * len(vocabulary)


@cache
def _sentences() -> tuple[str, ...]:
    """Every sentence with AI vocabulary in the corpus and the development set (what the
    clause reader reads), one in fifty of the others, and texts made to trip a guard."""
    out: set[str] = set()
    for n, path in enumerate(documents()):
        for k, sentence in enumerate(split_sentences(normalize_text(path.read_text("utf-8")))):
            if mentions_ai(sentence) or (n + k) % 50 == 0:
                out.add(sentence[:3000])
    out |= {
        "WE WILL NOT USE YOUR CONTENT TO TRAIN AI MODELS UNLESS YOU OPT IN.",
        "You can Opt-Out of AI Training in Settings.",
        "Nous n'utilisons pas vos données pour entraîner nos modèles d'IA.",
        "ſome \u212aind of AI trainıng?",
        "",
    }
    return tuple(sorted(out))


@needs_documents
def test_guarded_vocabulary_finds_what_the_plain_patterns_find() -> None:
    sentences = _sentences()
    assert len(sentences) > 1000
    for name, guarded, plain in _vocabulary():
        for sentence in sentences:  # (a case-insensitive one's twin runs on the lower-cased form)
            for text in (sentence, sentence.lower()):
                got = guarded.search(text)
                want = plain.search(text)
                assert (got and got.span()) == (want and want.span()), (name, text[:80])
                if want:
                    assert [m.span() for m in guarded.finditer(text)] == [
                        m.span() for m in plain.finditer(text)
                    ]
                    at = want.start()
                    got_at, want_at = guarded.match(text, at), plain.match(text, at)
                    assert (got_at and got_at.span()) == (want_at and want_at.span())


def test_case_insensitive_vocabulary_patterns_have_a_lower_case_twin() -> None:
    insensitive = [p for _, p, plain in _vocabulary() if plain.flags & re.I]
    with_twin = [p for p in insensitive if isinstance(p, GuardedPattern) and p._twin is not None]
    assert len(with_twin) >= 0.8 * len(insensitive)


TWIN_CASES = [
    (r"\bAI models?\b", ["ai model", "we use ai models.", "maid models", "ai"]),
    (r"[A-Z]{2} training", ["ai training", "xy training", "a training", "12 training"]),
    (r"[^A-Z]ml\b", ["html", " ml", "xml", "(ml)"]),
    (r"(?<![A-Za-z])ia\b|Über\w+", ["via ia", "ia", "media", "uber words"]),
    (r"[^aeiou]Train(?:ing|s)", ["straining", "a trains", "xtraining", "etrains"]),
    (r"\b(\w+) and \1\b", ["train and train", "ai and ml", "data and data set"]),
]


@pytest.mark.parametrize(("source", "texts"), TWIN_CASES)
def test_twin_matches_as_the_case_insensitive_pattern_on_lower_case_text(
    source: str, texts: list[str]
) -> None:
    guarded = compile_guarded(source, re.I)
    plain = re.compile(source, re.I)
    assert isinstance(guarded, GuardedPattern) and guarded._twin is not None
    for text in texts:
        assert text.isascii() and text == text.lower()
        want = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in guarded._twin.finditer(text)] == want, text
        assert [m.span() for m in guarded.finditer(text)] == want, text


@pytest.mark.parametrize(
    "source",
    [
        "\u212aelvin data",  # KELVIN SIGN folds to an ASCII "k"
        r"(?-i:AI) training data",  # a local flag group
        r"[\u2100-\u2200]x data",  # a range holding the KELVIN SIGN
    ],
)
def test_no_twin_where_lower_casing_is_not_exact(source: str) -> None:
    guarded = compile_guarded(source, re.I)
    assert not isinstance(guarded, GuardedPattern) or guarded._twin is None
    plain = re.compile(source, re.I)
    for text in ("kelvin data", "ai training data", "kx data"):
        assert (guarded.search(text) is None) == (plain.search(text) is None)


def test_a_malformed_cached_entry_is_compiled_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    class Malformed:
        def get(self, key: tuple[str, int, str]) -> object:
            return ("not", "an entry of this format")

        def put(self, key: tuple[str, int, str], value: object) -> None:
            pass

    monkeypatch.setattr(pattern_code, "_cache", Malformed())
    pattern = compile_guarded(r"\btrain (?:our|its) models\b", re.I)
    assert pattern.search("we train our models") is not None
    assert pattern.search("We Train Its Models") is not None
