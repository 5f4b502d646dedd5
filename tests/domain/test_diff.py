"""compare(): AI-relevant changes, quoted clauses and plain-language summaries."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from bot.domain.diff import compare
from bot.domain.models import PlatformTraining, ThirdPartyTraining

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")

BASE = """# Terms of Use

## Your content

You keep ownership of your content. You grant us a licence to host and stream it.

## Payments

Fees are charged monthly. You may cancel at any time.
"""
AI_CLAUSE = "We may use your uploads to train our artificial intelligence models."


def _with(extra: str, base: str = BASE) -> str:
    return base.replace("to host and stream it.", "to host and stream it. " + extra)


def test_first_version_without_ai_clauses_is_not_ai_relevant() -> None:
    change = compare(None, BASE, platform_name="Acme", document_label="Terms of Use")
    assert not change.ai_relevant
    assert change.after.platform_training is PlatformTraining.NOT_MENTIONED
    assert change.summary.startswith("First recorded version of Acme's Terms of Use")


def test_first_version_with_ai_clauses_is_ai_relevant_and_quotes_them() -> None:
    change = compare(None, _with(AI_CLAUSE), platform_name="Acme", document_label="Terms of Use")
    assert change.ai_relevant
    assert change.added == (AI_CLAUSE,)
    assert change.after.platform_training is PlatformTraining.YES
    assert "first recorded version" in change.summary.lower()
    assert AI_CLAUSE in change.summary


def test_added_ai_clause_changes_the_verdict() -> None:
    change = compare(BASE, _with(AI_CLAUSE), platform_name="Acme", document_label="Terms of Use")
    assert change.ai_relevant
    assert change.before.platform_training is PlatformTraining.NOT_MENTIONED
    assert change.after.platform_training is PlatformTraining.YES
    assert change.added == (AI_CLAUSE,) and change.removed == ()
    assert change.summary.startswith(
        "Acme's Terms of Use now allow training AI on your uploads; "
        "before, they said nothing about it."
    )
    assert f"“{AI_CLAUSE}”" in change.summary


def test_removed_ai_clause_is_reported() -> None:
    change = compare(_with(AI_CLAUSE), BASE, platform_name="Acme", document_label="Privacy Policy")
    assert change.ai_relevant
    assert change.removed == (AI_CLAUSE,) and change.added == ()
    assert change.summary.startswith("Acme's Privacy Policy now says nothing about training AI")
    assert "Removed: “" in change.summary


def test_formatting_only_change_is_not_ai_relevant() -> None:
    old = _with(AI_CLAUSE)
    new = (
        old.replace("# Terms of Use", "**Terms of Use**\n============")
        .replace("artificial intelligence", "*artificial intelligence*")
        .replace("You keep", "You\u00a0keep")
        .replace("Fees are charged monthly.", "Fees are charged\nmonthly.")
        .replace("'", "\u2019")
    )
    change = compare(old, new, platform_name="Acme", document_label="Terms of Use")
    assert not change.ai_relevant
    assert change.added == () and change.removed == ()
    assert change.before == change.after
    assert "nothing about AI training changed" in change.summary


def test_change_outside_ai_clauses_is_not_ai_relevant() -> None:
    old = _with(AI_CLAUSE)
    new = old.replace("Fees are charged monthly.", "Fees are charged yearly. Refunds take 5 days.")
    change = compare(old, new, platform_name="Acme", document_label="Terms of Use")
    assert not change.ai_relevant


def test_reworded_ai_clause_with_the_same_meaning_is_not_ai_relevant() -> None:
    # what a subscriber to AI changes needs is what the clause means, not its wording
    reworded = "We may use the content you upload to train and improve our AI models."
    change = compare(
        _with(AI_CLAUSE), _with(reworded), platform_name="Acme", document_label="Terms of Use"
    )
    assert not change.ai_relevant
    assert change.before.same_outcome(change.after)
    assert change.added == (reworded,) and change.removed == (AI_CLAUSE,)
    assert "reworded without changing what they say" in change.summary


def test_a_sentence_repeating_a_clause_is_not_ai_relevant() -> None:
    repeated = "As stated above, your uploads may be used to train our AI models."
    change = compare(
        _with(AI_CLAUSE),
        _with(AI_CLAUSE + " " + repeated),
        platform_name="Acme",
        document_label="Terms of Use",
    )
    assert not change.ai_relevant
    assert change.added == (repeated,)


@pytest.mark.parametrize(
    "reworded",
    [
        # widens the data: private messages as well as uploads
        "We may use your uploads and your private messages to train our artificial intelligence"
        " models.",
        # widens who trains: partners as well
        "We and our partners may use your uploads to train artificial intelligence models.",
        # adds a purpose: generative AI
        "We may use your uploads to train our generative artificial intelligence models.",
    ],
)
def test_reworded_ai_clause_that_widens_it_is_ai_relevant(reworded: str) -> None:
    change = compare(
        _with(AI_CLAUSE), _with(reworded), platform_name="Acme", document_label="Terms of Use"
    )
    assert change.ai_relevant, change
    assert change.added == (reworded,) and change.removed == (AI_CLAUSE,)
    assert "Added: “" in change.summary and "Removed: “" in change.summary


def test_removing_the_opt_out_is_ai_relevant() -> None:
    opt_out = (
        "We may use your uploads to train our artificial intelligence models, unless you opt"
        " out in your account settings."
    )
    change = compare(
        _with(opt_out), _with(AI_CLAUSE), platform_name="Acme", document_label="Terms of Use"
    )
    assert change.ai_relevant
    assert change.before.platform_training is PlatformTraining.OPT_OUT
    assert change.after.platform_training is PlatformTraining.YES


def test_third_party_change_is_described() -> None:
    ban = "You may not use any content on the service to train machine learning models."
    change = compare(BASE, _with(ban), platform_name="Acme", document_label="Terms of Use")
    assert change.ai_relevant
    assert change.after.third_party_training is ThirdPartyTraining.PROHIBITED
    assert change.after.platform_training is PlatformTraining.NOT_MENTIONED
    assert "others" in change.summary.splitlines()[0]


def test_hostile_clause_text_cannot_break_the_summary_lines() -> None:
    hostile = (
        "We may use your uploads to train our AI models @everyone <@123> "
        "[click](https://evil.example) " + "x" * 600 + "."
    )
    change = compare(BASE, _with(hostile), platform_name="Acme", document_label="Terms of Use")
    assert change.ai_relevant
    quoted = [line for line in change.summary.splitlines() if line.startswith("Added: ")]
    assert len(quoted) == 1
    assert len(quoted[0]) < 340  # long quotes are truncated in the summary
    assert "](" not in change.added[0]  # Markdown links never survive normalisation


@needs_corpus
def test_soundcloud_history() -> None:
    folder = CORPUS / "soundcloud" / "terms-of-service"
    dates = ["2018-05-25", "2024-02-07", "2025-05-27", "2025-09-10", "2026-08-17"]
    texts = [(folder / f"{d}.md").read_text(encoding="utf-8") for d in dates]
    changes = [
        compare(old, new, platform_name="SoundCloud", document_label="Terms of Use")
        for old, new in zip([None, *texts[:-1]], texts, strict=True)
    ]
    first, to_2024, to_2025, to_sep, to_2026 = changes
    assert not first.ai_relevant
    assert first.after.platform_training is PlatformTraining.NOT_MENTIONED

    assert to_2024.ai_relevant
    assert to_2024.after.platform_training is PlatformTraining.YES
    assert to_2024.summary.startswith(
        "SoundCloud's Terms of Use now allow training AI on your uploads; "
        "before, they said nothing about it."
    )
    assert any("inform, train, develop" in q for q in to_2024.added)

    assert to_2025.ai_relevant
    assert to_2025.before.platform_training is PlatformTraining.YES
    assert to_2025.after.platform_training is PlatformTraining.OPT_IN
    assert any("opt-in mechanism" in q for q in to_2025.added)
    assert any("inform, train, develop" in q for q in to_2025.removed)
    assert "opt-in" in to_2025.summary.splitlines()[0]

    # 2025-09-10 only moved the AI sentence to its own paragraph; 2026 added SMS terms
    for change in (to_sep, to_2026):
        assert not change.ai_relevant, change.summary
        assert change.added == () and change.removed == ()
        assert change.after.platform_training is PlatformTraining.OPT_IN


@needs_corpus
def test_every_corpus_transition_is_consistent() -> None:
    for folder in sorted(p for p in CORPUS.glob("*/*") if p.is_dir()):
        versions = sorted(folder.glob("*.md"))
        for old_path, new_path in itertools.pairwise(versions):
            old = old_path.read_text(encoding="utf-8")
            new = new_path.read_text(encoding="utf-8")
            change = compare(old, new, platform_name="P", document_label="Terms")
            verdict_moved = not change.before.same_outcome(change.after)
            assert (
                verdict_moved
                <= change.ai_relevant
                <= bool(change.added or change.removed or verdict_moved)
            )
            assert not set(change.added) & set(change.removed)
            same = compare(new, new, platform_name="P", document_label="Terms")
            assert not same.ai_relevant and not same.added and not same.removed
            assert re.match(r"P's Terms ", change.summary)


OPT_OUT = (
    "We may use your uploads to train our artificial intelligence models unless you opt out in"
    " your account settings."
)
BROAD = (
    "We may use your uploads to develop and improve our services, including through machine"
    " learning."
)


def test_a_broad_sentence_next_to_a_clear_clause_is_not_ai_relevant() -> None:
    # the verdict rests on the clear clause; the broad one adds no data, actor or purpose
    change = compare(
        _with(OPT_OUT),
        _with(OPT_OUT + " " + BROAD),
        platform_name="Acme",
        document_label="Terms of Use",
    )
    assert change.after.platform_training is PlatformTraining.OPT_OUT
    assert change.added == (BROAD,)
    assert not change.ai_relevant


def test_a_broad_sentence_alone_is_ai_relevant() -> None:
    change = compare(BASE, _with(BROAD), platform_name="Acme", document_label="Terms of Use")
    assert change.after.platform_training is PlatformTraining.UNCLEAR
    assert change.ai_relevant


def test_a_first_version_quotes_only_what_its_verdict_rests_on() -> None:
    business = "We never use content from business accounts to train our AI models."
    change = compare(
        None, _with(OPT_OUT + " " + business), platform_name="Acme", document_label="Terms of Use"
    )
    assert change.after.platform_training is PlatformTraining.OPT_OUT
    assert set(change.added) == {OPT_OUT, business}  # both are new AI sentences
    quoted = [line for line in change.summary.splitlines() if line.startswith("Quoted: ")]
    assert quoted == [f"Quoted: “{OPT_OUT}”"]  # only the one the opt-out verdict rests on


FRAUD_AND_CHAT = (
    "We may use your personal data to train the models that detect fraud on our service."
    " We may use your chat messages to train our generative AI assistant."
)


@pytest.mark.parametrize(
    ("base", "added", "relevant"),
    [
        # personal data now trains generative models: each was named before, never together
        (FRAUD_AND_CHAT, "We may also use your personal data to train generative AI models.", True),
        # chat messages already trained generative models: a repetition
        (FRAUD_AND_CHAT, "Your chat messages may also help train our generative AI models.", False),
        # what respondents answer in the user's surveys: data no sentence named before
        (AI_CLAUSE, "We also use de-identified survey responses to train our AI models.", True),
        # the AI's own responses are not survey answers: the same uploads as before
        (
            AI_CLAUSE,
            "We also use your uploads and the responses you rate to train our AI models.",
            False,
        ),
    ],
)
def test_data_put_to_a_new_purpose_is_ai_relevant(base: str, added: str, relevant: bool) -> None:
    """A data kind named for a new purpose (and survey responses, a data kind of their own) is
    an AI-relevant change; the same data and purpose said again is not."""
    change = compare(
        _with(base),
        _with(base + " " + added),
        platform_name="Acme",
        document_label="Privacy Policy",
    )
    assert change.before.same_outcome(change.after)
    assert change.added == (added,)
    assert change.ai_relevant is relevant, change
