"""General English wording of terms that shades a sentence's reading (issue 10).

Patterns only (matched on the lower-cased match form), each about the language of terms in
general, never one document's phrasing:
- `INCLUDING_AI`: AI named as one of the things improved or developed ("improve our services,
  including through machine learning", "(including our AI models)", "new technologies, such as
  artificial intelligence"): broad wording, `unclear`
  unless a strong training verb says more;
- `AI_OBJECT`: what follows "including" is AI models or systems, i.e. the object improved
  ("products, including AI models"), not the technique: read as the sentence's other words say;
- `STRONG_TRAIN`: the verbs that do say more (train, fine-tune, learn from);
- `FEEDBACK_ONLY`: the content used is only the user's feedback (a feedback licence), not the
  user's works or inputs;
- `AI_EXPLAINER`: a general explanation of how AI works ("generative models learn the patterns
  of their training data"), which says nothing about anyone's content;
- `VENDOR_DUTY`: the service binds its own providers or processors not to train on the data
  it shares with them: a promise about the service's partners, not others training on hosted
  content (nor, alone, a promise about the service's own training);
- `IF_YOU_TRAIN`: a condition on the user's own training ("If you use outputs to train a
  model, you must ..."): machine learning done by users, whatever pronoun follows;
- `USER_OFFER`: the service offers users the means to train their own models ("lets you
  fine-tune models", "tools to train models on your own data"), even with "we" as subject;
- `AI_SCRAPERS`: scraping or crawling by or for AI companies: read like a text-and-data-mining
  rule (others' use of hosted content for AI), though no training verb is written;
- `EXAMPLE`: a refusal given as an example ("For example, ... is not used to train") covers
  that case, not the user's content in general;
- `PASSIVE_USE`: "They ... are not used for training": a pronoun subject standing for data;
- `ADJECTIVAL`: "fine-tuned models", "pre-trained or distilled versions": a participle naming a
  kind of model, not an act of training on anyone's content;
- `GENERIC_OBJECTION` / `REFERS`: a right to object in the next sentence is an opt-out of the
  training only when that sentence refers to it ("object to this", "... to AI training"); a
  general right to object to legitimate-interest processing is not specific to training;
- `OTHERS_BANNED`: a ban with no "we" in it: "may not be used to train" (passive: a rule for
  everyone), "members ... must not train AI on it" (a user subject, the modal further on);
- `RESERVATION`: "we reserve all rights against AI training": a rule for others;
- `HEDGE`: a refusal for now only ("we do not currently ..., but may in the future") or only
  as far as it can be made ("Where possible, we have opted out of ..."): unclear;
- `DISCLAIMS` / `SERVICE_AFTER`: "we do not control, and are not responsible for, providers'
  use of your inputs for their model training": a disclaimer, not a refusal; the training is
  others' (unless the service speaks of itself again after it);
- `CONFIGURABLE`: training named as a setting an account's admin configures (enabling chat
  history, retention, model training): a control whose direction is not said, unclear;
- `STATUS_OF`: "we show the status of logging and training for each model": a report of the
  listed models' practices, no use of anyone's content;
- `trains_product`: "use Customer Content to improve or train the features of the Service": the
  product trained with the user's content is training on that content, though no AI is named;
- `SETTING_ON`: a refusal that holds once the user has switched a named setting or mode on ("If
  you enable Private Mode, ... never trained on"): the user's control, an opt-out;
- (in bot.domain.negation, `user_asks_not`: the user tells or asks the service not to ("you may
  ask us not to use ...", "tell us that you do not want ..."): the negation is the user's request,
  an opt-out);
- `OWN_CLAUSE` / `BACK_TO_USE`: a consent exception after a new clause with its own subject and
  verb (", and it is not read by humans except with your consent") belongs to that clause, not to
  a training refusal before it, unless the clause speaks of the use again ("... do so").

The clause finder's cues for whole blocks (list lead-ins, headings of bans, back references)
are in bot.domain.lead_ins.
"""

from __future__ import annotations

import re

from bot.domain.pattern_code import compile_pattern

_AI_WORDS = r"(?:machine[- ]learning|deep[- ]learning|artificial[- ]intelligence|ai|ml|a\.i\.)"
INCLUDING_AI = compile_pattern(
    r"\b(?:including|such as),?\s+(?:through|via|by|with|using|by using|by means of|to inform"
    r"|to improve|for|in)?\s*(?:the use of\s+)?(?:our\s+|its\s+|their\s+)?"
    r"(?:" + _AI_WORDS + r"\b(?![- ](?:features?|tools?|functionalit\w*|products?|assistants?"
    r"|chatbots?|powered|agents?|generated|content|outputs?)\b))"
)
AI_OBJECT = compile_pattern(r"\s*(?:models?|systems?)\b")
STRONG_TRAIN = compile_pattern(
    r"\b(?:train|trains|trained|training|retrain\w*|fine[- ]tun\w*|learns?|learned|learnt"
    r"|learning from)\b"
)
_OTHER_CONTENT = compile_pattern(
    r"\b(?:content|contents|uploads?|posts?|works?|inputs?|prompts?|conversations?|chats?"
    r"|messages?|files?|data|information|submissions?)\b"
)
_FEEDBACK = compile_pattern(r"\b(?:your |any )?(?:feedback|suggestions|ideas)\b")


def feedback_only(m: str) -> bool:
    """The only content the sentence uses is feedback: "use your feedback to improve its AI"."""
    if not _FEEDBACK.search(m):
        return False
    rest = _FEEDBACK.sub(" ", m)
    return not _OTHER_CONTENT.search(rest)


AI_EXPLAINER = compile_pattern(
    r"\bmodels? (?:\w+ )?learns? (?:the |underlying )?(?:patterns|structures?|relationships"
    r"|statistical)\b"
)
# "our models are trained on licensed and publicly available data", "we publish research on how
# models are trained": what a model was made from, or how; with none of the users' data named
# (OWN_DATA) it is the product described, not a use of the users' content
TRAINED_ON = compile_pattern(
    r"\b(?:are|is|were|was|been)\s+(?:\w+\s+)?(?:pre-?)?trained\s+(?:\w+\s+)?on\b"
    r"|\btrains?\s+(?:our|its|their|the)\s+(?:[\w-]+\s+){0,3}?models?\s+on\b"
    r"|\bhow\s+(?:[\w-]+\s+){0,4}?(?:models?|ai|systems?)\s+(?:are|is)\s+(?:\w+\s+)?trained\b"
)
OWN_DATA = compile_pattern(
    r"\b(?:you|your|users?|members?|customers?|people|personal|creators?|posts?|content"
    r"|conversations?|chats?|inputs?|prompts?|uploads?|submissions?|interactions?|messages?)\b"
    r"|\bour (?:services?|platform|products?|sites?|apps?|communit\w*)\b|\bcollect|\breceiv"
)

VENDOR_DUTY = compile_pattern(
    r"\b(?:service providers?|vendors?|processors?|sub-?processors?|suppliers?|contractors?)\b"
    r"[^.;]{0,80}?\b(?:contractual\w*|contractually|obligat\w*|bound|required|prohibited)\b"
    r"[^.;]{0,40}?\bnot\b"
)

IF_YOU_TRAIN = compile_pattern(
    r"\W*(?:if|when|once|where|whenever) you (?:\w+ ){0,2}?(?:use|train|fine[- ]tune|build"
    r"|create)\b[^.;]{0,160}?\b(?:train|fine[- ]tun\w*|distill?)\b"
)

USER_OFFER = compile_pattern(
    r"\b(?:lets?|allows?|enables?|helps?) (?:you|users?|customers?|developers?|artists?|creators?"
    r"|members?|anyone) (?:to )?"
    r"(?:\w+,? ){0,6}?(?:train|fine[- ]tune)\b"  # ("lets you write code, load data and train")
    r"|\b(?:tools?|functionality|features?|infrastructure) (?:\w+ )?to (?:train|fine[- ]tune)\b"
    r"[^.;]{0,60}?\b(?:your|their) own\b"
    r"|\bprovide you with (?:\w+ ){0,4}?to (?:train|fine[- ]tune)\b"
    r"|\b(?:teach|teaches|show|shows) you how to (?:\w+ )?(?:train|fine[- ]tune|build)\b"
    r"|\b(?:used|trained|fine[- ]tuned|built|created) by (?:the |other |our )?(?:users?|members?"
    r"|customers?|developers?|model (?:owners?|authors?|creators?))\b"
)

# "researchers who study and train models", "companies that build AI models": others named by a
# relative clause train their own (unless the service hands them users' content: TRANSFER_BY_US)
OTHERS_WHO_TRAIN = compile_pattern(
    r"\b(?:researchers|scientists|students|engineers|developers|companies|customers|clients"
    r"|businesses|organi[sz]ations|teams|startups|labs|people|those|anyone) (?:who|that) "
    r"(?:\w+ (?:and |or )?){0,3}?(?:train|fine[- ]tune|build|develop|create)\w*\b"
)
TRANSFER_BY_US = compile_pattern(
    r"\b(?:we|us)\b[^.;]{0,30}?\b(?:licen[cs]e|sell|share|disclose|transfer|give|make available"
    r"|send)\w*\b"
)

AI_SCRAPERS = compile_pattern(
    r"\bai (?:companies|developers|firms|labs|crawlers|bots|scrapers|agents|providers)\b"
    r"[^.;]{0,60}?\b(?:scrap|crawl|harvest|collect|min)\w*"
    r"|\b(?:scrap|crawl|harvest)\w*[^.;]{0,60}?\b(?:by|for|from) ai (?:companies|developers"
    r"|crawlers|bots|labs)\b"
    # a ban on building competing models, or on distilling the service: AI by its nature
    r"|\b(?:develop|improve|build|train|create)\w*\b[^.;]{0,100}?\bmodels?\b[^.;]{0,60}?"
    r"\bcompet\w*|\b(?:scrap|mine|mining|extract)\w*\b[^.;]{0,80}?\bdistil\w*"
)

EXAMPLE = compile_pattern(r"\W*(?:for example|for instance|e\.g\.)\b")
PASSIVE_USE = compile_pattern(
    r"\b(?:is|are|be|been|being)\s+(?:not\s+|never\s+)?[^.;]{0,80}?\bused\b"
)
ADJECTIVAL = compile_pattern(
    r"(?:fine[- ]tuned|pre-?trained|trained|distilled)\s+(?:or \w+\s+)?(?:versions?|models?|weights"
    r"|variants?|checkpoints?)\b"
)

# "If you enable Private Mode in Settings, ...", "... when incognito mode is on": a condition
# that the user has switched a named setting, mode or option on
SETTING_ON = compile_pattern(
    r"\b(?:if|when|once|while|whenever|as long as) you (?:have )?(?:enable|enabled|turn on"
    r"|turned on|switch on|switched on|activate|activated|select|selected|opt into|opted into)\b"
    r"[^.;]{0,60}?\b(?:mode|setting|option|toggle|switch|control)s?\b"
    r"|\b(?:if|when|once|while|whenever|as long as) (?:the |your )?[\w\" -]{0,40}?\b(?:mode|setting"
    r"|option|toggle)s? (?:is|are) (?:enabled|on|turned on|switched on|active|activated)\b"
    r"|\bwith (?:the |your )?[\w\" -]{0,40}?\b(?:mode|setting|option|toggle)s? (?:enabled|on"
    r"|turned on|switched on|active|activated)\b"
    # "If you turn off your Activity setting, future chats won't be used": switched off, the
    # training stops, so it runs until then
    r"|\b(?:if|when|once) you (?:turn off|turned off|switch off|switched off|disable|disabled"
    r"|deactivate|deactivated|pause|paused)\b[^.;]{0,60}?\b(?:mode|setting|option|toggle|switch"
    r"|control)s?\b"
    # "If you delete a conversation, it will not be used to train": kept, it is used
    r"|\b(?:if|when|once) you (?:delete|deleted|remove|removed|erase|erased)\b[^.;]{0,40}?"
    r"\b(?:conversations?|chats?|files?|content|posts?|data|recordings?|messages?|history"
    r"|uploads?)\b"
)
# "we may share it for model training unless you enable <a setting>": the use holds until the
# user acts, an opt-out (in a refusal, "not ... unless you ask" is an opt-in)
UNLESS_YOU_ACT = compile_pattern(
    r"\bunless (?:you|they) (?:\w+ )?(?:ask|request|tell|instruct|direct|enable|turn on|switch on"
    r"|activate|object|opt(?:ed)?[- ]?out|disable|turn (?:it |this )?off)\b"
)
# "we do not train our models using your Account Information, Payment Information or Contact
# Details": a refusal for named kinds of data only, none of them what users post or type
_CATEGORIES = (
    r"account|payment|billing|contact|financial|credit card|banking|device|location"
    r"|technical(?: usage)?|log|cookie|identity|identification|registration|subscription"
)
NAMED_CATEGORIES = compile_pattern(rf"\b(?:{_CATEGORIES}) (?:information|data|details)\b")
GENERAL_CONTENT = compile_pattern(  # (users' content, not one of the categories: "credit" too)
    rf"\b(?:your|users?['’]?|customers?['’]?) (?!(?:{_CATEGORIES}|credit)\b)"
    r"(?:[\w-]+ )?(?:content|posts?|uploads?|inputs?|prompts?|conversations?"
    r"|chats?|messages|works?|files|creations|music|songs|art\w*|photos|images|videos|recordings"
    r"|personal (?:data|information)|data|information|materials?)\b"
)
# "xAI does not actively seek out personal information to train our models": where training
# data comes from, not a refusal to train on what users give
SOURCING_NEG = compile_pattern(
    r"\b(?:do|does|will|shall)(?: not|n't) (?:\w+ )?(?:seek(?: out)?|go out of (?:our|its) way)\b"
    r"|\b(?:do|does|will|shall)(?: not|n't) (?:intentionally|knowingly|deliberately|purposely"
    r"|actively) (?:collect|gather|scrape|look for|target)\b"
)
# ", and it is not read by humans except ...": a new clause with its own subject and verb
OWN_CLAUSE = compile_pattern(
    r";|,? (?:and|but|while|whereas) (?:it|they|this|these|we|you|(?:such|the|your|our) \w+)"
    r"(?: \w+)? (?:is|are|was|were|will|may|can|shall|must|do|does|has|have|won't|isn't|aren't"
    r"|never)\b"
)
BACK_TO_USE = compile_pattern(
    r"\b(?:train\w*|learn\w*|models?|ai|ml|machine learning|do so|use|uses|used|using|process\w*)\b"
)
# "use Customer Content to improve or train the features of the Service": the product (not its
# staff: "train our customer service team") trained with the user's content, no AI word
_TRAIN_PRODUCT = compile_pattern(
    r"\b(?:train|trains|training|retrain) (?:our|its|the) (?:[\w-]+ ){0,2}?(?:functions?"
    r"|functionalit(?:y|ies)|features?|products?|services?|software|technolog(?:y|ies)|tools?"
    r"|platform|systems?)\b(?![- ](?:staff|teams?|personnel|employees|people"
    r"|representatives|agents|members|providers|workers|reps|desks?|cent(?:er|re)s?|owners"
    r"|specialists|managers|administrators|operators|engineers|professionals)\b)"
)
# recommendations, rankings, search, ads: no AI training in the sense of the label rules
_NOT_AI_KIND = compile_pattern(r"recommend|rank|personali|advertis|\bads?\b|search|feed")
_USERS_CONTENT = compile_pattern(
    r"\b(?:your|customers?'?|users?'?|clients?'?|members?'?|subscribers?'?) (?:\w+ )?(?:content"
    r"|data|inputs?|prompts?|submissions?|uploads?|files?|materials?|information|code)\b"
    # "the audio and lyrics you upload"
    r"|\b(?:content|data|audio|music|songs?|lyrics|tracks?|photos?|images?|videos?|recordings?"
    r"|files?|texts?|works?|materials?|information|code)\b[^.;]{0,30}?\byou (?:upload|submit|post"
    r"|provide|share|create)\b"
)


def trains_product(m: str) -> re.Match[str] | None:
    """The service's product trained with the user's content named before it."""
    hit = _TRAIN_PRODUCT.search(m)
    if hit and _USERS_CONTENT.search(m, 0, hit.start()) and not _NOT_AI_KIND.search(hit.group(0)):
        return hit
    return None


# "We would like to use your recordings to train our models. We will only do so if you agree.":
# the next sentence opens by referring back to the use and makes it depend on the user's consent
CONSENT_REFERS_BACK = compile_pattern(
    r"^\W*(?:we (?:will |would |shall )?only (?:do (?:so|this|that)|use (?:it|them|your \w+) "
    r"(?:in this way|for (?:this|that)(?: purpose)?))"
    r"|(?:this|that|such use|it) (?:(?:will |would )?only (?:happens?|applies|takes place)"
    r"|requires?|is only (?:done|possible))"
    r"|we (?:will )?(?:do so|do this|do that) only)\b"
)
GENERIC_OBJECTION = compile_pattern(r"object|oppos")
REFERS = compile_pattern(
    r"\b(?:this|that|it|such|these|train\w*|ai|models?|machine learning|artificial intelligence"
    r"|improve\w*)\b"
    # the same reference in the other languages read: "vous opposer à ce traitement",
    # "dem widersprechen", "oponerse a este tratamiento", "opporsi a tale trattamento"
    r"|\b(?:ce|cet|cette|ces|cela|celui-ci|celle-ci|dies\w*|dem|dagegen|hiergegen|este|esta"
    r"|esto|dicho|dicha|questo|questa|tale|tali|isso|dit|deze|hiertegen|ia|ki"
    r"|entra[iî]n\w*|trainier\w*|entren\w*|addestr\w*|trein\w*)\b"
)
_YOU = compile_pattern(r"\byour?\b")


def settings_unrelated(next_match: str) -> bool:
    """An English settings sentence with no reference back to the use ("You can change your
    password in your account settings"): not the training's opt-out."""
    return bool(_YOU.search(next_match)) and not REFERS.search(next_match)


OTHERS_BANNED = compile_pattern(
    r"\b(?:may|must|shall|should|can) not be (?:\w+ )?(?:used|exploited|mined|scraped"
    r"|utili[sz]ed|leveraged|copied|extracted|reproduced)\b"
    r"|^(?:all |our |other )?(?:community )?(?:users?|members?|customers?|creators?|visitors?)\b"
    r"[^.;]{0,80}?\b(?:must|may|shall|should|can) not\b"
    # "No part of the Site may be used to train AI": a ban with "no" on the thing used (not
    # "no personal data / no content you submit may be used": the service's own promise)
    r"|^\W*no (?!(?:[\w'-]+ ){0,5}?(?:you|your|personal|users?|customers?|members?)\b)"
    r"(?:[\w'-]+ ){1,8}?(?:may|must|shall|should|can) (?:\w+ )?be (?:\w+ )?(?:used|copied"
    r"|mined|scraped|extracted|exploited|reproduced)\b"
)
# "training AI on our content requires a licence from us": the company's permission, a rule for
# others' use (as "without the prior written consent of X")
REQUIRES_LICENCE = compile_pattern(
    r"\brequires? (?:a |an |our |the )?(?:separate |prior |express |written |specific )*"
    r"(?:licen[cs]e|permission|consent|authori[sz]ation|agreement) (?:from|of|with) (?:us|the "
    r"(?:company|publisher|owner|provider))\b"
)
RESERVATION = compile_pattern(
    r"\breserves? all (?:\w+ )?rights?\b|\ball rights reserved\b"
    r"|\breserves? (?:the |its |our )?rights? (?:in \w+ (?:\w+ )?)?against\b"
    r"|\breserves? (?:the |its |our |all )?rights? (?:regarding|concerning|with respect to"
    r"|in relation to|as to)\b"  # ("reserve our rights regarding text and data mining")
)  # (not "we reserve the right to use your content to train": a grant)
# the text-and-data-mining opt-out of the DSM directive (art. 4(3)): "we expressly reserve our
# rights to use the content for text and data mining", "Text- und Data-Mining ... vorbehalten"
TDM_RESERVED = compile_pattern(
    r"\breserv\w*\b[^.;]{0,80}?(?:text (?:and|&|and/or) data[- ]mining|\btdm\b"
    r"|miner[íi]a de textos|fouilles? de textes)"
    r"|(?:text (?:and|&|and/or) data[- ]mining|\btdm\b)[^.;]{0,60}?\breserv"
    r"|\bbehalten (?:uns|sich)\b[^.;]{0,80}?text-? ?und[- ]data-? ?mining[^.;]{0,40}?\bvor\b"
    r"|text-? ?und[- ]data-? ?mining[^.;]{0,60}?\bvorbehalten\b"
)
HEDGE = compile_pattern(
    r"\b(?:currently|at this time|at present|for now|yet)\b[^.]{0,160}?\b(?:but|however)\b"
    r"[^.]{0,80}?\b(?:may|might|could|will)\b[^.]{0,40}?\b(?:future|later|change|do so|start)\b"
    # "Where possible, we have opted out of ...": a refusal only as far as it can be made
    r"|^\W*(?:where|wherever|when|whenever) (?:possible|feasible|practicable)\b"
    r"|\bto the extent (?:possible|feasible|practicable)\b"
)
# "configurations such as enabling prompt logging or model training": training named as a
# setting the account's admin may switch on or off (a control; which way is not said)
CONFIGURABLE = compile_pattern(
    r"\bconfigur\w*\b[^.;]{0,120}?\b(?:enabl\w*|disabl\w*|turn\w* (?:on|off))\b[^.;]{0,80}?"
    r"\btraining\b"
)
# "we show the status of data logging and training for each model we offer": a report on
# the training practices of what is listed, not a use of anyone's content
STATUS_OF = compile_pattern(
    r"\b(?:represent|display|show|indicate|disclose|list|describe|label)\w*\s+(?:\w+\s+){0,3}?"
    r"(?:the\s+)?(?:status|policies|practices)\s+of\s+(?:[\w-]+\s+){0,3}?(?:(?:and|or)\s+"
    r"(?:[\w-]+\s+)?)?training\b"
)

# "we have published a note to clarify the foundation model's training process": how models
# are made, explained; no use of anyone's content (read only when no user's data is named)
TRAINING_EXPLAINED = compile_pattern(
    r"\b(?:explain|clarif|describ|document|detail|outlin)\w*\s+(?:[\w'-]+\s+){0,4}?training"
    r" (?:process(?:es)?|methods?|procedures?|approach)\b"
    r"|\b(?:explain|clarif|describ|document|detail|outlin)\w*\s+(?:how|the way)\s+(?:[\w'-]+\s+)"
    r"{0,4}?(?:models?|ai|systems?) (?:are|is|were|was) trained\b"
    # the AI Act's public summary of the content used for training a general-purpose model
    r"|\bsummar(?:y|ies) of (?:the )?(?:\w+ )?(?:content|data)\w* (?:\w+ )?used (?:to train|for"
    r" (?:the )?training)\b"
)

# "without the prior written consent of <the company>", "without our permission": the
# service's own consent, so the sentence is a rule for others, not the service's opt-in
COMPANY_CONSENT = compile_pattern(
    r"\bwithout (?:(?:our|its)\s+|(?:the\s+)?(?:prior\s+|express\s+|explicit\s+|specific\s+)*"
    r"(?:written\s+)?(?:consent|permission|authori[sz]ation|approval)\s+(?:of|from)\s+"
    r"(?!you\b|your\b|users?\b|them\b|such\b|the (?:users?|members?|owners?|creators?|artists?"
    r"|data subjects?|account holders?|individuals?|customers?|persons?|rights? ?holders?)\b))"
    # "ohne unsere Zustimmung", "sans notre accord", "sin nuestro permiso", "senza il nostro ..."
    r"|\b(?:ohne (?:unsere?|die) |sans (?:notre|l'accord (?:\w+ ){0,2}?de nous) |sin (?:nuestro"
    r"|nuestra) |senza (?:il nostro|la nostra|nostra) |sem (?:o nosso|a nossa) |zonder onze )"
)

# "never used to train AI, whether by us or by third parties", "neither we nor our providers
# train on it", "neither by <the service's name> nor by third parties": the service and others
# named together as the agents of one statement (not "by us and our affiliates": the service's
# group; nor "provided by us or on our behalf")
BOTH_AGENTS = compile_pattern(
    r"\bby us,? (?:or|nor) by\b|\bwhether by us or\b|\bneither we nor\b"
    r"|\b(?:neither|either|whether) by (?!you\b|users?\b|the user\b|members?\b|customers?\b)"
    r"[\w.-]+(?: [\w.-]+)?,? (?:or|nor) by (?:any |other )?(?:third[- ]part\w*|partners?)\b"
)

# "(partners) conduct machine learning to optimise the efficiency of their products": the
# models serve another company's own products, so the training is theirs, not the service's
THEIR_OWN = compile_pattern(
    r"\b(?:improv|optimi[sz]|develop|enhanc|train)\w*\s+(?:\w+\s+){0,4}?their\s+(?:own\s+)?"
    r"(?:products|services|models|technolog\w*|offerings)\b"
)
# "Some providers may use your prompts to improve their large language models": the same,
# with the kind of model named (read so only when the subject is not a bare "They")
THEIR_AI_MODELS = compile_pattern(
    r"\b(?:improv|optimi[sz]|develop|enhanc|train)\w*\s+(?:\w+\s+){0,4}?their\s+(?:own\s+)?"
    r"(?:large |small )?(?:language|ai|ml|machine learning|foundation|generative) models\b"
)

# "we do not control, and are not responsible for, providers' handling of your inputs,
# including for their model training": a disclaimer; the training it names is someone else's
DISCLAIMS = compile_pattern(
    r"\b(?:do|does|are|is|will|shall|can)(?: not|n't)\s+(?:\w+\s+)?(?:control|monitor"
    r"|be (?:held )?(?:responsible|liable|accountable)|responsible|liable|accountable)\b"
    r"|\b(?:have|has|assumes?|accepts?|takes?|bears?) no (?:\w+ )?(?:control|responsibility"
    r"|liability)\b"
)
SERVICE_AFTER = compile_pattern(
    r"\b(?:we|us|ours)\b|\bour\b(?! (?:\w+ )?(?:partners|providers|vendors|affiliates|suppliers"
    r"|processors|sub-?processors)\b)"
)  # (what follows a disclaimer speaks of the service itself again)
