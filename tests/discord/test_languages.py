"""Discord in the user's language: synced command localisations, answers by interaction.locale,
channel posts by the server's preferred locale, DMs by the subscriber's language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.adapters.discord.i18n import valid_command_name
from bot.app import App
from bot.domain.models import Medium
from tests.discord.conftest import (
    BOT_MENTION,
    CHANNELS,
    GUILD,
    SC_NEW,
    Pages,
    discord_config,
    reply_to,
    running,
)
from tests.discord.fake_discord import FakeDiscord
from tests.discord.test_commands import buttons, option

# Discord's locale codes for the shipped languages.
LOCALES = {"fr": "fr", "de": "de", "es": "es-ES", "pt_BR": "pt-BR", "ja": "ja"}


async def test_synced_commands_carry_localised_names_and_descriptions(
    app: App, fake: FakeDiscord
) -> None:
    commands = {c["name"]: c for c in fake.commands["global"]}
    training = commands["training"]
    assert training["name_localizations"]["fr"] == "entraînement"
    assert training["description_localizations"]["fr"] == (
        "Cette plateforme entraîne-t-elle une IA sur ma musique ?"
    )
    assert (
        training["description_localizations"]["ja"]
        == "このプラットフォームは私の音楽でAIを学習している？"
    )
    [platform] = training["options"]
    assert platform["description_localizations"]["pt-BR"].startswith("A plataforma onde")
    subscribe = commands["subscribe"]
    ping = next(o for o in subscribe["options"] if o["name"] == "ping")
    assert ping["description_localizations"]["de"].startswith("Eine Rolle, die")
    category = next(o for o in commands["platforms"]["options"] if o["name"] == "category")
    distribution = next(c for c in category["choices"] if c["value"] == "music-distribution")
    assert distribution["name_localizations"]["es-ES"] == "Distribución musical"
    for locale in LOCALES.values():  # Discord refuses two commands with one localised name
        names = [c["name_localizations"].get(locale, c["name"]) for c in commands.values()]
        assert len(names) == len(set(names)), (locale, names)
    for command in commands.values():
        for locale in LOCALES.values():
            # every command is localised in every shipped language, within Discord's rules
            name = command["name_localizations"].get(locale, command["name"])
            assert valid_command_name(name), (locale, name)
            assert locale in command["description_localizations"], (command["name"], locale)
            assert len(command["description_localizations"][locale]) <= 100


async def test_training_in_french_quotes_the_english_clause_labelled(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8")
    await app.services.watch.check_once()
    interaction = await fake.slash(
        "training",
        [option("platform", "soundcloud")],
        guild_id=GUILD,
        channel_id=CHANNELS[0],
        locale="fr",
    )
    [callback] = await reply_to(fake, interaction)
    data = callback.json["data"]
    embed = data["embeds"][0]
    assert embed["title"].startswith("Les conditions de SoundCloud l’autorisent")
    assert embed["description"].startswith("**Verdict :**")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Ce que vous pouvez faire" in fields
    quotes = [v for v in fields.values() if v.startswith("> “")]
    assert quotes and all("” (anglais)" in q for q in quotes)  # the clause, as written
    assert any("artificial intelligence" in q for q in quotes)
    assert any(name.startswith("Conditions d’utilisation") for name in fields)
    assert "this is not legal advice" not in embed["footer"]["text"]
    labels = {b.get("label") for b in buttons(data)}
    assert {"Abonner ce salon", "Historique", "Source"} <= labels


async def test_unknown_platform_error_is_in_japanese(app: App, fake: FakeDiscord) -> None:
    interaction = await fake.slash(
        "training",
        [option("platform", "myspace")],
        guild_id=GUILD,
        channel_id=CHANNELS[0],
        locale="ja",
    )
    [callback] = await reply_to(fake, interaction)
    content = callback.json["data"]["content"]
    assert "「myspace」というプラットフォームは追跡していません。" in content
    assert "/platforms" in content


async def _change_soundcloud(app: App, pages: Pages) -> None:
    await app.services.watch.check_once()
    pages.docs["soundcloud"] = SC_NEW.read_text(encoding="utf-8")
    report = await app.services.watch.check_once()
    assert report.events


def _posted_embeds(fake: FakeDiscord, channel: str) -> list[dict[str, Any]]:
    return [m["embeds"][0] for m in fake.messages.get(channel, [])]


async def test_channel_posts_use_the_servers_language(
    tmp_path: Path, fake: FakeDiscord, pages: Pages
) -> None:
    fake.guilds[0]["preferred_locale"] = "de"
    async with running(discord_config(tmp_path, pages), fake) as app:
        await app.services.subscriptions.subscribe(
            Medium.DISCORD_CHANNEL, str(CHANNELS[0]), "soundcloud", guild_id=str(GUILD)
        )
        await _change_soundcloud(app, pages)
        assert (await app.services.fanout.drain_all()).sent == 1
    [embed] = _posted_embeds(fake, str(CHANNELS[0]))
    assert (
        embed["title"]
        == "SoundCloud hat seine KI-Bedingungen geändert: nicht erwähnt → Training erlaubt"
    )
    assert "**Training durch SoundCloud:**" in embed["description"]
    added = next(f for f in embed["fields"] if f["name"].startswith("Hinzugefügt"))
    assert added["name"].endswith("(Englisch)") and "artificial intelligence" in added["value"]
    assert "/unsubscribe, um diese Beiträge zu beenden" in embed["footer"]["text"]


async def test_dm_posts_use_the_language_the_user_subscribed_in(
    app: App, fake: FakeDiscord, pages: Pages
) -> None:
    interaction = await fake.slash(
        "subscribe", [option("platform", "soundcloud")], channel_id=CHANNELS[4], locale="es-ES"
    )
    [callback] = await reply_to(fake, interaction)
    assert callback.json["data"]["content"].startswith(
        "Suscripción a **SoundCloud** activada para tus mensajes directos"
    )
    await _change_soundcloud(app, pages)
    assert (await app.services.fanout.drain_all()).sent == 1
    dm_channel = fake.dm_channels["4242"]
    [embed] = _posted_embeds(fake, dm_channel)
    assert re.match(
        r"SoundCloud cambió sus condiciones sobre IA: no se menciona → ", embed["title"]
    )


async def test_a_mention_is_answered_in_the_questions_language(app: App, fake: FakeDiscord) -> None:
    await fake.inject_message(
        f"{BOT_MENTION} est-ce que soundcloud entraîne une IA sur ma musique ?",
        channel_id=CHANNELS[4],
        guild_id=GUILD,
    )
    await fake.wait_until(lambda: fake.messages.get(str(CHANNELS[4])))
    [post] = fake.sent("POST", rf"/channels/{CHANNELS[4]}/messages")
    embed = post.json["embeds"][0]
    assert embed["description"].startswith("**Verdict :**")
    assert any(f["name"] == "Ce que vous pouvez faire" for f in embed["fields"])
