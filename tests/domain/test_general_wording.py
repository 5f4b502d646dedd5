"""General terms wording behind the English rules of issue 10, each with a counter-example that
must not fire. Every sentence was written for these tests in generic terms-of-service language
(no platform's terms copied). Each case: (text, platform_training, third_party_training);
None = not checked."""

from __future__ import annotations

import pytest

from bot.domain.diff import compare
from bot.domain.verdict import classify

Case = tuple[str, str | None, str | None]

CASES: list[tuple[str, Case]] = [
    # "including (through) machine learning" qualifying what is improved: broad wording
    (
        "including_ai_list_item",
        (
            "We use your information to:\n\n* Provide the service.\n\n* Improve our products "
            "and keep users safe (including machine learning and automated decisions).\n\n"
            "* Answer your questions.",
            "unclear",
            None,
        ),
    ),
    (
        "including_ai_no_subject",
        (
            "Developing and improving new features, including through machine learning and "
            "other technologies.",
            "unclear",
            None,
        ),
    ),
    (
        "including_ai_weak_verb_with_data",
        (
            "We may use your data for internal purposes, such as analytics and developing new "
            "features, including to inform our machine learning.",
            "unclear",
            None,
        ),
    ),
    (
        "including_ai_models_as_object",
        (
            "To improve the quality of our services (including our AI models) we process the "
            "content you submit.",
            None,
            None,
        ),
    ),
    # counter-examples: a strong training verb stays a grant; AI features are no training
    (
        "including_but_trains",
        (
            "We may use your content to improve our services, including to train our machine "
            "learning models.",
            "yes",
            None,
        ),
    ),
    (
        "including_ai_features",
        (
            "We keep developing new tools for you, including AI features that summarise your "
            "notes.",
            "not_mentioned",
            None,
        ),
    ),
    ("ai_as_a_tool", ("We use machine learning to detect spam.", "not_mentioned", None)),
    # a feedback licence is not training on the user's works
    (
        "feedback_only",
        (
            "You agree that we may use any feedback you give us to improve our AI models and "
            "services without restriction.",
            "unclear",
            None,
        ),
    ),
    (
        "feedback_and_content",
        (
            "We may use your content and your feedback to train our AI models.",
            "yes",
            None,
        ),
    ),
    # a prohibiting lead-in that ends with a full stop ("... the following acts.")
    (
        "lead_in_full_stop",
        (
            "Members must not engage in any of the following acts.\n\n1. Posting unlawful "
            "material;\n\n2. Using posted works for data analysis, including machine learning to "
            "develop artificial intelligence;\n\n3. Spamming.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "following_not_a_ban",
        (
            "We use your content for the following purposes.\n\n1. To train our AI models;\n\n"
            "2. To show your posts to others.",
            "yes",
            None,
        ),
    ),
    # list items under the service's purposes for users' data are read with that lead-in
    (
        "purpose_lead_in_item",
        (
            "We may use the content you upload and your messages for the following purposes:"
            "\n\n- To provide the service.\n\n- To process payments.\n\n- To improve our "
            "machine learning features.\n\n- To answer your questions.",
            "yes",
            None,
        ),
    ),
    (
        "licence_purpose_lead_in_item",
        (
            "You grant us a license to your content for the limited purposes of:\n\n* Operating "
            "and improving our products (for example, your edits may help train our suggestion "
            "engine);\n\n* Complying with the law.",
            "yes",
            None,
        ),
    ),
    (
        "features_list_no_purpose_lead_in",
        (
            "Our plans include the following features:\n\n- Machine learning features that "
            "suggest tags.\n\n- Unlimited storage.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "users_own_purposes_list",
        (
            "You may use the service for the following purposes:\n\n- To improve your machine "
            "learning skills.\n\n- To share your work.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "purpose_lead_in_without_users_data",
        (
            "We work with partners for the following purposes:\n\n- To improve our machine "
            "learning features.",
            "not_mentioned",
            None,
        ),
    ),
    # an opt-out two sentences later that refers back to the use
    (
        "back_reference_opt_out",
        (
            "We use your activity to develop and improve our machine learning technologies. "
            "Staff may review this activity. If you do not want your activity used in this way, "
            "change the setting in your account.",
            "opt_out",
            None,
        ),
    ),
    (
        "later_sentence_without_back_reference",
        (
            "We use your activity to develop and improve our machine learning technologies. "
            "Staff may review this activity. You can change your password in your account.",
            "yes",
            None,
        ),
    ),
    # in-product switches worded as "disable" / "preferences"
    (
        "disable_in_preferences",
        (
            "We may use your prompts to improve our models. You can disable this in your account "
            "preferences.",
            "opt_out",
            None,
        ),
    ),
    (
        "disable_account_is_no_opt_out",
        (
            "We may use your prompts to improve our models. We may disable your account if you "
            "break these terms.",
            "yes",
            None,
        ),
    ),
    # quoted "learn" / "unlearn"
    (
        "quoted_unlearn",
        (
            'You understand that the service may "learn" from what you post and that it cannot '
            'later "unlearn" it.',
            "yes",
            None,
        ),
    ),
    # one-line promises
    ("none_of", ("None of your files is used to train our models.", "no", None)),
    ("not_used_label", ("Not used for AI training", "no", "not_mentioned")),
    (
        "not_to_is_a_ban",
        ("Not to use any content of the site to train AI models;", "not_mentioned", "prohibited"),
    ),
    # "automated means" is not a definition ("X means ...")
    (
        "automated_means",
        (
            "Using automated means to collect content for training AI models is not permitted.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "definition_still_skipped",
        (
            '"Training Data" means the data a customer uploads to train its own AI models.',
            "not_mentioned",
            None,
        ),
    ),
    # a lead-in is read from its last sentence: a "not" earlier in the paragraph bans nothing
    (
        "lead_in_is_its_last_sentence",
        (
            "We do not sell your information. For example, our providers help us:\n\n"
            "* host files;\n\n* send emails.\n\nWe will not use your prompts to train our AI "
            "models unless you ask us to.",
            "opt_in",
            "not_mentioned",
        ),
    ),
    (
        "prohibiting_lead_in",
        (
            "You must not:\n\n* resell the service;\n\n* use content from the service to "
            "train AI models.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    # "any third parties' AI models": the service's own promise, not a rule for others
    (
        "possessive_third_parties",
        (
            "We do not use your messages to train our or any third parties' AI models.",
            "no",
            "not_mentioned",
        ),
    ),
    (
        "third_parties_may_not",
        (
            "Any third party may not use content on the service to train AI models.",
            None,
            "prohibited",
        ),
    ),
    # how generative AI works, explained in general, says nothing about users' content
    (
        "ai_explainer",
        (
            "Generative AI models learn the patterns and structure of their training data and "
            "then produce new text or images with similar characteristics.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "learns_from_your_content",
        ("Our AI models learn from the content you upload.", "yes", None),
    ),
    # the service binds its vendors: a promise about partners, not a third-party rule (and not,
    # alone, a refusal of the service's own training)
    (
        "vendor_duty",
        (
            "When we share data with a service provider that offers AI services, the provider is "
            "contractually bound not to use it to train its AI models.",
            "unclear",
            "not_mentioned",
        ),
    ),
    (
        "scrapers_banned",
        (
            "Third parties may not scrape the service to train AI models.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    # training an engine or algorithm of the service, with no AI word
    (
        "train_our_engine",
        (
            "Your ratings of our recommendations may help train our recommendation engine.",
            "yes",
            None,
        ),
    ),
    ("train_our_staff", ("We train our staff to protect your data.", "not_mentioned", None)),
    # tier rules: a refusal scoped to a plan, a contract or a channel leaves the default's rule
    (
        "tier_api_channel",
        (
            "We do not train our models on data submitted through our API. Conversations in the "
            "free app may be used to train our models.",
            "yes",
            None,
        ),
    ),
    (
        "tier_enterprise_agreement",
        (
            "If you use the Services under an Enterprise agreement, we will not use your Content "
            "to train our models. Otherwise, we may use your Content to train and improve our "
            "models.",
            "yes",
            None,
        ),
    ),
    (
        "tier_workspaces_opt_out",
        (
            "We will not use content from paid workspaces to train AI models. Content from "
            "personal workspaces may be used to train our AI models unless you opt out in "
            "settings.",
            "opt_out",
            None,
        ),
    ),
    (
        "unscoped_refusal_and_grant_stay_unclear",
        (
            "We do not use your content to train AI models. We may use your content to train "
            "our AI models.",
            "unclear",
            None,
        ),
    ),
    # machine learning offered to users, even with "we" as the subject
    (
        "tools_to_train_your_own",
        (
            "We may provide you with tools to train AI models on your own content.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "lets_you_train_then_refusal",
        (
            "Our platform lets you train, fine-tune and deploy machine learning models on your "
            "own data. We do not use your data or models to train our own models.",
            "no",
            None,
        ),
    ),
    (
        "condition_on_users_training",
        (
            "If you use outputs of our models to train another AI model, you must credit us in "
            "that model's name.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "we_train_on_your_content",
        ("We may use the content you upload to train our AI models.", "yes", None),
    ),
    # in-product controls and objections
    (
        "under_settings",
        (
            "We may use your inputs to train our AI. You can change this at any time under "
            "Settings > Data.",
            "opt_out",
            None,
        ),
    ),
    (
        "if_you_prefer_we_do_not",
        (
            "We may use your data to train our models. If you prefer that we do not, you can "
            "tell us by email.",
            "opt_out",
            None,
        ),
    ),
    # broad wording: machine learning among the means of analysing content
    (
        "analyse_including_ml",
        (
            "We may analyse your content using automated systems, including machine learning, "
            "to provide and improve the Services.",
            "unclear",
            None,
        ),
    ),
    # a refusal coordinated with another promise
    (
        "never_sell_or_use",
        (
            "We will never sell your data or use your artwork to train generative AI.",
            "no",
            "not_mentioned",
        ),
    ),
    (
        "not_permit_others",
        (
            "We do not permit third parties to use your artwork to train generative AI.",
            None,
            "prohibited",
        ),
    ),
    # consent-style exceptions with words in between
    (
        "except_when_you_choose",
        (
            "We don't use your chats to train our models, except when you rate an answer and "
            "choose to send us the conversation.",
            "opt_in",
            None,
        ),
    ),
    (
        "unless_you_have_opted_in",
        (
            "We do not use your content for training, unless you have opted in to our research "
            "programme.",
            "opt_in",
            None,
        ),
    ),
    # scraping by AI companies, competing models, distillation: others' AI use
    (
        "ai_companies_scrape",
        ("We do not allow AI companies to scrape our users' content.", None, "prohibited"),
    ),
    ("generic_scraping_ban", ("You may not scrape the Service.", None, "not_mentioned")),
    (
        "competing_models_ban",
        (
            "You must not:\n\n* use content made available via the Services to develop any "
            "products or models that compete with the Services;\n\n* resell the Services.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "distillation_ban",
        (
            "You may not scrape, mine or distil any content from the Services.",
            None,
            "prohibited",
        ),
    ),
    # a pronoun standing for data in a passive sentence is not an unknown actor
    (
        "pronoun_passive",
        (
            "These features run locally: your pages and images stay on your device and are not "
            "sent to our servers or used for training purposes without your explicit consent.",
            "opt_in",
            None,
        ),
    ),
    (
        "pronoun_actor_stays_unclear",
        (
            "Some partners provide features. They may use your content to train their AI models.",
            None,
            None,
        ),
    ),
    # a refusal given as an example covers that case only
    (
        "refusal_as_example",
        (
            "For example, the notes you give the health assistant are not used to train "
            "generative AI models.",
            "unclear",
            None,
        ),
    ),
    (
        "plain_refusal",
        ("The notes you write are not used to train generative AI models.", "no", None),
    ),
    # summary boxes: a question about training answered "No"
    (
        "summary_table_answered_no",
        (
            "| Question | Answer |\n|---|---|\n| Do you sell my data? | No |\n"
            "| Do you train AI on my content? | No, never. |",
            "no",
            None,
        ),
    ),
    (
        "faq_answered_no",
        ("Do you use my photos to train AI models?\n\nNo. Your photos stay yours.", "no", None),
    ),
    (
        "question_heading_alone",
        (
            "Do you train AI on my content?\n\nWe explain our AI features below.",
            "not_mentioned",
            None,
        ),
    ),
    # a refusal whose listed exceptions mention training: consent-style, never a grant
    (
        "refusal_with_listed_exceptions",
        (
            "We do not train on your content, except in these cases:\n\n(a) you give us "
            "feedback on a response, which we may use to train our models;\n\n(b) you join "
            "our research programme.",
            "opt_in",
            "not_mentioned",
        ),
    ),
    (
        "users_ban_with_unless_stays_a_ban",
        (
            "Unless we give our permission, you must not:\n\n* share outputs that will be used "
            "to train AI models;\n\n* remove watermarks.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    # a sentence split before "unless"
    (
        "split_before_unless",
        ("We will not use your content to train AI models\n\nunless you opt in.", "opt_in", None),
    ),
    # hubs: datasets and models that users train
    (
        "hub_used_by_users",
        (
            "Users upload models and datasets. Datasets are used by users to train models.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "hub_trained_by_users",
        (
            "Repositories may contain machine learning models trained by users on public datasets.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "used_by_us",
        ("Your datasets may be used by us to train our models.", "yes", None),
    ),
    # "fine-tuned models" names a kind of model; a condition on users' training bans nothing
    (
        "fine_tuned_versions",
        (
            "Your use of any fine-tuned or distilled versions of our models outside the API is "
            "governed by the licence that we apply to them.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "condition_on_outputs",
        (
            "If you use any Outputs to train or improve an AI model that you distribute, you shall "
            "credit the original model in its name.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "ban_on_outputs",
        (
            "You may not use any Outputs to train or improve an AI model.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "we_fine_tune_on_your_content",
        ("We may fine-tune our models on the content you upload.", "yes", None),
    ),
    # consent phrased as asking first
    (
        "without_asking",
        (
            "Your content is yours. We won't use it to train AI without asking you first.",
            "opt_in",
            None,
        ),
    ),
    (
        "allows_you_to_train",
        (
            "The service allows you to create datasets and train computer vision models.",
            "not_mentioned",
            None,
        ),
    ),
    # passive grants: "AI systems are trained using ..."
    (
        "ai_systems_are_trained",
        ("Our AI systems are trained using data from our users.", "yes", None),
    ),
    (
        "ai_systems_are_built",
        ("Our AI systems are built by a small team in Lisbon.", "not_mentioned", None),
    ),
    # more in-product controls and consent switches
    (
        "to_stop_this_uncheck",
        (
            'We train our AI on your posts. To stop this, uncheck "Allow AI training" in your '
            "profile.",
            "opt_out",
            None,
        ),
    ),
    (
        "only_if_you_turn_on",
        (
            'We only use your content to train our models if you turn on "Share data" in Settings.',
            "opt_in",
            None,
        ),
    ),
    (
        "only_when_you_enable",
        ("Content is used for AI training only when you enable the feature.", "opt_in", None),
    ),
    # refusals with "nothing you ..." and a passive subject "your data ... used"
    ("nothing_you_upload", ("Nothing you upload is used to train AI.", "no", None)),
    (
        "nothing_in_these_terms_is_no_refusal",
        (
            "Nothing in these Terms limits our right to use your content to train our AI models.",
            "yes",
            None,
        ),
    ),
    (
        "your_data_shared_or_used",
        (
            "None of your personal data is shared with AI companies or used to train AI.",
            "no",
            None,
        ),
    ),
    # a refusal that holds once the user switches a named setting or mode on: an opt-out
    (
        "setting_on_passive_trained_on",
        (
            "If you turn on Private Mode in your account settings, your files will never be "
            "trained on by us or any third party.",
            "opt_out",
            "opt_out",
        ),
    ),
    (
        "setting_on_when_mode_enabled",
        (
            "When Private Mode is enabled, your conversations are never used to train our AI "
            "models.",
            "opt_out",
            None,
        ),
    ),
    (
        "setting_on_used_as_training_data",
        (
            "Files you upload are kept for 30 days and never used as training data while "
            "Private Mode is on.",
            "opt_out",
            None,
        ),
    ),
    (
        "setting_on_with_mode_on",
        (
            "With Incognito Mode on, your chats are never used to train our AI models.",
            "opt_out",
            None,
        ),
    ),
    # counter-examples: a refusal with no setting; a setting that switches training on
    (
        "setting_in_another_clause",
        (
            "If you enable notifications in your settings, we e-mail you a summary; we do not use "
            "your messages to train our AI models.",
            "no",
            None,
        ),
    ),
    (
        "refusal_without_setting",
        (
            "Your files will never be trained on by us or any third party.",
            "no",
            "prohibited",
        ),
    ),
    (
        "setting_on_switches_training_on",
        (
            "If you turn on the Share Data setting, we use your conversations to train our AI "
            "models.",
            "opt_in",
            None,
        ),
    ),
    (
        "unless_you_enable_setting",
        (
            "Unless you enable the Share Data setting, we do not train our AI models on your "
            "files.",
            "opt_in",
            None,
        ),
    ),
    # the user's request to the service ("ask us not to", "tell us that you do not want"): the
    # negation is the user's, so the sentence is an opt-out, not the service's refusal
    (
        "you_may_ask_us_not_to",
        (
            "You can ask us at any time not to use your posts to train our AI models, and we "
            "will stop.",
            "opt_out",
            None,
        ),
    ),
    (
        "you_may_tell_us_you_do_not_want",
        (
            "You may tell us that you do not want your recordings used for model training, and "
            "we will respect that choice.",
            "opt_out",
            None,
        ),
    ),
    (
        "you_may_request_that_we_not",
        (
            "You may request that we not use your content to train our machine learning models.",
            "opt_out",
            None,
        ),
    ),
    (
        "tell_us_but_we_refuse",
        (
            "You can tell us about a bug by email, and we do not use your messages to train our "
            "AI models.",
            "no",
            None,
        ),
    ),
    # a consent exception belongs to its own clause, not to a training refusal before it
    (
        "consent_of_another_clause",
        (
            "We do not use your voice recordings to train AI models, and they are not shared "
            "with anyone except with your consent.",
            "no",
            None,
        ),
    ),
    (
        "consent_clause_about_training",
        (
            "We do not use your voice recordings to train AI models, and we will only do so "
            "with your consent.",
            "opt_in",
            None,
        ),
    ),
    (
        "consent_same_clause",
        (
            "We do not use your voice recordings to train AI models without your consent.",
            "opt_in",
            None,
        ),
    ),
    # "train the features of the Service" with the user's content: training on that content
    (
        "train_product_with_customer_content",
        (
            "We may use Customer Content to monitor and train the features and tools of the "
            "Service.",
            "yes",
            None,
        ),
    ),
    (
        "train_customer_service_team",
        (
            "We may use your messages to train our customer service team.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "train_product_without_users_content",
        (
            "Our instructors train the features of the platform with sample files.",
            "not_mentioned",
            None,
        ),
    ),
    # an opt-out in another section, worded "model training"
    (
        "model_training_choice",
        (
            "## How we use data\n\nWe use your conversations to train our models.\n\n"
            "## Your choices\n\nYou can opt out of model training at any time in Settings.",
            "opt_out",
            None,
        ),
    ),
    # a general right to object is no training-specific opt-out; one about this use is
    (
        "generic_right_to_object",
        (
            "We use your content to improve our AI models.\n\nYou have the right to object to "
            "processing based on our legitimate interests.",
            "yes",
            None,
        ),
    ),
    (
        "object_to_this",
        (
            "We use your content to improve our AI models.\n\nYou can object to this at any time.",
            "opt_out",
            None,
        ),
    ),
    # ML-kind models improved with consent; tier words "subscribers"
    (
        "speech_models_if_you_allow",
        (
            "If you allow it, we use your recordings to improve our speech models.",
            "opt_in",
            None,
        ),
    ),
    (
        "improve_our_3d_models_is_not_ai",
        ("We may use your feedback to improve our 3D models and printers.", "not_mentioned", None),
    ),
    (
        "tier_subscribers",
        (
            "Data from users on our free tier may be used for model training. Paid subscribers' "
            "data is never used for training.",
            "yes",
            None,
        ),
    ),
    # bans under a heading, passive bans, reservations of rights
    (
        "ban_heading_list",
        (
            "## Prohibited activities\n\n- Posting spam\n\n- Using content from the site to "
            "train AI models\n\n- Harassing others",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "plain_heading_list_is_no_ban",
        (
            "## How we use your content\n\n- Showing it to your followers\n\n- Training our "
            "AI models",
            None,
            "not_mentioned",
        ),
    ),
    (
        "passive_ban",
        (
            "Content on this site may not be used for the purposes of training artificial "
            "intelligence.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "passive_promise",
        ("Your content will not be used for training artificial intelligence.", "no", None),
    ),
    (
        "members_must_not",
        (
            "Community members must respect each other's work and must not train AI on it.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "rights_reserved_against_ai",
        (
            "We reserve all rights in the content against use for AI training (a text and data "
            "mining opt-out).",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "reserve_the_right_to_train_is_a_grant",
        ("We reserve the right to use your content to train our AI models.", "yes", None),
    ),
    # a refusal for now only
    (
        "refusal_for_now",
        (
            "We do not currently use your content to train AI models, but we may do so in the "
            "future after notifying you.",
            "unclear",
            None,
        ),
    ),
    (
        "refusal_with_unrelated_but",
        (
            "We do not use your content to train AI models, but we may show it to other users.",
            "no",
            None,
        ),
    ),
    # "including but not limited to" lists; it negates nothing (devset-c)
    (
        "not_limited_to_in_grant",
        (
            "You grant us a licence to use the content you upload, including but not limited "
            "to photos and videos, in connection with the training of machine learning models.",
            "yes",
            None,
        ),
    ),
    (
        "not_limited_to_with_refusal",
        (
            "We do not use your content, including but not limited to photos and videos, to "
            "train machine learning models.",
            "no",
            None,
        ),
    ),
    # a statement that leaves the user's training preferences untouched: a control exists
    (
        "training_preferences_kept",
        (
            "We may use the materials you submit for the training of AI models; this does not "
            "affect any preferences you have set with respect to model training.",
            "opt_out",
            None,
        ),
    ),
    (
        "refusal_regardless_of_settings",
        (
            "We will not use your private messages to train our AI models, regardless of your "
            "settings.",
            "no",
            None,
        ),
    ),
    # machine learning as a means of processing the user's information that improves the
    # service: broad wording
    (
        "processing_includes_ml_to_improve",
        (
            "We process your information to run the service. This processing may include the "
            "use of automated tools such as machine learning that help us improve our services.",
            "unclear",
            None,
        ),
    ),
    (
        "processing_includes_ml_for_fraud",
        (
            "Payment processing may include the use of machine learning to detect fraud.",
            "not_mentioned",
            None,
        ),
    ),
    # improving "products, including AI features" with the user's data unless refused: an
    # opt-out (without the condition, AI features alone are no training: see above)
    (
        "including_ai_features_unless_opted_out",
        (
            "We use the information described above:\n\n* To answer your questions.\n\n"
            "* To build and improve our apps, including AI features, unless you have opted "
            "out.\n\n* To keep accounts secure.",
            "opt_out",
            None,
        ),
    ),
    # "other user content" / "any user data" is what is used (a noun phrase), not other users
    # acting: a refusal about the service's own models is no ban on third parties
    (
        "other_user_content_is_an_object",
        (
            "We may use your chats to train our models. You can switch this off in your "
            "settings. After that, new chats and other user content will not be used to train "
            "our models.",
            "opt_out",
            "not_mentioned",
        ),
    ),
    (
        "any_user_data_is_an_object",
        (
            "Any user data you share with the assistant will not be used to train our AI models.",
            "no",
            "not_mentioned",
        ),
    ),
    # counter-examples: other users as the ones who act are still a ban on others
    (
        "other_users_may_not_train",
        (
            "Other users may not use the content you post to train artificial intelligence models.",
            None,
            "prohibited",
        ),
    ),
    (
        "any_user_shall_not_train",
        (
            "Any user shall not copy content from the service to train machine learning models.",
            None,
            "prohibited",
        ),
    ),
    # "we have turned off model training (at our provider)": a refusal said with a verb
    (
        "we_turned_off_model_training",
        (
            "We have turned off model training in our account with the AI provider.",
            "no",
            None,
        ),
    ),
    # counter-examples: the user's switch is an opt-out; another thing disabled is no refusal
    (
        "you_can_turn_off_model_training",
        (
            "We train our models on your chats. You can switch off model training in your "
            "settings.",
            "opt_out",
            None,
        ),
    ),
    (
        "we_disabled_something_else",
        (
            "We have disabled the old editor and now train our models on the drafts you save.",
            "yes",
            None,
        ),
    ),
    # a subjectless list item "anything copied from our website to train AI" under a lead-in:
    # a use by others that needs permission, not the service training
    (
        "item_copied_from_our_site",
        (
            "You need our written permission for the following:\n\n* Our logo\n\n"
            "* Anything copied from our website to build or train artificial intelligence\n\n"
            "* Bulk downloads",
            "not_mentioned",
            "prohibited",
        ),
    ),
    # counter-examples: the service's own models stay the service's training
    (
        "copied_from_our_site_trains_our_models",
        (
            "Data copied from our site is used to train our AI models.",
            "yes",
            None,
        ),
    ),
    (
        "scraped_by_us_for_our_models",
        (
            "Content scraped from our services may be used by us to train our AI models.",
            "yes",
            None,
        ),
    ),
    # "without the prior written consent of <the company>": the company's consent, so the
    # sentence is a rule for others' use of the content, not the service's own opt-in
    (
        "company_consent_rules_others_use",
        (
            "Personal use does not include the use of the Materials without prior written "
            "consent from Example Press in connection with training any artificial intelligence "
            "model.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "without_our_permission_to_train",
        (
            "Nobody may copy the articles to train machine learning systems without our "
            "permission.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    # counter-examples: the user's consent is an opt-in of the service's own training
    (
        "without_the_users_consent_is_opt_in",
        (
            "We will not use your posts to train our AI models without the consent of the user.",
            "opt_in",
            None,
        ),
    ),
    (
        "without_your_written_consent_is_opt_in",
        (
            "We do not use your uploads to train AI models without your prior written consent.",
            "opt_in",
            None,
        ),
    ),
    # "User will not ...": a capitalised defined term for the user is not a company subject
    (
        "user_will_not_train",
        (
            "The User will not use any content found on the Site for the training of machine "
            "learning models.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "named_company_will_train",
        (
            "Example Corp will use uploaded photos to train its AI models.",
            "yes",
            None,
        ),
    ),
    # items of a ban ("you must not:") that end without punctuation keep the list going
    (
        "unpunctuated_item_keeps_the_ban",
        (
            "Unless we have authorised you in writing, you must not:\n\n"
            "Copy or download any Content from the Products (except as part of the normal use "
            "of the Products)\n\n"
            "Sell or rent any of the Content to other people;\n\n"
            "Use material that includes the Content to train AI models or other machine "
            "learning systems.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "service_sentence_after_a_ban_list",
        (
            "You must not:\n\n"
            "Copy or download any Content from the Products (except as part of the normal use "
            "of the Products)\n\n"
            "We use the photos you upload to train our AI models.",
            "yes",
            None,
        ),
    ),
    # machine learning that serves another company's own products is that company's training
    (
        "partners_ml_for_their_products",
        (
            "Our measurement partners may use your device identifier for their own purposes. "
            "They may use it for research and development, such as training machine learning "
            "models to improve the accuracy of their products and services.",
            "not_mentioned",
            "allowed",
        ),
    ),
    (
        "our_ml_for_our_products",
        (
            "We use your listening history to train machine learning models that improve our "
            "products and services.",
            "yes",
            None,
        ),
    ),
    (
        "opted_out_of_marketing_only",
        (
            "If you have opted out of marketing emails, we will still tell you about changes "
            "to our products, including AI features.",
            "not_mentioned",
            None,
        ),
    ),
    # machine learning named as the service's means of improving itself: broad wording
    (
        "ml_technique_to_improve_services",
        (
            'We may use techniques such as "machine learning" (which data protection law may '
            "call automated processing) to help us improve our services.",
            "unclear",
            None,
        ),
    ),
    (
        "ml_to_improve_the_user_experience",
        (
            "We also use machine learning to improve the user experience of the app.",
            "unclear",
            None,
        ),
    ),
    # counter-examples: AI used for another purpose, by the user, or refused
    (
        "ml_to_detect_fraud",
        (
            "We use machine learning to detect fraud and keep our platform safe.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "user_uses_ai_to_improve",
        ("You may use our AI tools to improve your photos.", "not_mentioned", None),
    ),
    (
        "no_ai_to_improve_services",
        ("We do not use AI to improve our services.", "not_mentioned", None),
    ),
    # how models are made, explained: information, not a use of anyone's content
    (
        "note_explaining_training_process",
        (
            "We publish a transparency note to describe the training methods of our foundation "
            "models and their limits.",
            "not_mentioned",
            None,
        ),
    ),
    # counter-example: the explanation names the user's content as what is trained on
    (
        "note_explaining_training_on_your_content",
        (
            "We have published a note explaining how we use your conversations to train our "
            "models.",
            "yes",
            None,
        ),
    ),
    # a numbered list of rights where the user's permission names training other models
    (
        "user_may_use_outputs_to_train_after_we_assign",
        (
            "(1) You keep your rights in your inputs; (2) we assign to you our rights in the "
            "outputs, (3) and you may use the inputs and outputs for any lawful purpose, "
            "including research and training other models.",
            "not_mentioned",
            None,
        ),
    ),
    # counter-example: the service's own training, before the user's permission, stays a grant
    (
        "we_train_then_user_fine_tunes",
        (
            "We use your data to train our models, and you can fine-tune them for your own needs.",
            "yes",
            None,
        ),
    ),
    (
        "providers_barred_from_their_own_models",
        (
            "Where AI providers process your files, we will ensure our contracts do not "
            "authorize use of your files for their own AI model development or training "
            "purposes.",
            "no",
            None,
        ),
    ),
    # a named company granting itself use of the user's inputs and outputs: a grant, not a ban
    # on users using outputs to train
    (
        "company_may_use_inputs_and_outputs_to_train",
        (
            "You agree that Acme may use your content, including inputs and outputs, to train "
            "and improve its artificial intelligence models.",
            "yes",
            "not_mentioned",
        ),
    ),
    # training "our algorithms": machine learning named by what is trained, as "our models"
    (
        "train_our_algorithms",
        (
            "We use the information we collect to develop and train our algorithms.",
            "yes",
            None,
        ),
    ),
    (
        "not_train_our_algorithms",
        ("We never use your photos to train our algorithms.", "no", None),
    ),
    # counter-example: staff training about algorithms is no AI training
    (
        "staff_training_on_algorithms",
        (
            "Our employees receive regular training on our algorithms and security policies.",
            "not_mentioned",
            None,
        ),
    ),
    # the AI Act's public summary of training content: a disclosure, not a use of users' content
    (
        "ai_act_training_summary",
        (
            "As required by the EU AI Act, we publish a summary of the content used to train our "
            "general-purpose AI models.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "training_summary_naming_your_posts",
        (
            "We publish a summary of the content used to train our models, which includes your "
            "public posts.",
            "yes",
            None,
        ),
    ),
    # the DSM directive's text-and-data-mining opt-out, stated by the rights holder
    (
        "tdm_rights_reserved",
        (
            "We expressly reserve our rights to use the content of this site for text and data "
            "mining, as provided by Article 4(3) of Directive (EU) 2019/790.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "tdm_use_reserved",
        (
            "Any use of the content of this site for text and data mining is expressly reserved.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    # counter-examples: the service reserving itself the mining of the user's content is no ban;
    # mining named as a tool the service uses is no rule for others
    (
        "we_reserve_mining_your_content",
        (
            "We reserve the right to use your content for text and data mining.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "we_use_tdm_for_search",
        (
            "We use text and data mining to improve search results.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "user_must_not_use_outputs_to_train",
        (
            "You must not use any output, including text and images, to train artificial "
            "intelligence models.",
            "not_mentioned",
            "prohibited",
        ),
    ),
]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_general_wording(name: str, case: Case) -> None:
    text, platform, third = case
    verdict = classify(f"# Terms\n\nWelcome to the service.\n\n{text}\n\nThat is all.")
    if platform is not None:
        assert verdict.platform_training.value == platform, (name, verdict.evidence)
    if third is not None:
        assert verdict.third_party_training.value == third, (name, verdict.evidence)


# AI / machine learning applied to the user's data by the service (issue 10, devset-g): broad
# wording, training neither stated nor ruled out. Only with the catch-all "process" or a
# product-development purpose; inference for ads, AI answering the user and AI that improves
# something without the user's data named stay not_mentioned. Sentences written for these tests.
ML_ON_DATA_CASES: list[tuple[str, Case]] = [
    (
        "ml_processes_users_personal_data",
        (
            "The Company applies machine learning methods to process users' personal data and "
            "to estimate which offers may interest you.",
            "unclear",
            "not_mentioned",
        ),
    ),
    (
        "ai_analysis_then_this_helps_improve_products",
        (
            "We may use AI tools, including machine learning, to assist the analysis of your "
            "interactions with our stores. This helps us tailor your visits and improve our "
            "products.",
            "unclear",
            "not_mentioned",
        ),
    ),
    (
        "ai_analysis_to_develop_products_same_sentence",
        (
            "We use artificial intelligence to analyse your activity on the app in order to "
            "develop new features.",
            "unclear",
            None,
        ),
    ),
    # counter-examples
    (
        "ml_analysis_for_ads_only",
        (
            "You can switch off the use of machine learning to analyse your pictures for ad "
            "targeting in your settings.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "ai_answers_the_user",
        ("We use AI to analyse your questions and suggest answers.", "not_mentioned", None),
    ),
    (
        "ai_improves_without_users_data",
        ("We use AI to improve the quality of our customer support.", "not_mentioned", None),
    ),
    (
        "ml_refused_on_users_data",
        ("We do not use machine learning to process your personal data.", "not_mentioned", None),
    ),
]


@pytest.mark.parametrize(
    ("name", "case"), ML_ON_DATA_CASES, ids=[name for name, _ in ML_ON_DATA_CASES]
)
def test_ml_on_users_data_wording(name: str, case: Case) -> None:
    test_general_wording(name, case)


def test_adding_ml_on_users_data_is_an_ai_change() -> None:
    from bot.domain.diff import compare

    old = "# Privacy\n\nWe use your personal data to provide the service.\n"
    new = (
        old + "\nWe use machine learning techniques to process your personal data and to choose "
        "the offers we show you.\n"
    )
    change = compare(old, new, platform_name="Example", document_label="Privacy Policy")
    assert change.ai_relevant
    assert change.after.platform_training.value == "unclear"


# A ban-list item about misusing AI-made content is a rule about AI-generated uploads, not a ban
# on AI training (issue 10, devset-g); the same list banning training stays a ban.
AI_MADE_CASES: list[tuple[str, Case]] = [
    (
        "ban_on_passing_off_ai_content",
        (
            "You agree that you will not use the Service in a manner that:\n\n(a) Breaks any "
            "law or the rights of anyone else;\n\n(b) Shares or publishes AI Content in a "
            "deceptive manner, for example by claiming that the AI Content was written entirely "
            "by a person; or\n\n(c) Sends spam to other members.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "ai_generated_images_rule_stays_unread",
        (
            "Members may not share AI-generated images in a misleading way.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    # counter-examples: a training verb in the item, AI as the tool, the service's own use
    (
        "ban_on_training_in_the_same_list",
        (
            "You agree that you will not use the Service in a manner that:\n\n(a) Breaks any "
            "law or the rights of anyone else;\n\n(b) Copies the Content to train or develop "
            "AI models; or\n\n(c) Sends spam to other members.",
            None,
            "prohibited",
        ),
    ),
    (
        "ban_on_content_in_ai_tools",
        ("You may not use the Content in connection with any AI tools.", None, "prohibited"),
    ),
    (
        "service_uses_content_and_ai_images",
        (
            "We may use your content and AI-generated images to improve our services.",
            "unclear",
            None,
        ),
    ),
]


@pytest.mark.parametrize(("name", "case"), AI_MADE_CASES, ids=[name for name, _ in AI_MADE_CASES])
def test_ai_made_content_rules(name: str, case: Case) -> None:
    test_general_wording(name, case)


# Who trains, and rules for others (issue 10, devset-f): sentences written for these tests.
ACTOR_CASES: list[tuple[str, Case]] = [
    # a disclaimer of control over others' training is third-party information, not a refusal
    (
        "disclaimer_of_others_training",
        (
            "We do not control, and are not responsible for, how AI providers handle your "
            "prompts, including whether they use them to train their own models.",
            "not_mentioned",
            "allowed",
        ),
    ),
    (
        "disclaimer_then_own_refusal",
        (
            "We are not responsible for third-party websites, and we do not use your prompts "
            "to train our models.",
            "no",
            None,
        ),
    ),
    # the trainer is a third party ("some providers", "their own models"): its opt-out is theirs
    (
        "third_party_trains_their_own_models",
        (
            "Some Partner Providers may use your prompts to improve their large language models "
            "and may let you opt out under their own terms.",
            "not_mentioned",
            "opt_out",
        ),
    ),
    (
        "pronoun_subject_their_models",
        (
            "They do not use your prompts for training their machine learning models.",
            "unclear",
            "not_mentioned",
        ),
    ),
    (
        "service_trains_its_own_models_opt_out",
        (
            "We may train on your prompts to improve our own language models, and you can opt "
            "out in your settings.",
            "opt_out",
            None,
        ),
    ),
    # "<company> has opted out of model training": the company's refusal; "where feasible": partial
    (
        "company_opted_out_where_feasible",
        (
            "Where feasible, Acme has opted out of model training with the providers it works "
            "with.",
            "unclear",
            None,
        ),
    ),
    (
        "company_opted_out",
        ("Acme has opted out of model training with every AI provider it works with.", "no", None),
    ),
    (
        "user_has_opted_out",
        (
            "If the user has opted out of model training, we keep their chats for support only.",
            "opt_out",
            None,
        ),
    ),
    # training named as a setting an admin configures: a control, the direction unstated
    (
        "training_as_admin_setting",
        (
            "Members use the workspace as configured by its owner, whose configuration may "
            "include enabling chat history, data retention and model training.",
            "unclear",
            None,
        ),
    ),
    (
        "configured_then_we_train",
        (
            "Once your account is configured, we will enable model training on all content you "
            "upload.",
            "yes",
            None,
        ),
    ),
    # a report of others' training practices is no use of the user's content
    (
        "status_of_training_reported",
        (
            "Our catalogue shows the status of prompt logging and training for each AI model it "
            "lists.",
            "not_mentioned",
            None,
        ),
    ),
    (
        "status_word_then_training",
        (
            "We describe the status of your account and use your prompts for training our AI "
            "models.",
            "yes",
            None,
        ),
    ),
    # a non-compete that names an AI model only as the offering competed with bans no training
    (
        "non_compete_without_training",
        (
            "You may not use any content or data from the service to develop a product or service "
            "that competes with the Acme AI Model.",
            None,
            "not_mentioned",
        ),
    ),
    (
        "training_competing_ai_models",
        (
            "You must not use the service or its outputs to train or improve competing AI models.",
            None,
            "prohibited",
        ),
    ),
    (
        "non_compete_naming_model_building",
        (
            "You may not use any content or data from the service to build or train a model "
            "that competes with ours.",
            None,
            "prohibited",
        ),
    ),
    # content taken from the AI model (the service protected), or an AI in another clause
    (
        "data_collected_from_the_ai_model",
        (
            "You may not use any bot to collect information or data from or through the Acme AI "
            "Model.",
            None,
            "not_mentioned",
        ),
    ),
    (
        "data_collected_for_use_in_ai",
        (
            "You may not collect data from the service for use in any AI model.",
            None,
            "prohibited",
        ),
    ),
    # "You further agree not to ...": a rule for users, not the service's refusal
    (
        "user_further_agrees_not_to_train",
        (
            "You further agree not to use the voices we provide for training any AI model.",
            "not_mentioned",
            "prohibited",
        ),
    ),
    (
        "service_agrees_not_to_train",
        ("We agree not to use your recordings to train any AI model.", "no", None),
    ),
    # a defined product ('"X" is an AI model trained on ...') states no policy
    (
        "definition_of_trained_product",
        (
            'A "Studio Voice" is an AI model trained on recordings that a speaker submits.',
            "not_mentioned",
            None,
        ),
    ),
    (
        "quoted_name_trains",
        (
            'The "Studio" feature trains our AI models on the recordings you submit.',
            "yes",
            None,
        ),
    ),
    # AI counted in analytics ("how many AI credits") is not a system trained for improvement
    (
        "ai_counted_in_improvement_analytics",
        (
            "By default, we do not use your files to train our AI models. Anonymous usage data "
            "may be kept to improve the platform, such as how many AI credits a task used.",
            "no",
            None,
        ),
    ),
    (
        "usage_data_improves_ai",
        ("We may use your usage data to improve our AI models.", "yes", None),
    ),
    # a use named in one item of a list of duties does not govern a product's name ("Acme AI
    # Materials") in a later item: no AI use of content, no rule about training
    (
        "named_ai_product_in_later_list_item",
        (
            "You shall not: (a) resell, license or otherwise transfer the Vendor Materials to "
            "anyone; (b) make any false statement about the Northwind AI Materials; (c) use "
            "the Service in breach of export laws.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "content_into_named_ai_product_same_item",
        (
            "You shall not: (a) copy or upload the content of other members into the Northwind "
            "AI Assistant; (b) use the Service in breach of export laws.",
            None,
            "prohibited",
        ),
    ),
    # "the data used to train it may be biased": the model described, no user's data named
    (
        "data_used_to_train_the_assistant_described",
        (
            "The assistant may make mistakes, and the data used to train it may be incomplete "
            "or out of date, so check its answers before relying on them.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "your_data_used_to_train_it",
        (
            "We may keep your data used to train it for as long as your account is open.",
            "yes",
            None,
        ),
    ),
    # "it cannot understand irony": what the system can do, not a ban on anyone
    (
        "ai_cannot_understand_is_a_capability",
        (
            "Posts you share may be used to train AI models, which cannot understand sarcasm "
            "or irony.",
            "yes",
            "not_mentioned",
        ),
    ),
    (
        "members_may_not_train_is_a_ban",
        (
            "Members may not use posts from the service to train AI models, and they cannot "
            "share their passwords.",
            None,
            "prohibited",
        ),
    ),
    # "(this does not prevent you from fine-tuning our models)": a permission inside a list of
    # duties, not a rule about training on content
    (
        "carve_out_lets_user_fine_tune",
        (
            "You must not: (a) resell access to the API; (b) copy or decompile the software "
            "(this does not prevent you from fine-tuning our AI models through the API).",
            None,
            "not_mentioned",
        ),
    ),
    (
        "carve_out_not_about_training",
        (
            "You must not use posts from the service to train AI models (this does not prevent "
            "you from exporting your own posts).",
            None,
            "prohibited",
        ),
    ),
    # training named inside the claims an indemnity covers states no policy
    (
        "training_inside_an_indemnity",
        (
            "We will defend you against any claim that your use of the service, including the "
            "training data we use to train our AI models, infringes a third party's copyright.",
            "not_mentioned",
            "not_mentioned",
        ),
    ),
    (
        "training_before_an_indemnity",
        (
            "We may use your uploads to train our AI models, and we will defend you against any "
            "claim that your uploads infringe a third party's copyright.",
            "yes",
            None,
        ),
    ),
    # a refusal of one kind of data ("the content of chats") next to AI named among what data
    # improves: the refusal does not cover users' content in general
    (
        "narrow_refusal_and_broad_ai_use",
        (
            "We do not use the content of chats to train AI models.\n\nWe may also use data to:"
            "\n\n* Process payments.\n\n* Develop new services and products, including our AI "
            "models.\n\n* Prevent fraud.",
            "unclear",
            None,
        ),
    ),
    (
        "users_content_refusal_and_broad_ai_use",
        (
            "We do not use your content to train AI models.\n\nWe may also use data to:"
            "\n\n* Process payments.\n\n* Develop new services and products, including our AI "
            "models.\n\n* Prevent fraud.",
            "no",
            None,
        ),
    ),
    (
        "narrow_refusal_alone",
        ("We do not use the content of chats to train AI models.", "no", None),
    ),
    # partners' own training the user must consent to: a rule about others' training
    (
        "partners_own_training_needs_your_consent",
        (
            "Our partners must: (a) keep your files secure; (b) not use your files for their own "
            "AI training without your prior consent; and (c) delete them on request.",
            None,
            "prohibited",
        ),
    ),
    (
        "partners_contract_without_consent_stays_ours",
        (
            "Where partners process your files, our contracts with them include security "
            "safeguards and do not authorise use of your files for their own model development "
            "or training purposes.",
            None,
            "not_mentioned",
        ),
    ),
    (
        "own_consent_rule_and_partners_billing",
        (
            "We will not use your files for AI training without your prior consent, and "
            "partners only process them for their own billing purposes.",
            "opt_in",
            "not_mentioned",
        ),
    ),
]


@pytest.mark.parametrize(("name", "case"), ACTOR_CASES, ids=[name for name, _ in ACTOR_CASES])
def test_actor_wording(name: str, case: Case) -> None:
    test_general_wording(name, case)


def _terms(body: str) -> str:
    return f"# Privacy policy\n\nWe collect your account details.\n\n{body}\n\nContact us.\n"


def test_a_change_adding_broad_machine_learning_wording_is_ai_relevant() -> None:
    old = _terms("We use your information to provide the services.")
    new = _terms(
        "We use your information to provide the services. We may use techniques like machine "
        "learning to help us improve our products."
    )
    change = compare(old, new, platform_name="Example", document_label="Privacy Policy")
    assert change.ai_relevant
    assert change.after.platform_training.value == "unclear"
    # counter-example: machine learning used against fraud is no training mention
    other = _terms(
        "We use your information to provide the services. We use machine learning to detect fraud."
    )
    assert not compare(
        old, other, platform_name="Example", document_label="Privacy Policy"
    ).ai_relevant
