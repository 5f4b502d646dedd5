"""The cues `bot.domain.sentence.analyse` reads one sentence with, in every language.

Compiled patterns (law names, exceptions, who is the subject, lists, headings) and the small
predicates built on them and on the vocabulary of bot.domain.ai_terms: where a training verb
governs an AI term, whether a negation governs it, whether content is used in AI, whether the
line is a heading. English-only wording lives in bot.domain.en_rules.
"""

from __future__ import annotations

import re

from bot.domain.ai_terms import BASE, Vocab
from bot.domain.en_rules import ADJECTIVAL
from bot.domain.negation import CJK
from bot.domain.pattern_code import compile_pattern

_END = compile_pattern(r"[.!?;:。]\W*$")
# a short line with no full stop is a heading, unless it speaks like a promise
_STATEMENT = compile_pattern(
    r"^(?:we|you|your|our|no|not|never|nous|vos|votre|wir|ihre|wij|uw|nunca|n[ãa]o|nós|noi)\b"
    r"|\b(?:never|not|don't|won't|ne|nicht|niet|nunca|non|n[ãa]o)\b",
    re.I,
)
_QUESTION_HEAD = compile_pattern(
    r"^(?:how|what|why|which|when|does|do|is|are|can|comment|quels?)\b", re.I
)
HARVEST = ("scrap", "crawl", "harvest", "collect", "mine", "mining")
GERUND = compile_pattern(r"\W*\w+ing\b")
UNLEARN = compile_pattern(
    r"\b(?:cannot|can't|can not|not (?:be )?able to|unable to) (?:\w+ )?\W?unlearn\w*"
)  # ("may not be able to unlearn it")
# "it cannot understand irony", "qui ne peut pas comprendre les émotions": what a system is able
# to do (a capability), not a ban on anyone
CANNOT_GRASP = compile_pattern(
    r"\b(?:cannot|can't|can not|(?:is|are) (?:not able|unable) to) (?:\w+ )?"
    r"(?:understand|comprehend|think|feel|reason|grasp)\b"
    r"|\bne (?:peu\w+|sai\w+|(?:sont|est) pas (?:capables?|en mesure) de)(?: pas)? (?:\w+ )?"
    r"(?:comprendre|penser|ressentir|raisonner|saisir)\b",
    re.I,
)
_TRAINED_THING = compile_pattern(
    r"(?:systems?|syst[èe]mes|models?|mod[èe]les|tools|outils) $", re.I
)
AI_LAW = compile_pattern(
    r"\b(?:ai|artificial intelligence) (?:laws?|regulations?|act|legislation|rules)\b"
    r"|\b(?:eu )?ai act\b|\br[èe]glement (?:europ[ée]en )?sur l'(?:ia|intelligence artificielle)"
    r"|\bki-verordnung\b",
    re.I,
)
# "(this does not prevent you from fine-tuning our models)", "nothing here stops you from training
# your own models": a permission for the user, not a rule about anyone training on content
YOU_MAY_STILL = compile_pattern(
    r"\b(?:(?:does|do|shall|will|should) not|nothing\b[^.;]{0,40}?) (?:prevents?|stops?|prohibits?"
    r"|restricts?|limits?|precludes?) you from (?:\w+ ){0,2}?(?:training|fine[- ]tuning|distill\w*"
    r"|building|developing|creating)\b[^;)]*",
    re.I,
)
LAW_WORDS = ("law", " act", "regulation", "legislation", "rules", "règlement", "verordnung")
GRANTS_YOU = compile_pattern(r"\b(?:grant|give)s? you\b", re.I)
OUTPUT_TO_TRAIN = compile_pattern(
    r"\b(?:ai[- ]generated content|(?<!generate )(?<!produce )(?<!return )outputs?"
    r"|contenu g[ée]n[ée]r[ée] par (?:l')?ia|r[ée]sultats?"
    r"|generated content)\b[^.;]{0,80}?\b(?:to|pour|um|para|per)\s+(?:\w+\s+){0,2}?"
    r"(?:develop|train|build|improve|create|distill|d[ée]velopper|entra[iî]ner|am[ée]liorer|cr[ée]er)",
    re.I,
)
# "X will indemnify you against any claim that your use (including data we train on) infringes
# ...": an indemnity and the claims it covers, from the promise to the infringement
INDEMNITY = compile_pattern(
    r"\b(?:indemnify|indemnifies|defend|defends)\b[^;]{0,400}?\bclaims?\b[^;]{0,400}?\binfring\w*"
)


def in_indemnity(m: str, at: int) -> bool:
    """'we will indemnify you against claims that <your use, incl. data we train on> infringes'."""
    return any(h.start() < at < h.end() for h in INDEMNITY.finditer(m))


# "the content of emails", "the text of messages": one kind of data named as the object
NARROW_OBJECT = compile_pattern(r"\bthe (?:content|contents|text|body|bodies) of (?:\w+ )?\w+")
# "for their own (independent) AI training": the training is the other party's, named as theirs
FOR_THEIR_TRAINING = compile_pattern(
    r"\bfor their own (?:independent |separate )?(?:ai |model |machine[- ]learning )?"
    r"(?:training|model (?:training|development))\b"
)
COMPETE = compile_pattern(r"\bcompet\w*|\bconcurren\w*|\bkonkurr\w*|\bcompetenc\w*", re.I)
# "a product that competes with <an AI model>": the AI is the offering competed with (not
# "competing AI models", which are what someone would train)
COMPETES_WITH = compile_pattern(r"\bcompet\w*\s+(?:directly\s+)?(?:with|against)\b")
EXCEPT = compile_pattern(
    r"\b(?:except|unless|other than|save where|sauf|à moins|außer|es sei denn|excepto|salvo"
    r"|exceto|tranne|behalve|tenzij)\b",
    re.I,
)
# "es ist nicht gestattet, ...", "queda prohibido ...", "non è consentito ...", "het is niet
# toegestaan ...": an impersonal ban, a rule for everyone (the negation in it refuses nothing)
IMPERSONAL_BAN = compile_pattern(
    r"\b(?:nicht (?:gestattet|erlaubt|zul[äa]ssig)|untersagt|verboten"
    r"|no est[áa] permitido|(?:queda|est[áa]) prohibido|se proh[íi]be"
    r"|non [èe] consentito|[èe] vietato|non [èe] permesso|n[ãa]o [ée] permitido|[ée] proibido"
    r"|niet toegestaan|verboden|il est interdit)\b"
)
WE_SUBJECT = compile_pattern(r"\b(?:we|us|nous|wir|wij)\b|当社|弊社", re.I)
WE_WILL = compile_pattern(r"\bwe (?:will|do|shall|may)\b|\bwe won't\b", re.I)
WEAK_VERB = compile_pattern(
    r"\b(?:develop\w*|improv\w*|enhanc\w*|d[ée]velopp\w*|am[ée]lior\w*|build\w*|verbesser\w*"
    r"|mejora\w*|melhora\w*|miglior\w*|verbeter\w*|zlepš\w*|vylepš\w*|vyvíj\w*|ulepsz\w*"
    r"|rozwij\w*|rozwoj\w*|förbättr\w*|utveckl\w*|forbedr\w*|udvikl\w*|utvikl\w*|kehit\w*"
    r"|paranta\w*|parann\w*|βελτι\w*|ανάπτυξ\w*)\b",
    re.I,
)
USERS_DATA = compile_pattern(
    r"\byour\b|\byou (?:provide|share|upload|post|submit|send|create)|\busers?'?\b|\bvos\b"
    r"|\bvotre\b|\bihre?\b|\bsus?\b|\btus?\b|\bseus?\b|\bsuas?\b|\btuas?\b|\btuoi\b|\btue\b|\buw\b"
    r"|\bvaš\w*|\btwo(?:je|ich|imi|ja|j)\b|\bdin[ae]?\b|\bditt\b|\bdit\b|\bsinun\b"
    r"|\b(?:henkilö)?tieto(?:jasi|janne)\b|\bsisältöäsi\b|\bσας\b",
    re.I,
)

# "the data used to train it may be biased", "les données utilisées pour entraîner X": the data a
# model was trained on, described; with no user's data named (USERS_DATA) it speaks of the model
DATA_USED_TO_TRAIN = compile_pattern(
    r"\b(?:data|datasets?|donn[ée]es|jeux de donn[ée]es)\s+(?:\w+\s+)?(?:used|utilis[ée]e?s?)\s+"
    r"(?:to|pour)\s+(?:l'|les? |la )?(?:train|entra[iî]n)",
    re.I,
)


def company_subject(cased: str) -> bool:
    """A named subject (not 'you', 'users' ...) governs a verb: 'Bandcamp will not use'."""
    v = BASE
    return any(not v._NOT_COMPANY.search(h.group(1)) for h in v._COMPANY_SUBJECT.finditer(cased))


PREFS_KEPT = compile_pattern(
    r"\b(?:not|never|n't)\s+(?:\w+\s+)?(?:affect|override|change|alter|limit|overrule)\w*\s+"
    r"(?:\w+\s+){0,4}?(?:preferences|settings|choices|opt[- ]?outs?|elections)\b"
)
INCLUDING_AI_ANY = compile_pattern(
    r"\bincluding,?\s+(?:our\s+|its\s+|the\s+)?(?:machine[- ]learning|artificial[- ]intelligence"
    r"|ai|ml)\b"
)
UNLESS_OPTED_OUT = compile_pattern(
    r"\b(?:provided|unless|if|as long as|so long as)\s+(?:that\s+)?you\s+(?:have\s+not|haven't"
    r"|did not|didn't)\s+opted\s+out\b|\bunless\s+you\s+have\s+opted\s+out\b"
)
# "we have disabled model training (at our AI provider)": a refusal said with a verb
WE_DISABLED = compile_pattern(
    r"(?:\bwe (?:have |'ve |also )?|(?:^|, )(?!(?:\w+ )?(?:you|users?|customers?|members?|who"
    r"|he|she|it|admins?|administrators?|account|if|when|once|unless)\b)"
    r"(?:[a-z][\w.-]* ){1,2}has (?:also )?)"  # ("<company> has opted out of ...")
    r"(?:disabled|deactivated|turned off|switched off|opted out of)\s+"
    r"(?:the\s+)?(?:(?:ai|model|machine[- ]learning|data)\s+)?training\b"
)
# a subjectless item "anything copied from our website to train AI": a use by others
TAKEN_FROM_US = compile_pattern(
    r"\W*(?:anything|any (?:content|material|data|text|images?)|content|material|data)\b"
    r"[^.;]{0,40}?\b(?:taken|plucked|scraped|copied|extracted|harvested|lifted|downloaded)\s+"
    r"from\s+(?:our|the|this)\s+(?:services?|sites?|website|platform|apps?)\b"
)
_positions_cache: dict[tuple[str, int], list[int]] = {}
# "how many AI tokens were used", "the number of AI requests": AI as something counted or
# measured (a quantity in analytics), not a system anything is trained for
_COUNTED_BEFORE = compile_pattern(
    r"\b(?:how many|how much|number of|amount of|quantity of|count of|volume of)\s+(?:\w+\s+)?$"
)
_COUNTED_AFTER = compile_pattern(
    r"[\w.-]+\s+(?:\w+\s+)?(?:tokens?|credits?|requests?|calls?|queries|usage|quotas?|minutes"
    r"|consumption|spend(?:ing)?)\b"
)


def _counted(m: str, a: int) -> bool:
    return bool(_COUNTED_BEFORE.search(m, max(0, a - 30), a) or _COUNTED_AFTER.match(m, a))


def _ai_positions(m: str, cased: str, v: Vocab) -> list[int]:
    key = (cased, id(v))
    hit = _positions_cache.get(key)
    if hit is None:
        if len(_positions_cache) > 64:
            _positions_cache.clear()
        hit = [a.start() for a in v._AI.finditer(m)] + [
            a.start() for a in v._AI_CASED.finditer(cased)
        ]
        _positions_cache[key] = hit
    return hit


# "collect data from or through the <AI model>": the AI is where the data comes from (a rule
# protecting the service), not what the content is used in; nor is it in "use data to build a
# product that competes with <an AI model>" (COMPETES_WITH)
_AI_AS_SOURCE = compile_pattern(r"\bfrom\s+(?:or \w+\s+)?(?:the|any|its|our)?\s*(?:[\w-]+\s+)?$")


# "AI" inside a capitalised name ("the Acme AI Materials", "Foo AI Services"), and the start of
# a new enumerated item ("; (ii) ", "; b) "): a use named in one item of a list of duties does not
# govern a product's name in a later item
_NAME_WORD = compile_pattern(r"(?<![\w-])[A-Z][a-z]+ $")
_NEXT_ITEM = compile_pattern(r"[;:]\s*(?:and |or )?\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})\)\s")


def _named_in_later_item(m: str, cased: str, use_end: int, a: int) -> bool:
    return bool(
        cased[a - 1 : a + 3] == " AI "
        and cased[a + 3 : a + 4].isupper()
        and cased[a + 4 : a + 5].islower()
        and _NAME_WORD.search(cased, max(0, a - 30), a)
        and _NEXT_ITEM.search(m, use_end, a)
    )


# "AI Content", "AI-generated images", "AI outputs": the AI names where content comes from; using
# or misrepresenting such content is a rule about AI-made uploads, not a use of content in AI
_AI_MADE = compile_pattern(
    r"(?:ai|a\.i\.|artificial intelligence)[- ](?:generated|created|made|content|outputs?)\b"
)


def uses_content_in_ai(m: str, cased: str, v: Vocab, ai_made: bool = True) -> bool:
    """'use <content> ... in/for <AI>': someone uses content with AI (order matters).
    `ai_made=False`: "AI Content", "AI-generated ..." do not count as the AI used."""
    positions = _ai_positions(m, cased, v)
    compete, source = "compet" in m, "from" in m
    return any(
        0 <= a - use.end() <= 200
        and not (compete and COMPETES_WITH.search(m, use.end(), a))
        and not (source and _AI_AS_SOURCE.search(m, max(0, a - 40), a))
        and not _named_in_later_item(m, cased, use.end(), a)
        and (ai_made or not _AI_MADE.match(m, a))
        for use in v._USE_CONTENT.finditer(m)
        for a in positions
    )


# people as what is trained: staff training, in the languages read
STAFF_OBJECT = compile_pattern(
    r"\s+(?:a\s+)?(?:(?:our|its|their|the|all|nuestro|nuestros|nuestra|nuestras|notre|nos|unsere?n?"
    r"|i nostri|il nostro|os nossos|o nosso)\s+)?(?:staff|employees|team|teams|personnel|people"
    r"|workers|agents|reviewers|moderators|contractors|personal|empleados|equipo|salari[ée]s"
    r"|collaborateurs|mitarbeiter\w*|dipendenti|personale|funcion[áa]rios|equipa)\b"
)


_NOT_INSIDE = compile_pattern(r"\b(?:not|never)\b")
_SETTING_NAME = compile_pattern(r"[\"'”’]?\s*(?:setting|toggle|option|switch|checkbox)s?\b")
_AI_AS_TOOL = compile_pattern(r"[\w.]+(?: \w+)?-(?:aided|assisted|powered|driven|based|enabled)\b")


def training_position(m: str, cased: str, v: Vocab) -> int:
    """Where a training verb governs an AI term (verb before term, or 'AI training'); -1 if none."""
    hit = v._TRAIN_MODELS.search(m)
    if hit and _SETTING_NAME.match(m, hit.end()):
        # "Except to the extent you enable the Model Improvement setting, we will not use your
        # prompts to train our models": a setting's name; the statement is the mention after it
        later = v._TRAIN_MODELS.search(m, hit.end())
        hit = later or hit
    if hit:
        return hit.start()
    hit = v._AI_THEN_TRAIN.search(m)
    if hit and (v._AI.search(m) or v._AI_CASED.search(cased)):
        if _NOT_INSIDE.search(m, hit.start(), hit.end()):
            # "our AI models are not trained on your content": the training verb, after the
            # negation that governs it
            return max(hit.start(), m.rfind("train", hit.start(), hit.end()))
        return hit.start()
    ai_positions = _ai_positions(m, cased, v)
    if not ai_positions:
        return -1
    has_data = bool(v._DATA_NOUN.search(m))
    compete = "compet" in m
    for verb in v._TRAIN_VERB.finditer(m):
        if ADJECTIVAL.match(m, verb.start()):
            continue  # "fine-tuned versions of the models": a kind of model, no one's training
        if STAFF_OBJECT.match(m, verb.end()):
            continue  # "we train our staff on AI", "entrenamos a nuestro personal": people
        strong = ("train", "entra", "fine", "ingest", "learn", "dataset", "serve", "as input")
        strong += ("former", "formation", "form", "entren", "trein", "addestr", "allen")
        weak = not verb.group(0).lower().startswith(strong)
        for a in ai_positions:
            if not 0 <= a - verb.end() <= 110 or (weak and _AI_AS_TOOL.match(m, a)):
                continue  # (too far; or "develop ... LLM-aided development": AI as the tool)
            tool = v._INSTRUMENT.search(m, verb.end(), a)
            trains = not weak and verb.group(0).lower().startswith("train") and has_data
            thing = (
                _TRAINED_THING.search(m, max(0, tool.start() - 16), tool.start()) if tool else None
            )
            if tool and not trains and (weak or not thing):
                continue  # "improve X using AI": AI is the tool ("systems using AI" are trained)
            if weak and not has_data:
                continue  # "we are developing new AI features / systems": no one's content
            if _counted(m, a):
                continue  # "improvement purposes, such as how many AI tokens were used"
            if compete and COMPETES_WITH.search(m, verb.end(), a):
                continue  # "develop any product that competes with <an AI model>": the AI
                # is the offering competed with, not what is developed or trained
            return verb.start()
    return -1


_LIST_ITEMS = 5  # commas or semicolons: a sentence listing this many items is an enumeration


def enumerated_purpose(m: str, cased: str, v: Vocab) -> bool:
    """Machine learning named as one item of a long list of purposes or processing operations,
    with no training verb and no model: the terms neither say nor rule out training on users'
    content ("... analytics, machine learning development and implementation, finance ...").
    AI named before the list starts is what the sentence is about ("Improve our AI
    technologies, such as ..."), not one item of it."""
    if m.count(",") + m.count(";") < _LIST_ITEMS:
        return False
    if v._STRONG_TRAINING.search(m) or v._MODEL_WORD.search(m):
        return False
    first_item_end = min(i for i in (m.find(","), m.find(";")) if i >= 0)
    return min(_ai_positions(m, cased, v), default=-1) > first_item_end


def is_question(m: str) -> bool:
    """Ends with a question mark, before any closing quotes or brackets ('Q: Are you using my
    code to train models?"')."""
    return m.rstrip("\"'”’)]*").endswith("?")


def is_heading(m: str) -> bool:
    asks = is_question(m)
    if _END.search(m) and not asks:
        return False
    if asks or _QUESTION_HEAD.match(m):
        return True  # a question states no policy: its answer does
    return len(m.split()) <= 10 and not CJK.search(m) and not _STATEMENT.search(m)


# "we use machine learning to process users' personal data", "we may use AI features to support
# the analysis of your behaviour ... This helps us improve our products": AI/ML applied to the
# user's data, training neither stated nor ruled out (broad wording). Only with the catch-all
# "process" or a product-development purpose: AI that analyses photos for ad targeting, answers
# the user's questions or moderates uploads is inference or a feature, not a use for development.
_ML_ON_DATA = compile_pattern(
    r"\b(?:use|uses|using|used|apply|applies|applying|employ\w*|leverag\w*|rel(?:y|ies) on)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:ai|artificial intelligence|machine[- ]learning)\b[^.;]{0,100}?"
    r"\bto\s+(?:\w+\s+){0,3}?(analy[sz]\w*|process\w*)\s+(?:\w+\s+){0,3}?"
    r"(?:your|users?['’]?|customers?['’]?|consumers?['’]?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:personal data|personal information|data|information|behaviou?rs?|interactions"
    r"|activit(?:y|ies))\b"
)
# the same, said the other way round: "analyze your content using techniques such as machine
# learning (to develop and improve our products)"
_DATA_THEN_ML = compile_pattern(
    r"\b(analy[sz]\w*|process\w*|scan\w*|review\w*)\s+(?:\w+\s+){0,2}?"
    r"(?:your|users?['’]?|customers?['’]?|consumers?['’]?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:personal data|personal information|data|information|content|files|photos|images"
    r"|messages|documents|recordings)\b[^.;]{0,60}?\b(?:using|with|through|by means of|via)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:ai|artificial intelligence|machine[- ]learning)\b"
)
# "we apply machine learning to the content you upload (in order to improve our services)"
_ML_APPLIED_TO_DATA = compile_pattern(
    r"\b(apply|applies|applying|use|uses|using)\s+(?:[\w-]+\s+){0,2}?(?:ai|artificial intelligence"
    r"|machine[- ]learning)\s+(?:(?:techniques|models|tools|systems)\s+)?(?:to|on)\s+(?:the\s+)?"
    r"(?:your\s+)?(?:[\w-]+\s+)?(?:content|data|personal data|information|files|uploads|photos"
    r"|images|messages|recordings)\b(?:\s+(?:that\s+)?you\s+(?:upload|submit|post|provide|share"
    r"|create))?"
)
_USERS_WORDS = ("your", "user", "customer", "consumer", "you upload", "you submit", "you post")
_DEVELOPS_PRODUCTS = compile_pattern(
    r"\b(?:improv\w*|develop\w*|enhanc\w*)\s+(?:\w+\s+){0,2}?(?:products?|services?|offerings?"
    r"|features?|technolog\w*)\b|\bproduct development\b"
)
THIS_HELPS = compile_pattern(
    r"(?:this|these|it|such (?:analysis|processing))\b[^.;]{0,40}?\b(?:helps?|allows?|enables?"
    r"|lets?)\b"
)


def ml_on_users_data(m: str, next_match: str) -> bool:
    """AI/ML applied to the user's data by the service, for any processing or to develop its
    products (named here or in a next sentence "This helps us improve our products")."""
    if not any(map(m.__contains__, _USERS_WORDS)):
        return False
    hit = _ML_ON_DATA.search(m) or _DATA_THEN_ML.search(m) or _ML_APPLIED_TO_DATA.search(m)
    if hit is None:
        return False
    if hit.group(1).startswith("process") or _DEVELOPS_PRODUCTS.search(m, hit.end()):
        return True
    return bool(THIS_HELPS.match(next_match) and _DEVELOPS_PRODUCTS.search(next_match))
