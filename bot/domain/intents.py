"""What a person asks the bot, from a mention, DM or message. Pure text rules, no I/O.

The platform part is returned as raw text; `PlatformDirectory` resolves it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

log = logging.getLogger(__name__)


class IntentKind(StrEnum):
    ASK = "ask"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    SUBSCRIPTIONS = "subscriptions"
    HELP = "help"
    REQUEST = "request"  # "track <name> <url>": please track a platform we do not know
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Intent:
    kind: IntentKind
    platform_query: str = ""
    url: str = ""  # REQUEST: the address given for the platform's terms


ALL_QUERY = "all"

# Leading mentions: "@termswatch.bsky.social", "<@123>", "<@!123>", optionally followed by , or :
_LEADING_MENTIONS = re.compile(r"^(?:\s*(?:@[\w.\-]+|<@!?\d+>)[,:]?)+\s*")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n\"'“”‘’`.,;:!?()[]{}<>*_~"

_POLITE = re.compile(
    r"^(?:(?:can|could|would|will) you (?:please |pls )?|please |pls |plz |i (?:want|would like"
    r"|wanna|'d like|need) to |let me |i wanna |kindly )+"
)
_HELP = re.compile(
    r"^(?:/?help(?: me)?|\?+|h[ae]lp|commands|usage|info|menu|start|/start"
    r"|what (?:can|do) you do|what are you|who are you|how (?:do i use|does this work)(?: this)?"
    r"|how do (?:i|you) work|what is this(?: bot)?)$"
)
_LIST = re.compile(
    r"^(?:list|ls|subs|subscriptions|my subs|my subscriptions|list (?:my )?subscriptions"
    r"|show (?:me )?(?:my )?subscriptions|what am i (?:subscribed|following)(?: to)?"
    r"|what (?:am i|are my) (?:subscribed to|subscriptions)|what do i follow"
    r"|(?:list|show) (?:my )?subs|following)$"
)
_UNSUB = re.compile(
    r"(?:please )?(?:unsubscribe|unsub|unfollow|unwatch|stop (?:following|watching|tracking)"
    r"|stop|cancel|mute|remove)(?: me)?(?:\s+(?:from|to|for|on|about))?(?:\s+(?P<rest>.+))?$"
)
_SUB = re.compile(
    r"(?:please )?(?:subscribe|sub|follow|watch|track|notify|alert|ping|keep me posted)(?: me)?"
    r"(?:\s+(?:to|for|on|about|of|when|if))?(?:\s+(?P<rest>.+))?$"
)
# "track Bandlab https://bandlab.com/terms": a request for a new platform (a link makes it one).
_REQUEST = re.compile(
    r"^(?:please |pls |can you |could you )*(?:track|add|request|watch)\s+(?P<name>.+?)"
    r"[\s,:]+<?(?P<url>https?://\S+?|(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?)>?$",
    re.IGNORECASE,
)
_ALL = re.compile(r"^(?:all|everything|every platform|all platforms|all of them|\*)$")
# Lead-ins that make the rest a question about one platform.
_ABOUT = re.compile(
    r"^(?:(?:and |so |ok |okay )?what about|how about|tell me about|check|status(?: of)?"
    r"|verdict(?: for| on)?|look up|lookup|what(?:'s| is) the (?:deal|story|status) with"
    r"|what(?:'s| is) (?:up with|going on with)|info on|about)\s+(?P<rest>.+)$"
)
# Questions: "is soundcloud training on my music", "does spotify use my songs for AI".
_QUESTION = re.compile(
    r"^(?:hey |hi |so |ok |okay |hello )?(?:is|are|does|do|did|has|have|can|could|will|would|may"
    r"|might|should)\s+(?P<rest>.+)$"
)
# Where the platform part of a question ends.
_VERB = re.compile(
    r"\s+(?:train|trains|training|trained|use|uses|using|used|allow|allows|allowed|let|lets"
    r"|sell|sells|selling|share|shares|sharing|scrape|scrapes|scraping|feed|feeds|take|takes"
    r"|taking|own|owns|still|now|really|actually|legally|going|gonna|planning|plan|want"
    r"|have|has|change|changed|changing|update|updated|say|says|claim|claims|give|gives"
    r"|license|licenses|licence|licences|do|doing|opt|respect|protect|care|ok|okay|safe"
    r"|steal|steals|stealing|mine|mining|put|puts|collect|collects|harvest|harvests"
    r"|in|on|for|with|about|the|a|an|my|our|your|ai|terms)\b"
)
_AI_WORDS = re.compile(
    r"\b(?:ai|a\.i\.|artificial intelligence|machine learning|ml|train|trains|training|trained"
    r"|generative|genai|llm|llms|model|models|scrape|scraping|dataset|datasets|opt[- ]?out"
    r"|opt[- ]?in|consent|terms|tos|policy|privacy)\b"
)
_NOT_A_SUBJECT = frozenset(
    {"it", "they", "this", "that", "there", "he", "she", "you", "we", "i", "anyone", "anybody",
     "someone", "somebody", "any platform", "any platforms", "platforms", "my platform",
     "every platform"}
)  # fmt: skip
_GREETING = re.compile(
    r"^(?:hi|hey|hello|yo|thanks|thank you|thx|ty|ok|okay|cool|nice|lol|lmao|gm|gn|good "
    r"(?:morning|night|evening|bot)|bye|goodbye|cheers|wow|great)(?: there| you| bot| so much)?$"
)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


_TRAILING = re.compile(
    r"(?:\s+(?:please|pls|plz|thanks|thank you|thx|ty|now|too|as well))+$|['’]s$", re.IGNORECASE
)


def _strip_edges(text: str) -> str:
    """Without surrounding punctuation, a trailing "please"/"thanks", or a possessive 's."""
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING.sub("", text.strip(_EDGE_PUNCT).strip()).strip()
    return text


def strip_mentions(text: str) -> str:
    """The text without the leading @mentions that addressed it to the bot."""
    return _LEADING_MENTIONS.sub("", text, count=1)


def _subject(rest: str) -> str:
    """The platform part of "<platform> train(s) on my music ...": text before the first verb."""
    match = _VERB.search(" " + rest.lower())
    if match is None or match.start() == 0:
        return rest
    return rest[: match.start()]


def _group(body: str, lowered: str, match: re.Match[str], name: str) -> str:
    """A group matched in the lower-cased text, taken from the text as typed."""
    if match.group(name) is None:
        return ""
    source = body if len(body) == len(lowered) else lowered
    return source[match.start(name) : match.end(name)]


def parse_intent(text: str, *, is_platform: Callable[[str], bool] | None = None) -> Intent:
    """Classify a message. `is_platform`, if given, lets a bare platform name ("soundcloud")
    count as a question about it; without it such text is UNKNOWN."""
    raw = _clean(strip_mentions(text or ""))
    body = _strip_edges(raw)
    lowered = body.lower()
    if not lowered:
        return Intent(IntentKind.HELP) if "?" in raw else Intent(IntentKind.UNKNOWN)
    if _HELP.match(lowered):
        return Intent(IntentKind.HELP)
    if _LIST.match(lowered):
        return Intent(IntentKind.SUBSCRIPTIONS)

    request = _REQUEST.match(body)
    if request is not None:
        name = _strip_edges(request.group("name"))
        url = request.group("url")
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url  # Bluesky shows links without their scheme
        return Intent(IntentKind.REQUEST, name, url)

    polite = _POLITE.match(lowered)
    if polite is not None:  # "can you subscribe me to x" is a command, not a question
        command = _POLITE.sub("", lowered, count=1)
        if _HELP.match(command):
            return Intent(IntentKind.HELP)
        if _LIST.match(command):
            return Intent(IntentKind.SUBSCRIPTIONS)
    for pattern, kind in ((_UNSUB, IntentKind.UNSUBSCRIBE), (_SUB, IntentKind.SUBSCRIBE)):
        offset = polite.end() if polite is not None else 0
        match = pattern.match(lowered, offset)
        if match is None:
            continue
        query = _strip_edges(_group(body, lowered, match, "rest"))
        if _ALL.match(query.lower()):
            query = ALL_QUERY
        return Intent(kind, query)

    match = _ABOUT.match(lowered)
    if match is not None:
        return Intent(IntentKind.ASK, _strip_edges(_group(body, lowered, match, "rest")))

    match = _QUESTION.match(lowered)
    if match is not None:
        subject = _strip_edges(_subject(_group(body, lowered, match, "rest")))
        if not subject or subject.lower() in _NOT_A_SUBJECT:
            subject = body
        return Intent(IntentKind.ASK, subject)

    if _GREETING.match(lowered):
        return Intent(IntentKind.UNKNOWN)
    if raw.endswith("?") or _AI_WORDS.search(lowered):
        return Intent(IntentKind.ASK, body)
    if is_platform is not None and is_platform(body):
        return Intent(IntentKind.ASK, body)
    return Intent(IntentKind.UNKNOWN)
