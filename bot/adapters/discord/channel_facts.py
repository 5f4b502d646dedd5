"""What a process needs to know about a channel whose guild is on another process's shard.

A guild's channels are cached only by the process holding the guild's shard, but one process (the
fan-out) posts to every subscribed channel. How a post goes out depends on the channel's kind
(forum: a new post; announcement: a message, then published) and its server's language, so the
process that sees the channel writes these facts to the shared key/value state when a channel is
subscribed, when it changes, and at start-up for the subscribed channels of its guilds; the
fan-out reads them for channels it does not see. Nothing known: a plain message in English,
as before."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import discord

from bot.services.ports import StateStore

log = logging.getLogger(__name__)

FACTS_KEY = "discord.channel\x1f"


@dataclass(frozen=True)
class ChannelFacts:
    kind: discord.ChannelType
    locale: str  # the server's preferred locale, e.g. "de"

    def encode(self) -> str:
        return f"{self.kind.value}\x1f{self.locale}"

    @classmethod
    def decode(cls, text: str) -> ChannelFacts | None:
        kind, _, locale = text.partition("\x1f")
        try:
            return cls(discord.ChannelType(int(kind)), locale)
        except ValueError:
            return None

    @classmethod
    def of(cls, channel: discord.abc.GuildChannel) -> ChannelFacts:
        return cls(channel.type, str(channel.guild.preferred_locale.value))


class ChannelDirectory:
    """Channel facts in the shared state, by channel id."""

    def __init__(self, state: StateStore) -> None:
        self.state = state

    async def remember(self, channel_id: int | str, facts: ChannelFacts) -> bool:
        """Store the facts; True when they changed."""
        key = f"{FACTS_KEY}{channel_id}"
        if await self.state.get_state(key) == facts.encode():
            return False
        await self.state.set_state(key, facts.encode())
        return True

    async def recall(self, channel_id: int | str) -> ChannelFacts | None:
        text = await self.state.get_state(f"{FACTS_KEY}{channel_id}")
        return ChannelFacts.decode(text) if text else None

    async def refresh(self, channel: discord.abc.GuildChannel) -> None:
        """A channel changed: update its facts if it has any (only subscribed channels do)."""
        if await self.recall(channel.id) is not None:
            await self.remember(channel.id, ChannelFacts.of(channel))

    async def backfill(self, client: discord.Client, targets: list[str]) -> int:
        """Facts for the subscribed channels this process sees; returns how many changed."""
        changed = 0
        for target in targets:
            channel = client.get_channel(int(target)) if target.isdigit() else None
            if isinstance(channel, discord.abc.GuildChannel):
                changed += await self.remember(channel.id, ChannelFacts.of(channel))
        return changed
