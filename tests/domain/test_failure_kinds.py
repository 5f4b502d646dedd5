"""Unseen phrasings for the failure kinds of issue 10, written for these tests (not taken from
any platform's terms), in English, French, German, Spanish, Portuguese, Italian, Dutch and
Japanese, with false-positive traps. Each case: (text, platform_training, third_party_training);
None = not checked."""

from __future__ import annotations

import pytest

from bot.domain.verdict import classify

Case = tuple[str, str | None, str | None]

# 1. grants read as "not mentioned"
GRANTS: list[Case] = [
    (
        "By posting Content you grant us a worldwide licence to use it to train, develop and "
        "improve our services with artificial intelligence.",
        "yes",
        None,
    ),
    (
        "The service learns from the content you share with it and cannot unlearn it once it "
        "has learned from it.",
        "yes",
        None,
    ),
    ("Your Content may be used to build and improve our machine learning technology.", "yes", None),
    ("Wir können Ihre Inhalte verwenden, um unsere KI-Modelle zu trainieren.", "yes", None),
    (
        "Podemos utilizar su contenido para entrenar nuestros modelos de inteligencia artificial.",
        "yes",
        None,
    ),
    (
        "Podemos usar o seu conteúdo para treinar os nossos modelos de inteligência artificial.",
        "yes",
        None,
    ),
    (
        "Possiamo utilizzare i tuoi contenuti per addestrare i nostri modelli di intelligenza "
        "artificiale.",
        "yes",
        None,
    ),
    ("Wij kunnen uw inhoud gebruiken om onze AI-modellen te trainen.", "yes", None),
    ("当社は、お客様のコンテンツを人工知能モデルの学習に利用することがあります。", "yes", None),
]

# 2. short-form promises (summary boxes, one-liners without a full stop)
SHORT_FORM: list[Case] = [
    ("We never use your content to train AI", "no", None),
    ("Your data is not used to train AI models", "no", None),
    ("No AI training on your files", "no", None),
    ("We don't train on your data.", "no", None),
    ("Vos contenus ne servent pas à entraîner l'IA", "no", None),
    ("Wir verwenden Ihre Inhalte nicht zum Training von KI", "no", None),
    ("No usamos tus datos para entrenar la IA", "no", None),
    ("Não usamos os seus dados para treinar IA", "no", None),
    ("Wij gebruiken uw gegevens niet om AI te trainen", "no", None),
    # trap: a heading about AI is not a promise
    (
        "## Artificial intelligence features\n\nSome tools help you edit photos.",
        "not_mentioned",
        None,
    ),
]

# 3. negation with exceptions
EXCEPTIONS: list[Case] = [
    ("We won't use what you type to train our models unless you ask us to.", "opt_in", None),
    (
        "We will not use your content to train our AI models unless one of the following cases "
        "applies:\n\n1. you have explicitly opted in;\n\n2. you report content to us for review.",
        None,
        None,
    ),
    (
        "We do not use your inputs to train our models, unless you explicitly give us permission "
        "(for example by submitting feedback).",
        "opt_in",
        None,
    ),
    (
        "Your prompts are never used to train AI except where you choose to share them with us.",
        "opt_in",
        None,
    ),
    (
        "Nous n'utilisons pas vos données pour entraîner nos modèles d'IA, sauf si vous nous y "
        "autorisez.",
        "opt_in",
        None,
    ),
    (
        "Wir verwenden Ihre Eingaben nicht zum Trainieren unserer KI-Modelle, es sei denn, Sie "
        "willigen ausdrücklich ein.",
        "opt_in",
        None,
    ),
    (
        "No utilizaremos su contenido para entrenar modelos de IA sin su consentimiento.",
        "opt_in",
        None,
    ),
]

# 4. sentences split across blank lines by extraction
SPLIT: list[Case] = [
    (
        "We may use the content you upload to train\n\nour artificial intelligence models and "
        "improve them.",
        "yes",
        None,
    ),
    ("We do not use your recordings to train machine\n\nlearning models.", "no", None),
    (
        "Nous n'utilisons pas vos contenus pour entraîner nos modèles\n\nd'intelligence "
        "artificielle.",
        "no",
        None,
    ),
]

# 5. opt-outs: in-product controls, tier rules
OPT_OUTS: list[Case] = [
    (
        'We may use your conversations to improve our models. You can switch off "Help improve '
        'the model" in Settings at any time.',
        "opt_out",
        None,
    ),
    ("You decide whether the text you write is used for training our AI.", "opt_out", None),
    (
        "If you are on a free plan, your content may be used to train our AI models unless you "
        "opt out. Content of Business and Enterprise customers is never used for training.",
        "opt_out",
        None,
    ),
    (
        "Free accounts: we use your inputs to train our models; you can opt out in your account "
        "settings.\n\nBusiness accounts: we never use your data for training, and customers may "
        "opt in to share feedback.",
        "opt_out",
        None,
    ),
    (
        "Wir nutzen Ihre Inhalte, um unsere KI zu trainieren. Sie können dieser Nutzung "
        "jederzeit in den Einstellungen widersprechen.",
        "opt_out",
        None,
    ),
    (
        "Usamos tus datos para entrenar nuestros modelos de IA. Puedes desactivar este uso en la "
        "configuración de tu cuenta.",
        "opt_out",
        None,
    ),
    (
        "Utilizziamo i tuoi contenuti per addestrare l'intelligenza artificiale; puoi opporti in "
        "qualsiasi momento.",
        "opt_out",
        None,
    ),
]

# 6. machine learning is the product; "model" that is not an AI model
ML_PRODUCT: list[Case] = [
    (
        "Models and Datasets you upload to the Hub remain yours; you may train models on public "
        "datasets subject to their licences.",
        "not_mentioned",
        None,
    ),
    (
        '"Model" means a machine learning model, including its weights, that a user uploads to '
        "the Service.",
        "not_mentioned",
        None,
    ),
    (
        "Users can fine-tune models on their own datasets using our training infrastructure.",
        "not_mentioned",
        None,
    ),
    (
        "When you train a model with our tools, your training data stays in your account.",
        "not_mentioned",
        None,
    ),
    ("You may upload 3D models and textures and sell them to other users.", "not_mentioned", None),
    (
        "We may use the 3D models you upload to develop new features of the marketplace.",
        "not_mentioned",
        None,
    ),
    ("Sie können eigene KI-Modelle mit Ihren Datensätzen trainieren.", "not_mentioned", None),
]

# 7. prohibitions aimed at users are not the platform's own training
PROHIBITIONS: list[Case] = [
    (
        "Don't train AI models on other members' posts without their permission.",
        "not_mentioned",
        "prohibited",
    ),
    (
        "Users may not use content posted by other users to train artificial intelligence "
        "without the owner's consent.",
        "not_mentioned",
        "prohibited",
    ),
    (
        "You are prohibited from using other creators' works to train machine learning models "
        "unless they have agreed.",
        "not_mentioned",
        "prohibited",
    ),
    (
        "N'utilisez pas les contenus des autres membres pour entraîner une IA sans leur accord.",
        "not_mentioned",
        "prohibited",
    ),
    (
        "Es ist untersagt, Inhalte anderer Nutzer ohne deren Zustimmung zum Training von "
        "KI-Modellen zu verwenden.",
        "not_mentioned",
        "prohibited",
    ),
    (
        "Está prohibido utilizar el contenido de otros usuarios para entrenar modelos de "
        "inteligencia artificial.",
        "not_mentioned",
        "prohibited",
    ),
]

# 8. broad wording: unclear, not "not mentioned"
BROAD: list[Case] = [
    (
        "We may use your content to develop and improve our services, including through machine "
        "learning.",
        "unclear",
        None,
    ),
    (
        "We use the information you provide to improve our products, including by using "
        "artificial intelligence.",
        "unclear",
        None,
    ),
    (
        "Nous pouvons utiliser vos contenus pour améliorer nos services, y compris au moyen de "
        "l'apprentissage automatique.",
        "unclear",
        None,
    ),
    # traps: AI as a tool with no user content, AI features
    ("We may use artificial intelligence to improve our services.", "not_mentioned", None),
    ("Wir setzen künstliche Intelligenz ein, um Spam zu erkennen.", "not_mentioned", None),
    ("Usamos inteligencia artificial para recomendarte canciones.", "not_mentioned", None),
]

ALL = [
    *[("grant", *c) for c in GRANTS],
    *[("short", *c) for c in SHORT_FORM],
    *[("exception", *c) for c in EXCEPTIONS],
    *[("split", *c) for c in SPLIT],
    *[("opt_out", *c) for c in OPT_OUTS],
    *[("ml_product", *c) for c in ML_PRODUCT],
    *[("prohibition", *c) for c in PROHIBITIONS],
    *[("broad", *c) for c in BROAD],
]


@pytest.mark.parametrize(("kind", "text", "platform", "third"), ALL)
def test_failure_kind_phrasings(
    kind: str, text: str, platform: str | None, third: str | None
) -> None:
    verdict = classify(f"# Terms\n\nWelcome to the service.\n\n{text}\n\nThat is all.")
    if platform is not None:
        assert verdict.platform_training.value == platform, (kind, verdict.evidence)
    if third is not None:
        assert verdict.third_party_training.value == third, (kind, verdict.evidence)


def test_numbered_exceptions_never_read_as_a_grant() -> None:
    text = EXCEPTIONS[1][0]
    assert classify(text).platform_training.value in ("no", "opt_in")
