"""The clause finder's fast block selection equals the plain one, on every document.

`bot.domain.clauses` takes a normalised text's blocks from its lines (split at "\\n\\n") instead
of walking it with `normalize.blocks`, finds where the gate words occur once over the whole text
instead of testing every block with every word, and `clauses_if_ai` lowers and scans the text
once for both the whole-document pre-filter and the finder. The reference implementations below
are the plain ones; every corpus version and development-set document is compared, raw and
normalised.
"""

from __future__ import annotations

from functools import cache

import pytest

from bot.domain import clauses
from bot.domain.ai_terms import _PREFILTER_SHORT, _PREFILTER_WORDS, gated_words
from bot.domain.clauses import (
    _continues,
    _hard_wrapped,
    _selection,
    clauses_if_ai,
    find_ai_clauses,
)
from bot.domain.gate import SHORT_CASED, Prefilter, has_short_form
from bot.domain.normalize import blocks, normalize_text
from bot.domain.prefilter import mentions_ai
from tests.domain.test_prefilter import documents, needs_documents


def reference_joined(text: str) -> list[str]:
    """The blocks of `text` (`normalize.blocks`), those an extraction split mid-sentence joined."""
    out: list[str] = []
    raw = blocks(text)
    wrapped = _hard_wrapped(raw)
    for block in raw:
        if out and _continues(out[-1], block, wrapped):
            out[-1] = out[-1] + " " + block
        else:
            out.append(block)
    return out


def reference_gate(block: str, gated: tuple[str, ...] = ()) -> bool:
    """A block the finder reads: a gate word (or one of `gated`, the Czech, Polish, Nordic and
    Greek words the text's letters call for), or a capital acronym and a short form."""
    lower = block.lower()
    if any(w in lower for w in (*_PREFILTER_WORDS, *gated)):
        return True
    return any(t in block for t in SHORT_CASED) and bool(_PREFILTER_SHORT.search(lower))


def reference_selection(text: str) -> list[tuple[str, str, bool]]:
    gated = gated_words(text.lower())
    return [(b, b.lower(), reference_gate(b, gated)) for b in reference_joined(text)]


def reference_words(text: str) -> set[str]:
    lower = text.lower()
    return {w for w in (*_PREFILTER_WORDS, *gated_words(lower)) if w in lower}


@cache
def texts() -> list[tuple[str, str]]:
    """(name, text) of every document, raw and normalised."""
    out: list[tuple[str, str]] = []
    for path in documents():
        raw = path.read_text(encoding="utf-8")
        out += [(f"{path} (raw)", raw), (f"{path} (normalised)", normalize_text(raw))]
    return out


TRICKY = [
    "",
    "We train\n\nour models.",  # a gate word across a joint of two joined blocks
    "Our Ai\n\nfeatures are trained on your posts and AI",  # "Ai " across a joint
    "| AI | models |\n\nWe do not train on content.",  # a table line: several blocks
    "1) we use ML\n\n2) HTML pages",  # a line starting with a marker
    "Line one\n\n\n\nAI training\n\nmore  spaced   text\tand tabs ",  # empty line, spaces
    "Lines\nsoft wrapped\n\nabout AI training",  # a single newline: the long way
    "Breaks<br>inside the AI training text\n\nand &lt;p&gt; too",
    "İSTANBUL AI MODEL\n\nΟΔΟΣ ΣΑΣ\n\nmachine learning",  # lower() changes lengths
    "A.I. is used\n\nno ml here\n\nML models and a.i.",
    "Vi använder dina uppgifter\n\nmed maskininlärning",  # a gated word, its letter elsewhere
    "Modely strojového učení\n\nřadí výsledky",
    "our ai helps you write\n\nnothing else here",  # a short form in lower case only
    "LIMITATION OF LIABILITY\n\nand ai tools",  # capitals holding "IA", and a lower-case "ai"
]

SHORT_FORM_CASES = [
    "ai",
    "x ai",
    "ai.",
    "gai",
    "xgai ",
    "(ml)",
    "html",
    "1ai",
    "ai2",
    "_ai_",
    "éai",
    "aié",
    "a.i.",
    "ha.i.",
    "kia",
    "ki",
    "via ia",
    "mail",
    "",
    "a",
    "said ai",
]


@pytest.mark.parametrize("lower", SHORT_FORM_CASES)
def test_short_forms_found_as_the_pattern_finds_them(lower: str) -> None:
    assert has_short_form(lower) == bool(_PREFILTER_SHORT.search(lower))


@pytest.mark.parametrize("text", TRICKY)
def test_selection_equals_the_plain_one_on_edge_cases(text: str) -> None:
    assert _selection(text, Prefilter(text)) == reference_selection(text)
    assert set(Prefilter(text).words) == reference_words(text)
    expected = find_ai_clauses(text) if mentions_ai(text) else []
    assert clauses_if_ai(text) == expected


@needs_documents
def test_selection_equals_the_plain_one_on_every_document() -> None:
    for name, text in texts():
        maybe_ai = Prefilter(text)
        assert set(maybe_ai.words) == reference_words(text), name
        assert maybe_ai.mentions_ai() == mentions_ai(text), name
        assert has_short_form(maybe_ai.lower) == bool(_PREFILTER_SHORT.search(maybe_ai.lower))
        assert _selection(text, maybe_ai) == reference_selection(text), name


@needs_documents
def test_normalised_text_is_read_line_by_line() -> None:
    """Normalised text is one block per line, lines apart by a blank line, so `blocks` of the
    whole text is `blocks` of each line in turn (what the fast path relies on). The line itself
    is not always its block (a rule line "-----" is none, a table row is one per cell): such
    lines still go through `blocks`."""
    for name, text in texts():
        if name.endswith("(normalised)"):
            assert "\n\n\n" not in text and "\r" not in text, name
            per_line = [b for line in text.split("\n\n") for b in blocks(line)]
            assert per_line == blocks(text), name


@needs_documents
def test_clauses_if_ai_equals_the_prefilter_then_the_finder() -> None:
    for name, text in texts():
        if name.endswith("(normalised)"):
            expected = find_ai_clauses(text) if mentions_ai(text) else []
            assert clauses_if_ai(text) == expected, name


def _without_skipping(monkeypatch: pytest.MonkeyPatch, text: str) -> list[clauses.Clause]:
    """`clauses_if_ai(text)` reading every block, however long the runs without AI."""
    with monkeypatch.context() as patched:
        patched.setattr(clauses, "_CONTEXT_BLOCKS", 10**9)
        return clauses_if_ai(text)


LEAD_INS = [
    "You may not:",  # a prohibiting lead-in: its items are bans
    "## Prohibited activities",  # a heading of bans
    "We use your information for the following purposes:",  # the service's purposes
    "We will not use your content to train AI models, unless:",  # a refusal's exceptions
]


@pytest.mark.parametrize("lead", LEAD_INS)
def test_long_runs_without_ai_are_skipped_without_changing_a_reading(
    monkeypatch: pytest.MonkeyPatch, lead: str
) -> None:
    """A list item about AI at every distance from its lead-in around the finder's reach
    (`_LIST_REACH`), after items and paragraphs that do not mention AI: the same clauses as a
    finder that reads every block."""
    item = "- copy or redistribute any part of the site;"
    paragraph = "These terms apply to everyone who visits the site."
    ai_item = "- use the content to train artificial intelligence models;"
    for gap in range(clauses._LIST_REACH - 4, clauses._LIST_REACH + 8):
        for filler in (item, paragraph):
            blocks_ = ["Intro about machine learning.", lead, *[filler] * gap, ai_item, "End."]
            text = normalize_text("\n\n".join(blocks_))
            assert clauses_if_ai(text) == _without_skipping(monkeypatch, text), (lead, gap)


@needs_documents
def test_skipping_runs_without_ai_changes_no_document(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, text in texts():
        if name.endswith("(normalised)"):
            assert clauses_if_ai(text) == _without_skipping(monkeypatch, text), name


@needs_documents
def test_a_lead_in_holds_one_of_the_strings_tested_first() -> None:
    """The finder tests `_LEAD_IN_NEEDS` before the lead-in patterns: every text the lead-in
    pattern matches holds one of them."""
    from bot.domain.ai_terms import BASE

    tails = ["you may not:", "the following  ", "as follows.", "x:  ", "in the following ways"]
    for _name, text in texts():
        tails += [line[-200:].lower() for line in text.split("\n\n")]
    matched = 0
    for tail in tails:
        if BASE._LEAD_IN.search(tail):
            matched += 1
            assert any(needed in tail for needed in clauses._LEAD_IN_NEEDS), tail
    assert matched > 100
