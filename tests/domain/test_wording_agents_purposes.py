"""General wording of agents, purposes and withdrawals (issue 10, 2026-12-02, second session),
each rule with counter-examples that must keep their reading. Every sentence was written for
these tests in generic terms language, not copied from a document. Each case: (text, accepted
platform values, accepted third-party values or None)."""

from __future__ import annotations

import pytest

from tests.domain.wording_case import Case, assert_read_as

CASES: list[tuple[str, Case]] = [
    # users withdrawing, removing or taking their content out of training: an opt-out
    (
        "withdraw_from_training",
        (
            "You can withdraw your content from AI training at any time in your privacy dashboard.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "take_out_of_datasets",
        (
            "Artists can take their tracks out of the datasets used to train our music models.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "remove_posts_no_training",
        ("Users may remove their posts from the Service at any time.", {"not_mentioned"}, None),
    ),
    (
        "withdraw_from_staff_programme",
        (
            "You may withdraw from the training programme for moderators at any time.",
            {"not_mentioned"},
            None,
        ),
    ),
    # "when you use X, <a subject of its own> is never used to train": not the user's training
    (
        "when_you_use_then_passive_refusal",
        (
            "When you use the assistant, your data is never used to train AI models.",
            {"no"},
            None,
        ),
    ),
    (
        "when_you_use_then_passive_grant",
        (
            "When you use the Service, your content may be used to train our AI models.",
            {"yes"},
            None,
        ),
    ),
    (
        "when_you_use_to_train_your_own",
        (
            "When you use our platform to train custom models, you keep ownership of the weights.",
            {"not_mentioned"},
            None,
        ),
    ),
    # staff training and quality purposes are people's training, not AI training
    (
        "training_and_quality_purposes",
        (
            "We may use recordings of your calls for training and quality purposes.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "training_and_quality_assurance",
        (
            "Your messages to customer service may be used for training and quality assurance.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "staff_training_purpose",
        ("Chats with our agents may be used for staff training.", {"not_mentioned"}, None),
    ),
    (
        "used_for_training_still_read",
        (
            "Your data may be used for training, and you can object at any time.",
            {"opt_out"},
            None,
        ),
    ),
    # "used for training (purposes)" in Portuguese, German, Polish and Japanese, as in English
    (
        "pt_para_fins_de_treinamento",
        (
            "O conteúdo que você envia não é usado para fins de treinamento sem o seu "
            "consentimento explícito.",
            {"opt_in", "no"},
            None,
        ),
    ),
    (
        "de_fuer_trainingszwecke_genutzt",
        (
            "Ihre Inhalte werden ohne Ihre ausdrückliche Zustimmung nicht für Trainingszwecke "
            "genutzt.",
            {"opt_in", "no"},
            None,
        ),
    ),
    (
        "pl_do_trenowania",
        (
            "Twoje dane nie będą wykorzystywane do trenowania bez Twojej wyraźnej zgody.",
            {"opt_in", "no"},
            None,
        ),
    ),
    (
        "ja_gakushuu_ni_shiyou",
        (
            "お客様のコンテンツは、明示的な同意なしに学習に使用されることはありません。",
            {"opt_in", "no"},
            None,
        ),
    ),
    (
        "ja_study_support_not_training",
        (
            "お客様の学習履歴は、学習を支援するために表示されます。",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "de_schulung_staff",
        (
            "Telefonate können zu Schulungszwecken aufgezeichnet werden.",
            {"not_mentioned"},
            None,
        ),
    ),
    # the service and others named together as agents: both readings
    (
        "whether_by_us_or_third_parties",
        (
            "Your data is never used to train AI models, whether by us or by third-party "
            "providers.",
            {"no"},
            {"prohibited"},
        ),
    ),
    (
        "neither_we_nor_providers",
        ("Neither we nor our model providers train on your prompts.", {"no"}, {"prohibited"}),
    ),
    (
        "by_us_or_partners_grant",
        (
            "Your content may be used by us or by our partners to train AI models.",
            {"yes"},
            None,
        ),
    ),
    (
        "by_us_and_affiliates_is_the_group",
        (
            "Data that is no longer personal data may be used by us and our affiliates to train "
            "AI models.",
            {"yes"},
            {"not_mentioned"},
        ),
    ),
    (
        "operated_by_us_and_affiliates",
        ("This service is operated by us and by our affiliates.", {"not_mentioned"}, None),
    ),
    # "We will never:" and its items: the service's refusals, not bans on others
    (
        "refusal_lead_in_items",
        (
            "We will never:\n- sell your personal data;\n- use your files to train artificial "
            "intelligence models.",
            {"no"},
            {"not_mentioned"},
        ),
    ),
    (
        "ban_lead_in_items",
        (
            "You may not:\n- use any content from the Service to train a machine learning model.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "we_do_not_allow_you_lead_in",
        (
            "We do not allow you to:\n- use content to train AI models.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    # "develop new technologies, such as AI": AI as what is developed, broad wording
    (
        "such_as_ai_developed",
        (
            "We may use information about how you use the Service to research and develop new "
            "technologies, such as artificial intelligence.",
            {"unclear"},
            None,
        ),
    ),
    (
        "such_as_ai_the_tool",
        (
            "We improve the customer experience by using new technologies such as AI.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "such_as_ai_product_names",
        ("We build AI features such as AI DJ and AI playlists.", {"not_mentioned"}, None),
    ),
    # a refusal that holds once the user deletes the content: kept, it is used (an opt-out)
    (
        "if_you_delete_not_trained",
        (
            "If you delete a conversation, it will not be used to train our models.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "deleted_and_never_trained",
        (
            "Deleted conversations are removed within 30 days and are never used to train our "
            "models.",
            {"no"},
            None,
        ),
    ),
    # "lets you <a few acts> and train models": the users train their own
    (
        "lets_you_several_acts_train",
        (
            "Notebooks let you write code, load data and train models in your browser.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "help_you_share_photos_we_train_on",
        (
            "Our tools help you find, organise and share the photos we use to train our AI.",
            {"yes"},
            None,
        ),
    ),
    # the next sentence refers back to the use and makes it depend on consent: an opt-in
    (
        "consent_refers_back_next",
        (
            "We would like to use your recordings to train our speech models. We will only do so "
            "if you give us your consent in the app.",
            {"opt_in"},
            None,
        ),
    ),
    # "X, but not Y, to train": Y is left out of what is trained on, no refusal
    (
        "but_not_carve_out",
        (
            "We use public posts, but not private messages, to train our generative AI models.",
            {"yes"},
            None,
        ),
    ),
    (
        "bracket_carve_out",
        (
            "Your content (not your account details) may be used to train our models.",
            {"yes"},
            None,
        ),
    ),
    (
        "comma_not_to_use_is_a_refusal",
        (
            "The Company agrees, whether or not your content is marked, not to use any of your "
            "content to train generative AI programs.",
            {"no"},
            None,
        ),
    ),
    (
        "not_to_train_after_comma",
        (
            "We use your data to improve the service, not to train AI models.",
            {"no"},
            None,
        ),
    ),
    # others named by a relative clause train their own; handing them users' content does not
    (
        "researchers_who_train",
        (
            "We fund academic researchers who study and train machine learning models for "
            "healthcare.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "teaches_you_how_to_train",
        (
            "Our course teaches you how to train neural networks with Python.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "license_to_companies_that_develop_ai",
        (
            "We may license public posts to third parties, including companies that develop AI "
            "models.",
            {"yes", "unclear"},
            {"allowed"},
        ),
    ),
    (
        "users_who_upload_content_trained_on",
        (
            "We use the content of users who upload videos to train our AI models.",
            {"yes"},
            None,
        ),
    ),
    # how terms phrase controls: "to prevent ... from being used", "submit an objection"
    (
        "to_prevent_being_used_enable",
        (
            'To prevent your content from being used for AI training, enable the "Do not train" '
            "flag on your profile.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "to_prevent_fraud_not_a_control",
        (
            "To prevent fraud, we may use machine learning to analyse your transactions.",
            {"not_mentioned", "unclear"},
            None,
        ),
    ),
    (
        "objection_form_next_sentence",
        (
            "We use your public posts to train our AI. You can submit an objection using this "
            "form.",
            {"opt_out"},
            None,
        ),
    ),
    # "excluded from model training" refuses without "not"
    (
        "excluded_from_training",
        ("Business accounts are excluded from model training.", {"no", "unclear"}, None),
    ),
    (
        "excluded_from_programme",
        ("Users who are excluded from the programme may not post.", {"not_mentioned"}, None),
    ),
    # "violates these Terms": a ban
    (
        "bots_for_ai_training_violate_terms",
        (
            "Using bots to collect content for AI training violates these Terms and may result "
            "in termination.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    # developers who "deploy, monitor and retrain their models": they train their own
    (
        "developers_retrain_their_models",
        (
            "Developers can deploy, monitor and retrain their models using our MLOps platform.",
            {"not_mentioned"},
            None,
        ),
    ),
    # a heading naming training, then "data from ... for this purpose"
    (
        "heading_then_data_for_this_purpose",
        (
            "## Training our models\n\nWe use de-identified data from conversations for this "
            "purpose.",
            {"yes", "unclear"},
            None,
        ),
    ),
    # impersonal bans in German, Spanish, Italian and Dutch: rules for everyone, not refusals
    (
        "de_nicht_gestattet",
        (
            "Es ist nicht gestattet, Inhalte dieser Website zum Training von KI-Systemen zu "
            "verwenden.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "es_no_esta_permitido",
        (
            "No está permitido utilizar los contenidos de este sitio para entrenar sistemas de IA.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "it_non_e_consentito",
        (
            "Non è consentito utilizzare i contenuti del sito per addestrare sistemi di IA.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "nl_niet_toegestaan",
        (
            "Het is niet toegestaan de inhoud van deze website te gebruiken om AI-systemen te "
            "trainen.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "de_we_refuse_bound_by_contract",
        (
            "Wir verwenden Ihre Inhalte nicht zum Training von KI-Modellen; dies ist uns "
            "vertraglich untersagt.",
            {"no"},
            None,
        ),
    ),
    (
        "consent_next_about_other_data",
        (
            "We use your posts to train our AI models. We will only use your email address if "
            "you agree.",
            {"yes"},
            None,
        ),
    ),
]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_agent_and_purpose_wording(name: str, case: Case) -> None:
    assert_read_as(name, case)
