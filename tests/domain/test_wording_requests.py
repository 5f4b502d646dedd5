"""General wording of refusals, requests and bans met in paraphrase batch b19 and the tenth
development share (issue 10, 2026-12-02, third session), each rule with counter-examples that
must keep their reading. Every sentence was written for these tests in generic terms language,
not copied from a document. Each case: (text, accepted platform values, accepted third-party
values or None)."""

from __future__ import annotations

import pytest

from tests.domain.wording_case import Case, assert_read_as

CASES: list[tuple[str, Case]] = [
    # "kept out of" / "left out of" training: a refusal, with its exceptions and requests
    ("kept_out_of_training", ("Your files are kept out of AI training.", {"no"}, None)),
    (
        "kept_out_unless_you_ask",
        (
            "Recordings are kept out of our voice-model training sets unless you ask us to add "
            "them.",
            {"opt_in", "no"},
            None,
        ),
    ),
    (
        "should_you_wish_left_out",
        (
            "Should you wish your photos to be left out of the data we use to train our machine "
            "learning models, contact our privacy team.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "kept_out_private_but_public_used",
        (
            "Your private messages are kept out of our AI training data, but public posts may be "
            "used to train our models.",
            {"yes", "unclear"},
            None,
        ),
    ),
    # only customers who sign an addendum: an opt-in; signing the terms to use a feature is not
    (
        "only_customers_who_sign",
        (
            "Only customers who sign the data sharing agreement have their data used to train our "
            "AI models.",
            {"opt_in"},
            None,
        ),
    ),
    (
        "only_customers_who_accept_feature",
        (
            "Only customers who accept the new terms can use the AI assistant.",
            {"not_mentioned"},
            None,
        ),
    ),
    # "only if you enable <a setting>": the setting is the user's consent (opt-in)
    (
        "only_if_you_enable_setting",
        (
            'Only if you enable "Help improve Acme" will your chats be used to train our models.',
            {"opt_in"},
            None,
        ),
    ),
    (
        "turn_off_setting_opt_out",
        (
            'You can turn off "Improve the model" in Settings to stop us using your chats to '
            "train our models.",
            {"opt_out"},
            None,
        ),
    ),
    # a use outside the licence, a reservation of rights: bans of others, not the service's use
    (
        "outside_scope_of_licence",
        (
            "Using the Service to fine-tune or distil an AI system falls outside the scope of "
            "your licence.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "reservation_of_rights_against_training",
        (
            "We express a reservation of rights against text and data mining, including for the "
            "training of AI models.",
            {"not_mentioned"},
            {"prohibited", "opt_out"},
        ),
    ),
    (
        "within_scope_of_licence_grant",
        (
            "We may use your content to train our AI models; this falls within the scope of the "
            "licence you grant us.",
            {"yes"},
            None,
        ),
    ),
    # German "weder ... noch": a refusal
    (
        "de_weder_noch",
        (
            "Ihre Werke werden weder von uns noch von Dritten zum Training generativer KI genutzt.",
            {"no"},
            {"prohibited", "not_mentioned"},
        ),
    ),
    # the user chooses, in a setting, that the content not be used: an opt-out
    (
        "nl_user_indicates_not",
        (
            "In uw instellingen kunt u aangeven dat uw foto's niet worden gebruikt voor het "
            "trainen van onze AI-modellen.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "de_user_sets_not",
        (
            "In den Einstellungen können Sie festlegen, dass Ihre Inhalte nicht für das Training "
            "unserer KI-Modelle verwendet werden.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "fr_user_indicates_not",
        (
            "Dans vos paramètres, vous pouvez indiquer que vos contenus ne doivent pas être "
            "utilisés pour entraîner nos modèles d'IA.",
            {"opt_out"},
            None,
        ),
    ),
    # "LLM-aided development", "AI-powered features": the AI is the tool of what is developed or
    # improved, not what is trained (at most broad wording)
    (
        "llm_aided_development",
        (
            "Development data is a byproduct of LLM-aided development, and we believe you should "
            "start collecting it now.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "improve_ai_powered_features",
        ("We use your data to improve our AI-powered features.", {"unclear"}, None),
    ),
    (
        "train_ai_powered_assistant",
        ("We use your content to train our AI-powered assistant.", {"yes"}, None),
    ),
    (
        "develop_ai_models_grant",
        ("We use your content to develop and improve our AI models.", {"yes"}, None),
    ),
    # a setting's name ("the Model Improvement setting") is not the statement about training
    (
        "unless_you_enable_setting_refusal",
        (
            "Unless you enable the Model Improvement setting, we will not use your prompts to "
            "train our models.",
            {"opt_in"},
            None,
        ),
    ),
    (
        "except_to_extent_setting_refusal",
        (
            "Except to the extent you enable the Model Improvement setting, we will not use your "
            "prompts to train our models.",
            {"opt_in", "no"},
            None,
        ),
    ),
    (
        "turn_off_model_improvement_setting",
        (
            "We use your prompts for model improvement unless you turn off the Model Improvement "
            "setting.",
            {"opt_out"},
            None,
        ),
    ),
    # outside companies are third parties; participants training their own networks are users
    (
        "no_outside_company_permitted",
        (
            "No outside company is permitted to train AI on the content you share here.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "participants_train_their_own",
        (
            "Participants in our course train and deploy their own neural networks.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "we_train_on_participants_work",
        (
            "We use the projects participants submit to train our machine learning models.",
            {"yes"},
            None,
        ),
    ),
    # a refusal that leaves public content out of it: that content may be trained on
    (
        "refusal_except_public_content",
        (
            "With the exception of content you choose to make public, nothing you store in the "
            "app is used to train our AI models.",
            {"unclear", "yes"},
            None,
        ),
    ),
    (
        "refusal_public_or_private",
        ("We do not use your content, public or private, to train our AI models.", {"no"}, None),
    ),
    # a writing or coding assistant (one product) is an AI; writing assistants (people) are not
    (
        "train_writing_assistant",
        ("We use your drafts to train our writing assistant.", {"yes"}, None),
    ),
    (
        "train_writing_assistants_staff",
        (
            "We train our writing assistants (our editorial staff) to respect your privacy.",
            {"not_mentioned"},
            None,
        ),
    ),
    # an FAQ question, quoted or followed by an "Answer:" label, is no statement; "No." answers it
    (
        "faq_quoted_question_answer_label",
        (
            '??? note "Q: Are you using my code to train AI models?"\n\nAnswer:\n\nNo. Your code '
            "is not stored or used for training purposes.",
            {"no"},
            None,
        ),
    ),
    (
        "faq_quoted_question_answer_yes",
        (
            '??? note "Q: Are you using my code to train AI models?"\n\nAnswer:\n\nYes, unless '
            "you opt out in your account settings.",
            {"not_mentioned", "opt_out"},
            None,
        ),
    ),
    # third parties named only in another part of the sentence: the passive use of the user's
    # data in the part that names training is the service's own statement
    (
        "not_shared_and_never_used",
        (
            "Your data is not shared with third parties, and your data is never used to train AI "
            "models.",
            {"no"},
            None,
        ),
    ),
    (
        "never_used_and_not_shared",
        (
            "Your data is never used to train AI models, and it is not shared with third-party "
            "model providers.",
            {"no"},
            None,
        ),
    ),
    (
        "not_shared_but_may_be_used",
        (
            "Your data is not shared with third parties; your content may be used to train our "
            "AI models.",
            {"yes"},
            None,
        ),
    ),
    (
        "shared_and_they_train",
        (
            "We share your data with partners, and they may use it to train their AI models.",
            {"not_mentioned", "yes"},
            {"allowed"},
        ),
    ),
    # counter-examples: the service's own refusal in those languages
    (
        "nl_service_refuses",
        ("Uw foto's worden niet gebruikt voor het trainen van onze AI-modellen.", {"no"}, None),
    ),
    (
        "de_service_refuses",
        ("Ihre Inhalte werden nicht für das Training unserer KI-Modelle verwendet.", {"no"}, None),
    ),
]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_request_wording(name: str, case: Case) -> None:
    assert_read_as(name, case)
