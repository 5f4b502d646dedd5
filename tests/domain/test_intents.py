"""parse_intent on realistic messages from Discord and Bluesky."""

from __future__ import annotations

import pytest

from bot.domain.intents import Intent, IntentKind, parse_intent, strip_mentions

ASK, SUB, UNSUB = IntentKind.ASK, IntentKind.SUBSCRIBE, IntentKind.UNSUBSCRIBE
LIST, HELP, UNKNOWN = IntentKind.SUBSCRIPTIONS, IntentKind.HELP, IntentKind.UNKNOWN

CASES: list[tuple[str, IntentKind, str]] = [
    # subscribe
    ("subscribe soundcloud", SUB, "soundcloud"),
    ("sub to spotify", SUB, "spotify"),
    ("Subscribe to Sound Cloud", SUB, "Sound Cloud"),
    ("@termswatch.bsky.social subscribe bandcamp", SUB, "bandcamp"),
    ("follow bandcamp please", SUB, "bandcamp"),
    ("notify me about Apple Music", SUB, "Apple Music"),
    ("watch deezer", SUB, "deezer"),
    ("subscribe all", SUB, "all"),
    ("subscribe me to everything", SUB, "all"),
    ("sub all platforms", SUB, "all"),
    ("subscribe", SUB, ""),
    ("can you subscribe me to soundcloud?", SUB, "soundcloud"),
    ("I want to subscribe to Bandcamp", SUB, "Bandcamp"),
    # unsubscribe
    ("unsubscribe from bandcamp", UNSUB, "bandcamp"),
    ("stop soundcloud", UNSUB, "soundcloud"),
    ("unsub spotify!", UNSUB, "spotify"),
    ("unfollow YouTube Music", UNSUB, "YouTube Music"),
    ("unsubscribe all", UNSUB, "all"),
    ("stop", UNSUB, ""),
    ("please unsubscribe me from Spotify", UNSUB, "Spotify"),
    # list
    ("subscriptions", LIST, ""),
    ("my subscriptions", LIST, ""),
    ("list", LIST, ""),
    ("My Subscriptions?", LIST, ""),
    ("what am I subscribed to?", LIST, ""),
    ("could you please show my subscriptions", LIST, ""),
    # help
    ("help", HELP, ""),
    ("?", HELP, ""),
    ("what can you do", HELP, ""),
    ("What can you do?", HELP, ""),
    ("<@123456789> help", HELP, ""),
    ("@a.bsky.social @termswatch.bsky.social help!", HELP, ""),
    # questions
    ("is soundcloud training on my music?", ASK, "soundcloud"),
    ("does spotify use my songs for AI?", ASK, "spotify"),
    ("Does Sound Cloud use my songs for AI", ASK, "Sound Cloud"),
    ("@termswatch.bsky.social is YouTube Music training on my tracks?", ASK, "YouTube Music"),
    ("can TikTok use my videos to train AI?", ASK, "TikTok"),
    ("has SoundCloud changed its terms?", ASK, "SoundCloud"),
    ("soundcloud?", ASK, "soundcloud"),
    ("what about deezer", ASK, "deezer"),
    ("What about Deezer?", ASK, "Deezer"),
    ("tell me about bandcamp", ASK, "bandcamp"),
    ("check qobuz", ASK, "qobuz"),
    ("what's the deal with spotify", ASK, "spotify"),
    ("Is Sound-Cloud's AI policy OK?", ASK, "Sound-Cloud"),
    ("is it safe to upload to bandcamp?", ASK, "is it safe to upload to bandcamp"),
    ("how does soundcloud use my music?", ASK, "how does soundcloud use my music"),
    ("can you use my music?", ASK, "can you use my music"),
    ("can you help?", HELP, ""),
    # nothing the bot does
    ("hello there", UNKNOWN, ""),
    ("thanks!", UNKNOWN, ""),
    ("lol", UNKNOWN, ""),
    ("i like turtles", UNKNOWN, ""),
    ("", UNKNOWN, ""),
    ("@termswatch.bsky.social", UNKNOWN, ""),
]


@pytest.mark.parametrize(("text", "kind", "query"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_parse_intent(text: str, kind: IntentKind, query: str) -> None:
    assert parse_intent(text) == Intent(kind, query)


def test_bare_platform_name_is_a_question_only_when_the_caller_recognises_it() -> None:
    known = {"soundcloud", "sound cloud"}

    def is_platform(text: str) -> bool:
        return text.lower() in known

    assert parse_intent("soundcloud").kind is UNKNOWN
    assert parse_intent("SoundCloud", is_platform=is_platform) == Intent(ASK, "SoundCloud")
    assert parse_intent("banana", is_platform=is_platform).kind is UNKNOWN


def test_strip_mentions_only_removes_leading_mentions() -> None:
    assert strip_mentions("@bot.bsky.social is x ok? cc @friend") == "is x ok? cc @friend"
    assert strip_mentions("<@!42>: subscribe x") == "subscribe x"


def test_whitespace_and_line_breaks_do_not_matter() -> None:
    assert parse_intent("is \n\n soundcloud\ttraining?") == Intent(ASK, "soundcloud")
    assert parse_intent("  SUBSCRIBE   to\n spotify ") == Intent(SUB, "spotify")


def test_intent_kinds_are_strings() -> None:
    assert {k.value for k in IntentKind} == {
        "ask", "subscribe", "unsubscribe", "subscriptions", "help", "request", "unknown"
    }  # fmt: skip


def test_track_name_and_link_is_a_request_for_a_new_platform() -> None:
    cases = {
        "@termswatch.bsky.social track Bandlab https://www.bandlab.com/terms": (
            "Bandlab", "https://www.bandlab.com/terms"),
        "<@123> please track Sound Click: <https://soundclick.com/tos>.": (
            "Sound Click", "https://soundclick.com/tos"),
        "track Bandlab bandlab.com/legal/terms": ("Bandlab", "https://bandlab.com/legal/terms"),
    }  # fmt: skip
    for text, (name, url) in cases.items():
        intent = parse_intent(text)
        assert (intent.kind, intent.platform_query, intent.url) == (IntentKind.REQUEST, name, url)
    # without a link, "track" still subscribes
    assert parse_intent("track soundcloud").kind is IntentKind.SUBSCRIBE
    assert parse_intent("track sound cloud please").kind is IntentKind.SUBSCRIBE
