"""classify() on the real corpus (accepted labels + sane invariants) and on unseen phrasings."""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path

import pytest

from bot.domain.clauses import find_ai_clauses
from bot.domain.models import Aspect, PlatformTraining, ThirdPartyTraining, Verdict
from bot.domain.normalize import normalize_text
from bot.domain.verdict import GENERATIVE_ONLY, LICENSED_EXCLUDED, classify

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def _labels() -> dict[str, dict[str, list[str]]]:
    path = CORPUS / "labels-dev.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


@cache
def _classified(rel: str) -> tuple[str, Verdict]:
    text = (CORPUS / rel).read_text(encoding="utf-8")
    return text, classify(text)


@needs_corpus
@pytest.mark.parametrize(("rel", "label"), sorted(_labels().items()))
def test_labelled_documents_come_out_right(rel: str, label: dict[str, list[str]]) -> None:
    _, verdict = _classified(rel)
    assert verdict.platform_training.value in label["platform_training"], verdict.evidence
    if "third_party_training" in label:
        assert verdict.third_party_training.value in label["third_party_training"], verdict.evidence


@needs_corpus
def test_whole_corpus_invariants() -> None:
    files = sorted(CORPUS.glob("*/*/*.md"))
    assert len(files) >= 70
    seen_values: set[str] = set()
    for path in files:
        rel = str(path.relative_to(CORPUS))
        text, verdict = _classified(rel)
        normalised = normalize_text(text)
        seen_values.add(verdict.platform_training.value)
        if verdict.platform_training is not PlatformTraining.NOT_MENTIONED:
            assert any(e.aspect is Aspect.PLATFORM for e in verdict.evidence), rel
        if verdict.third_party_training is not ThirdPartyTraining.NOT_MENTIONED:
            assert any(e.aspect is Aspect.THIRD_PARTY for e in verdict.evidence), rel
        if verdict.platform_training is PlatformTraining.NOT_MENTIONED and (
            verdict.third_party_training is ThirdPartyTraining.NOT_MENTIONED
        ):
            assert verdict.evidence == (), rel
        # quotes are sentences of the text once whitespace is collapsed (a sentence that the
        # extraction split across a blank line is quoted whole)
        flat = " ".join(normalised.split())
        for evidence in verdict.evidence:
            assert evidence.quote and evidence.quote in flat, (rel, evidence.quote)
        # the verdict is a pure function of the formatting-free text
        assert classify(normalised).to_dict() == verdict.to_dict(), rel
        # raw clauses quote the original text (after whitespace collapsing)
        collapsed = " ".join(text.split())
        for clause in find_ai_clauses(text):
            assert " ".join(clause.quote.split()) in collapsed, (rel, clause.quote)
    # the corpus exercises every platform reading but "no"-only docs are rare: check the spread
    assert {"yes", "opt_in", "opt_out", "not_mentioned", "unclear"} <= seen_values


@needs_corpus
def test_french_documents_about_ai_are_not_ignored() -> None:
    for rel in ("deezer/terms-of-service/2025-12-19.md", "qobuz/terms-of-service/2023-10-03.md"):
        _, verdict = _classified(rel)
        assert verdict.third_party_training is ThirdPartyTraining.PROHIBITED, rel
        assert any(
            "intelligence artificielle" in e.quote or "fouille" in e.quote for e in verdict.evidence
        ), rel


@needs_corpus
def test_soundcloud_scope_and_evidence() -> None:
    _, verdict = _classified("soundcloud/terms-of-service/2025-05-27.md")
    assert verdict.platform_training is PlatformTraining.OPT_IN
    assert GENERATIVE_ONLY in verdict.scope and LICENSED_EXCLUDED in verdict.scope
    assert any("opt-in mechanism" in e.quote for e in verdict.evidence)
    _, before = _classified("soundcloud/terms-of-service/2024-02-07.md")
    assert any("inform, train, develop" in e.quote for e in before.evidence)


# ---------------------------------------------------------------- unseen phrasings

PLATFORM_CASES = [
    # yes: allowed, no way to refuse stated
    ("We may use the content you post to train and improve our machine learning models.", "yes"),
    (
        "By uploading, you grant Acme a license to use your tracks for the development of "
        "artificial intelligence systems.",
        "yes",
    ),
    ("Your recordings may be used to fine-tune our AI models.", "yes"),
    ("We use information you share with us to develop and train large language models.", "yes"),
    # opt_out: on by default, a way to refuse
    (
        "We use your posts to train our generative AI models. You can turn this off at any time "
        "in your privacy settings.",
        "opt_out",
    ),
    ("Unless you opt out, we may use your content to improve our AI models.", "opt_out"),
    (
        "You have the right to object to our use of your public posts to train AI at Acme.",
        "opt_out",
    ),
    # opt_in: only with explicit consent
    ("We will never use your music to train AI models unless you opt in.", "opt_in"),
    (
        "Acme will not use your uploads to train artificial intelligence without your prior "
        "written consent.",
        "opt_in",
    ),
    (
        "We only use your songs to train machine learning models with your explicit consent.",
        "opt_in",
    ),
    # no
    ("We do not use your content to train artificial intelligence models.", "no"),
    ("Acme does not and will not train generative AI on the music you upload.", "no"),
    # not mentioned: AI features, AI-generated content rules, recommendations, moderation
    (
        "Some features use artificial intelligence to generate captions for your videos.",
        "not_mentioned",
    ),
    ("You must label content that was generated with AI tools.", "not_mentioned"),
    ("Our recommendation algorithms suggest tracks based on what you listen to.", "not_mentioned"),
    ("Our AI DJ uses artificial intelligence to talk to you between songs.", "not_mentioned"),
    ("This feed does not involve any machine learning.", "not_mentioned"),
    ("We improve our services using feedback you send us.", "not_mentioned"),
]

THIRD_CASES = [
    (
        "You may not use any content on the Service to train machine learning or AI models.",
        "prohibited",
    ),
    ("Users must not scrape the Site for the purpose of text and data mining.", "prohibited"),
    (
        "Scraping the service to build datasets for artificial intelligence is prohibited.",
        "prohibited",
    ),
    (
        "L'utilisateur s'interdit toute fouille de textes et de données sur le Service.",
        "prohibited",
    ),
    (
        "Il est interdit d'utiliser les contenus pour l'entraînement de modèles d'intelligence "
        "artificielle.",
        "prohibited",
    ),
    ("We may allow third parties to use your public content to train their AI models.", "allowed"),
    (
        "Third parties may use your videos to train AI models unless you opt out in settings.",
        "opt_out",
    ),
    (
        "Some features use artificial intelligence to generate captions for your videos.",
        "not_mentioned",
    ),
]


# (text, platform_training or None = not checked, third_party_training or None)
MIXED_CASES = [
    ("We don't train generative AI on customer content.", "no", None),
    ("## AI Training\n\nWe do not use your content for AI training.", "no", None),
    ("We do not allow AI companies to train on your writing.", "not_mentioned", "prohibited"),
    (
        "Customer data is used to train non-generative global models. Workspace owners can "
        "opt out by emailing support.",
        "opt_out",
        None,
    ),
    (
        "We may share your data with third-party collaborators to train their AI models unless "
        "you opt out.",
        None,
        "opt_out",
    ),
    (
        "You can choose to allow third-party companies to train AI models using your videos.",
        None,
        "opt_in",
    ),
    (
        "You grant us a license to use your prompts and images to train and improve our models.",
        "yes",
        None,
    ),
    ("We use machine learning to detect spam.", "not_mentioned", "not_mentioned"),
    ("We use AI to recommend songs you might like.", "not_mentioned", "not_mentioned"),
    (
        "Nous n'utilisons pas vos contenus pour entraîner nos modèles d'intelligence artificielle.",
        "no",
        None,
    ),
    (
        "Vos données peuvent être utilisées pour entraîner nos modèles d'IA. Vous pouvez vous y "
        "opposer dans les paramètres.",
        "opt_out",
        None,
    ),
    (
        "Acme does not permit the use of Acme content to train machine learning or AI models.",
        "not_mentioned",
        "prohibited",
    ),
    ("We may license your public posts to AI developers for training purposes.", None, "allowed"),
    ("Your content will not be used for AI training.", "no", None),
    (
        "If you do not want your content used to train our AI models, you can opt out in Settings.",
        "opt_out",
        None,
    ),
    ("We will ask for your consent before using your music to train any AI model.", "opt_in", None),
    ("You may not use our AI features to create deepfakes.", "not_mentioned", "not_mentioned"),
    (
        "Pour améliorer nos services, nous utilisons l'intelligence artificielle.",
        "not_mentioned",
        None,
    ),
    (
        # machine learning (learning from data) named as the means of improving the service:
        # broad wording, as tests/devset labels it (the README's "AI/ML named but not clearly
        # training on users' content"); artificial intelligence alone stays a tool
        # (test_failure_kinds)
        "We may use artificial intelligence and machine learning to improve our services.",
        "unclear",
        "not_mentioned",
    ),
    ("We are developing new AI features for creators.", "not_mentioned", None),
    ("AI-generated content must be labelled.", "not_mentioned", "not_mentioned"),
    ("Machine learning helps us improve recommendations.", "not_mentioned", None),
    ("We improve our AI models using the content you upload.", "yes", None),
    (
        "We are sharing public content with AI partners. You can opt out of third-party sharing "
        "in your blog settings.",
        "not_mentioned",
        "opt_out",
    ),
    (
        "We use your data to personalize your feed and to train our recommendation algorithms.",
        "not_mentioned",
        None,
    ),
    ("Your voice recordings may be used to train speech recognition models.", "yes", None),
    (
        "By default, your content will not be used to train AI models. You can choose to share "
        "your content for AI training in your settings.",
        "opt_in",
        None,
    ),
    (
        "Les contenus publiés peuvent être utilisés pour l'entraînement de nos modèles "
        "d'intelligence artificielle, sauf si vous vous y opposez.",
        "opt_out",
        None,
    ),
    (
        "You can control whether your posts are used to train AI in your privacy settings.",
        "opt_out",
        None,
    ),
    (
        "Robots, spiders and scrapers may not access the Service for AI training.",
        "not_mentioned",
        "prohibited",
    ),
]


@pytest.mark.parametrize(("text", "platform", "third"), MIXED_CASES)
def test_unseen_phrasings(text: str, platform: str | None, third: str | None) -> None:
    verdict = classify(text)
    if platform is not None:
        assert verdict.platform_training.value == platform, verdict.evidence
    if third is not None:
        assert verdict.third_party_training.value == third, verdict.evidence


@pytest.mark.parametrize(("sentence", "expected"), PLATFORM_CASES)
def test_platform_training_from_linguistic_patterns(sentence: str, expected: str) -> None:
    verdict = classify(f"# Terms\n\nWelcome to the service.\n\n{sentence}\n\nThat is all.")
    assert verdict.platform_training.value == expected, verdict.evidence


@pytest.mark.parametrize(("sentence", "expected"), THIRD_CASES)
def test_third_party_training_from_linguistic_patterns(sentence: str, expected: str) -> None:
    verdict = classify(f"Terms.\n\n{sentence}\n\nThe end.")
    assert verdict.third_party_training.value == expected, verdict.evidence


def test_lead_in_prohibition_reaches_list_items() -> None:
    text = (
        "You agree that you will not:\n\n"
        "* copy the service;\n"
        "* use content from the service to train any machine learning model;\n"
        "* resell access.\n\n"
        "We use your data to provide the service."
    )
    verdict = classify(text)
    assert verdict.third_party_training is ThirdPartyTraining.PROHIBITED
    assert verdict.platform_training is PlatformTraining.NOT_MENTIONED


def test_hostile_markup_in_quotes_is_stripped_of_links() -> None:
    text = "We may use your posts to train [our AI models](https://evil.example/@everyone)."
    verdict = classify(text)
    assert verdict.platform_training is PlatformTraining.YES
    assert all("https://" not in e.quote and "](" not in e.quote for e in verdict.evidence)


def test_large_and_pathological_inputs_are_fast() -> None:
    paragraph = (
        "We may use your content to provide the service and to process payments. "
        "Users must not scrape the Site. Our team reviews reports of abuse quickly.\n\n"
    )
    big = paragraph * (5_000_000 // len(paragraph))
    big += "We may use your uploads to train our AI models.\n"
    start = time.perf_counter()
    verdict = classify(big)
    assert time.perf_counter() - start < 6.0
    assert verdict.platform_training is PlatformTraining.YES
    nasty = [
        "a " * 500_000,  # one endless sentence
        "*" * 200_000 + "x",
        "[" * 100_000 + "](" * 100_000,
        "AI " * 100_000 + "train",
        "not " * 100_000 + "train AI models",
    ]
    for text in nasty:
        start = time.perf_counter()
        classify(text)
        assert time.perf_counter() - start < 3.0, text[:20]
