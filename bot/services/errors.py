"""The one error hierarchy. Every error the bot raises on purpose derives from TermsWatchError.

UserFacingError is a mistake the person can fix (an unknown platform, a missing permission, a bad
config key). Its `user_message()` is safe to show as it is; each medium turns it into its own
reply in one place (Discord: bot.adapters.discord.replies.user_mistake, Bluesky: the mention
reply composer in bot.adapters.bluesky.mentions, the CLI: bot.cli.main, the web site: the
errors middleware in bot.adapters.web.responses). Any other TermsWatchError is ours, logged and
answered with a generic apology (the CLI, an operator tool, prints it as one `error:` line).
"""

from __future__ import annotations

from bot.domain.i18n import ENGLISH, Translator
from bot.domain.models import Platform, Subscription


class TermsWatchError(Exception):
    """Base of every error the bot raises on purpose."""


class UserFacingError(TermsWatchError):
    """A mistake the person can fix. `user_message()` says what is wrong, safe to show."""

    def user_message(self, tr: Translator = ENGLISH) -> str:
        return str(self)


class ConfigError(UserFacingError):
    """The configuration is invalid. The message names the key and the problem."""


class UnknownPlatform(UserFacingError):
    def __init__(self, query: str, suggestions: list[Platform]) -> None:
        super().__init__(f"unknown platform: {query!r}")
        self.query = query
        self.suggestions = suggestions

    def user_message(self, tr: Translator = ENGLISH) -> str:
        text = tr.gettext(
            "I don't track a platform called “{query}”.", query=self.query.strip()[:60]
        )
        if self.suggestions:
            names = ", ".join(p.name for p in self.suggestions[:3])
            text += " " + tr.gettext("Did you mean: {names}?", names=names)
        return text


class AlreadySubscribed(UserFacingError):
    def __init__(self, subscription: Subscription, platform_name: str) -> None:
        super().__init__(f"already subscribed to {platform_name}")
        self.subscription = subscription
        self.platform_name = platform_name


class NotSubscribed(UserFacingError):
    def __init__(self, platform_name: str) -> None:
        super().__init__(f"not subscribed to {platform_name}")
        self.platform_name = platform_name


class NeedsPermission(UserFacingError):
    """The person lacks a permission the medium requires for this (Discord: Manage Channels
    to change a channel's subscriptions). `permission` is the medium's name for it."""

    MANAGE_CHANNELS = "manage_channels"

    def __init__(self, permission: str) -> None:
        super().__init__(f"{permission.replace('_', ' ')} is required")
        self.permission = permission
