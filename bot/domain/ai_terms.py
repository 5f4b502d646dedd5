"""The vocabulary of AI-training clauses: compiled patterns used by bot.domain.clauses.

English first, with the common French wording; the other languages' words come from
bot.domain.lexicon. Patterns only, no logic.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

from bot.domain import lexicon
from bot.domain.regex_guard import compile_guarded

_F = re.I
_GONE = "\ue000"  # marks a left-out alternative; removed before compiling


class _NoIntl:
    """Stands for bot.domain.lexicon when only English and French are read."""

    def __getattr__(self, name: str) -> str:
        return _GONE


class _Source(NamedTuple):
    """A pattern's text and flags, compiled by `Vocab` on first use."""

    source: str
    flags: int


def _compile(source: str, flags: int = 0) -> _Source:
    """The pattern to compile, with the alternatives _NoIntl left out removed (an alternative
    that never matches still costs a test at every position)."""
    return _Source(source.replace("|" + _GONE, "").replace(_GONE + "|", ""), int(flags))


@functools.cache
def _compiled(source: _Source) -> re.Pattern[str]:
    """One compiled pattern per text, shared by the vocabularies (most patterns are the same
    in both), behind the test for the literal text its matches need (bot.domain.regex_guard:
    most sentences lack it, and then it is not run)."""
    return compile_guarded(source.source, source.flags)


class Vocab:
    """One set of the patterns below (attribute names as in this module), each compiled on its
    first use: a process compiles only the patterns its documents reach (compiling them all is
    most of what the first changed page of a watch cycle costs)."""

    def __init__(self, sources: dict[str, _Source]) -> None:
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
    _AI = _compile(
        r"artificial[- ]intelligence|machine[- ]intelligence|machine[- ]learning|deep[- ]learning"
        r"|neural[- ]net\w*|language[- ]models?|\bllms?\b|\bgenai\b|generative (?:ai|models?)"
        r"|foundation(?:al)? models?|\bml (?:models?|systems?|algorithms?)"
        r"|\bai[- ]?(?:models?|training)"
        r"|intelligences? artificielles?|apprentissage automatique|apprentissage profond"
        r"|mod[eè]les? d'(?:ia|intelligence|apprentissage)"
        r"|" + lx.AI_INTL + "|" + lx.AI_JA + "|" + lx.AI_ZH_KO,
        _F,
    )
    _AI_CASED = _compile(
        r"(?<![\w.])(?:AI|A\.I\.|IA|GAI|LLMs?|ML|" + lx.AI_CASED_INTL + r")(?![\w])"
        r"|(?<![A-Za-z])AI(?=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3])"
        r"|(?<=[\u3040-\u30ff\u4e00-\u9fff])AI(?![A-Za-z])"
    )  # on the original text
    _TRAIN_MODELS = _compile(
        r"\b(?:train|trains|training|retrain\w*|fine[- ]tun(?:e|es|ing))\s+(?:[\w'-]+\s+){0,3}?"
        r"models?\b"
        r"|\bmodels? (?:are |is )?trained\b"
        # "develop and train our algorithms" (not "staff training on our algorithms", nor
        # "train our recommendation algorithms": recommenders are no AI training, README)
        r"|\b(?:train|trains|training|retrain\w*)\s+(?:our|its|the|their|these|such)\s+"
        r"(?!(?:recommend\w*|ranking|search|matching|feed|sorting)\b)(?:[\w-]+\s+)?algorithms?\b"
        r"|\bentra[iî]n\w*\s+(?:(?:(?:et|ou) \w+|de|des|du|les|le|la|nos|notre|ses|son|leurs|leur"
        r"|vos|votre|ces|ce|nouveaux|propres)\s+|d'|l'){0,3}(?:mod[eè]les?|algorithmes?)\b"
        r"|\bam[ée]lior\w*\s+(?:nos|notre|le|les|ses|son)\s+(?:propres\s+)?mod[eè]les?\b"
        r"(?! (?:[ée]conomique|d'affaires|commercia))"  # ("améliorer le modèle pour tous")
        r"|" + lx.TRAIN_MODELS_INTL + r"|" + lx.TRAIN_MODELS_ZH_KO + r"|"
        r"\b(?:improv|develop|build|refin)\w*\s+(?:our|its|the)\s+(?:own\s+)?(?:(?:ai|ml|speech"
        r"|language|voice|vision|translation|recognition|recommendation|ranking|prediction"
        r"|predictive|generative|foundation|base|detection|classification)\s+)?models?\b"
        r"(?! (?:and|or) textures)"
        r"|\bmodels? training\b|\btraining (?:of|for) (?:our |the |its )?(?:ai |ml )?models?\b",
        _F,
    )
    _TDM = _compile(
        r"text (?:and|&|and/or) data[- ]mining|\btdm\b|fouilles? de textes"
        r"|text and/or data mining|text-? ?und[- ]data-? ?mining|miner[íi]a de textos"
        r"|estrazione di testo|minera[çc][ãa]o de textos|tekst- ?en datamining|" + lx.TDM_ZH_KO,
        _F,
    )
    _TRAIN_VERB = _compile(
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
        _F,
    )
    _AI_THEN_TRAIN = _compile(
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
        _F,
    )
    # machine learning named as a purpose of processing data
    _ML_PURPOSE = _compile(
        r"\b(?:for|à des fins|aux fins|for the purposes? of|purposes? such as|zwecke?n?"
        r"|con fines|para fines|per finalit[àa])\b[^.;]{0,60}?(?:machine learning|apprentissage "
        r"automatique|deep learning|maschinelle[ns]? lernen|aprendizaje autom[áa]tico)"
        r"|(?:machine learning|apprentissage automatique) purposes"
        r"|[àa] des fins d'entra[iî]nement|\bfor (?:ai |model )?training purposes"
        r"|機械学習(?:の目的)?(?:に|のために)(?:利用|使用)",
        _F,
    )
    # training with no AI word: "learns from your content", "train on your data"
    _TRAIN_NO_AI = _compile(
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
        r"|systems?|algorithms?)\b)|for (?:\w+ )?training\b)"
        r"|\b(?:utilis\w*|servir|servent|sert)\b[^.;]{0,80}?(?:pour (?:l')?entra[iî]n\w*"
        r"|à des fins d'entra[iî]nement)|" + lx.TRAIN_NO_AI_INTL + "|" + lx.TRAIN_NO_AI_ZH,
        _F,
    )
    _USE_CONTENT = _compile(
        r"\b(?:use|uses|using|used|utili[sz]\w*|reproduc\w*|extract\w*|collect\w*|mine|mining"
        r"|scrap\w*|ingest\w*|exploit\w*|copy|copies|download\w*|access|shar\w*|sell\w*"
        r"|process\w*|trait\w*"
        r"|licen[cs]\w*|" + lx.USE_INTL + r")\b[^.;]{0,160}?"
        r"\b(?:content|contents|works?|data|music|recordings?|materials?|fichiers|[oœ]euvres"
        r"|donn[ée]es|contenus?|informations?|uploads?|posts?|images?|art|" + lx.DATA_INTL + r")\b",
        _F,
    )
    _NEG = _compile(
        r"\b(?:not|never|neither|nor|no longer|none of|nothing (?:that )?you|won't|don't|doesn't"
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
        _F,
    )
    _NEG_AFTER_VERB = _compile(lx.NEG_AFTER_VERB_INTL, _F)
    _NEG_IGNORE = _compile(
        r"(?:if|whether|unless|when) you (?:do|would|does|are|have) $|prefer $|not only $"
        r"|whether or $|\b(?:that|which|who) (?:is|are|was|were|do|does) $",
        _F,
    )
    _CONSENT_NEG = _compile(
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
        _F,
    )
    _CONSENT_POS = _compile(
        r"\b(?:with|upon|subject to) (?:your|the artist's|the user's|their|the creator's)"
        r" (?:\w+ )?(?:consent|permission|authori[sz]ation)|\bopt(?:ed|s)?[- ]?in\b|\bonly if you\b"
        r"|\bif you (?:choose|decide|agree|allow|consent|opt|turn on|switch on|enable|activate)"
        r"|\bonly (?:when|where|once) you\b|\byou (?:can"
        r"|may) (?:choose to )?allow\b"
        r"|\byou (?:can|may) (?:choose|decide|elect) to (?:share|allow|enable|contribute|opt|let)\b"
        r"|\brequires? (?:your|their|the user's) (?:\w+ )?(?:consent|permission)\b"
        r"|\bonly (?:users|those|people|members|customers) (?:who|that) (?:\w+ )?(?:join|opt"
        r"|choose|agree|consent|sign up|enrol|enroll|participate)"
        r"|off by default|explicit consent|express (?:written )?(?:consent|permission)"
        r"|\b(?:ask|obtain|get|seek|request)\w* (?:for )?(?:your|their) (?:\w+ )?"
        r"(?:consent|permission)|avec votre (?:\w+ )?(?:consentement|accord)"
        r"|si vous (?:y )?(?:consentez|acceptez|choisissez)|" + lx.CONSENT_POS_INTL,
        _F,
    )
    _OPT_OUT = _compile(
        r"\bopt(?:ing|ed|s)?[- ]?out\b|\bright to object\b|\b(?:you )?(?:can|may) object\b"
        r"|\bobject to\b"
        r"|\bturn(?:ing)? (?:it |this )?off\b|\bswitch(?:ing)? off\b|\btoggle\b"
        r"|\bto stop (?:this|that|us|it)\b|\buncheck\w*|\bunticks?\b|\bunselect\w*"
        r"|\byou (?:can|may) (?:\w+ )?(?:disable|deactivate)\b"
        r"|\b(?:disable|deactivate) (?:this|it|(?:the |that )?(?:\w+ )?(?:setting|training))\b"
        r"|\byou (?:can|may) (?:choose|decide) not\b|\bwithdraw (?:your )?consent\b"
        r"|\b(?:you|users?) (?:can|may) (?:\w+ )?exclude (?:\w+ ){0,3}?from (?:\w+ )?training\b"
        r"|\bvous (?:vous )?(?:y )?oppos\w*|droit d'opposition|d[ée]sactiv\w*"
        r"|\bvotre opposition\b|\bopposition au traitement\b|\bvous opposer\b"
        r"|\bpeu(?:t|vent|vez) (?:vous |s')?(?:y )?opposer\b|\bdroit de (?:vous |s')(?:y )?opposer"
        r"|\byou (?:can |may )?(?:decide|control|choose) (?:whether|if)\b|\bhelp improve\b"
        r"|\bif you (?:would )?prefer (?:that )?(?:we|us) (?:do not|don't|not)\b"
        r"|\bif you (?:do not|don't) wish (?:your|us|for)\b"
        r"|\bimprove the model for everyone|\bunless (?:you|they) (?:\w+ )?(?:opt(?:ed)?[- ]?out"
        r"|object|disable|turn (?:it |this )?off)|" + lx.OPT_OUT_INTL,
        _F,
    )
    # a setting alone may switch training on (opt-in) or off (opt-out): read with the rest
    _SETTINGS = _compile(
        r"\b(?:in|via|through|using) (?:your |the )?(?:privacy |account |data |profile |app )?"
        r"settings\b"
        r"|\bin (?:your |the )?(?:account |privacy )preferences\b|\bunder (?:your )?settings\b"
        r"|\b(?:go|going|navigate|navigating|visit|visiting|open|opening) to (?:your |the )?"
        r"(?:\w+ )?settings\b|\bchange your preferences?\b|\bif you (?:do not|don't) want (?:your"
        r"|us)\b"
        r"|dans (?:les|vos) param[eè]tres|" + lx.SETTINGS_INTL,
        _F,
    )
    _PROHIBIT = _compile(
        r"\b(?:may not|must not|shall not|will not|cannot|can't|not to|agree not|agrees not"
        r"|undertakes? not|are not (?:allowed|permitted)|is not (?:allowed|permitted)|prohibit\w*"
        r"|forbid\w*|not permitted|not allowed|no right|do not grant|does not grant|refrain\w*"
        r"|reserves? (?:all|its)?\s*rights? (?:for|against)|reserves? all rights?)\b"
        r"|interdit\w*|s'engage \w+ ne|s'oppose\b|\bnous nous opposons\b|\bne pas\b|\bne peu\w+|"
        + lx.PROHIBIT_INTL,
        _F,
    )
    _USER_ACTOR = _compile(
        r"^(?:not to|not\b(?! (?:used|shared|sold|trained|fed)\b))"
        r"|\byou (?:may|must|shall|will|agree to|should|can) not\b"
        r"|\byou (?:(?:further|also|hereby|\w+ly) )?(?:agree|undertake|represent and warrant that"
        r" you will) not\b|\bundertakes? not\b"
        r"|\b(?:grant|give)s? you\b"
        r"|\b(?:users?|members?|customers?|visitors?|licensees?) (?:may|must|shall|will"
        r"|are|agree|undertakes?) not\b|\bno (?:user|one|person)\b|s'engage|\ble membre\b"
        r"|\b(?:le membre|le client|l'utilisateur|les utilisateurs) (?:\w+ ){0,2}?(?:s'interdi\w*"
        r"|s'engage\w*|ne (?:peu|doi)\w*|n'est pas autoris\w*)"
        r"|^(?:please )?(?:do not|don't|never|avoid)\b|^n'\w+ pas\b|^ne \w+ pas\b"
        r"|\b(?:you|users?|members?) (?:are|is) (?:prohibited|forbidden|not allowed|not permitted)"
        r"|\bvous ne (?:pouvez|devez|pourrez|devrez|pouvez) pas\b|\bvous (?:vous )?(?:engagez"
        r"|interdisez) à ne pas\b|\bil (?:vous )?est interdit"
        r"|" + lx.USERS_INTL,
        _F,
    )
    _THIRD_ACTOR = _compile(
        r"\bthird[- ]part(?:y|ies)(?:'s)?\s+(?:may|can|will|shall|are|is|must|to|from|who)\b"
        r"|\b(?:permit|allow|licen[cs]|sell|shar|authori[sz])\w*\s+(?:\S+\s+){0,8}?(?:to\s+)?"
        r"(?:third[- ]part\w+|others|partners|companies|developers)\b"
        # "other user content", "any user data": a noun phrase naming what is used, not actors
        r"|\b(?:any|other) (?:third[- ]part\w+|users?|persons?|entity|entities|one)\b"
        r"(?!'?s?'? (?:ai|model)|[- ](?:content|data|inputs?|information|uploads?|materials?"
        r"|submissions?|generated)\b)"
        r"|\b(?:others|anyone)\b|\bscrap\w*|\bcrawl\w*|\brobots?\b|\bautomated means\b"
        r"|\bbots?\b|\bmin(?:e|ing)\b|\bfouilles?\b|\bmoissonnage|\bai (?:companies|developers)"
        r"|\bother (?:members|creators|artists|people|users)'?|\bautres (?:membres|utilisateurs)"
        r"|" + lx.OTHERS_INTL,
        _F,
    )
    _PLATFORM_ACTOR = _compile(
        r"\b(?:we|us)\b|\bour (?!site|website|service|services|platform|app|apps|network)"
        r"|^the (?:service|platform|company|app|site)s? (?:\w+ )?(?:will|may|can|uses?|learns?"
        r"|trains?|is|does|collects?)\b"
        r"|" + lx.WE_INTL + r"|"
        r"\byour (?:content|data|information|music|uploads?|posts?|recordings?|works?|art|inputs?)"
        r"\b[^.]{0,40}\b(?:may|will|can|could|is|are) be used|\bnous\b|\bnotre\b|\bnos\b"
        r"|\b(?:none of |nothing )?your (?:\w+ )?(?:content|data|information|uploads?|posts?|works?"
        r"|photos?|files?|inputs?|prompts?|conversations?|chats?)\b[^.]{0,60}?\b(?:is|are|will be"
        r"|may be) [^.;]{0,40}?\bused\b",
        _F,
    )
    _COMPANY_SUBJECT = _compile(  # ("that the Company may": a defined name after "the")
        r"(?:^|, |\bthat )((?:the\s)?(?:[A-Z][\w&'.-]*\s){1,3})(?:will|may|does|do|shall|uses"
        r"|use|agrees"
        r"|won't"
        r"|doesn't|is|can|might|reserves)\b"
    )
    _NOT_COMPANY = _compile(
        r"^(?:the\s)?(?:you|your|users?|members?|customers?|licensees?|subscribers?|they|it|this"
        r"|these|those|such|any|each|no|le|la|les|if|for|in|when|where"
        r"|some|certain|several|many|most|other|all)\b"  # (a quantifier names no company)
        r"|\buser\b|^(?:the|a|an)\s$",  # ("The use of ... is prohibited": no name at all)
        _F,
    )
    _THIRD_AGENT = _compile(
        lx.THIRD_AGENT_ZH + r"|\bby (?:any )?(?:third[- ]part\w+|others|other users|ai companies)\b"
        r"|\bpar (?:des |les |d'autres )?(?:collaborateurs |partenaires |soci[ée]t[ée]s )?tiers\b"
        r"|\bpar (?:cette|cet|ces|ce) (?:entreprise|soci[ée]t[ée]|prestataire|fournisseur)s?\b"
        # "utilisées par <un tiers nommé> pour entraîner ses modèles", "partager avec des tiers
        # pour entraîner leurs modèles": the models are the other company's
        r"|\bpar (?!(?:notre|nos) (?!(?:fournisseur|prestataire|sous-traitant|partenaire)s?\b))"
        r"(?!nous\b|vous\b|votre\b|vos\b|l'utilisateur|(?:le|la|les|l') ?(?:service"
        r"|site|plateforme|soci[ée]t[ée]|application)\b)[\w'.-]+(?: [\w'.-]+){0,2} (?:pour"
        r"|afin d') ?"
        r"(?:entra[iî]ner|am[ée]liorer|d[ée]velopper|former)\b[^.;]{0,40}?\b(?:ses|leurs)"
        r" (?:propres )?(?:mod[eè]les|algorithmes|syst[èe]mes|outils)"
        r"|\bpartag\w*\b[^.;]{0,60}?\bavec (?:des |les |d'autres |nos )?(?:tiers|partenaires"
        r"|soci[ée]t[ée]s tierces|entreprises|fournisseurs|prestataires)\b[^.;]{0,60}?"
        r"\b(?:leurs|ses) (?:propres )?(?:mod[eè]les|algorithmes|syst[èe]mes)"
        r"|\b(?:providers?|vendors?|processors?|sub-?processors?) (?:is|are) (?:\w+ ){0,3}?"
        r"(?:obligat\w*|bound|prohibited|not (?:allowed|permitted))"
        r"|\bby (?:this|that|such|these) (?:company|companies|provider|providers|vendors?"
        r"|partners?)\b",
        _F,
    )
    _STRONG_THIRD = _compile(
        r"\bthird[- ]part(?:y|ies)(?:'s)?\s+(?:\w+\s+)?(?:may|can|will|to)\s+(?:\w+\s+)?(?:use"
        r"|train"
        r"|access|collect)|\b(?:permit|allow|licen[cs]|sell|shar|authori[sz]|provid"
        r"|disclos)\w*\s+(?:\S+\s+)"
        r"{0,8}?(?:to|with)\s+(?:\w+\s+)?(?:third[- ]part\w+|others|partners|companies"
        r"|developers)\b"
        r"|\b(?:third[- ]part\w+|partners|others|ai companies|developers) (?:may"
        r"|can) (?:\w+ )?(?:use"
        r"|train)",
        _F,
    )
    _LEAD_PROHIBIT = _compile(
        r"\b(?:not(?! only)|never|prohibited|forbidden)\b|interdit|ne pas|s'engage", _F
    )
    _PRONOUN_SUBJECT = _compile(
        r"^(?:they|it|these|those|such (?:services|providers|companies))\s", _F
    )
    _DEFINITION = _compile(
        r"^(?:for (?:the )?purposes? of [^,]{0,80}, )?[\"']?[\w' -]{2,60}[\"']? "
        r"(?<!automated )(?<!technical )(?<!electronic )(?<!any )(?<!other )(?<!by )"
        r"(?:means|désigne)\b"
        r"|\bshall be deemed to include\b|\bis defined as\b"
        # 'A "Voice Clone" is an AI model trained on ...': a quoted term defined, not a policy
        r'|^(?:an? |the )?"[^"]{2,60}" (?:is|are) (?:an?|any|the|all)\b|^(?:an? |the )?"[^"]{2,60}"'
        r" refers? to\b|" + lx.DEFINITION_ZH,
        _F,
    )
    _LICENSED = _compile(
        r"under separate agreements?|owned or controlled by third[- ]party rights ?holders"
        r"|licensed (?:to us )?(?:content|catalog\w*|from (?:labels|rights ?holders))"
        r"|content (?:licensed|provided) (?:to us )?by (?:labels|rights ?holders)|"
        + lx.LICENSED_ZH,
        _F,
    )
    _TAGGED = _compile(r"\bno-?ai\b|\bnoimageai\b|(?:tagged|labell?ed|marked|designated?)\b", _F)
    _GENERATIVE = _compile(r"\bgenerat\w*|g[ée]n[ée]rati\w*|synthesi[sz]\w*|replicate", _F)
    _PUBLIC = _compile(
        r"publicly (?:available|accessible)|public (?:posts?|content|information)(?! polic)", _F
    )
    # "You must not:" / "... engage in the conduct set forth in the following items."
    _LEAD_IN = _compile(r":\s*$|\b(?:the following|as follows)(?:\s+\w+){0,2}\s*[.:]?\s*$")
    # a long list of processing operations or business purposes ("hosting, customer care,
    # marketing, analytics, machine learning development, finance, ...") that names machine
    # learning as one item, with no training verb and no model trained: broad wording
    _STRONG_TRAINING = _compile(
        r"\btrain|entra[iî]n|\bfine[- ]?tun|\bretrain|"
        + lx.TRAIN_STRONG_INTL
        + "|"
        + lx.TRAIN_JA
        + "|"
        + lx.TRAIN_STRONG_ZH_KO,
        _F,
    )
    # "this processing can include the use of machine learning that helps us improve our
    # services": machine learning as a means of processing the user's information (broad)
    _BROAD_ML = _compile(
        r"\bprocess\w*\b[^.;]{0,60}?\bincludes?\s+(?:the\s+)?(?:use of|using)\b[^.;]{0,60}?"
        r"\b(?:machine[- ]learning|artificial intelligence|ai)\b[^.;]{0,80}?"
        r"\b(?:improv|develop)\w*|" + lexicon.AI_TO_IMPROVE + "|" + lx.BROAD_ML,
        _F,
    )
    _MODEL_WORD = _compile(
        r"\bmod[eèe]l\w*|\bmodell\w*|\bmodel[oli]\w*|モデル|" + lx.MODEL_ZH_KO, _F
    )
    # "to improve X, we use AI" / "improve search using AI": AI is the tool, not what is trained
    _INSTRUMENT = _compile(
        r"[,;:]\s*(?:we|nous|you|vous|it|they|il|elle|on)\b"
        r"|\b(?:use|uses|using|utilis\w*|with the help|by means of|through|powered by|au moyen"
        r"|assisted by|aided by|assist[ée]e?s? par"
        r"|gr[âa]ce [àa]|[àa] l'aide|par le biais|mittels|mithilfe|durch|mediante|por medio"
        r"|atrav[ée]s|por meio|tramite|attraverso|door middel|met behulp)\b|" + lx.INSTRUMENT_ZH,
        _F,
    )
    _AI_PRODUCT = _compile(
        r"[\w .-]{0,30}?\b(?:features?|tools?|products?|assistants?|chatbots?|experiences?"
        r"|services?"
        r"|agents?|apps?|capabilities)\b",
        _F,
    )
    _DATA_NOUN = _compile(
        r"\b(?:content|contents|data|informations?|uploads?|posts?|music|songs?|tracks?|recordings?"
        r"|videos?|images?|photos?|works?|inputs?|prompts?|messages?|texts?|art|artwork|voice"
        r"|interactions?|feedback|activity"
        r"|donn[ée]es|contenus?|[oœ]euvres|conversations?|chats?|files?|submissions?|"
        + lx.DATA_INTL
        + r")\b|"
        + lx.DATA_JA
        + "|"
        + lx.DATA_ZH_KO,
        _F,
    )
    _PERMIT_NEG = _compile(
        r"\b(?:not|never)\s+(?:\w+\s+)?(?:permit|allow|authori[sz]e|licen[cs]e|sell|share)\w*", _F
    )
    _OWN_USE_NEG = _compile(
        r"\b(?:not|never)\s+(?:\w+\s+)?(?:use|train)\b|\bn'utilis"
        r"|\b(?:not|never)\s+(?:\w+\s+)?(?:sell|rent|share)\b[^.;]{0,50}?\b(?:or|and|nor)\s+"
        r"(?:\w+\s+)?(?:use|train)\b",  # "we never sell your data or use it to train AI"
        _F,
    )
    # users train models on the service (machine learning is the product), not the service itself
    _USER_TRAINS = _compile(
        r"\b(?:you|users?|members?|customers?|developers?)\s+(?:can|may|are able to|will be able to"
        r"|who)\s+(?:\w+\s+){0,2}?(?:train|fine[- ]tune)\b"
        r"|\b(?:you|users?|customers?|developers?) (?:can|may) use (?:the|our) (?:\w+ ){1,2}?to "
        r"(?:train|fine[- ]tune)\b"  # ("customers can use the Service to fine-tune models")
        r"|\b(?:you|users?) (?:can|may) (?:\w+ )?(?:build|create|develop|host"
        r"|upload) (?:\w+ )?models?\b"
        r"|\b(?:when|if|once) you (?:\w+ )?(?:train|fine[- ]tune)\b"
        # (not "when you use X, we may use your content to train": the service trains)
        r"|\b(?:when|if|once) you (?:use|access)\b(?:(?!,\s+(?:we|the [a-z]+|[a-z][\w&.'-]*)\s+"
        r"(?:may|will|can|shall|might)\b)[^.;]){0,120}\b(?:create|train|fine[- ]tune)\b"
        r"|\bfine[- ]tuned models?\b|\bfine[- ]tuning (?:data|jobs?|api)\b"
        r"|\b(?:use|access) and fine[- ]tune\b"
        r"|\bmodels? (?:that )?(?:you|users?) (?:train|fine[- ]tune|create|upload|host|build)"
        r"|\btrain(?:ing)? (?:your|their) own\b|\b(?:your|their) own (?:\w+ )?(?:datasets?"
        r"|models?)\b"
        r"|\bsie können (?:\S+ ){0,6}?(?:trainieren|erstellen)"
        r"|\bmodels? and datasets? (?:you|users?) upload"
        r"|\byou (?:may|can) (?:use|apply)\b[^.;]{0,200}\btrain|" + lx.USER_TRAINS_ZH,
        _F,
    )
    return Vocab({k: v for k, v in locals().items() if isinstance(v, _Source)})


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
INTL_CHARS = re.compile(
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
_WORD = re.compile(r"\w+")


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
    return lexicon.PREFILTER_NX if any(c in lower for c in lexicon.LETTERS_NX) else ()


_PREFILTER_SHORT = re.compile(r"(?<![a-z0-9])(?:ai|ia|ml|gai|ki)(?![a-z0-9])|a\.i\.")
