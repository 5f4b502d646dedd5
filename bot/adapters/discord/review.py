"""Review prompts: each held change is posted once to the operator's review channel with
Confirm / Discard buttons (handled by cogs/review.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import discord

from bot.adapters.discord.embeds import NO_PINGS, event_post
from bot.adapters.discord.limiter import Limiter
from bot.adapters.i18n import translator
from bot.domain.i18n import ENGLISH, Translator
from bot.domain.models import PolicyEvent
from bot.domain.platforms import PlatformDirectory
from bot.domain.present import training_words
from bot.services.review import ReviewService

log = logging.getLogger(__name__)

REVIEW_PREFIX = "tw:review:"  # tw:review:<confirm|discard>:<event id>
CONFIRM, DISCARD = "confirm", "discard"
RESCAN_S = 60.0  # also look for unprompted held events this often (e.g. after a failed post)


def review_buttons(event_id: int, tr: Translator = ENGLISH) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            style=discord.ButtonStyle.success,
            label=tr.gettext("Confirm: post it"),
            custom_id=f"{REVIEW_PREFIX}{CONFIRM}:{event_id}",
        )
    )
    view.add_item(
        discord.ui.Button(
            style=discord.ButtonStyle.danger,
            label=tr.gettext("Discard"),
            custom_id=f"{REVIEW_PREFIX}{DISCARD}:{event_id}",
        )
    )
    return view


def parse_review_id(custom_id: str) -> tuple[str, int] | None:
    """("confirm" | "discard", event id) from a review button's custom_id, else None."""
    if not custom_id.startswith(REVIEW_PREFIX):
        return None
    action, _, number = custom_id.removeprefix(REVIEW_PREFIX).partition(":")
    if action not in (CONFIRM, DISCARD) or not number.isdigit():
        return None
    return action, int(number)


def review_content(event: PolicyEvent, platform_name: str, tr: Translator = ENGLISH) -> str:
    change = event.change
    return tr.gettext(
        "**Held for review** (change #{id}, confidence {confidence}): "
        "{before} → {after}. Nobody has been told yet. Confirm to post it to subscribers, "
        "or discard it.",
        id=event.id,
        confidence=format(change.confidence, ".2f"),
        before=training_words(change.before.platform_training, tr),
        after=training_words(change.after.platform_training, tr),
    )


class ReviewPrompter:
    """Posts each held event once to the review channel (nonce + enforce_nonce on re-post)."""

    def __init__(
        self,
        review: ReviewService,
        directory: PlatformDirectory,
        channel_id: int,
        limiter: Limiter,
        client: Callable[[], discord.Client | None],
        ready: asyncio.Event,
    ) -> None:
        self.review = review
        self.directory = directory
        self.channel_id = channel_id
        self.limiter = limiter
        self._client = client
        self.ready = ready
        self._wake = asyncio.Event()
        review.on_held(self._wake.set)
        # With several processes, only the fan-out holder posts prompts (set by the transport).
        self.may_post: Callable[[], bool] = lambda: True

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            if self.ready.is_set() and self.may_post():
                try:
                    await self.prompt_once()
                except Exception:
                    log.exception("posting review prompts failed; will try again")
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait(
                        waiters, timeout=RESCAN_S, return_when=asyncio.FIRST_COMPLETED
                    )
            finally:
                for waiter in waiters:
                    waiter.cancel()

    async def prompt_once(self) -> int:
        client = self._client()
        if client is None or client.is_closed():
            return 0
        posted = 0
        channel = client.get_partial_messageable(self.channel_id)
        guild = getattr(client.get_channel(self.channel_id), "guild", None)
        tr = translator(guild.preferred_locale if guild is not None else None)
        for event in await self.review.store.unprompted_held_events():
            assert event.id is not None
            name = self.directory.name_of(event.platform_id)
            post = event_post(event, name, tr=tr)
            await self.limiter.acquire()
            try:
                message = await channel.send(
                    content=review_content(event, name, tr),
                    embed=post.embed,
                    view=review_buttons(event.id, tr),
                    nonce=f"twr{event.id}",
                    allowed_mentions=NO_PINGS,
                )
            except discord.HTTPException as exc:
                log.warning(
                    "review channel %s refused the prompt for event %s: %s %s",
                    self.channel_id,
                    event.id,
                    exc.status,
                    exc.text[:200],
                )
                return posted
            await self.review.store.mark_review_prompted(
                event.id, f"discord:{self.channel_id}:{message.id}"
            )
            posted += 1
        return posted
