"""Outbox notifiers: announcements from the bot's account (Medium.BLUESKY_POST) and notices to
subscribers by DM (Medium.BLUESKY_DM), falling back to a mention under the announcement."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlsplit

from atproto_client.exceptions import BadRequestError, RequestErrorBase

from bot.adapters.bluesky import compose
from bot.adapters.bluesky.chat import ChatAccessError, ChatClient, DmRefused
from bot.adapters.bluesky.mentions import post_thread
from bot.adapters.bluesky.posting import parse_when, split_thread
from bot.adapters.bluesky.ratelimit import RateLimited
from bot.adapters.bluesky.session import BlueskySession, Wire, status_code
from bot.adapters.i18n import translator
from bot.adapters.neterror import describe_error
from bot.domain.i18n import ENGLISH, Translator
from bot.domain.models import Delivery, Medium, PolicyEvent, SendResult
from bot.domain.platforms import PlatformDirectory
from bot.services.locales import LocalePreferences
from bot.services.ports import BlueskyStore, EventStore

log = logging.getLogger(__name__)

MENTIONS_PER_POST = 5
DM_LIMIT = 1000  # graphemes per chat message
NOT_READY = SendResult.retry("Bluesky is not connected yet", retry_after_s=5.0)
_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def event_time(event: PolicyEvent) -> datetime:
    """A stable time for an event's record keys (the same on every retry)."""
    return parse_when(event.detected_at, parse_when(event.occurred_at, _EPOCH))


def _failure(session: BlueskySession, op: str, exc: BaseException) -> SendResult:
    if isinstance(exc, RateLimited):
        return SendResult.retry(str(exc), retry_after_s=exc.retry_after_s)
    session.metrics.inc("termswatch_bluesky_errors_total", {"op": op})
    reason = describe_error(exc, urlsplit(session.service).netloc)  # str(exc) is often ""
    log.warning("Bluesky %s failed: %s", op, reason)
    return SendResult.retry(reason)


class AnnouncementNotifier:
    media: tuple[Medium, ...] = (Medium.BLUESKY_POST,)

    def __init__(
        self, session: BlueskySession, repo: BlueskyStore, directory: PlatformDirectory
    ) -> None:
        self.session = session
        self.repo = repo
        self.directory = directory

    def _name(self, platform_id: str) -> str:
        return self.directory.name_of(platform_id)

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult:
        if not self.session.logged_in:
            return NOT_READY
        name = self._name(event.platform_id)
        try:
            refs = await post_thread(
                self.session,
                compose.announcement_text(event, name),
                delivery.idempotency_key,
                event_time(event),
                embed=compose.link_card(event, name),
            )
        except (RateLimited, RequestErrorBase) as exc:
            return _failure(self.session, "announce", exc)
        if event.id is not None:
            await self.repo.save_announcement(event.id, refs[0])
        log.info("announced event %s as %s", event.id, refs[0].uri)
        return SendResult.sent(refs[0].uri)


class MentionFallback:
    """Subscribers whose DMs are closed are mentioned, a few per reply, under the announcement."""

    def __init__(
        self,
        session: BlueskySession,
        repo: BlueskyStore,
        directory: PlatformDirectory,
        events: EventStore,
        *,
        announce: bool,
    ) -> None:
        self.session = session
        self.repo = repo
        self.directory = directory
        self.events = events
        self.announce = announce

    async def _handles(self, dids: list[str]) -> list[tuple[str, str]]:
        handles = {did: did for did in dids}
        try:
            response = await self.session.call(
                self.session.client.invoke_query,
                "app.bsky.actor.getProfiles",
                params=Wire(actors=dids),
            )
            for profile in response.content.get("profiles", []):
                handles[str(profile["did"])] = str(profile.get("handle") or profile["did"])
        except RequestErrorBase as exc:
            log.info("could not look up handles (%s); mentioning by DID", exc)
        return [(handles[did], did) for did in dids]

    async def flush(self, event_id: int, *, only_full: bool = False) -> int:
        """Post the queued mentions for one event; returns how many replies were posted."""
        event = await self.events.event(event_id)
        if event is None:
            return 0
        root = await self.repo.announcement(event_id)
        if root is None and self.announce:
            return 0  # the announcement is not out yet; its reply comes on a later flush
        name = self.directory.name_of(event.platform_id)
        posted = 0
        while True:
            least = MENTIONS_PER_POST if only_full else 1
            batch = await self.repo.next_mention_batch(event_id, MENTIONS_PER_POST, least)
            if batch is None:
                return posted
            number, dids = batch
            rich = compose.mention_fallback_text(event, name, await self._handles(dids))
            await post_thread(
                self.session,
                rich,
                f"mentions:{event_id}:{number}",
                event_time(event),
                reply_to=(root, root) if root else None,
            )
            await self.repo.mark_batch_posted(event_id, number)
            posted += 1

    async def flush_all(self) -> int:
        posted = 0
        for event_id in await self.repo.events_with_pending_mentions():
            posted += await self.flush(event_id)
        return posted


class DmNotifier:
    media: tuple[Medium, ...] = (Medium.BLUESKY_DM,)

    def __init__(
        self,
        session: BlueskySession,
        chat: ChatClient,
        repo: BlueskyStore,
        directory: PlatformDirectory,
        fallback: MentionFallback,
        locales: LocalePreferences | None = None,
    ) -> None:
        self.session = session
        self.chat = chat
        self.repo = repo
        self.directory = directory
        self.fallback = fallback
        self.locales = locales  # the language each subscriber asked in

    async def _translator(self, delivery: Delivery) -> Translator:
        if self.locales is None:
            return ENGLISH
        return translator(await self.locales.locale_of(delivery.medium, delivery.target))

    async def send(self, event: PolicyEvent, delivery: Delivery) -> SendResult:
        if not self.session.logged_in:
            return NOT_READY
        name = self.directory.name_of(event.platform_id)
        tr = await self._translator(delivery)
        parts = split_thread(compose.dm_text(event, name, tr), DM_LIMIT)
        try:
            message_id = ""
            for part in parts:
                sent = await self.chat.send(
                    delivery.target, part.text, part.facets, retry=delivery.attempts > 1
                )
                message_id = message_id or sent
        except DmRefused as exc:
            return await self._fall_back(event, delivery, str(exc))
        except ChatAccessError as exc:
            return _failure(self.session, "dm", exc)
        except BadRequestError as exc:  # our request was refused for a reason not the reader's
            return _failure(self.session, "dm", exc)
        except (RateLimited, RequestErrorBase) as exc:
            if status_code(exc) == 403:
                return await self._fall_back(event, delivery, "forbidden")
            return _failure(self.session, "dm", exc)
        return SendResult.sent(f"dm:{message_id}")

    async def _fall_back(self, event: PolicyEvent, delivery: Delivery, why: str) -> SendResult:
        if event.id is None:
            return SendResult.gone(f"DM refused ({why}) and the event has no id")
        await self.repo.queue_mention(event.id, delivery.target)
        try:
            await self.fallback.flush(event.id, only_full=True)
        except (RateLimited, RequestErrorBase) as exc:
            log.info("mention fallback for event %s deferred: %s", event.id, exc)
        return SendResult.sent(f"mention-queued:{why}"[:200])
