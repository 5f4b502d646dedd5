"""Subscribing targets (channels, users, Bluesky accounts) to platforms."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.domain.models import ALL_PLATFORMS, Medium, Subscription
from bot.domain.platforms import PlatformDirectory
from bot.services.errors import AlreadySubscribed, NotSubscribed, UnknownPlatform
from bot.services.ports import SubscriptionStore

log = logging.getLogger(__name__)

__all__ = ["AlreadySubscribed", "NotSubscribed", "SubscriptionService"]

ALL_WORDS = {"all", "*", "everything", "every platform", "all platforms"}


class SubscriptionService:
    def __init__(
        self,
        directory: PlatformDirectory,
        store: SubscriptionStore,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.directory = directory
        self.store = store
        self.on_change = on_change

    def platform_id_for(self, query: str) -> str:
        """ALL_PLATFORMS for "all", else the resolved platform id; raises UnknownPlatform."""
        if query.strip().lower() in ALL_WORDS:
            return ALL_PLATFORMS
        platform = self.directory.resolve(query) or self.directory.find_in(query)
        if platform is None:
            raise UnknownPlatform(query, self.directory.close_matches(query))
        return platform.id

    def platform_name(self, platform_id: str) -> str:
        if platform_id == ALL_PLATFORMS:
            return "every platform"
        return self.directory.name_of(platform_id)

    async def subscribe(
        self,
        medium: Medium,
        target: str,
        platform_query: str,
        *,
        guild_id: str | None = None,
        only_ai_changes: bool = True,
        ping_role_id: str = "",
    ) -> Subscription:
        platform_id = self.platform_id_for(platform_query)
        wanted = Subscription(
            medium, target, platform_id, only_ai_changes, guild_id, ping_role_id=ping_role_id
        )
        stored, created = await self.store.add_subscription(wanted)
        if not created:
            raise AlreadySubscribed(stored, self.platform_name(platform_id))
        log.info("subscribed %s:%s to %s", medium.value, target, platform_id)
        if self.on_change:
            self.on_change()
        return stored

    async def unsubscribe(self, medium: Medium, target: str, platform_query: str) -> str:
        """Returns the platform id unsubscribed from; raises NotSubscribed/UnknownPlatform."""
        platform_id = self.platform_id_for(platform_query)
        if not await self.store.remove_subscription(medium, target, platform_id):
            raise NotSubscribed(self.platform_name(platform_id))
        log.info("unsubscribed %s:%s from %s", medium.value, target, platform_id)
        return platform_id

    async def list_for(self, medium: Medium, target: str) -> list[Subscription]:
        return await self.store.subscriptions_for(medium, target)

    async def forget_guild(self, guild_id: str) -> int:
        removed = await self.store.remove_subscriptions_where(guild_id=guild_id)
        log.info("guild %s left: removed %d subscriptions", guild_id, removed)
        return removed

    async def forget_target(self, medium: Medium, target: str) -> int:
        removed = await self.store.remove_subscriptions_where(medium=medium, target=target)
        log.info("%s:%s gone: removed %d subscriptions", medium.value, target, removed)
        return removed
