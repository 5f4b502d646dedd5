"""Mentions answered in their thread, against the real dev-env PDS + AppView."""

from __future__ import annotations

from typing import Any

from bot.adapters.bluesky.posting import graphemes
from bot.domain.models import Medium
from tests.bluesky.conftest import MakeBot
from tests.bluesky.devnet import Account, DevNetwork


def bot_replies(node: dict[str, Any], bot_did: str) -> list[dict[str, Any]]:
    return [r for r in node.get("replies", []) if r["post"]["author"]["did"] == bot_did]


def bot_chain(node: dict[str, Any], bot_did: str) -> list[dict[str, Any]]:
    """The bot's thread under `node`: first reply, then each of its self-replies."""
    chain: list[dict[str, Any]] = []
    replies = bot_replies(node, bot_did)
    while replies:
        assert len(replies) == 1, "the bot answered the same post more than once"
        chain.append(replies[0]["post"])
        replies = bot_replies(replies[0], bot_did)
    return chain


async def test_question_gets_a_threaded_answer(
    devnet: DevNetwork, bot: Account, artist: Account, make_bot: MakeBot
) -> None:
    app, transport = await make_bot(bot)
    await transport.connect()
    expected = await app.services.answers.answer("soundcloud")
    assert expected.evidence
    uri = devnet.mention(artist, bot, "is soundcloud training on my music?")
    devnet.process()

    assert await transport.cycle() == 1
    devnet.process()

    thread = devnet.thread(artist, uri)
    chain = bot_chain(thread, bot.did)
    assert chain, "no answer from the bot"
    text = "\n".join(p["record"]["text"] for p in chain)
    assert text.startswith(expected.headline)
    assert "“" + expected.evidence[0].quote[:80] in text  # the clause, quoted exactly
    # The SoundCloud answer (headline, quotes, advice, source) needs more than one post.
    assert len(chain) >= 2
    parent_uri = uri
    for post in chain:
        record = post["record"]
        assert graphemes(record["text"]) <= 300
        assert record["reply"]["root"]["uri"] == uri  # the mention is the thread's root
        assert record["reply"]["parent"]["uri"] == parent_uri
        parent_uri = post["uri"]
    # Only the bot's own source link is a facet, pointing at the configured document.
    facets = [f for p in chain for f in p["record"].get("facets", [])]
    links = [feat["uri"] for f in facets for feat in f["features"]]
    assert links == ["https://soundcloud.com/terms-of-use"]
    last = chain[-1]["record"]
    facet = last["facets"][0]["index"]
    shown = last["text"].encode()[facet["byteStart"] : facet["byteEnd"]].decode()
    assert shown == "soundcloud.com/terms-of-use"

    # Polling again answers nothing more.
    assert await transport.cycle() == 0
    devnet.process()
    assert len(bot_chain(devnet.thread(artist, uri), bot.did)) == len(chain)


async def test_reply_in_an_existing_thread_uses_its_root(
    devnet: DevNetwork, bot: Account, artist: Account, make_bot: MakeBot
) -> None:
    _, transport = await make_bot(bot)
    await transport.connect()
    root_uri = devnet.mention(artist, bot, "what about bandcamp?")
    devnet.process()
    await transport.cycle()
    devnet.process()
    first_answer = bot_chain(devnet.thread(artist, root_uri), bot.did)[-1]

    follow_up = devnet.reply(
        artist,
        "and spotify?",
        root={"uri": root_uri, "cid": devnet.thread(artist, root_uri)["post"]["cid"]},
        parent={"uri": first_answer["uri"], "cid": first_answer["cid"]},
    )
    devnet.process()
    assert await transport.cycle() == 1
    devnet.process()
    answers = bot_chain(devnet.thread(artist, follow_up), bot.did)
    assert answers
    assert answers[0]["record"]["reply"]["root"]["uri"] == root_uri
    assert answers[0]["record"]["reply"]["parent"]["uri"] == follow_up
    assert "Spotify" in answers[0]["record"]["text"]


async def test_unknown_platform_and_gibberish_get_helpful_replies(
    devnet: DevNetwork, bot: Account, artist: Account, make_bot: MakeBot
) -> None:
    _, transport = await make_bot(bot)
    await transport.connect()
    unknown = devnet.mention(artist, bot, "is zorblaxia training on my music?")
    gibberish = devnet.mention(artist, bot, "banana")
    devnet.process()
    assert await transport.cycle() == 2
    devnet.process()

    unknown_text = bot_chain(devnet.thread(artist, unknown), bot.did)[0]["record"]["text"]
    assert "I don't track a platform called" in unknown_text
    assert "subscribe soundcloud" in unknown_text
    gibberish_text = bot_chain(devnet.thread(artist, gibberish), bot.did)[0]["record"]["text"]
    assert "I didn't catch that" in gibberish_text


async def test_subscribe_list_unsubscribe_by_mention(
    devnet: DevNetwork, bot: Account, artist: Account, make_bot: MakeBot
) -> None:
    app, transport = await make_bot(bot)
    await transport.connect()
    sub = devnet.mention(artist, bot, "subscribe soundcloud")
    devnet.process()
    await transport.cycle()
    subs = await app.services.subscriptions.list_for(Medium.BLUESKY_DM, artist.did)
    assert [(s.platform_id, s.active) for s in subs] == [("soundcloud", True)]

    listing = devnet.mention(artist, bot, "subscriptions")
    again = devnet.mention(artist, bot, "subscribe soundcloud")
    devnet.process()
    await transport.cycle()
    unsub = devnet.mention(artist, bot, "unsubscribe soundcloud")
    devnet.process()
    await transport.cycle()
    devnet.process()

    def first_text(uri: str) -> str:
        return str(bot_chain(devnet.thread(artist, uri), bot.did)[0]["record"]["text"])

    assert first_text(sub).startswith("Subscribed: I'll send you a DM when SoundCloud")
    assert first_text(listing) == "You're subscribed to: SoundCloud."
    assert first_text(again) == "You're already subscribed to SoundCloud."
    assert first_text(unsub) == "Unsubscribed: no more notices about SoundCloud."
    subs = await app.services.subscriptions.list_for(Medium.BLUESKY_DM, artist.did)
    assert not [s for s in subs if s.active]


async def test_answers_come_in_the_mentions_language(
    devnet: DevNetwork, bot: Account, artist: Account, make_bot: MakeBot
) -> None:
    """The post's `langs` decides; without it, the text's language does. Quotes stay English."""
    _, transport = await make_bot(bot)
    await transport.connect()
    japanese = devnet.mention(artist, bot, "soundcloud?", langs=["ja"])
    french = devnet.mention(artist, bot, "est-ce que soundcloud entraîne une IA sur ma musique ?")
    devnet.process()
    assert await transport.cycle() == 2
    devnet.process()

    chain = bot_chain(devnet.thread(artist, japanese), bot.did)
    text = "\n".join(p["record"]["text"] for p in chain)
    assert chain[0]["record"]["langs"] == ["ja"]
    assert text.startswith("SoundCloud ") and "できること：" in text
    assert "” (英語)" in text  # the clause as written, labelled "(English)" in Japanese

    chain = bot_chain(devnet.thread(artist, french), bot.did)
    text = "\n".join(p["record"]["text"] for p in chain)
    assert chain[0]["record"]["langs"] == ["fr"]
    assert "Ce que vous pouvez faire :" in text and "” (anglais)" in text
