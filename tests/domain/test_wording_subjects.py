"""General wording of what a training sentence's subject stands for (issue 10, 2026-12-02,
third session): AI models named before a negated passive verb, a pronoun standing for the
models a heading names, and the service named by its name against third parties. Each rule with
counter-examples that must keep their reading; every sentence was written for these tests in
generic terms language, not copied from a document. Each case: (text, accepted platform values,
accepted third-party values or None)."""

from __future__ import annotations

import pytest

from tests.domain.wording_case import Case, assert_read_as

CASES: list[tuple[str, Case]] = [
    # "AI models are not trained on ...": the negation sits between the models and the verb
    ("ai_models_not_trained", ("Our AI models are not trained on your content.", {"no"}, None)),
    (
        "generative_models_never_trained",
        ("Our generative AI models are never trained using your private messages.", {"no"}, None),
    ),
    (
        "ai_systems_not_trained_without_consent",
        ("AI systems are not trained on customer data without their consent.", {"opt_in"}, None),
    ),
    (
        "ai_models_not_trained_unless_opt_in",
        ("Our AI models are not trained on your content unless you opt in.", {"opt_in"}, None),
    ),
    # counter-examples: the same shape without a negation is a grant; "not only" is no refusal
    ("ai_models_trained", ("Our AI models are trained on your posts.", {"yes"}, None)),
    (
        "models_not_trained_plain",
        ("Our models are not trained on your content.", {"no"}, None),
    ),
    # a pronoun standing for the models the heading names
    (
        "heading_they_trained",
        (
            "## Our AI models\n\nThey are trained on the posts, photos and comments shared by "
            "our users.",
            {"yes"},
            None,
        ),
    ),
    (
        "heading_they_not_trained",
        ("## Our AI models\n\nThey are not trained on your posts.", {"no"}, None),
    ),
    (
        "heading_they_opt_out",
        (
            "## Our AI models\n\nThey may be trained on content you share, unless you opt out "
            "in Settings.",
            {"opt_out"},
            None,
        ),
    ),
    # counter-examples: models of another kind, no one's content, a heading naming no models
    (
        "heading_3d_models_they",
        (
            "## Our 3D models\n\nThey are trained on the posts shared by our users.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "heading_they_public_data",
        (
            "## Our AI models\n\nThey are trained on publicly available data and data we license.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "heading_security_they_trained",
        (
            "## Our security team\n\nThey are trained on the posts flagged by our users.",
            {"not_mentioned"},
            None,
        ),
    ),
    # "neither by <the service's name> nor by third parties": the refusal is the service's too
    (
        "neither_by_name_nor_third_parties",
        (
            "Your photos are never used to train any AI models, neither by Acme nor by any third "
            "parties.",
            {"no"},
            {"prohibited"},
        ),
    ),
    # counter-examples: third parties alone; the user set against third parties
    (
        "never_by_third_parties_only",
        (
            "Your photos are never used to train AI models by third parties.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "either_by_you_or_third_parties",
        (
            "Content uploaded either by you or by third parties may not be used to train AI "
            "models.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_subject_wording(name: str, case: Case) -> None:
    assert_read_as(name, case)
