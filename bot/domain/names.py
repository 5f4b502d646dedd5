"""How platform names are compared: normal forms ("keys") and the words never taken for typos.

Pure. A key is the lower-case, accent-free, punctuation-free form of a name ("Sound-Cloud!" ->
"soundcloud"); `name_keys` adds the forms people also type: without a leading "the" and without a
web suffix ("tunecore.com" -> "tunecore").
"""

from __future__ import annotations

import re
import unicodedata

# Web suffixes dropped from a name typed as an address ("suno.ai", "twitch.tv"). Not "fm" (Last.fm).
WEB_SUFFIXES = frozenset({"com", "net", "org", "io", "co", "app", "ai", "us", "tv", "me", "so"})

# Ordinary English words one or two typos away from a shipped platform name or alias ("apply" ~
# apple, "specify" ~ spotify, "interest" ~ pinterest): never corrected to a platform. Generated
# from Debian's word list (/usr/share/dict/words, package wamerican) against the names and aliases
# of bot/data/platforms.yaml with the same typo rules as PlatformDirectory.
COMMON_WORDS: frozenset[str] = frozenset(
    {
        "abeyance", "ability", "abuse", "adobes", "adore", "amazons", "ample", "amused",
        "amuses", "apples", "apply", "attestation", "atwitter", "audio", "audios", "audits",
        "automatic", "automatics", "balance", "beta", "bitterest", "blacker", "blinker",
        "blogged", "bloggers", "blonder", "bloomer", "blooper", "blotter", "bluejay",
        "boggier", "boom", "bragger", "breakup", "briefly", "bumble", "bumbled", "bumbler",
        "bumblers", "bumbles", "canvas", "carat", "card", "care", "carp", "cars", "cart",
        "cereal", "clicked", "clinker", "clogged", "corp", "critter", "crumble", "dapple",
        "deeper", "dibble", "dibbled", "dibbles", "dick", "discard", "discards", "discern",
        "discoed", "discordant", "discorded", "discords", "disport", "distort", "dittos",
        "ditty", "diva", "doom", "dreamed", "dreamer", "dribbled", "dribbler", "dribblers",
        "dribbles", "driblet", "drive", "drizzle", "easy", "emerald", "enhance", "festoon",
        "festoons", "feta", "fickler", "firstly", "fixedly", "flecked", "flick", "flicked",
        "flickered", "flickers", "flicks", "flipper", "flocked", "flogged", "friable",
        "fritter", "fumble", "fumbled", "fumbler", "fumblers", "fumbles", "gambler",
        "geezer", "ghosting", "ghosts", "glitter", "goggle", "googled", "googles",
        "grammar", "grammars", "gribble", "gribbles", "grumble", "grumbler", "hick", "host",
        "humble", "humbled", "humbler", "humbles", "inability", "instability", "instal",
        "interest", "interests", "jetty", "jumble", "jumbled", "jumbles", "kicks", "kicky",
        "kink", "knitter", "land", "lander", "lands", "liability", "lick", "logger",
        "loggers", "loom", "meat", "mediums", "megs", "metal", "mete", "microcosm", "mire",
        "misplace", "mumble", "mumbled", "mumbler", "mumblers", "mumbles", "muse",
        "mutability", "nick", "nimbler", "nonfiction", "omega", "openest", "operand",
        "outstation", "overdrive", "overhand", "overland", "pantheon", "patriot", "patron",
        "patrons", "pattern", "peels", "penance", "petty", "photon", "photons", "photos",
        "pick", "pixels", "pixie", "protons", "quibble", "quicker", "quitter", "quota",
        "ramble", "rambler", "redouble", "rereads", "resound", "reverend", "rick", "room",
        "rubble", "ruble", "rumbled", "rumbles", "rumple", "scribble", "scribe", "seaport",
        "shoplift", "showily", "sick", "sigma", "sincerest", "skitter", "slacker", "slice",
        "slicked", "slicker", "slickers", "slitter", "slogged", "slugger", "snapshot",
        "snicker", "specify", "spice", "spliced", "splicer", "splices", "spline", "spreads",
        "stabilize", "sterility", "sticker", "stock", "stumble", "stumbled", "stumbler",
        "stumblers", "stumbles", "subspace", "substance", "suitability", "sumo", "sung",
        "sunk", "suns", "swatter", "swifter", "switch", "tedium", "telegrams", "telegraph",
        "temblor", "thicker", "thither", "thread", "threaded", "threats", "throats", "tick",
        "tiro", "titter", "titters", "transfer", "treads", "treatable", "trotter",
        "tubbier", "tumble", "tumbled", "tumblers", "tumbles", "tumbrel", "tunes",
        "tweeter", "twirler", "twisted", "twister", "twisters", "twitched", "twitches",
        "twitted", "twittered", "twitters", "usability", "useability", "veranda",
        "viability", "video", "vireo", "viva", "wattled", "wick", "winteriest", "witch",
        "wittier", "wordiness", "zeta", "zooms", "zoos"
    }
)  # fmt: skip

# Platform names and aliases that are also ordinary words ("medium", "kick", "threads"). In a
# free-text question they count only when no other platform is named.
ORDINARY_NAMES: frozenset[str] = frozenset(
    {
        "amuse", "box", "discord", "ditto", "firefly", "ghost", "kick", "medium", "meta",
        "proton", "rumble", "splice", "stability", "telegram", "threads", "tidal", "zoom"
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-case, accents removed, "&" spelt out."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().replace("&", " and ")


_POSSESSIVE = re.compile(r"(\w)['’]s\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of a text: folded, possessives dropped, punctuation as separators."""
    return _WORD.findall(_POSSESSIVE.sub(r"\1", fold(text)))


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w])@[\w.\-]+|<[@#][!&]?\d+>")


def url_host(url: str) -> str:
    """The host of a link without "www." and the port: "https://www.x.com/a" -> "x.com"."""
    rest = re.sub(r"^(?:https?://)", "", url, flags=re.IGNORECASE)
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0]
    return re.sub(r"^www\.", "", host, flags=re.IGNORECASE)


def question_words(text: str) -> list[str]:
    """The words of a free-text question: @handles and Discord mentions dropped, links reduced
    to their host ("https://soundcloud.com/a/b" -> "soundcloud", "com")."""
    cleaned = _URL.sub(lambda m: " " + url_host(m.group(0)) + " ", text)
    return words(_HANDLE.sub(" ", cleaned))


def compact(text: str) -> str:
    """One key for a whole name: "Sound-Cloud" -> "soundcloud"."""
    return "".join(words(text))


def name_keys(text: str) -> list[str]:
    """The keys a name is known by, best first: as written, then without a leading "the" and
    without a web suffix ("The TuneCore.com" -> "thetunecorecom", "tunecorecom", "tunecore")."""
    parts = words(text)
    keys: list[str] = []
    while parts:
        key = "".join(parts)
        if key not in keys:
            keys.append(key)
        if len(parts) > 1 and parts[0] == "the":
            parts = parts[1:]
        elif len(parts) > 1 and parts[-1] in WEB_SUFFIXES and "." in text:
            parts = parts[:-1]
        else:
            break
    return keys


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (a swap of two letters is one edit), capped at limit+1."""
    from rapidfuzz.distance import OSA  # (on first use: a watch cycle never matches names)

    distance = OSA.distance(a, b, score_cutoff=limit)
    return min(distance, limit + 1)


def allowed_edits(length: int) -> int:
    """Typos tolerated in a short text meant as a platform name."""
    if length < 4:
        return 0
    if length <= 6:
        return 1
    return 2


def free_text_edits(length: int) -> int:
    """Typos tolerated in a word of a free-text question: stricter, so that ordinary words
    ("apply", "specify", "metal") are not mistaken for platform names."""
    if length < 5:
        return 0
    if length < 10:
        return 1
    return 2
