"""General wording of controls, data and sources (issue 10, 2026-12-02), each rule with
counter-examples that must keep their reading. Every sentence was written for these tests in
generic terms language, not copied from a document. Each case: (text, accepted platform values,
accepted third-party values or None)."""

from __future__ import annotations

import pytest

from tests.domain.wording_case import Case, assert_read_as

CASES: list[tuple[str, Case]] = [
    # a default that is on, and that admins or users can change, is an opt-out control
    (
        "on_by_default_admins_change",
        (
            "Customer content may be used to train our AI features. For Starter plans this "
            "setting is on by default, and admins can change it at any time.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "ai_feature_on_by_default",
        ("Our AI writing assistant is enabled by default.", {"not_mentioned"}, None),
    ),
    (
        "admins_change_roles",
        ("Admins can change the roles of members at any time.", {"not_mentioned"}, None),
    ),
    # a positive use "unless you <act>" holds until the user acts: an opt-out
    (
        "share_unless_you_enable",
        (
            "We may share public posts with AI companies for model training unless you enable "
            '"Prevent sharing" in your settings.',
            {"opt_out"},
            None,
        ),
    ),
    (
        "unless_not_an_act",
        ("We may use your content to train our AI models unless you are under 18.", {"yes"}, None),
    ),
    (
        "refusal_unless_you_ask",
        (
            "We do not use your content to train AI models unless you ask us to.",
            {"no", "opt_in"},
            None,
        ),
    ),
    # machine learning applied to the user's files, then an opt-out of that analysis
    (
        "content_analysis_then_opt_out",
        (
            "We may analyze your content using techniques such as machine learning to develop "
            "and improve our products. If you prefer that we not analyze your files in this way, "
            "you can opt out of content analysis at any time.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "content_analysis_alone",
        (
            "We may analyze your content using techniques such as machine learning to develop "
            "and improve our products.",
            {"unclear"},
            None,
        ),
    ),
    (
        "analysis_for_security",
        (
            "We analyze your files using machine learning to detect malware.",
            {"not_mentioned", "unclear"},
            None,
        ),
    ),
    # an objection in another language refers back to the use ("à ce traitement")
    (
        "fr_objection_refers_back",
        (
            "Nous pouvons utiliser vos données pour entraîner nos modèles d'IA. Vous pouvez vous "
            "opposer à ce traitement à tout moment.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "fr_sauf_opposition",
        (
            "Sauf opposition de votre part, nous utilisons vos données pour "
            "améliorer nos modèles d'IA.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "fr_sauf_opposition_cookies",
        (
            "Sauf opposition de votre part, nous déposons des cookies de mesure d'audience.",
            {"not_mentioned"},
            None,
        ),
    ),
    # a refusal for named kinds of data (account, payment, contact details) leaves a grant
    (
        "named_categories_refusal_with_grant",
        (
            "We use the prompts you choose to share with us to train our models. We do not train "
            "our models using your Account Information, Payment Information or Contact Details.",
            {"yes"},
            None,
        ),
    ),
    (
        "named_categories_refusal_alone",
        ("We do not use your payment information to train our AI models.", {"no"}, None),
    ),
    (
        "general_and_named_refusal_with_grant",
        (
            "We do not use your content or payment information to train AI models. We use public "
            "posts to train our models.",
            {"unclear", "yes"},
            None,
        ),
    ),
    # where training data comes from is no refusal to train on what users give
    (
        "sourcing_is_no_refusal",
        (
            "We use your conversations to train our models. For clarity, we do not actively seek "
            "out personal information to train our models.",
            {"yes"},
            None,
        ),
    ),
    # users hosting datasets and models, and training them: machine learning is the product
    (
        "hub_users_host_and_train",
        (
            "Users can host datasets and models in public or private repositories and train "
            "models on the datasets they are permitted to use.",
            {"not_mentioned"},
            None,
        ),
    ),
    # the content "you upload" names the users' content as much as "your content"
    (
        "content_you_upload_trains_features",
        (
            "We use the audio and lyrics you upload to build and train the "
            "generative features of the Service.",
            {"yes"},
            None,
        ),
    ),
    (
        "underlying_models",
        (
            "We may use Inputs and Outputs to develop and improve the Services and "
            "our underlying models.",
            {"yes", "unclear"},
            None,
        ),
    ),
    (
        "underlying_models_finance",
        (
            "Our pricing depends on the underlying models we use to assess credit risk.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "business_models",
        ("We may improve our business models using your data.", {"not_mentioned"}, None),
    ),
    (
        "several_model_kinds",
        (
            "Voice recordings you submit are used to improve our speech "
            "recognition and synthesis models.",
            {"yes"},
            None,
        ),
    ),
    (
        "model_performance",
        (
            "You can read more about how your content may be used to improve model performance. If "
            "you do not want your content used to improve the Services, you can opt out.",
            {"opt_out"},
            None,
        ),
    ),
    # "train our systems" with the users' data is training, with no AI word (not staff)
    (
        "train_our_systems",
        (
            "We process your Personal Data to improve our Services, train our systems to improve "
            "our Services and develop new Services.",
            {"yes", "unclear"},
            None,
        ),
    ),
    (
        "train_systems_administrators",
        ("We train our systems administrators on security every year.", {"not_mentioned"}, None),
    ),
    # a ban said as "is a violation of these Terms", "is unauthorized", "disallows"
    (
        "violation_of_terms",
        (
            "Content on the Service is owned by its creators. Using it to train generative AI "
            "without the creator's permission is a violation of these Terms.",
            {"not_mentioned"},
            {"prohibited", "opt_in"},
        ),
    ),
    (
        "violation_after_grant",
        (
            "We may use your content to train our AI models; any misuse of your account is a "
            "violation of these Terms.",
            {"yes"},
            None,
        ),
    ),
    (
        "violation_no_ai",
        ("Posting spam is a violation of these Terms.", {"not_mentioned"}, {"not_mentioned"}),
    ),
    (
        "robots_disallow_unauthorized",
        (
            "Our robots.txt file disallows AI crawlers, and any collection of content for AI "
            "training is unauthorized.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "unauthorized_access_ml",
        (
            "We use machine learning to detect unauthorized access to your account.",
            {"not_mentioned", "unclear"},
            {"not_mentioned"},
        ),
    ),
    # a third party as the subject of the ban; outputs that are generated are not used
    (
        "third_party_apps_may_not",
        (
            "Third-party applications may not use data obtained through our API to train "
            "machine learning models.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    (
        "generate_outputs_not_used",
        (
            "Inputs sent to the API are processed to generate outputs and are not used to train "
            "the underlying models.",
            {"no"},
            None,
        ),
    ),
    (
        "outputs_ban_still",
        (
            "You may not use outputs to train models that compete with ours.",
            {"not_mentioned"},
            {"prohibited"},
        ),
    ),
    # the company's consent in another language marks a rule for others; the user's does not
    (
        "de_ohne_unsere_zustimmung",
        (
            "Die Nutzung der Inhalte für das Training von KI-Modellen ist ohne unsere Zustimmung "
            "untersagt.",
            {"not_mentioned"},
            {"prohibited", "opt_in"},
        ),
    ),
    (
        "fr_sans_votre_consentement",
        (
            "Nous n'utiliserons pas vos contenus pour entraîner nos modèles d'IA sans votre "
            "consentement.",
            {"opt_in", "no"},
            None,
        ),
    ),
    # artists offered a tool to fine-tune their own model: machine learning is the product
    (
        "artists_fine_tune_own",
        (
            "Our studio lets artists fine-tune a model on their own artwork; the resulting model "
            "is private to the artist.",
            {"not_mentioned", "unclear"},
            None,
        ),
    ),
    (
        "artists_see_plays",
        (
            "Our dashboard lets artists see how often their tracks are played.",
            {"not_mentioned"},
            None,
        ),
    ),
    (
        "computer_vision_algorithms",
        (
            "We use the photos uploaded by our members to train our computer vision algorithms.",
            {"yes"},
            None,
        ),
    ),
    # "model improvement" and classifiers are training words; business models are not
    (
        "model_improvement_setting",
        (
            'Your chats are used for model improvement unless you turn off the "Model '
            'improvement" setting.',
            {"opt_out"},
            None,
        ),
    ),
    (
        "business_model_improvement",
        ("We work on business model improvement with our partners.", {"not_mentioned"}, None),
    ),
    (
        "safety_classifiers",
        (
            "We may use conversations flagged for policy violations to train our trust and "
            "safety classifiers.",
            {"yes", "unclear"},
            None,
        ),
    ),
    (
        "train_staff_to_classify",
        ("We train our staff to classify complaints quickly.", {"not_mentioned"}, None),
    ),
    # "only ... when you report them": a consent; a control that is off by default: an opt-in
    (
        "only_when_you_report",
        (
            "We only use conversations to train our models when you explicitly report them to us.",
            {"opt_in", "no"},
            None,
        ),
    ),
    (
        "only_when_you_ask_no_ai",
        ("We only contact you when you ask us to.", {"not_mentioned"}, None),
    ),
    (
        "toggle_off_by_default",
        (
            'The "Share data to improve the model" toggle is off by default.',
            {"opt_in", "not_mentioned"},
            None,
        ),
    ),
    # turning a setting off stops the training: it runs until then (an opt-out)
    (
        "turn_off_activity",
        (
            "If you turn off your Activity setting, future chats won't be used to improve our AI "
            "models.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "turn_off_memory",
        (
            "If you turn off the Memory setting, the assistant will not remember past chats.",
            {"not_mentioned"},
            None,
        ),
    ),
    # people as what is trained are staff, in any language read
    (
        "train_staff_on_ai",
        ("We train our staff on artificial intelligence.", {"not_mentioned"}, None),
    ),
    (
        "es_train_staff_on_ai",
        ("Entrenamos a nuestro personal sobre inteligencia artificial.", {"not_mentioned"}, None),
    ),
    ("train_models_on_content", ("We train AI models on your content.", {"yes"}, None)),
    # the Spanish, Italian and Portuguese verbs for "train" govern the AI term like "train"
    (
        "es_train_ai_refusal",
        (
            "Nunca venderemos tu música ni la utilizaremos para entrenar inteligencia artificial.",
            {"no"},
            None,
        ),
    ),
    (
        "it_train_ai_refusal",
        ("Non usiamo la tua musica per addestrare intelligenza artificiale.", {"no"}, None),
    ),
    (
        "pt_train_ai_refusal",
        ("Não usamos a sua música para treinar inteligência artificial.", {"no"}, None),
    ),
    # machine learning applied to the content users upload, to improve the services
    (
        "ml_applied_to_uploads",
        (
            "We apply machine learning to the content you upload in order to train and improve "
            "our services.",
            {"unclear", "yes"},
            None,
        ),
    ),
    (
        "ml_applied_to_uploads_spam",
        (
            "We apply machine learning to the content you upload in order to detect spam.",
            {"not_mentioned"},
            None,
        ),
    ),
    # "if you ask us to, we will fine-tune a model on your data": at the user's request
    (
        "if_you_ask_us_to_fine_tune",
        (
            "If you ask us to, we will fine-tune a model on your data for your exclusive use.",
            {"opt_in", "not_mentioned"},
            None,
        ),
    ),
    (
        "if_you_request_a_copy",
        (
            "We may use your content to train our AI models, and if you request a copy we will "
            "send it.",
            {"yes"},
            None,
        ),
    ),
    # a chatbot or an assistant's next versions are trained, not staff called assistants
    (
        "future_versions_of_assistant",
        ("Conversations may be used to train future versions of our assistant.", {"yes"}, None),
    ),
    (
        "train_human_assistants",
        ("We train our assistants to answer your calls politely.", {"not_mentioned"}, None),
    ),
    # a programme the user joins is a consent; joining a group is not
    (
        "join_programme",
        (
            "If you join the Creator Data Program, the songs you select will be used to train our "
            "music models.",
            {"opt_in"},
            None,
        ),
    ),
    (
        "join_group",
        (
            "If you join a group, its members can see your posts, which we also use to train our "
            "AI models.",
            {"yes"},
            None,
        ),
    ),
    # a tag the owner sets, and creators excluding works from datasets: opt-outs
    (
        "except_marked",
        (
            'We may train our models on public uploads, except those marked "Do not use for AI '
            'training" by their owner.',
            {"opt_out"},
            None,
        ),
    ),
    (
        "except_marked_no_ai",
        ("We remove all uploads except those marked as private.", {"not_mentioned"}, None),
    ),
    (
        "creators_exclude_from_datasets",
        (
            "Creators can choose to exclude their works from datasets used to "
            "train our generative tools.",
            {"opt_out"},
            None,
        ),
    ),
    (
        "generative_tools_misuse",
        (
            "You may not use generative tools to create misleading content about other people.",
            {"not_mentioned"},
            {"not_mentioned"},
        ),
    ),
]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_control_and_data_wording(name: str, case: Case) -> None:
    assert_read_as(name, case)
