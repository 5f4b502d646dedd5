"""normalize_text / content_hash: formatting-only changes vanish, real text changes do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.clauses import split_sentences
from bot.domain.normalize import content_hash, normalize_text

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

PLAIN = """Grant of license

By uploading your Content, you grant us a license to host it. We will not use your content to \
train generative AI models without your explicit consent.

Your rights

- You may delete your account at any time.
- You may export your data.
"""

# The same text, formatted differently in every way the issue lists.
REFORMATTED = """**Grant of License**
------------------

By uploading your *Content*, you grant   us a [license](https://example.com/license "Licence") \
to host it.  We will not use your content to
train _generative AI_ models without your \u201cexplicit\u201d consent.

### Your rights

* You may delete your account at any time.
1. You may export your data.
"""


def test_formatting_only_variants_have_the_same_hash() -> None:
    a = PLAIN.replace("Grant of license", "Grant of License").replace('"explicit"', "explicit")
    b = REFORMATTED.replace("\u201cexplicit\u201d", "explicit")
    assert normalize_text(a) == normalize_text(b)
    assert content_hash(a) == content_hash(b)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("It is free.", "It is\u00a0free."),  # NBSP
        ("It is free.", "It is fr\u200bee.\ufeff"),  # zero-width characters, BOM
        ("It's free - or not.", "It\u2019s free \u2014 or not."),  # smart quote, em dash
        ('"Content" means data.', "\u201cContent\u201d means data."),
        ("Read the terms.", "Read the [terms](https://example.com/t)."),
        ("Read the terms.", "Read the <B>terms</b>."),
        ("One.\n\nTwo.", "One.<br>Two."),
        ("One.\n\nTwo.", "One.<BR/>Two."),  # case of markup
        ("Heading\n\nText here.", "# Heading\nText here."),
        ("Heading\n\nText here.", "Heading\n=======\n\nText here."),
        ("Item one.\n\nItem two.", "* Item one.\n* Item two."),
        ("Item one.\n\nItem two.", "1. Item one.\n2) Item two."),
        ("Item one.\n\nItem two.", "- Item one.\n\n\n- Item two."),
        ("A long sentence that wraps.", "A long sentence\nthat   wraps.  "),
        ("Use it freely.", "Use it __freely__."),
        ("Section 12. AI Addendum", "Section 12\\. AI Addendum"),
        ("| a | b |", "a\n\nb"),
    ],
)
def test_formatting_only_changes_are_not_changes(left: str, right: str) -> None:
    assert content_hash(left) == content_hash(right), (normalize_text(left), normalize_text(right))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("We may train AI on your content.", "We may not train AI on your content."),
        ("We may train AI on your content.", "We may train AI on your uploads."),
        ("Fees are 10%.", "Fees are 15%."),
        ("We use AI.", "We use ai."),  # case of words is text, not markup
        ("Read the terms.", "Read the rules."),
    ],
)
def test_text_changes_are_changes(left: str, right: str) -> None:
    assert content_hash(left) != content_hash(right)


def test_sentence_text_is_kept_and_blocks_are_lines() -> None:
    text = normalize_text(REFORMATTED)
    assert "By uploading your Content, you grant us a license to host it." in text
    assert "train generative AI models without your" in text
    assert "**" not in text and "](" not in text and "###" not in text
    lines = text.split("\n\n")
    assert "Your rights" in lines
    assert "You may delete your account at any time." in lines


def test_normalize_is_idempotent_and_hash_is_sha256() -> None:
    once = normalize_text(REFORMATTED)
    assert normalize_text(once) == once
    digest = content_hash(REFORMATTED)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert normalize_text("") == "" and content_hash("") == content_hash("   \n\n ")


def test_sentences_never_span_blocks_after_normalisation() -> None:
    sentences = split_sentences(normalize_text(REFORMATTED))
    assert "Your rights" in sentences
    assert "You may export your data." in sentences
    assert all("\n" not in s for s in sentences)


def test_split_sentences_respects_abbreviations() -> None:
    text = "We use data, e.g. your posts. Contact Acme Inc. Berlin for more. Done!"
    assert split_sentences(text) == [
        "We use data, e.g. your posts.",
        "Contact Acme Inc. Berlin for more.",
        "Done!",
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_real_reformatting_between_archives_is_invisible() -> None:
    """SoundCloud 2025-05-27 -> 2025-09-10 moved the AI sentence into its own paragraph."""
    folder = CORPUS / "soundcloud" / "terms-of-service"
    old = normalize_text((folder / "2025-05-27.md").read_text(encoding="utf-8"))
    new = normalize_text((folder / "2025-09-10.md").read_text(encoding="utf-8"))
    sentence = (
        "We will not use your content to train generative AI models that aim to replicate or "
        "synthesize your voice, music, or likeness without your explicit consent, which must be "
        "affirmatively provided through an opt-in mechanism."
    )
    assert sentence in split_sentences(old)
    assert sentence in split_sentences(new)
    for path in sorted(CORPUS.glob("*/*/*.md"))[:20]:
        once = normalize_text(path.read_text(encoding="utf-8"))
        assert normalize_text(once) == once, path
