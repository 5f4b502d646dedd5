"""/request-platform and "@Terms Watch track <name> <url>", end to end through discord.py."""

from __future__ import annotations

from bot.app import App
from tests.discord.conftest import BOT_MENTION, CHANNELS, GUILD, reply_to
from tests.discord.fake_discord import FakeDiscord

EPHEMERAL = 64


def option(name: str, value: str) -> dict[str, object]:
    return {"name": name, "type": 3, "value": value}


async def request(fake: FakeDiscord, name: str, url: str, user_id: int = 4242) -> dict:  # type: ignore[type-arg]
    interaction = await fake.slash(
        "request-platform",
        [option("name", name), option("url", url)],
        guild_id=GUILD,
        channel_id=CHANNELS[0],
        user_id=user_id,
    )
    [callback] = await reply_to(fake, interaction)
    return callback.json["data"]


async def test_request_platform_is_stored_privately_and_validated(
    app: App, fake: FakeDiscord
) -> None:
    assert "request-platform" in {c["name"] for c in fake.commands["global"]}
    data = await request(fake, "Bandlab @everyone", "https://www.bandlab.com/terms")
    assert data["flags"] & EPHEMERAL
    assert data["allowed_mentions"]["parse"] == []
    assert "is recorded" in data["content"] and "@everyone" not in data["content"]
    [stored] = await app.services.requests.recent()
    assert stored.url == "https://www.bandlab.com/terms" and stored.requester == "4242"
    assert stored.medium == "discord" and stored.name.startswith("Bandlab")

    refused = await request(fake, "Router", "http://192.168.1.1/terms")
    assert "not a public web address" in refused["content"]
    refused = await request(fake, "Local", "https://intranet.local/terms")
    assert "not a public web address" in refused["content"]
    refused = await request(fake, "Ftp", "ftp://example.com/terms")
    assert "https://" in refused["content"]
    tracked = await request(fake, "soundcloud", "https://soundcloud.com/terms-of-use")
    assert "already tracked" in tracked["content"]
    assert len(await app.services.requests.recent()) == 1


async def test_requests_are_rate_limited_per_user(app: App, fake: FakeDiscord) -> None:
    for i in range(5):
        data = await request(fake, f"Site {i}", f"https://site{i}.example.com/terms")
        assert "is recorded" in data["content"]
    data = await request(fake, "Site 5", "https://site5.example.com/terms")
    assert "at most 5 platforms a day" in data["content"]
    other = await request(fake, "Site 5", "https://site5.example.com/terms", user_id=99)
    assert "is recorded" in other["content"]
    assert await app.services.requests.count() == 6


async def test_a_mention_track_name_url_is_a_request(app: App, fake: FakeDiscord) -> None:
    await fake.inject_message(
        f"{BOT_MENTION} track Sound Click https://soundclick.com/terms", channel_id=CHANNELS[4],
        guild_id=GUILD,
    )  # fmt: skip
    await fake.wait_until(lambda: fake.messages.get(str(CHANNELS[4])))
    [post] = fake.sent("POST", rf"/channels/{CHANNELS[4]}/messages")
    assert "is recorded" in post.json["content"]
    assert post.json["allowed_mentions"]["parse"] == []
    [stored] = await app.services.requests.recent()
    assert (stored.name, stored.url) == ("Sound Click", "https://soundclick.com/terms")
