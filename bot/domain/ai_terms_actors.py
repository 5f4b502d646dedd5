"""The second half of the AI-clause vocabulary (bot.domain.ai_terms): who speaks and who acts
(users, third parties, the platform, a company named as the subject), lead-ins, definitions,
licences, broad machine-learning wording and the other patterns the sentence reader uses to
place an AI sentence. Patterns only, no logic; compiled on first use by `ai_terms.Vocab`.
"""

from __future__ import annotations

from typing import Any

from bot.domain import lexicon
from bot.domain.vocab_source import CASELESS, Source, pattern


def actor_patterns(lx: Any) -> dict[str, Source]:
    """The patterns below by name, with `lx`'s other-language words (bot.domain.lexicon, or a
    stand-in that leaves them out)."""
    _USER_ACTOR = pattern(
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
        CASELESS,
    )
    _THIRD_ACTOR = pattern(
        r"\bthird[- ]part(?:y|ies)(?:'s)?\s+(?:may|can|will|shall|are|is|must|to|from|who)\b"
        r"|\b(?:permit|allow|licen[cs]|sell|shar|authori[sz])\w*\s+(?:\S+\s+){0,8}?(?:to\s+)?"
        r"(?:third[- ]part\w+|others|partners|companies|developers)\b"
        # "other user content", "any user data": a noun phrase naming what is used, not actors
        r"|\b(?:any|other) (?:third[- ]part\w+|users?|persons?|entity|entities|one)\b"
        r"(?!'?s?'? (?:ai|model)|[- ](?:content|data|inputs?|information|uploads?|materials?"
        r"|submissions?|generated)\b)"
        r"|\b(?:others|anyone)\b|\bscrap\w*|\bcrawl\w*|\brobots?\b|\bautomated means\b"
        r"|\b(?:outside|external) (?:compan(?:y|ies)|organi[sz]ations?|part(?:y|ies)|firms?)\b"
        r"|\bbots?\b|\bmin(?:e|ing)\b|\bfouilles?\b|\bmoissonnage|\bai (?:companies|developers)"
        r"|\bother (?:members|creators|artists|people|users)'?|\bautres (?:membres|utilisateurs)"
        r"|" + lx.OTHERS_INTL,
        CASELESS,
    )
    _PLATFORM_ACTOR = pattern(
        r"\b(?:we|us)\b|\bour (?!site|website|service|services|platform|app|apps|network)"
        r"|^the (?:service|platform|company|app|site)s? (?:\w+ )?(?:will|may|can|uses?|learns?"
        r"|trains?|is|does|collects?)\b"
        r"|" + lx.WE_INTL + r"|"
        r"\byour (?:content|data|information|music|uploads?|posts?|recordings?|works?|art|inputs?)"
        r"\b[^.]{0,40}\b(?:may|will|can|could|is|are) be used|\bnous\b|\bnotre\b|\bnos\b"
        r"|\b(?:none of |nothing )?your (?:\w+ )?(?:content|data|information|uploads?|posts?|works?"
        r"|photos?|files?|inputs?|prompts?|conversations?|chats?)\b[^.]{0,60}?\b(?:is|are|will be"
        r"|may be) [^.;]{0,40}?\bused\b",
        CASELESS,
    )
    _COMPANY_SUBJECT = pattern(  # ("that the Company may": a defined name after "the")
        r"(?:^|, |\bthat )((?:the\s)?(?:[A-Z][\w&'.-]*\s){1,3})(?:will|may|does|do|shall|uses"
        r"|use|agrees"
        r"|won't"
        r"|doesn't|is|can|might|reserves)\b"
    )
    _NOT_COMPANY = pattern(
        r"^(?:the\s)?(?:you|your|users?|members?|customers?|licensees?|subscribers?|they|it|this"
        r"|these|those|such|any|each|no|le|la|les|if|for|in|when|where"
        r"|some|certain|several|many|most|other|all)\b"  # (a quantifier names no company)
        r"|\buser\b|^(?:the|a|an)\s$",  # ("The use of ... is prohibited": no name at all)
        CASELESS,
    )
    _THIRD_AGENT = pattern(
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
        r"|partners?)\b"
        # "Third-party applications may not use data from our API to train models": their rule
        r"|^\W*(?:any )?third[- ]part(?:y|ies)(?:'s)? (?:[\w-]+ )?(?:may|must|shall|will|can|are"
        r"|is)\b",
        CASELESS,
    )
    _STRONG_THIRD = pattern(
        r"\bthird[- ]part(?:y|ies)(?:'s)?\s+(?:\w+\s+)?(?:may|can|will|to)\s+(?:\w+\s+)?(?:use"
        r"|train"
        r"|access|collect)|\b(?:permit|allow|licen[cs]|sell|shar|authori[sz]|provid"
        r"|disclos)\w*\s+(?:\S+\s+)"
        r"{0,8}?(?:to|with)\s+(?:\w+\s+)?(?:third[- ]part\w+|others|partners|companies"
        r"|developers)\b"
        r"|\b(?:third[- ]part\w+|partners|others|ai companies|developers) (?:may"
        r"|can) (?:\w+ )?(?:use"
        r"|train)",
        CASELESS,
    )
    _LEAD_PROHIBIT = pattern(
        r"\b(?:not(?! only)|never|prohibited|forbidden)\b|interdit|ne pas|s'engage", CASELESS
    )
    _PRONOUN_SUBJECT = pattern(
        r"^(?:they|it|these|those|such (?:services|providers|companies))\s", CASELESS
    )
    _DEFINITION = pattern(
        r"^(?:for (?:the )?purposes? of [^,]{0,80}, )?[\"']?[\w' -]{2,60}[\"']? "
        r"(?<!automated )(?<!technical )(?<!electronic )(?<!any )(?<!other )(?<!by )"
        r"(?:means|désigne)\b"
        r"|\bshall be deemed to include\b|\bis defined as\b"
        # 'A "Voice Clone" is an AI model trained on ...': a quoted term defined, not a policy
        r'|^(?:an? |the )?"[^"]{2,60}" (?:is|are) (?:an?|any|the|all)\b|^(?:an? |the )?"[^"]{2,60}"'
        r" refers? to\b|" + lx.DEFINITION_ZH,
        CASELESS,
    )
    _LICENSED = pattern(
        r"under separate agreements?|owned or controlled by third[- ]party rights ?holders"
        r"|licensed (?:to us )?(?:content|catalog\w*|from (?:labels|rights ?holders))"
        r"|content (?:licensed|provided) (?:to us )?by (?:labels|rights ?holders)|"
        + lx.LICENSED_ZH,
        CASELESS,
    )
    _TAGGED = pattern(
        r"\bno-?ai\b|\bnoimageai\b|(?:tagged|labell?ed|marked|designated?)\b", CASELESS
    )
    _GENERATIVE = pattern(r"\bgenerat\w*|g[ée]n[ée]rati\w*|synthesi[sz]\w*|replicate", CASELESS)
    _PUBLIC = pattern(
        r"publicly (?:available|accessible)|public (?:posts?|content|information)(?! polic)",
        CASELESS,
    )
    # "You must not:" / "... engage in the conduct set forth in the following items."
    _LEAD_IN = pattern(r":\s*$|\b(?:the following|as follows)(?:\s+\w+){0,2}\s*[.:]?\s*$")
    # a long list of processing operations or business purposes ("hosting, customer care,
    # marketing, analytics, machine learning development, finance, ...") that names machine
    # learning as one item, with no training verb and no model trained: broad wording
    _STRONG_TRAINING = pattern(
        r"\btrain|entra[iî]n|\bfine[- ]?tun|\bretrain|"
        + lx.TRAIN_STRONG_INTL
        + "|"
        + lx.TRAIN_JA
        + "|"
        + lx.TRAIN_STRONG_ZH_KO,
        CASELESS,
    )
    # "this processing can include the use of machine learning that helps us improve our
    # services": machine learning as a means of processing the user's information (broad)
    _BROAD_ML = pattern(
        r"\bprocess\w*\b[^.;]{0,60}?\bincludes?\s+(?:the\s+)?(?:use of|using)\b[^.;]{0,60}?"
        r"\b(?:machine[- ]learning|artificial intelligence|ai)\b[^.;]{0,80}?"
        r"\b(?:improv|develop)\w*|" + lexicon.AI_TO_IMPROVE + "|" + lx.BROAD_ML,
        CASELESS,
    )
    _MODEL_WORD = pattern(
        r"\bmod[eèe]l\w*|\bmodell\w*|\bmodel[oli]\w*|モデル|" + lx.MODEL_ZH_KO, CASELESS
    )
    # "to improve X, we use AI" / "improve search using AI": AI is the tool, not what is trained
    _INSTRUMENT = pattern(
        r"[,;:]\s*(?:we|nous|you|vous|it|they|il|elle|on)\b"
        r"|\b(?:use|uses|using|utilis\w*|with the help|by means of|through|powered by|au moyen"
        r"|assisted by|aided by|assist[ée]e?s? par"
        r"|gr[âa]ce [àa]|[àa] l'aide|par le biais|mittels|mithilfe|durch|mediante|por medio"
        r"|atrav[ée]s|por meio|tramite|attraverso|door middel|met behulp)\b|" + lx.INSTRUMENT_ZH,
        CASELESS,
    )
    _AI_PRODUCT = pattern(
        r"[\w .-]{0,30}?\b(?:features?|tools?|products?|assistants?|chatbots?|experiences?"
        r"|services?"
        r"|agents?|apps?|capabilities)\b",
        CASELESS,
    )
    _DATA_NOUN = pattern(
        r"\b(?:content|contents|data|informations?|uploads?|posts?|music|songs?|tracks?|recordings?"
        r"|videos?|images?|photos?|works?|inputs?|prompts?|messages?|texts?|art|artwork|voice"
        r"|interactions?|feedback|activity"
        r"|donn[ée]es|contenus?|[oœ]euvres|conversations?|chats?|files?|submissions?|"
        + lx.DATA_INTL
        + r")\b|"
        + lx.DATA_JA
        + "|"
        + lx.DATA_ZH_KO,
        CASELESS,
    )
    _PERMIT_NEG = pattern(
        r"\b(?:not|never)\s+(?:\w+\s+)?(?:permit|allow|authori[sz]e|licen[cs]e|sell|share)\w*",
        CASELESS,
    )
    _OWN_USE_NEG = pattern(
        r"\b(?:not|never)\s+(?:\w+\s+)?(?:use|train)\b|\bn'utilis"
        r"|\b(?:not|never)\s+(?:\w+\s+)?(?:sell|rent|share)\b[^.;]{0,50}?\b(?:or|and|nor)\s+"
        r"(?:\w+\s+)?(?:use|train)\b",  # "we never sell your data or use it to train AI"
        CASELESS,
    )
    # users train models on the service (machine learning is the product), not the service itself
    _USER_TRAINS = pattern(
        r"\b(?:you|users?|members?|customers?|developers?)\s+(?:can|may|are able to|will be able to"
        r"|who)\s+(?:\w+\s+){0,2}?(?:train|fine[- ]tune)\b"
        # "participants train and deploy their own neural networks": people training their own
        r"|\b(?:participants|students|learners|attendees)\b[^.;]{0,60}?\b(?:train|fine[- ]tune)\b"
        r"(?: and \w+)? (?:their|your) own\b"
        # "developers can deploy, monitor and retrain their models": a list of what they do
        r"|\b(?:you|users?|members?|customers?|developers?)\s+(?:can|may|are able to)\s+"
        r"(?:\w+,\s+){1,3}(?:\w+\s+)?(?:and|or)\s+(?:re)?(?:train|fine[- ]tune)\b"
        r"|\b(?:you|users?|customers?|developers?) (?:can|may) use (?:the|our) (?:\w+ ){1,2}?to "
        r"(?:train|fine[- ]tune)\b"  # ("customers can use the Service to fine-tune models")
        r"|\b(?:you|users?) (?:can|may) (?:\w+ )?(?:build|create|develop|host"
        r"|upload|publish) (?:\w+ )?(?:(?:datasets?|spaces?|apps?),? (?:and|or) )?models?\b"
        r"|\b(?:when|if|once) you (?:\w+ )?(?:train|fine[- ]tune)\b"
        # (not "when you use X, we may use your content to train": the service trains; nor
        # "when you use X, your data is never used to train": a clause with a subject of its own)
        r"|\b(?:when|if|once) you (?:use|access)\b(?:(?!,\s+(?:we|the [a-z]+|[a-z][\w&.'-]*)\s+"
        r"(?:may|will|can|shall|might)\b|,\s+(?:your|our|its|their|the|this|these|such)\s+"
        r"(?:[\w'-]+\s+){1,2}?(?:is|are|will|may|can|shall|might|won't|cannot)\b)[^.;]){0,120}"
        r"\b(?:create|train|fine[- ]tune)\b"
        r"|\bfine[- ]tuned models?\b|\bfine[- ]tuning (?:data|jobs?|api)\b"
        r"|\b(?:use|access) and fine[- ]tune\b"
        r"|\bmodels? (?:that )?(?:you|users?) (?:train|fine[- ]tune|create|upload|host|build)"
        r"|\btrain(?:ing)? (?:your|their) own\b|\b(?:your|their) own (?:\w+ )?(?:datasets?"
        r"|models?)\b"
        r"|\bsie können (?:\S+ ){0,6}?(?:trainieren|erstellen)"
        r"|\bmodels? and datasets? (?:you|users?) upload"
        r"|\byou (?:may|can) (?:use|apply)\b[^.;]{0,200}\btrain|" + lx.USER_TRAINS_ZH,
        CASELESS,
    )
    return {k: v for k, v in locals().items() if isinstance(v, Source)}
