"""Text from terms documents cannot create mentions, links or other facets."""

from __future__ import annotations

from bot.adapters.bluesky.posting import graphemes
from tests.bluesky.conftest import MakeBot
from tests.bluesky.devnet import Account, DevNetwork
from tests.bluesky.fake_chat import FakeChat
from tests.bluesky.test_announce import SOURCE, announcements, policy_event


async def test_hostile_clause_creates_no_facets(
    devnet: DevNetwork,
    bot: Account,
    artist: Account,
    make_bot: MakeBot,
    fake_chat: tuple[FakeChat, str],
) -> None:
    chat, _ = fake_chat
    app, transport = await make_bot(bot)
    await transport.connect()
    devnet.mention(artist, bot, "subscribe soundcloud")
    devnet.process()
    await transport.cycle()

    hostile = (
        f"Questions? Ask @{artist.handle} or visit https://evil.example/login now "
        "\u202e#hashtag\u200b and [click](https://evil.example)."
    )
    await app.services.store.record_event(policy_event(hostile, day="2026-11-18"))
    report = await app.services.fanout.drain_once()
    assert report.sent == 2
    devnet.process()

    posts = [p for p in announcements(devnet, artist, bot) if "evil.example" in p["record"]["text"]]
    assert len(posts) == 1
    thread = devnet.thread(artist, posts[0]["uri"])
    chain = [thread["post"]]
    node = thread
    while [r for r in node.get("replies", []) if r["post"]["author"]["did"] == bot.did]:
        node = next(r for r in node["replies"] if r["post"]["author"]["did"] == bot.did)
        chain.append(node["post"])
    text = "\n".join(p["record"]["text"] for p in chain)
    assert f"@{artist.handle}" in text  # quoted as plain text...
    assert "\u202e" not in text and "\u200b" not in text  # ...without invisible controls
    features = [
        feature
        for p in chain
        for facet in p["record"].get("facets", [])
        for feature in facet["features"]
    ]
    assert features == [{"$type": "app.bsky.richtext.facet#link", "uri": SOURCE}]
    assert all(graphemes(p["record"]["text"]) <= 300 for p in chain)
    # The AppView derived no mention: the artist was not notified by the announcement.
    mentions = [n for n in devnet.notifications(artist) if n["reason"] == "mention"]
    assert mentions == []
    # The DM carries the same text with only the bot's own link facet.
    assert len(chat.messages) == 1
    dm = chat.messages[0]
    assert f"@{artist.handle}" in dm.text
    assert [f["features"][0]["$type"] for f in dm.facets] == ["app.bsky.richtext.facet#link"]
