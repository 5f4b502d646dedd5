"""The vocabulary of AI-training clauses: compiled patterns used by bot.domain.clauses.

English first, with the common French wording; the other languages' words come from
bot.domain.lexicon. Patterns only, no logic: the AI, training, negation, consent, opt-out and
prohibition words here, who acts and speaks in bot.domain.ai_terms_actors, both built from
bot.domain.vocab_source and compiled on first use by `Vocab`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from bot.domain import lexicon
from bot.domain.ai_terms_actors import actor_patterns
from bot.domain.pattern_code import compile_pattern
from bot.domain.regex_guard import compile_guarded
from bot.domain.vocab_source import CASELESS, GONE, Source, pattern


class _NoIntl:
    """Stands for bot.domain.lexicon when only English and French are read."""

    def __getattr__(self, name: str) -> str:
        return GONE


@functools.cache
def _compiled(source: Source) -> re.Pattern[str]:
    """One compiled pattern per text, shared by the vocabularies (most patterns are the same
    in both), behind the test for the literal text its matches need (bot.domain.regex_guard:
    most sentences lack it, and then it is not run)."""
    return compile_guarded(source.source, source.flags)


class Vocab:
    """One set of the patterns below (attribute names as in this module), each compiled on its
    first use: a process compiles only the patterns its documents reach (compiling them all is
    most of what the first changed page of a watch cycle costs)."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self._sources = sources

    def __getattr__(self, name: str) -> re.Pattern[str]:
        try:
            source = self.__dict__["_sources"][name]
        except KeyError:
            raise AttributeError(name) from None
        pattern = _compiled(source)
        setattr(self, name, pattern)  # the next look-up finds it without __getattr__
        return pattern

    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Every pattern, compiled."""
        return {name: getattr(self, name) for name in self._sources}


def _build(lx: Any) -> Vocab:
    # ------------------------------------------------------- vocabulary (match form: lower)
    _AI = pattern(
        r"artificial[- ]intelligence|machine[- ]intelligence|machine[- ]learning|deep[- ]learning"
        r"|neural[- ]net\w*|language[- ]models?|\bllms?\b|\bgenai\b|computer vision"
        r"|generative (?:ai|models?|tools?|features?|systems?|technolog\w*)"
        r"|foundation(?:al)? models?|\bml (?:models?|systems?|algorithms?)"
        r"|\bai[- ]?(?:models?|training)"
        r"|intelligences? artificielles?|apprentissage automatique|apprentissage profond"
        r"|mod[eè]les? d'(?:ia|intelligence|apprentissage)"
        r"|" + lx.AI_INTL + "|" + lx.AI_JA + "|" + lx.AI_ZH_KO,
        CASELESS,
    )
    _AI_CASED = pattern(
        r"(?<![\w.])(?:AI|A\.I\.|IA|GAI|LLMs?|ML|" + lx.AI_CASED_INTL + r")(?![\w])"
        r"|(?<![A-Za-z])AI(?=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3])"
        r"|(?<=[\u3040-\u30ff\u4e00-\u9fff])AI(?![A-Za-z])"
    )  # on the original text
    _TRAIN_MODELS = pattern(
        r"\b(?:train|trains|training|retrain\w*|fine[- ]tun(?:e|es|ing))\s+(?:[\w'-]+\s+){0,3}?"
        r"models?\b|\b(?:train|trains|training|retrain\w*)\s+(?:[\w'-]+\s+){0,4}?classifiers?\b"
        # "train future versions of our assistant": a chatbot, not a person
        r"|\b(?:train|trains|training|retrain\w*|fine[- ]tun\w*)\s+(?:[\w'-]+\s+){0,3}?(?:chatbots?"
        r"|(?:virtual|digital|voice|ai|smart) assistants?|(?:writing|coding|code) assistant(?!s)"
        r"|versions? of (?:our|the|its) (?:\w+ )?"
        r"assistant)\b"
        r"|\bmodels? (?:are |is )?trained\b"
        # "develop and train our algorithms" (not "staff training on our algorithms", nor
        # "train our recommendation algorithms": recommenders are no AI training, README)
        r"|\b(?:train|trains|training|retrain\w*)\s+(?:our|its|the|their|these|such)\s+"
        r"(?!(?:recommend\w*|ranking|search|matching|feed|sorting)\b)(?:[\w-]+\s+){0,2}?"
        r"algorithms?\b"
        r"|\bentra[iî]n\w*\s+(?:(?:(?:et|ou) \w+|de|des|du|les|le|la|nos|notre|ses|son|leurs|leur"
        r"|vos|votre|ces|ce|nouveaux|propres)\s+|d'|l'){0,3}(?:mod[eè]les?|algorithmes?)\b"
        r"|\bam[ée]lior\w*\s+(?:nos|notre|le|les|ses|son)\s+(?:propres\s+)?mod[eè]les?\b"
        r"(?! (?:[ée]conomique|d'affaires|commercia))"  # ("améliorer le modèle pour tous")
        r"|" + lx.TRAIN_MODELS_INTL + r"|" + lx.TRAIN_MODELS_ZH_KO + r"|"
        r"\b(?:improv|develop|build|refin)\w*\s+(?:our|its|the)\s+(?:own\s+)?(?:(?:ai|ml|speech"
        r"|language|voice|vision|translation|recognition|recommendation|ranking|prediction"
        r"|predictive|generative|foundation|base|detection|classification|synthesis|transcription"
        r"|underlying|proprietary)\s+(?:(?:and|or)\s+)?){0,3}models?\b"
        r"(?! (?:and|or) textures)"
        # "develop and improve the Services and our underlying models"
        r"|\b(?:improv|develop|train)\w*\b[^.;]{0,60}?\b(?:our|its) (?:underlying|proprietary)"
        r" (?:ai |ml |language )?models?\b"
        r"|\bmodels? training\b|\btraining (?:of|for) (?:our |the |its )?(?:ai |ml )?models?\b"
        r"|(?<!business )\bmodels? improvement\b"
        r"|\bimprov\w* (?:the |our |its )?models?['’]? performance\b",  # (a machine-learning term)
        CASELESS,
    )
    _TDM = pattern(
        r"text (?:and|&|and/or) data[- ]mining|\btdm\b|fouilles? de textes"
        r"|text and/or data mining|text-? ?und[- ]data-? ?mining|miner[íi]a de textos"
        r"|estrazione di testo|minera[çc][ãa]o de textos|tekst- ?en datamining|" + lx.TDM_ZH_KO,
        CASELESS,
    )
    _TRAIN_VERB = pattern(
        r"\b(?:train|trains|trained|training|retrain\w*|fine[- ]tun\w*|inform|informs|informing"
        r"|develop|develops|developed|developing|development|improve|improves|improved|improving"
        r"|improvement|ingest\w*|teach\w*|datasets?|serve as inputs? to|as inputs? (?:to|for)"
        r"|entra[iî]n\w*|d[ée]velopp\w*|am[ée]lior\w*|build|builds|building"
        r"|former|form[ée]e?s?|formation"
        r"|apprendre|"
        + lx.TRAIN_STRONG_INTL
        + "|"
        + lx.TRAIN_WEAK_INTL
        + r")\b|"
        + lx.TRAIN_JA
        + "|"
        + lx.TRAIN_ZH_KO,
        CASELESS,
    )
    _AI_THEN_TRAIN = pattern(
        r"(?:\bai|model|models|llms?|intelligence|learning)\)?\s+(?:model\s+)?(?:training"
        r"|trained on"
        r"|development|improvement)"
        r"|\b(?:ai|ml|machine learning|artificial intelligence)\s+(?:systems?|models?|algorithms?"
        r"|tools?|features?)\s+(?:are|is|were|have been|may be|will be|can be)\s+(?:\w+\s+)?"
        r"trained\b"
        r"|\b(?:ai|ml|llms?|intelligence|learning)\s+(?:[\w-]+\s+)?(?:tools?|systems?|models?"
        r"|services?)\s+for\s+(?:their\s+|its\s+)?training(?=\s*[.,;)]|\s*$|\s+purposes?\b)"
        # ("feed content into AI tools for training"; not "AI tools for training your staff")
        r"|\b(?:ai|a\.i\.)\s+(?:companies|developers|firms|labs|providers|vendors)\b[^.;]{0,40}?"
        r"\btrain|"
        + lx.AI_THEN_TRAIN_INTL
        + "|"
        + lx.AI_THEN_TRAIN_JA
        + "|"
        + lx.AI_THEN_TRAIN_ZH_KO,
        CASELESS,
    )
    # machine learning named as a purpose of processing data
    _ML_PURPOSE = pattern(
        r"\b(?:for|à des fins|aux fins|for the purposes? of|purposes? such as|zwecke?n?"
        r"|con fines|para fines|per finalit[àa])\b[^.;]{0,60}?(?:machine learning|apprentissage "
        r"automatique|deep learning|maschinelle[ns]? lernen|aprendizaje autom[áa]tico)"
        r"|(?:machine learning|apprentissage automatique) purposes"
        r"|[àa] des fins d'entra[iî]nement|\bfor (?:ai |model )?training purposes"
        r"|機械学習(?:の目的)?(?:に|のために)(?:利用|使用)",
        CASELESS,
    )
    # training with no AI word: "learns from your content", "train on your data"
    _TRAIN_NO_AI = pattern(
        r"\btrain (?:our|its|the) (?:[\w-]+ ){0,2}?(?:engines?|classifiers?|filters?)\b|"
        r"\b(?:learns?|learned|learnt|learning) from (?:the |your |users'? |customers'? )?"
        r"(?:[\w-]+ ){0,2}?(?:content|data|inputs?|conversations?|chats?|prompts?|texts?|uploads?"
        r"|posts?|works?|submissions?|messages?)\b|\blearn\W{0,2} (?:and \w+ )?(?:based on|from)\b"
        r"|\bunlearn"
        r"|\b(?:train|trains|trained|training) (?:\w+ ){0,2}?on (?:your|their|users?'?|customers?'?"
        r"|the (?:content|data|inputs?)|any (?:of )?your)\b"
        # passive, the data as subject: "your files will never be trained on (by us)", "used as
        # training data"
        r"|\btrained on(?= by\b|\s*[.,;)]|\s*$)"
        r"|\b(?:used?|using|serve[sd]?) as (?:\w+ )?training data\b"
        r"|\b(?:used?|using) (?:[\w'-]+ ){0,8}?(?:to train(?=[.,;]| (?:on|with|models?|them|it"
        r"|systems?|algorithms?)\b)|for (?!(?:staff|employee|internal|agent|team)\b)(?:\w+ )?"
        # (not "for training and quality purposes", "for training of our staff": people)
        r"training\b(?!,? (?:and|&|or) (?:quality|coaching|monitoring|compliance)\b"
        r"| (?:of|for) (?:our |its |the )?(?:staff|employees|agents|personnel|team)\b))"
        r"|\b(?:utilis\w*|servir|servent|sert)\b[^.;]{0,80}?(?:pour (?:l')?entra[iî]n\w*"
        r"|à des fins d'entra[iî]nement)|"
        + lx.TRAIN_NO_AI_INTL
        + "|"
        + lx.TRAIN_NO_AI_JA
        + "|"
        + lx.TRAIN_NO_AI_ZH,
        CASELESS,
    )
    _USE_CONTENT = pattern(
        r"\b(?:use|uses|using|used|utili[sz]\w*|reproduc\w*|extract\w*|collect\w*|mine|mining"
        r"|scrap\w*|ingest\w*|exploit\w*|copy|copies|download\w*|access|shar\w*|sell\w*"
        r"|process\w*|trait\w*"
        r"|licen[cs]\w*|" + lx.USE_INTL + r")\b[^.;]{0,160}?"
        r"\b(?:content|contents|works?|data|music|recordings?|materials?|fichiers|[oœ]euvres"
        r"|donn[ée]es|contenus?|informations?|uploads?|posts?|images?|art|" + lx.DATA_INTL + r")\b",
        CASELESS,
    )
    _NEG = pattern(
        r"\b(?:not|never|neither|nor|no longer|none of|nothing (?:that )?you|won't|don't|doesn't"
        r"|(?:is|are|be|been|remains?) (?:excluded from|(?:kept|left) out of)"
        r"|cannot|can't|shan't"
        r"|aren't"
        r"|isn't|wouldn't|shouldn't|"
        + lx.NEG_INTL
        + r")\b|\bne\b|\bn'|"
        + lx.NEG_JA
        + "|"
        + lx.NEG_ZH
        + r"|\bno\b(?! (?:later|longer|more|less|event|matter|charge|cost|fees?|obligation|"
        r"limitation|liability|responsibility|control|way|one|doubt|reason)\b)",
        CASELESS,
    )
    _NEG_AFTER_VERB = pattern(lx.NEG_AFTER_VERB_INTL, CASELESS)
    _NEG_IGNORE = pattern(
        r"(?:if|whether|unless|when) you (?:do|would|does|are|have) $|prefer $|not only $"
        r"|whether or $|\b(?:that|which|who) (?:is|are|was|were|do|does) $",
        CASELESS,
    )
    _CONSENT_NEG = pattern(
        r"\bwithout\s+(?:\S+\s+){0,4}?(?:consent|permission|authori[sz]ation|approval|agreement)"
        r"|\bwithout (?:first )?asking\b"
        r"|\bunless\s+(?:you|they|the \w+)\s+(?:\w+\s+)?"
        r"(?:consent|agree|opt(?:ed)?[- ]?in|choose|allow|permit)"
        r"|\bopt[- ]?in\b|sans (?:\S+\s+){0,3}?(?:consentement|autorisation|accord)"
        r"|\bunless (?:you|they) (?:\w+ )?(?:ask|request|tell|instruct|direct|give|grant|enable"
        r"|turn on"
        r"|submit|send|share|provide|explicitly|expressly|first)"
        r"|\bexcept (?:where|when|if) (?:you|they) (?:\w+ ){0,6}?(?:choose|opt|agree|consent"
        r"|allow|share"
        r"|ask|give|submit|send|provide|enable|decide)"
        r"|\bsauf (?:si|avec|accord|consentement)|\bà moins que|" + lx.CONSENT_NEG_INTL,
        CASELESS,
    )
    _CONSENT_POS = pattern(
        r"\b(?:with|upon|subject to) (?:your|the artist's|the user's|their|the creator's)"
        r" (?:\w+ )?(?:consent|permission|authori[sz]ation)|\bopt(?:ed|s)?[- ]?in\b|\bonly if you\b"
        r"|\bif you (?:choose|decide|agree|allow|consent|opt|turn on|switch on|enable|activate)"
        # "if you ask us to, we will fine-tune a model on your data" (not "ask us to stop")
        r"|\bif you (?:ask us to|request (?:it|this|that we))\b(?!\s+(?:delete|stop|remove|not"
        r"|exclude|erase|cease))"
        r"|\bif you (?:join|enrol|enroll|sign up for|participate in|take part in) (?:our |the |a )?"
        r"(?:[\w-]+ ){0,3}?(?:program|programme|panel|study|studies|research|beta|initiative|pilot"
        r"|scheme)\b"
        r"|\bonly (?:when|where|once) you\b|\byou (?:can"
        r"|may) (?:choose to )?allow\b"
        r"|\byou (?:can|may) (?:choose|decide|elect) to (?:share|allow|enable|contribute|opt|let)\b"
        r"|\brequires? (?:your|their|the user's) (?:\w+ )?(?:consent|permission)\b"
        r"|\bonly (?:users|those|people|members|customers) (?:who|that) (?:\w+ )?(?:join|opt"
        r"|choose|agree|consent|sign up|sign|accept|enable|enrol|enroll|participate)"
        r"|(?:off|disabled) by default|explicit consent|express (?:written )?(?:consent|permission)"
        # "we only use conversations to train our models when you explicitly report them"
        r"|\bonly\b[^.;]{0,80}?\b(?:when|if|where|once) you (?:\w+ )?(?:report|submit|send"
        r"|choose|opt|agree|consent|share|give|flag|allow)"
        r"|\b(?:ask|obtain|get|seek|request)\w* (?:for )?(?:your|their) (?:\w+ )?"
        r"(?:consent|permission)|avec votre (?:\w+ )?(?:consentement|accord)"
        r"|si vous (?:y )?(?:consentez|acceptez|choisissez)|" + lx.CONSENT_POS_INTL,
        CASELESS,
    )
    _OPT_OUT = pattern(
        r"\bopt(?:ing|ed|s)?[- ]?out\b|\bright to object\b|\b(?:you )?(?:can|may) object\b"
        r"|\b(?:submit|file|send|make|lodge|raise) an objection\b"
        # "To prevent your content from being used for AI training, enable ...": a control
        r"|^\W*to (?:prevent|stop|avoid|block) (?:\w+ ){0,4}?(?:from )?(?:being used|using)\b"
        r"|\bobject to\b"
        r"|\bturn(?:ing)? (?:it |this )?off\b|\bswitch(?:ing)? off\b|\btoggle\b"
        r"|\bto stop (?:this|that|us|it)\b|\buncheck\w*|\bunticks?\b|\bunselect\w*"
        r"|\byou (?:can|may) (?:\w+ )?(?:disable|deactivate)\b"
        r"|\b(?:disable|deactivate) (?:this|it|(?:the |that )?(?:\w+ )?(?:setting|training))\b"
        r"|\byou (?:can|may) (?:choose|decide) not\b|\bwithdraw (?:your )?consent\b"
        r"|\b(?:you|users?|creators?|artists?|members?|customers?|owners?|authors?) (?:can|may)"
        r" (?:\w+ ){0,3}?(?:exclude|withdraw|remove|take|pull) (?:\w+ ){0,3}?(?:from|out of)"
        r" (?:\w+ )?(?:training|datasets?)\b"
        # "except those marked 'Do not use for AI training' by their owner": a tag the owner sets
        r"|\bexcept (?:for )?(?:those|content|works|uploads|files|items|posts|ones)?\s?"
        r"(?:that are )?(?:marked|tagged|flagged|labell?ed)\b|\bsauf opposition\b"
        r"|\bvous (?:vous )?(?:y )?oppos\w*|droit d'opposition|d[ée]sactiv\w*"
        r"|\bvotre opposition\b|\bopposition au traitement\b|\bvous opposer\b"
        r"|\bpeu(?:t|vent|vez) (?:vous |s')?(?:y )?opposer\b|\bdroit de (?:vous |s')(?:y )?opposer"
        r"|\byou (?:can |may )?(?:decide|control|choose) (?:whether|if)\b|\bhelp improve\b"
        # "this setting is on by default ..., and admins can change it": a default one can change
        r"|\b(?:is|are) (?:(?:turned|switched) )?(?:on|enabled|activated) by default\b"
        r"|\b(?:admins?|administrators?|owners?) (?:can|may) (?:\w+ )?(?:change|disable|turn off"
        r"|switch off|adjust)\b"
        r"|\bif you (?:would )?prefer (?:that )?(?:we|us) (?:do not|don't|not)\b"
        r"|\bif you (?:do not|don't) wish (?:your|us|for)\b"
        r"|\bimprove the model for everyone|\bunless (?:you|they) (?:\w+ )?(?:opt(?:ed)?[- ]?out"
        r"|object|disable|turn (?:it |this )?off)|" + lx.OPT_OUT_INTL,
        CASELESS,
    )
    # a setting alone may switch training on (opt-in) or off (opt-out): read with the rest
    _SETTINGS = pattern(
        r"\b(?:in|via|through|using) (?:your |the )?(?:privacy |account |data |profile |app )?"
        r"settings\b"
        r"|\bin (?:your |the )?(?:account |privacy )preferences\b|\bunder (?:your )?settings\b"
        r"|\b(?:go|going|navigate|navigating|visit|visiting|open|opening) to (?:your |the )?"
        r"(?:\w+ )?settings\b|\bchange your preferences?\b|\bif you (?:do not|don't) want (?:your"
        r"|us)\b"
        r"|dans (?:les|vos) param[eè]tres|" + lx.SETTINGS_INTL,
        CASELESS,
    )
    _PROHIBIT = pattern(
        r"\b(?:may not|must not|shall not|will not|cannot|can't|not to|agree not|agrees not"
        r"|undertakes? not|are not (?:allowed|permitted)|is not (?:allowed|permitted)|prohibit\w*"
        r"|forbid\w*|not permitted|not allowed|no right|do not grant|does not grant|refrain\w*"
        r"|disallow\w*"
        r"|reserves? (?:all|its)?\s*rights? (?:for|against)|reserves? all rights?"
        r"|reservation of (?:all |our |its )?rights? (?:for|against)"
        # "using it to train AI is a violation of these Terms", "... is unauthorized"
        r"|(?:is|are|constitutes?) an? (?:\w+ )?(?:violation|breach)|in (?:violation|breach) of"
        r"|violates? (?:these|our|the|this)\b"
        r"|(?:is|are) (?:strictly )?unauthori[sz]ed"
        # "... to fine-tune an AI system falls outside the scope of your licence"
        r"|falls? outside (?:the scope of )?(?:your|this|the|our) licen[cs]e"
        r"|(?:is|are) not (?:covered|included) (?:by|in) (?:your|this|the|our) licen[cs]e)\b"
        r"|interdit\w*|s'engage \w+ ne|s'oppose\b|\bnous nous opposons\b|\bne pas\b|\bne peu\w+|"
        + lx.PROHIBIT_INTL,
        CASELESS,
    )
    words = {k: v for k, v in locals().items() if isinstance(v, Source)}
    return Vocab(words | actor_patterns(lx))


# English and French only: most documents, read fast
BASE = _build(_NoIntl())


@functools.cache
def full_vocab() -> Vocab:
    """The patterns with German, Spanish, Portuguese, Italian, Dutch, Japanese, Chinese and
    Korean wording too, built on first use: a process that reads only English and French never
    compiles them."""
    return _build(lexicon)


# a sentence is read with the full patterns when it shows signs of one of those languages
# (with the letters of Czech, Polish, Danish/Norwegian/Swedish and the Greek alphabet)
INTL_CHARS = compile_pattern(
    r"[äöüßñãõìòåæøěščřžůąęłśźżń\u0370-\u03ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


INTL_WORDS = _words(
    "und nicht wir werden ihre ihr oder los las nuestros nuestra usamos podemos puede usted "
    "datos não nao seus seu nossos você dados della delle nostri utente possiamo tuoi het een "
    "niet wij uw gegevens onze ki ia kunstmatige inteligencia intelligenza inteligência "
    "künstliche entrenar treinar addestrare ist zum zur von zu mit sie dem der das para por "
    "con su sus del y dos das os em di gli dei degli van om te voor je "
    "och att inte ikke og til nie jest oraz ja"
)
_WORD = compile_pattern(r"\w+")


def is_intl(lower: str) -> bool:
    """Signs of German, Spanish, Portuguese, Italian, Dutch, Japanese, Chinese, Korean, Czech,
    Polish, Swedish, Danish, Norwegian, Finnish or Greek in one sentence."""
    if not lower.isascii() and INTL_CHARS.search(lower):
        return True
    return not INTL_WORDS.isdisjoint(_WORD.findall(lower))


_PREFILTER_WORDS: tuple[str, ...] = (
    "intellig",
    "learning",
    "model",
    "mining",
    "fouille",
    "moissonn",
    "neural",
    "apprentissage",
    "entraîn",
    "entrain",
    "genai",
    "llm",
    "train our",
    "train its",
    "distil",
    "train the",
    "training our algorithm",
    "training its algorithm",
    "training the algorithm",
    "trained on by",  # "your files are never trained on by us": passive, with no AI word
    "as training data",
)
_PREFILTER_WORDS += lexicon.PREFILTER_INTL


def gated_words(lower: str) -> tuple[str, ...]:
    """The gate words of Czech, Polish, Swedish, Danish, Norwegian, Finnish and Greek, when
    `lower` has one of those languages' letters (each word looked for costs a scan of the
    text, and most texts have none of these letters)."""
    return lexicon.PREFILTER_NX if any(map(lower.__contains__, lexicon.LETTERS_NX)) else ()


_PREFILTER_SHORT = compile_pattern(r"(?<![a-z0-9])(?:ai|ia|ml|gai|ki)(?![a-z0-9])|a\.i\.")
