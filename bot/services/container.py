"""The services the composition root builds and hands to every transport."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.domain.platforms import PlatformDirectory
from bot.services.answers import AnswerService
from bot.services.fanout import FanoutService
from bot.services.metrics import Metrics
from bot.services.ports import Clock, RateWindows, Store
from bot.services.review import ReviewService
from bot.services.roles import RoleService
from bot.services.subscriptions import SubscriptionService
from bot.services.watch import WatchService


@dataclass
class Services:
    store: Store
    directory: PlatformDirectory
    answers: AnswerService
    subscriptions: SubscriptionService
    fanout: FanoutService
    watch: WatchService
    clock: Clock
    metrics: Metrics
    review: ReviewService
    discovery: Any = None  # bot.services.discovery.DiscoveryService
    requests: Any = None  # bot.services.requests.RequestService
    # Every transport's status by name, for /healthz (set by the composition root).
    transport_status: Callable[[], dict[str, dict[str, object]]] | None = None
    # Elected roles across processes (bot.services.roles.RoleService) and, on PostgreSQL, the
    # request counters every process of the bot shares (Discord's global limit).
    roles: RoleService | None = None
    rate_windows: RateWindows | None = None
