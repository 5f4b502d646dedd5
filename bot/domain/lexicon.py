"""Words for the core concepts in German, Spanish, Portuguese, Italian, Dutch, Japanese and
Chinese, and the basics (AI words, training verbs, data, use, negation, "we") in Czech, Polish,
Swedish, Danish, Norwegian, Finnish and Greek (bot.domain.lexicon_nordic).

English and French live in the patterns of bot.domain.ai_terms; this module adds the other
languages' wording for the same concepts (AI, training, consent, objection, negation, "we",
prohibitions aimed at users), as regular-expression alternations that ai_terms splices into its
patterns. Terms of law and of terms documents in general, never a platform's own phrasing.
Words are matched on lower-case text; Japanese and Chinese have no word boundaries, so their
words are kept apart (`*_JA`, `*_ZH`) and used without `\\b`. The Chinese words follow the
vocabulary of China's rules on generative AI services (训练数据, 模型训练/优化, 输入内容, 个人信息,
单独同意, 撤回同意) and of the Personal Information Protection Law, as privacy policies write it;
their counter-examples are 培训 (staff training), 模型 in a non-AI sense (商业模式, 3D模型,
推荐/算法模型) and 学习 as a person's study.
"""

from __future__ import annotations

from bot.domain import lexicon_ko as ko
from bot.domain import lexicon_nordic as nx
from bot.domain import lexicon_zh as zh


def alt(*parts: str) -> str:
    return "|".join(p for p in parts if p)


# ---------------------------------------------------------------- artificial intelligence
AI_INTL = alt(
    r"k[üu]nstliche[nrs]? intelligenz|maschinelle[ns]? lernen|maschinellem lernen",
    r"\bki[- ](?:modell\w*|system\w*|training|technolog\w*|anwendung\w*)",
    r"inteligencia artificial|aprendizaje (?:autom[áa]tico|profundo)|modelos? de (?:ia|lenguaje)",
    r"intelig[êe]ncia artificial|aprendizage?m? (?:de m[áa]quina|autom[áa]tic[ao])",
    r"intelligenza artificiale|apprendimento (?:automatico|profondo)|modell[io] di (?:ia"
    r"|linguaggio)",
    r"kunstmatige intelligentie|machinaal leren|machine learning|taalmodel\w*|ai-model\w*",
    nx.AI_NX,
)
AI_JA = (
    r"人工知能|機械学習|深層学習|ディープラーニング|言語モデル|生成(?:ai|ａｉ)"
    r"|(?<![a-z])ai(?:モデル|技術|システム)"
)
AI_CASED_INTL = r"KI"  # German "KI" (Künstliche Intelligenz), matched case-sensitively

# ---------------------------------------------------------------- training and improving
TRAIN_STRONG_INTL = alt(
    r"trainier\w*|training|trainen|getraind|traint|trainingszweck\w*|trainingsdoel\w*",
    r"entrena\w*|entrenamiento",
    r"trein\w*",
    r"addestra\w*|allena\w*",
    nx.TRAIN_NX,
)
TRAIN_WEAK_INTL = alt(
    r"verbesser\w*|entwickl\w*|weiterentwickl\w*",
    r"mejora\w*|desarroll\w*",
    r"melhora\w*|desenvolv\w*|aprimora\w*",
    r"miglior\w*|svilupp\w*",
    r"verbeter\w*|ontwikkel\w*",
)
# "zum Training", "für Trainingszwecke": for training, before or after the German verb
_DE_FOR_TRAINING = r"zum training|f[üu]r das training|f[üu]r trainingszwecke|zu trainingszwecken"
TRAIN_NO_AI_INTL = (
    r"\b(?:verwend\w*|genutzt|nutzen|utiliz\w*|usad[oa]s?|usamos|utilizzat\w*|gebruikt"
    r"|wykorzyst\w*|u[zż]yw\w*)\b"
    r"[^.;]{0,80}?"
    r"\b(?:" + _DE_FOR_TRAINING + r"|zum trainieren|para (?:el )?entrena\w*|para (?:o )?trein\w*"
    r"|para fins de (?:treinamento|treino)"
    r"|per (?:l')?addestra\w*|om te trainen|voor training|do (?:cel[óo]w )?trenowania)"
    # German puts the participle last: "für Trainingszwecke genutzt", "zum Training verwendet"
    r"|\b(?:" + _DE_FOR_TRAINING + r")\b[^.;]{0,40}?\b(?:verwend\w*|genutzt|benutzt|nutzen)\b"
)
# "学習に使用", "学習のために利用", "学習データとして利用": used for (machine) learning, as
# "used for training" (学習 as a person's study takes other verbs: 学習を支援, 学習に役立てる)
TRAIN_NO_AI_JA = (
    r"学習(?:に|のために|の目的で|目的で|用に|データとして)(?:使用|利用|使わ|用い)"
    r"|(?:訓練|トレーニング)(?:に|のために|の目的で)(?:使用|利用)"
)
# "entrenar nuestros modelos", "addestrare e migliorare i modelli": only articles, possessives and
# a second verb may stand between the verb and the models ("entrenamiento adaptado a su modelo de
# bicicleta" is sport, and a product model)
_MODEL_DETERMINERS = (
    r"(?:(?:[ye]|o|ou|od?) \w+|de|del|dei|degli|delle|della|di|do|da|dos|das|el|la|los|las|lo|il|i"
    r"|gli|le|os|as|o|a|un|una|uno|um|uma|nuestros?|nuestras?|sus?|propios|nuevos|nostri|nostro"
    r"|suoi|loro|propri|nuovi|nossos?|nossas?|seus|suas|pr[óo]prios|novos)"
)
TRAIN_MODELS_INTL = (
    r"\b(?:entrena|trein|addestra|allena)\w*\s+(?:" + _MODEL_DETERMINERS + r"\s+){0,3}?"
    r"modell?[oie]s?\b"
    # German and Dutch put the verb last: "um unsere Modelle zu trainieren", "om onze modellen
    # te trainen" (as "to train our models": the models are trained, AI named or not)
    r"|\b(?:unsere|unserer|die|onze|de) (?:eigenen |eigen )?modell?e?n?\b(?: \w+){0,3}?"
    r" (?:zu trainieren|trainieren|trainiert|te trainen|trainen|getraind)\b"
    r"|\b(?:trainieren|trainiert|trainen|trainden)\s+(?:wir\s+|we\s+)?(?:unsere|die|onze|de)"
    r"\s+(?:eigenen\s+|eigen\s+)?modell?e?n?\b"
    r"|" + nx.TRAIN_MODELS_NX
)
TRAIN_JA = r"学習|訓練|トレーニング"
# verb-final languages: the AI term comes first, the verb after it
AI_THEN_TRAIN_INTL = (
    r"\b(?:ki|ai|modell\w*|model\w*|intelligenz|intelligentie)\b[^.;]{0,40}?"
    r"\b(?:zu trainieren|trainieren|trainiert|te trainen|trainen|getraind)\b|" + nx.AI_THEN_TRAIN_NX
)
# the AI's own learning: "AIの学習", "AIモデルのトレーニング", "AIに学習させる", "AIの開発・学習";
# not "AIを活用してお子様の学習を支援" (a pupil's study helped by AI) nor "学習履歴" (study history)
AI_THEN_TRAIN_JA = (
    r"(?:人工知能|ai|ａｉ|モデル|機械学習)(?:モデル|システム|技術)?(?:の|に|を)[^。、]{0,6}?"
    r"(?:学習|訓練|トレーニング)(?!支援|塾|教材|履歴|者|指導|進捗|アプリ|コース|プラン|内容)"
    r"|(?:学習|訓練|トレーニング)(?:データ|用データ)"
)

# ---------------------------------------------------------------- use, content, data
USE_INTL = alt(
    r"verwend\w*|nutz\w*|benutz\w*|verarbeit\w*",
    r"utiliz\w*|us[ao]r?\w*|emplea\w*",
    r"utilizz\w*|usiamo",
    r"gebruik\w*",
    nx.USE_NX,
)
# each language's "(personal) information" too, as English "information"
DATA_INTL = alt(
    r"inhalte?n?|daten|eingaben|beitr[äa]ge?n?|werke?n?|informationen",
    r"contenidos?|datos|obras?|publicaciones|informaci[óo]n(?:es)?",
    r"conte[úu]dos?|dados|obras?|informa[çc](?:[ãa]o|[õo]es)",
    r"contenuti?|dati|opere|informazion[ei]",
    r"inhoud|gegevens|content|werken|berichten|informatie",
    nx.DATA_NX,
)
DATA_JA = r"コンテンツ|データ|投稿|情報|入力"

# ---------------------------------------------------------------- negation
NEG_INTL = alt(
    r"nicht|nie|niemals|keine?[nmrs]?|weder",
    r"nunca|jam[áa]s|tampoco",
    r"n[ãa]o|jamais",
    r"non(?!-| personn| exclusi| commercial| limitativ)|mai",
    r"niet|nooit|geen",
    nx.NEG_NX,
)
# a training purpose named without an AI word ("Your data will not be used for training
# purposes."): read with the sentence before it when that one names AI (see clauses.py); staff
# training ("à des fins de formation du personnel") is not meant
TRAINING_PURPOSE = alt(
    r"\bfor (?:model |ai )?training purposes\b",
    r"[àa] des fins (?:de formation|d'entra[iî]nement)(?! (?:du|des|de (?:nos|vos|notre|votre"
    r"|l'|la)|professionnelle|continue|interne)\b)",
    r"\bzu trainingszwecken\b|\bf[üu]r trainingszwecke\b",
    r"\bcon fines de entrenamiento\b|\bpara fines de entrenamiento\b",
    r"\ba fini di addestramento\b|\bper finalit[àa] di addestramento\b",
    r"\bpara fins de (?:treino|treinamento)\b",
    r"\bvoor trainingsdoeleinden\b",
)
# "develop and improve new features, including through machine learning": machine learning
# named as a means of developing the service, training neither stated nor ruled out (broad)
BROAD_ML = alt(
    r"\b(?:d[ée]velopp|am[ée]lior)\w*\b[^.;]{0,160}?\by compris (?:par le biais de|gr[âa]ce [àa]"
    r"|au moyen de|par) (?:l'|des )?(?:apprentissage automatique|intelligence artificielle"
    r"|techniques d'apprentissage)",
    r"\b(?:entwickl|verbesser)\w*\b[^.;]{0,160}?\beinschlie(?:ß|ss)lich (?:durch|mittels|mit"
    r" hilfe von) (?:maschinelle[ns]? lernen|k[üu]nstliche[rn]? intelligenz)",
    r"\b(?:desarroll|mejor)\w*\b[^.;]{0,160}?\bincluso (?:mediante|a trav[ée]s del?|por medio"
    r" del?) (?:el )?(?:aprendizaje autom[áa]tico|inteligencia artificial)",
    r"\b(?:desenvolv|melhor|aprimor)\w*\b[^.;]{0,160}?\b(?:incluindo|inclusive) (?:atrav[ée]s"
    r" d[eao]|por meio d[eao]|mediante) (?:a )?(?:aprendizage?m? autom[áa]tic[ao]|intelig[êe]ncia"
    r" artificial)",
    r"\b(?:svilupp|miglior)\w*\b[^.;]{0,160}?\b(?:anche|incluso) (?:tramite|mediante|attraverso)"
    r" (?:l')?(?:apprendimento automatico|intelligenza artificiale)",
    r"\b(?:ontwikkel|verbeter)\w*\b[^.;]{0,160}?\bo\.?a\.? (?:door middel van|via|met behulp van)"
    r" (?:machine learning|machinaal leren|kunstmatige intelligentie)"
    r"|\b(?:ontwikkel|verbeter)\w*\b[^.;]{0,160}?\binclusief (?:door middel van|via|met behulp"
    r" van) (?:machine learning|machinaal leren|kunstmatige intelligentie)",
)
# "we may use techniques like machine learning to help us improve our services", "l'apprentissage
# automatique nous permet d'améliorer l'expérience": machine learning (learning from data) named as
# the service's means of improving itself, training on users' content neither stated nor ruled out
# (broad). Not "artificial intelligence" alone: "we use AI to improve our services" names a tool
# (not_mentioned, tests/domain/test_failure_kinds.py). English and French: read by both
# vocabularies (bot.domain.ai_terms), not only the international one.
AI_TO_IMPROVE = alt(
    r"\b(?:we|us)(?: (?:may|might|can|could|will|also|sometimes))* (?:use|employ|apply"
    r"|leverage|rely on)\b[^.;]{0,50}?\bmachine[- ]learning\b"
    r"[^.;]{0,120}?\bto (?:help (?:us )?)?(?:improve|develop|enhance|refine)\b[^.;]{0,20}?"
    r"\b(?:our|the) (?:services?|products?|platform|user experience)\b",
    r"\bnous (?:(?:pouvons|pourrons|pourrions|aussi|également) )*utilis\w* [^.;]{0,50}?"
    r"(?:apprentissage automatique|machine learning)\b"
    r"[^.;]{0,120}?\b(?:afin d'|pour )(?:am[ée]liorer|d[ée]velopper|perfectionner)"
    r" (?:(?:nos|les|notre) |l')(?:services?|produits?|exp[ée]rience)",
    r"\bl'apprentissage automatique nous permet\b[^.;]{0,80}?"
    r"\bd'am[ée]liorer (?:nos services|nos produits|l'exp[ée]rience|la fonctionnalit)",
)
# German and Dutch put the negation after the finite verb and its object ("Wir trainieren unsere
# KI-Modelle nicht mit Ihren Inhalten"): read from the training verb to the end of its clause.
# "nicht personenbezogene Daten" negates an adjective, not the verb.
NEG_AFTER_VERB_INTL = (
    r"\w+(?: [\w-]+){0,6}? (?:nicht|niemals|keinesfalls|niet|nooit)\b"
    r"(?! ?-| (?:personenbezogen|[öo]ffentlich|identifizier|anonym|mehr\b|nur\b|persoonlijk"
    r"|openbaar|alleen\b))"
)
NEG_JA = r"ません|しない|いない|ないこと|ことはない|ことはありません"

# ---------------------------------------------------------------- consent and objection
CONSENT_NEG_INTL = alt(
    r"\bohne (?:\w+ ){0,2}(?:einwilligung|zustimmung|erlaubnis|genehmigung)|\bes sei denn\b",
    r"\bsin (?:\w+ ){0,2}(?:consentimiento|autorizaci[óo]n|permiso)|\ba menos que\b|\bsalvo que\b",
    r"\bsem (?:\w+ ){0,2}(?:consentimento|autoriza[çc][ãa]o)|\ba n[ãa]o ser que\b",
    r"\bsenza (?:\w+ ){0,2}(?:consenso|autorizzazione)|\bsalvo (?:che|se)\b|\ba meno che\b",
    r"\bzonder (?:\w+ ){0,2}(?:toestemming|instemming)|\btenzij\b",
    r"同意なく|同意なしに|同意を得ずに|同意がない限り",
    zh.CONSENT_NEG_ZH,
    ko.CONSENT_NEG_KO,
)
CONSENT_POS_INTL = alt(
    r"\bmit (?:ihrer|deiner) (?:\w+ )?(?:einwilligung|zustimmung)"
    r"|\bwenn sie (?:\w+ )?(?:einwilligen|zustimmen)",
    r"\bcon (?:su|tu) (?:\w+ )?consentimiento|\bsi (?:usted )?(?:acepta|elige|decide)s?\b",
    r"\bcom o seu (?:\w+ )?consentimento|\bse (?:voc[êe] )?(?:aceitar|optar|escolher)\b",
    r"\bcon il (?:tuo|suo) (?:\w+ )?consenso|\bse (?:accetti|scegli|acconsenti)\b",
    r"\bmet (?:uw|jouw) (?:\w+ )?toestemming|\bals (?:u|je) (?:ervoor kiest|toestemming)",
    r"\bopt-in\b|同意を得て|同意した場合|同意いただいた場合|同意を得た場合|同意がある場合"
    r"|同意いただける場合",
    zh.CONSENT_POS_ZH,
    ko.CONSENT_POS_KO,
)
OPT_OUT_INTL = alt(
    r"widersprech\w*|widerspruch\w*|deaktivier\w*|abschalt\w*|ausschalt\w*|abbestell\w*",
    r"oponerte|oponerse|oposici[óo]n|desactiv\w*|excluirte",
    r"opor-se|se opor|oposi[çc][ãa]o|desativ\w*|desligar",
    r"opporti|opporsi|opposizione|disattiv\w*",
    r"bezwaar (?:te )?maken|uitschakel\w*|uitzetten|afmelden",
    r"オプトアウト|無効に|停止|拒否",
    zh.OPT_OUT_ZH,
    ko.OPT_OUT_KO,
)
SETTINGS_INTL = alt(
    r"einstellungen|configuraci[óo]n|ajustes|configura[çc][õo]es|defini[çc][õo]es",
    r"impostazioni|instellingen|設定",
    zh.SETTINGS_ZH,
    ko.SETTINGS_KO,
)

# ---------------------------------------------------------------- who acts
WE_INTL = alt(
    r"\b(?:wir|uns|unser\w*)\b",
    r"\b(?:nosotros|nuestr\w*|podemos|usamos|utilizamos|utilizaremos|usaremos)\b",
    r"\b(?:n[óo]s|noss[oa]s?)\b",
    r"\b(?:noi|nostr\w*|possiamo|utilizziamo|usiamo)\b",
    r"\b(?:wij|ons|onze)\b",
    nx.WE_NX,
    r"当社|弊社|私たち",
    zh.WE_ZH,
    ko.WE_KO,
)
PROHIBIT_INTL = alt(
    r"\buntersagt\b|\bverboten\b|\bnicht (?:gestattet|erlaubt|zul[äa]ssig)"
    r"|\bd[üu]rfen (?:\w+ ){0,4}nicht\b",
    r"\bprohibid\w*|\bno (?:puede|podr[áa]|debe|est[áa] permitido)",
    r"\bproibid\w*|\bn[ãa]o (?:pode|poder[áa]|deve|[ée] permitido)",
    r"\bvietat\w*|\bnon (?:pu[òo]i?|potr[àa]|devi|deve|[èe] consentito)",
    r"\bverboden\b|\bniet toegestaan\b|\bmag (?:\w+ ){0,4}niet\b",
    r"禁止|てはなりません|てはならない|しないものとします",
    zh.PROHIBIT_ZH,
    ko.PROHIBIT_KO,
    nx.PROHIBIT_NX,
    # reservations of text and data mining (DSM directive art. 4(3), § 44b UrhG)
    r"\bvorbehalt\w*|\bbeh[äa]lt sich\b[^.;]{0,120}?\bvor\b|\bnos oponemos\b|\bnos opomos\b"
    r"|\bci opponiamo\b|\bvoorbehoud\w*|\bbehouden (?:ons|zich)\b[^.;]{0,120}?\bvoor\b",
)
USERS_INTL = alt(
    r"\b(?:der|die) nutzer(?:in)?\b|\bnutzer(?:innen)? d[üu]rfen\b"
    r"|\bsie d[üu]rfen (?:\w+ ){0,4}nicht\b",
    r"\b(?:el|los) usuarios?\b|\bel cliente\b",
    r"\b(?:o|os) usu[áa]rios?\b",
    r"\bl'utente\b|\bgli utenti\b",
    r"\bde gebruikers?\b",
    r"ユーザーは|利用者は",
    zh.USERS_ZH,
    ko.USERS_KO,
)
OTHERS_INTL = alt(
    r"\banderer (?:nutzer|mitglieder)\b|\bdritte\w*\b",
    r"\botros usuarios\b|\bterceros\b",
    r"\boutros usu[áa]rios\b|\bterceiros\b",
    r"\baltri utenti\b|\bterz[ei]\b",
    r"\bandere gebruikers\b|\bderden\b",
    r"第三者|他のユーザー",
    zh.OTHERS_ZH,
    ko.OTHERS_KO,
    nx.OTHERS_NX,
)

# prefilter: a substring of one of these must occur for a sentence to be read at all
PREFILTER_INTL = (
    "intelig",
    "lernen",
    "leren",
    "aprendiza",
    "apprendimento",
    "entrena",
    "trein",
    "addestr",
    "trainier",
    "trainen",
    "trainingszweck",
    "人工知能",
    "機械学習",
    "学習",
    "モデル",
    "learns",
    "learned from",
    "learnt from",
    "unlearn",
    "train on",
    "trained on",
    "training on",
    "to train",
    "for training",
    "ai model",
    "ai train",
    "ai system",
    "ai-",
    "ａｉ",
    # "Améliorer le modèle pour tout le monde": the model, named without "model" or training
    "améliorer le modèle",
    "améliorer nos modèles",
    "améliorer notre modèle",
    # text and data mining (the DSM directive's opt-out) where "mining" is not the word
    "minería de textos",
    "mineria de textos",
    "mineração de textos",
    "estrazione di testo",
    *zh.PREFILTER_ZH,
    *ko.PREFILTER_KO,
)
# Czech, Polish, Nordic and Greek gate words: looked for only in a text with one of LETTERS_NX
PREFILTER_NX = nx.PREFILTER_NX
LETTERS_NX = nx.LETTERS_NX

# Chinese and Korean words used on their own (no word boundaries), see bot.domain.lexicon_zh and
# bot.domain.lexicon_ko
AI_ZH_KO = alt(zh.AI_ZH, ko.AI_KO)
TRAIN_ZH_KO = alt(zh.TRAIN_ZH, ko.TRAIN_KO)
TRAIN_STRONG_ZH_KO = alt(zh.TRAIN_STRONG_ZH, ko.TRAIN_KO)
TRAIN_MODELS_ZH_KO = alt(zh.TRAIN_MODELS_ZH, ko.TRAIN_MODELS_KO)
AI_THEN_TRAIN_ZH_KO = alt(zh.AI_THEN_TRAIN_ZH, ko.AI_THEN_TRAIN_KO)
TRAIN_NO_AI_ZH = zh.TRAIN_NO_AI_ZH
DATA_ZH_KO = alt(zh.DATA_ZH, ko.DATA_KO)
NEG_ZH = zh.NEG_ZH
TDM_ZH_KO = alt(zh.TDM_ZH, ko.TDM_KO)
USER_TRAINS_ZH = zh.USER_TRAINS_ZH
INSTRUMENT_ZH = zh.INSTRUMENT_ZH
DEFINITION_ZH = zh.DEFINITION_ZH
THIRD_AGENT_ZH = zh.THIRD_AGENT_ZH
LICENSED_ZH = zh.LICENSED_ZH
MODEL_ZH_KO = alt(zh.MODEL_ZH, "모델")
# verb-final languages: a negation after the verb (Japanese, Korean)
NEG_AFTER_CJK = alt(NEG_JA, ko.NEG_KO)
