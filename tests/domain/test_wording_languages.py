"""General legal wording in French, German, Spanish, Italian, Portuguese, Dutch and Japanese.

Every sentence here was written for the test in the language of terms and privacy policies in
general (GDPR vocabulary, licence wording), never copied from one document; each rule has a
counter-example that must stay unread (sports training, a product model, staff training).
"""

from __future__ import annotations

import pytest

from bot.domain.clauses import find_ai_clauses
from bot.domain.models import PlatformTraining, ThirdPartyTraining
from bot.domain.normalize import normalize_text
from bot.domain.verdict import classify

P = PlatformTraining
T = ThirdPartyTraining


def _doc(*paragraphs: str) -> str:
    return "# Conditions\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize(
    ("sentence", "platform"),
    [
        # GDPR bases and rights, read the same way in every language
        (
            "Nous utilisons vos contenus pour entraîner nos modèles d'intelligence artificielle sur"
            " la base de notre intérêt légitime ; vous pouvez exercer votre droit d'opposition à"
            " tout moment dans les paramètres de votre compte.",
            P.OPT_OUT,
        ),
        (
            "Nous n'utilisons pas vos contenus pour entraîner nos modèles d'IA sans votre"
            " consentement.",
            P.OPT_IN,
        ),
        ("Vos contenus ne sont pas utilisés pour entraîner des modèles d'IA.", P.NO),
        (
            "Wir verwenden Ihre Inhalte zum Training unserer KI-Modelle. Sie können dieser"
            " Verarbeitung jederzeit widersprechen.",
            P.OPT_OUT,
        ),
        ("Wir können Ihre Inhalte verwenden, um unsere KI-Modelle zu trainieren.", P.YES),
        (
            "Solo utilizaremos su contenido para entrenar modelos de inteligencia artificial con"
            " su consentimiento previo.",
            P.OPT_IN,
        ),
        ("I tuoi contenuti non saranno mai utilizzati per addestrare modelli di IA.", P.NO),
        (
            "Pode opor-se à utilização dos seus dados para o treino dos nossos modelos de IA.",
            P.OPT_OUT,
        ),
        ("Wij gebruiken uw content alleen met uw toestemming om AI-modellen te trainen.", P.OPT_IN),
        ("お客様の同意なく、お客様のコンテンツをAIの学習に利用することはありません。", P.OPT_IN),
    ],
)
def test_gdpr_wording_in_every_language(sentence: str, platform: PlatformTraining) -> None:
    assert classify(_doc(sentence)).platform_training is platform


# -- "entraîner nos modèles": only articles, possessives or a second verb between the two


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous utilisons vos contenus pour entraîner et améliorer nos modèles.",
        "Vos données sont traitées pour l'entraînement de nos algorithmes de recommandation.",
        "Podemos usar sus datos para entrenar y mejorar nuestros modelos.",
        "Possiamo usare i tuoi dati per addestrare i nostri modelli.",
        "Podemos usar os seus dados para treinar os nossos modelos.",
    ],
)
def test_training_our_models_without_an_ai_word_is_a_grant(sentence: str) -> None:
    assert classify(_doc(sentence)).platform_training is P.YES


@pytest.mark.parametrize(
    "sentence",
    [
        # sports training next to a product model
        "Nos coachs proposent des plans d'entraînement adaptés à votre modèle de chaussure.",
        "Notre algorithme d'entraînement adapte vos séances à votre niveau.",
        "Ofrecemos un entrenamiento adaptado a su modelo de bicicleta.",
        "Offriamo un allenamento personalizzato per il tuo modello di scarpa.",
        "Oferecemos um treino adequado ao seu modelo de relógio.",
        "Le nouveau modèle d'abonnement est disponible depuis l'application.",
    ],
)
def test_sports_training_and_product_models_are_not_ai(sentence: str) -> None:
    assert find_ai_clauses(normalize_text(_doc(sentence))) == []


# -- "utilisées par <un autre> pour entraîner ses modèles": the other company's training


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous veillons à ce que vos données ne soient pas utilisées par notre fournisseur d'IA"
        " pour entraîner ou améliorer ses modèles.",
        "Nous nous assurons que vos données ne sont pas utilisées par Exemplar pour entraîner"
        " ses modèles.",
        "Nous ne partageons pas vos données avec des tiers pour entraîner leurs modèles d'IA.",
    ],
)
def test_a_promise_about_another_companys_models_is_about_others(sentence: str) -> None:
    verdict = classify(_doc(sentence))
    assert verdict.platform_training is P.NOT_MENTIONED
    assert verdict.third_party_training is T.PROHIBITED


def test_the_platform_named_as_agent_is_still_the_platform() -> None:
    verdict = classify(
        _doc("Vos contenus ne sont pas utilisés par la plateforme pour entraîner ses modèles d'IA.")
    )
    assert verdict.platform_training is P.NO


# -- German and Dutch: the negation after the verb and its object


@pytest.mark.parametrize(
    ("sentence", "platform"),
    [
        ("Wir trainieren unsere KI-Modelle nicht mit Ihren Inhalten.", P.NO),
        ("Wij trainen onze AI-modellen niet met uw content.", P.NO),
        ("Wir trainieren unsere KI-Modelle mit Ihren Inhalten.", P.YES),
        # "nicht" negates the adjective, not the training
        ("Wir trainieren unsere KI-Modelle mit nicht personenbezogenen Daten.", P.YES),
        (
            "Wir trainieren unsere KI-Modelle mit Ihren Inhalten, sofern Sie dem nicht"
            " widersprechen.",
            P.OPT_OUT,
        ),
    ],
)
def test_negation_after_the_verb(sentence: str, platform: PlatformTraining) -> None:
    assert classify(_doc(sentence)).platform_training is platform


# -- a training purpose without an AI word, right after a sentence about an AI system


@pytest.mark.parametrize(
    "paragraph",
    [
        "Ce chatbot est un système d'IA. Vos données ne seront pas utilisées à des fins de"
        " formation.",
        "Dieser Chatbot ist ein KI-System. Ihre Daten werden nicht zu Trainingszwecken verwendet.",
        "Este asistente es un sistema de inteligencia artificial. Sus datos no se utilizarán con"
        " fines de entrenamiento.",
        "Deze assistent is een AI-systeem. Uw gegevens worden niet gebruikt voor"
        " trainingsdoeleinden.",
        "This assistant is an AI system. Your data will not be used for training purposes.",
    ],
)
def test_training_purpose_after_an_ai_sentence_is_read_with_it(paragraph: str) -> None:
    verdict = classify(_doc(paragraph))
    assert verdict.platform_training is P.NO
    # the quote is the promise itself, never the sentence before it
    assert [e.quote for e in verdict.evidence] == [paragraph.split(". ", 1)[1]]


@pytest.mark.parametrize(
    "paragraph",
    [
        # staff training, after an AI sentence
        "Nous utilisons l'IA pour traduire vos messages. Les enregistrements sont utilisés à des"
        " fins de formation du personnel.",
        # no AI sentence before: call recording for staff training
        "Les appels peuvent être enregistrés. Ils sont utilisés à des fins de formation et de"
        " contrôle qualité.",
        "Ihre Anrufe können aufgezeichnet werden. Sie werden zu Trainingszwecken verwendet.",
    ],
)
def test_staff_training_is_not_ai_training(paragraph: str) -> None:
    assert classify(_doc(paragraph)).platform_training is P.NOT_MENTIONED


# -- machine learning as one item of a long list of purposes: broad wording, not a grant


@pytest.mark.parametrize(
    "sentence",
    [
        "Our group companies help each other as service providers with data processing such as"
        " hosting, customer support, marketing, analytics, machine learning development,"
        " accounting, legal support and payment processing.",
        "Les sociétés du groupe s'assistent dans le traitement de vos données pour des"
        " opérations telles que l'hébergement, le service client, le marketing, l'analyse, le"
        " développement de l'apprentissage automatique, la comptabilité et l'assistance"
        " juridique.",
        "Die Konzerngesellschaften unterstützen einander bei der Verarbeitung Ihrer Daten, etwa"
        " beim Hosting, bei der Kundenbetreuung, beim Marketing, bei Analysen, bei der"
        " Entwicklung von maschinellem Lernen, in der Buchhaltung und bei rechtlicher"
        " Unterstützung.",
    ],
)
def test_machine_learning_in_a_list_of_purposes_is_unclear(sentence: str) -> None:
    assert classify(_doc(sentence)).platform_training is P.UNCLEAR


@pytest.mark.parametrize(
    "sentence",
    [
        # a training verb, or a model trained, in the list: a grant
        "We use your data for hosting, customer support, marketing, analytics, training our"
        " machine learning models, accounting and legal support.",
        "Nous utilisons vos données pour l'hébergement, le service client, le marketing,"
        " l'analyse, l'entraînement de nos modèles d'IA, la comptabilité et l'assistance"
        " juridique.",
    ],
)
def test_training_in_a_list_of_purposes_is_still_a_grant(sentence: str) -> None:
    assert classify(_doc(sentence)).platform_training is P.YES


# -- "develop new features, including through machine learning": broad wording (issue kind 8)


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous traitons vos données pour développer et améliorer nos fonctionnalités, y compris"
        " par le biais de l'apprentissage automatique.",
        "Wir verarbeiten Ihre Daten, um neue Funktionen zu entwickeln und zu verbessern,"
        " einschließlich durch maschinelles Lernen.",
        "Tratamos sus datos para desarrollar y mejorar nuestros servicios, incluso mediante"
        " aprendizaje automático.",
        "Tratamos os seus dados para desenvolver e melhorar os nossos serviços, incluindo"
        " através de aprendizagem automática.",
        "Trattiamo i tuoi dati per sviluppare e migliorare i nostri servizi, anche tramite"
        " l'apprendimento automatico.",
        "Wij verwerken uw gegevens om onze diensten te ontwikkelen en te verbeteren, inclusief"
        " door middel van machine learning.",
    ],
)
def test_developing_the_service_including_through_machine_learning_is_unclear(
    sentence: str,
) -> None:
    verdict = classify(_doc(sentence))
    assert verdict.platform_training is P.UNCLEAR
    assert [e.quote for e in verdict.evidence] == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        # AI as the tool of one feature, no development of the service through it
        "Nous améliorons la traduction de vos messages grâce à l'intelligence artificielle.",
        # a rule for users, not the platform's own development
        "Vous ne pouvez pas développer d'outils, y compris par le biais de l'intelligence"
        " artificielle, à partir des contenus du site.",
    ],
)
def test_ai_as_a_tool_or_a_rule_for_users_is_not_broad_wording(sentence: str) -> None:
    assert classify(_doc(sentence)).platform_training is P.NOT_MENTIONED


# -- reservations of text and data mining (DSM directive art. 4(3)): a rule for others


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous nous opposons à toute fouille de textes et de données des contenus du site,"
        " notamment pour l'entraînement de modèles d'intelligence artificielle.",
        "Der Anbieter behält sich die Nutzung der Inhalte für Text- und Data-Mining"
        " ausdrücklich vor.",
        "Nos oponemos a la minería de textos y datos de los contenidos de la plataforma,"
        " incluido el entrenamiento de modelos de inteligencia artificial.",
        "Wij maken voorbehoud tegen tekst- en datamining van de inhoud van het platform, ook"
        " voor het trainen van AI-modellen.",
    ],
)
def test_a_mining_reservation_prohibits_others(sentence: str) -> None:
    verdict = classify(_doc(sentence))
    assert verdict.third_party_training is T.PROHIBITED
    assert verdict.platform_training is P.NOT_MENTIONED


@pytest.mark.parametrize(
    ("sentence", "platform"),
    [
        # the user's objection stays an opt-out, a general reservation is not about AI
        (
            "Vous pouvez vous opposer à l'utilisation de vos données pour l'entraînement de nos"
            " modèles d'IA.",
            P.OPT_OUT,
        ),
        ("Alle Rechte vorbehalten.", P.NOT_MENTIONED),
    ],
)
def test_objection_and_reservation_counter_examples(
    sentence: str, platform: PlatformTraining
) -> None:
    verdict = classify(_doc(sentence))
    assert verdict.platform_training is platform
    assert verdict.third_party_training is T.NOT_MENTIONED


# -- Japanese: the AI's learning (AIの学習), not a pupil's study helped by AI


@pytest.mark.parametrize(
    ("sentence", "platform", "others"),
    [
        (
            "当社は、お客様のコンテンツをAIモデルの学習に利用することがあります。",
            P.YES,
            T.NOT_MENTIONED,
        ),
        (
            "当社は、お客様の投稿を学習データとして生成AIの開発に利用することがあります。",
            P.YES,
            T.NOT_MENTIONED,
        ),
        ("当社は、お客様のデータを機械学習に利用することがあります。", P.YES, T.NOT_MENTIONED),
        (
            "お客様の同意を得た場合に限り、お客様のコンテンツをAIモデルの学習に利用します。",
            P.OPT_IN,
            T.NOT_MENTIONED,
        ),
        (
            "利用者は、本サービスのコンテンツをスクレイピングし、機械学習に利用してはなりません。",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        # counter-examples: study (学習) supported by AI, a study history, AI used as a tool
        ("当社は、AIを活用してお子様の学習を支援します。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        (
            "本サービスは、AIを活用して学習履歴を分析し、最適な教材を提案します。",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
        ("当社は、機械学習を活用して不正利用を検知します。", P.NOT_MENTIONED, T.NOT_MENTIONED),
    ],
)
def test_japanese_wording(
    sentence: str, platform: PlatformTraining, others: ThirdPartyTraining
) -> None:
    verdict = classify(_doc(sentence))
    assert (verdict.platform_training, verdict.third_party_training) == (platform, others)


# -- Chinese (simplified): the wording of China's rules on generative AI services and of the
# Personal Information Protection Law (训练数据, 模型训练/优化, 输入内容, 单独同意, 撤回同意);
# counter-examples: staff training (培训), 模型 not an AI (商业模式, 3D模型, 推荐/算法模型), a
# person's study (学习), AI used as a tool


@pytest.mark.parametrize(
    ("sentence", "platform", "others"),
    [
        # the service trains on users' content
        ("我们会将您的输入内容用于模型训练。", P.YES, T.NOT_MENTIONED),
        ("我们可能使用您上传的内容训练和优化我们的人工智能模型。", P.YES, T.NOT_MENTIONED),
        (
            "您在使用本服务时输入的提示词和生成的内容，可能被用于训练和改进生成式人工智能服务。",
            P.YES,
            T.NOT_MENTIONED,
        ),
        (
            "为提升服务质量，我们会对您的对话信息进行去标识化处理后用于大模型的训练与优化。",
            P.YES,
            T.NOT_MENTIONED,
        ),
        # a licence: 不可撤销 (irrevocable) is no refusal
        (
            "您同意授予我们一项免费的、不可撤销的、永久的许可，使用您上传的内容训练、优化我们的"
            "模型和服务。",
            P.YES,
            T.NOT_MENTIONED,
        ),
        # 无法撤回 (cannot be withdrawn) is no opt-out
        ("您上传的内容将用于训练我们的人工智能模型，且无法撤回。", P.YES, T.NOT_MENTIONED),
        # a refusal of something else, then 但 (but): the training stands
        (
            "我们不会出售您的个人信息，但可能会将您的对话内容用于模型训练。",
            P.YES,
            T.NOT_MENTIONED,
        ),
        # refusals, and consent (单独同意, 征得您的同意, 除非您选择)
        ("我们不会将您的内容用于训练人工智能模型。", P.NO, T.NOT_MENTIONED),
        ("您的个人信息不会被用于模型训练。", P.NO, T.NOT_MENTIONED),
        (
            "未经您的单独同意，我们不会将您的个人信息用于训练我们的模型。",
            P.OPT_IN,
            T.NOT_MENTIONED,
        ),
        (
            "在征得您的明确同意后，我们才会将您的输入内容用于模型优化。",
            P.OPT_IN,
            T.NOT_MENTIONED,
        ),
        (
            "我们不会将您的输入内容和生成内容用于模型训练，除非您主动选择参与。",
            P.OPT_IN,
            T.NOT_MENTIONED,
        ),
        # opt-outs: a switch in the settings, withdrawing consent, refusing
        (
            "我们会使用您的对话内容优化模型效果，您可以在设置中关闭该功能。",
            P.OPT_OUT,
            T.NOT_MENTIONED,
        ),
        (
            "我们可能将您的输入内容用于训练人工智能模型。如您不希望您的内容被用于训练，您可以随时"
            "撤回同意。",
            P.OPT_OUT,
            T.NOT_MENTIONED,
        ),
        (
            "您可以通过关闭“数据用于改进模型”开关，拒绝我们将您的数据用于训练。",
            P.OPT_OUT,
            T.NOT_MENTIONED,
        ),
        # bans on users and on anyone (您不得, 任何人不得, 禁止 with no subject)
        (
            "您不得使用本服务的输出内容训练与我们竞争的人工智能模型。",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        (
            "未经我们书面许可，任何人不得通过爬虫等方式抓取本平台的内容用于训练人工智能模型。",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        ("禁止利用本平台上的作品训练人工智能模型。", P.NOT_MENTIONED, T.PROHIBITED),
        ("用户不得将本平台的数据用于机器学习或模型训练。", P.NOT_MENTIONED, T.PROHIBITED),
        # developing models: a ban on competing models, the service's own models
        (
            "您不得利用本服务的输出结果开发与我们竞争的模型。",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        ("我们会使用您的数据训练我们自己的模型。", P.YES, T.NOT_MENTIONED),
        # others' models (训练其模型): the third-party verdict, not the service's
        (
            "我们的第三方模型服务提供商可能会将您的输入内容用于训练其模型。",
            P.NOT_MENTIONED,
            T.ALLOWED,
        ),
        (
            "我们不允许第三方服务提供商将您的数据用于训练其模型。",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        ("我们会将您的输入内容提供给合作伙伴，用于改进我们的模型。", P.YES, T.NOT_MENTIONED),
        # the product's training data from public or licensed sources, users named nowhere
        (
            "我们的模型训练数据来源于公开数据及依法获得授权的数据。",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
        ("我们会使用公开数据和您的输入内容训练模型。", P.YES, T.NOT_MENTIONED),
        # counter-examples
        ("我们会定期为员工开展数据安全和隐私保护培训。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("我们不断探索新的商业模式，为您提供更好的服务。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("您可以上传3D模型并与其他用户分享。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("青少年应在监护人指导下正确学习使用网络。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("用户可以借助人工智能学习外语和编程。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        (
            "我们会通过计算机算法模型自动计算、分析您可能感兴趣的内容，以进行个性化推荐。",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
        ("我们会不断优化推荐模型，以提升您的浏览体验。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        (
            "我们使用人工智能技术识别违规内容，以保障您的使用安全。",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
        (
            "我们会利用您的反馈改进产品，并通过人工智能技术识别违规内容。",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
        ("本服务生成的内容由人工智能模型生成，仅供参考。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("您可以使用本平台提供的工具训练您自己的模型。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("您可以使用本平台开发自己的模型。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("我们致力于开发新的商业模型。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("“训练数据”是指用于训练人工智能模型的数据。", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("我们会使用您的对话内容训练模型吗？", P.NOT_MENTIONED, T.NOT_MENTIONED),
        ("您可以在设置中关闭个性化推荐。", P.NOT_MENTIONED, T.NOT_MENTIONED),
    ],
)
def test_chinese_wording(
    sentence: str, platform: PlatformTraining, others: ThirdPartyTraining
) -> None:
    verdict = classify(_doc(sentence))
    assert (verdict.platform_training, verdict.third_party_training) == (platform, others)


def test_chinese_sentences_are_quoted_one_by_one() -> None:
    # no spaces and full-width stops: each quote is one sentence of the text, ending at 。
    text = _doc("我们重视您的隐私。我们不会将您的内容用于训练人工智能模型。您可以随时联系我们。")
    clauses = find_ai_clauses(normalize_text(text))
    assert [c.quote for c in clauses] == ["我们不会将您的内容用于训练人工智能模型。"]


# -- Korean basics: 인공지능 학습 (the AI's training), 동의 (consent), 거부 (refusal); the
# negation after the verb; counter-examples: a person's study (학습), a business model


@pytest.mark.parametrize(
    ("sentence", "platform", "others"),
    [
        (
            "회사는 이용자의 콘텐츠를 인공지능 모델 학습에 이용할 수 있습니다.",
            P.YES,
            T.NOT_MENTIONED,
        ),
        ("회사는 이용자의 콘텐츠를 인공지능 학습에 사용하지 않습니다.", P.NO, T.NOT_MENTIONED),
        (
            "회사는 이용자의 동의 없이 이용자의 데이터를 AI 학습에 사용하지 않습니다.",
            P.OPT_IN,
            T.NOT_MENTIONED,
        ),
        (
            "회사는 이용자의 동의를 받은 경우에만 콘텐츠를 인공지능 학습에 이용합니다.",
            P.OPT_IN,
            T.NOT_MENTIONED,
        ),
        (
            "회사는 이용자의 데이터를 AI 모델 학습에 이용하며, 이용자는 설정에서 이를 거부할 수"
            " 있습니다.",
            P.OPT_OUT,
            T.NOT_MENTIONED,
        ),
        (
            "이용자는 서비스의 콘텐츠를 인공지능 학습에 이용해서는 안 됩니다.",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        (
            "누구든지 서비스의 콘텐츠를 크롤링하여 인공지능 모델 학습에 이용해서는 안 됩니다.",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        # counter-examples
        ("이용자는 서비스를 통해 외국어를 학습할 수 있습니다.", P.NOT_MENTIONED, T.NOT_MENTIONED),
        (
            "이용자는 인공지능을 활용한 학습 서비스를 이용할 수 있습니다.",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
        (
            "회사는 이용자의 의견을 바탕으로 비즈니스 모델을 개선합니다.",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
    ],
)
def test_korean_wording(
    sentence: str, platform: PlatformTraining, others: ThirdPartyTraining
) -> None:
    verdict = classify(_doc(sentence))
    assert (verdict.platform_training, verdict.third_party_training) == (platform, others)


# "ne peut pas comprendre": what the AI is able to do, not a ban; "les données utilisées pour
# entraîner X" with no user's data named: how the model was made, not training on users' content
@pytest.mark.parametrize(
    ("sentence", "platform", "others"),
    [
        (
            "Vos contenus sont utilisés pour entraîner l'assistant, qui ne peut pas comprendre "
            "l'ironie.",
            P.YES,
            T.NOT_MENTIONED,
        ),
        (
            "Les données utilisées pour entraîner l'assistant peuvent être incomplètes ou datées.",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
        # counter-examples: a ban on users stays a ban; the user's data used to train is a use
        (
            "Vous ne pouvez pas utiliser les contenus du service pour entraîner des modèles d'IA.",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        ("Vos données sont utilisées pour entraîner l'assistant.", P.YES, T.NOT_MENTIONED),
    ],
)
def test_french_capability_and_model_description(
    sentence: str, platform: PlatformTraining, others: ThirdPartyTraining
) -> None:
    verdict = classify(_doc(sentence))
    assert (verdict.platform_training, verdict.third_party_training) == (platform, others)


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous pouvons utiliser des techniques d'apprentissage automatique afin d'améliorer nos "
        "services.",
        "L'apprentissage automatique nous permet de traiter les demandes plus vite et "
        "d'améliorer l'expérience de nos clients.",
    ],
)
def test_machine_learning_as_the_means_of_improving_the_service_is_broad(sentence: str) -> None:
    assert classify(_doc(sentence)).platform_training is P.UNCLEAR


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous utilisons l'apprentissage automatique pour détecter la fraude.",
        # artificial intelligence named as a tool (as "we use AI to improve our services")
        "Nous utilisons l'intelligence artificielle pour améliorer nos services.",
        "Vous pouvez utiliser nos outils d'IA pour améliorer vos photos.",
    ],
)
def test_ml_for_another_purpose_or_ai_as_a_tool_is_not_broad_training(sentence: str) -> None:
    assert classify(_doc(sentence)).platform_training is P.NOT_MENTIONED


@pytest.mark.parametrize(
    "sentence",
    [
        "Wir behalten uns die Nutzung der Inhalte dieser Website für Text- und Data-Mining "
        "ausdrücklich vor.",
        "Die Nutzung der Inhalte für Text- und Data-Mining im Sinne von § 44b UrhG ist "
        "vorbehalten.",
        "Nos reservamos expresamente el derecho de minería de textos y datos sobre los contenidos "
        "de este sitio, conforme al artículo 4 de la Directiva (UE) 2019/790.",
    ],
)
def test_text_and_data_mining_reserved_is_a_rule_for_others(sentence: str) -> None:
    verdict = classify(_doc(sentence))
    assert verdict.third_party_training is T.PROHIBITED
    assert verdict.platform_training is P.NOT_MENTIONED


def test_mining_named_without_a_reservation_is_no_rule() -> None:
    # counter-example: the service reserving itself the right to mine the user's content
    verdict = classify(
        _doc("Wir behalten uns vor, Ihre Inhalte für Text- und Data-Mining zu nutzen.")
    )
    assert verdict.third_party_training is T.NOT_MENTIONED


@pytest.mark.parametrize(
    ("sentence", "platform"),
    [
        # German and Dutch with the verb last, "the models" with no AI word (as "train our models")
        ("Wir verwenden Ihre Beiträge, um unsere Modelle zu trainieren.", P.YES),
        ("Wij gebruiken uw berichten om onze modellen te trainen.", P.YES),
        ("Wir trainieren unsere Modelle nicht mit Ihren Beiträgen.", P.NO),
        # a setting named after the model it improves, in French
        (
            "Vous pouvez désactiver à tout moment l'option « Améliorer le modèle pour tous » "
            "dans vos paramètres.",
            P.OPT_OUT,
        ),
    ],
)
def test_our_models_trained_with_the_verb_last_or_improved(
    sentence: str, platform: PlatformTraining
) -> None:
    assert classify(_doc(sentence)).platform_training is platform


@pytest.mark.parametrize(
    "sentence",
    [
        "Unsere Trainer zeigen Ihnen, wie Sie die Modelle der Saison tragen.",
        "Nous souhaitons améliorer notre modèle économique grâce à vos retours.",
    ],
)
def test_fashion_models_and_business_models_are_not_ai(sentence: str) -> None:
    assert classify(_doc(sentence)).platform_training is P.NOT_MENTIONED


# every language's word for "(personal) information" is a data word, as English "information":
# AI named on it with an improvement purpose is broad wording (unclear), as in English
@pytest.mark.parametrize(
    ("sentence", "platform"),
    [
        (
            "Podemos usar tu información personal con herramientas de IA para mejorar nuestros"
            " servicios.",
            P.UNCLEAR,
        ),
        (
            "Podemos utilizar a sua informação pessoal com ferramentas de IA para melhorar os"
            " nossos serviços.",
            P.UNCLEAR,
        ),
        (
            "Possiamo usare le tue informazioni personali con strumenti di IA per migliorare i"
            " nostri servizi.",
            P.UNCLEAR,
        ),
        (
            "Nous pouvons utiliser vos informations personnelles avec des outils d'IA pour"
            " améliorer nos services.",
            P.UNCLEAR,
        ),
        # counter-examples: information used without AI; AI as the tool of an analysis
        (
            "Podemos usar tu información personal para enviarte ofertas y mejorar nuestros"
            " servicios.",
            P.NOT_MENTIONED,
        ),
        (
            "Amélioration de votre profil : analyse assistée par IA de vos informations"
            " professionnelles ;",
            P.NOT_MENTIONED,
        ),
    ],
)
def test_information_is_a_data_word_in_every_language(
    sentence: str, platform: PlatformTraining
) -> None:
    assert classify(_doc(sentence)).platform_training is platform


def test_a_translated_rendering_of_a_broad_ai_clause_is_no_change() -> None:
    from bot.domain.diff import compare

    spanish = _doc(
        "Podemos usar tu información personal con herramientas de IA para mejorar nuestros"
        " servicios y para evitar fraudes."
    )
    english = _doc(
        "We may use your personal information with AI tools to improve our services and to"
        " prevent fraud."
    )
    change = compare(spanish, english, platform_name="Example", document_label="Privacy Policy")
    assert change.before.platform_training is P.UNCLEAR
    assert not change.ai_relevant


# Czech, Polish, Swedish, Danish, Norwegian, Finnish and Greek (bot.domain.lexicon_nordic): AI on
# the user's data with an improvement purpose is broad wording, a refusal is read as one, a ban
# on others as a ban; staff training, a cooperation model and AI answering questions stay unread
@pytest.mark.parametrize(
    ("sentence", "platform", "others"),
    [
        (
            "Můžeme používat vaše osobní údaje s nástroji umělé inteligence, abychom zlepšili"
            " naše služby.",
            P.UNCLEAR,
            T.NOT_MENTIONED,
        ),
        ("Vaše údaje nepoužíváme k trénování modelů umělé inteligence.", P.NO, T.NOT_MENTIONED),
        (
            "Uživatelé nesmí používat obsah služby k trénování umělé inteligence.",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        (
            "Możemy wykorzystywać twoje dane osobowe z narzędziami sztucznej inteligencji, aby"
            " ulepszać nasze usługi.",
            P.UNCLEAR,
            T.NOT_MENTIONED,
        ),
        (
            "Nie używamy twoich danych do trenowania modeli sztucznej inteligencji.",
            P.NO,
            T.NOT_MENTIONED,
        ),
        (
            "Vi använder dina personuppgifter med verktyg för artificiell intelligens för att"
            " förbättra våra tjänster.",
            P.UNCLEAR,
            T.NOT_MENTIONED,
        ),
        (
            "Vi använder inte dina uppgifter för att träna modeller för artificiell intelligens.",
            P.NO,
            T.NOT_MENTIONED,
        ),
        ("Vi använder dina uppgifter för att träna våra AI-modeller.", P.YES, T.NOT_MENTIONED),
        (
            "Det är förbjudet att använda innehållet för att träna modeller för artificiell"
            " intelligens.",
            P.NOT_MENTIONED,
            T.PROHIBITED,
        ),
        (
            "Vi bruger dine personoplysninger med værktøjer til kunstig intelligens for at"
            " forbedre vores tjenester.",
            P.UNCLEAR,
            T.NOT_MENTIONED,
        ),
        (
            "Vi bruker ikke dine opplysninger til å trene modeller for kunstig intelligens.",
            P.NO,
            T.NOT_MENTIONED,
        ),
        (
            "Voimme käyttää henkilötietojasi tekoälytyökalujen kanssa parantaaksemme palvelujamme.",
            P.UNCLEAR,
            T.NOT_MENTIONED,
        ),
        ("Emme käytä tietojasi tekoälymallien kouluttamiseen.", P.NO, T.NOT_MENTIONED),
        (
            "Μπορούμε να χρησιμοποιούμε τα δεδομένα σας με εργαλεία τεχνητής νοημοσύνης για να"
            " βελτιώσουμε τις υπηρεσίες μας.",
            P.UNCLEAR,
            T.NOT_MENTIONED,
        ),
        (
            "Δεν χρησιμοποιούμε τα δεδομένα σας για την εκπαίδευση μοντέλων τεχνητής νοημοσύνης.",
            P.NO,
            T.NOT_MENTIONED,
        ),
        # counter-examples
        ("Naši zaměstnanci absolvují pravidelné školení a trénování.", P.NOT_MENTIONED, None),
        ("Vi tränar vår personal regelbundet i dataskydd.", P.NOT_MENTIONED, None),
        (
            "Η εκπαίδευση του προσωπικού και το μοντέλο συνεργασίας περιγράφονται στο παράρτημα.",
            P.NOT_MENTIONED,
            None,
        ),
        (
            "Vi använder artificiell intelligens för att svara på dina frågor i chatten.",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
        (
            "Det är ett klokt beslut att träna AI-modeller i tjänster som inte använder din"
            " data för att träna någon annans modeller.",
            P.NOT_MENTIONED,
            T.NOT_MENTIONED,
        ),
    ],
)
def test_czech_polish_nordic_greek_basics(
    sentence: str, platform: PlatformTraining, others: ThirdPartyTraining | None
) -> None:
    verdict = classify(_doc(sentence))
    assert verdict.platform_training is platform
    if others is not None:
        assert verdict.third_party_training is others
