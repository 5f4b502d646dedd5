"""Retry-After holds: a URL whose server answered 429/503 with Retry-After is not requested
again before that time. Kept in memory and, given a StateStore, in the database (so restarts
honour them), under `fetch:retry_after:<url>`."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from bot.domain.timeutil import SystemClock, iso, parse_iso
from bot.services.ports import Clock, StateStore

log = logging.getLogger(__name__)

HOLD_KEY = "fetch:retry_after:"
DEFAULT_MAX_RETRY_AFTER_S = 86_400.0  # a server cannot silence a page for longer than a day
_MAX_REMEMBERED = 10_000


class RetryAfterHolds:
    def __init__(
        self,
        store: StateStore | None = None,
        clock: Clock | None = None,
        max_seconds: float = DEFAULT_MAX_RETRY_AFTER_S,
    ) -> None:
        self._store = store
        self._clock: Clock = clock or SystemClock()
        self._max_seconds = max_seconds
        self._holds: dict[str, datetime] = {}  # URL -> not before
        self._looked_up: set[str] = set()  # URLs whose stored hold was read already
        self._loaded = False  # the first lookup tried to read every stored hold at once
        self._all_loaded = False  # ... and did: a URL not held in memory has no hold

    def retry_at(self, status: int, header: str) -> str:
        """When a 429/503 asks to come back (ISO, capped at max_seconds); "" if it does not."""
        value = header.strip()
        if status not in (429, 503) or not value:
            return ""
        now = self._clock.now()
        try:
            if value.isdigit():
                until = now + timedelta(seconds=min(int(value[:12]), self._max_seconds))
            else:
                until = parsedate_to_datetime(value)
        except (ValueError, TypeError, OverflowError, IndexError):
            return ""
        if until.tzinfo is None:
            return ""
        until = min(until, now + timedelta(seconds=self._max_seconds))
        return iso(until) if until > now else ""

    async def until(self, url: str) -> str:
        """The ISO time before which `url` must not be fetched, or "" if it may be now."""
        if not self._loaded and self._store is not None:
            await self._load()
        until = self._holds.get(url)
        if (
            until is None
            and self._store is not None
            and not self._all_loaded
            and url not in self._looked_up
        ):
            if len(self._looked_up) >= _MAX_REMEMBERED:
                self._looked_up.clear()
            self._looked_up.add(url)
            try:
                saved = await self._store.get_state(HOLD_KEY + url)
                until = parse_iso(saved) if saved else None
            except Exception as exc:  # a broken hold record must not stop fetching
                log.warning("could not read the Retry-After hold of a URL: %s", exc)
            if until is not None:
                self._holds[url] = until
        if until is None:
            return ""
        if until <= self._clock.now():
            del self._holds[url]
            return ""
        return iso(until)

    async def _load(self) -> None:
        """Read every stored hold in one query instead of one query per URL: after that, a URL
        without a hold is known to have none (until `hold` adds one)."""
        self._loaded = True
        try:
            saved = await self._store.states_with_prefix(HOLD_KEY)  # type: ignore[union-attr]
        except Exception as exc:  # fall back to one lookup per URL
            log.warning("could not read the Retry-After holds: %s", exc)
            return
        if len(saved) > _MAX_REMEMBERED:
            return  # too many to keep in memory: one lookup per URL, as before
        now = self._clock.now()
        for key, value in saved.items():
            url = key[len(HOLD_KEY) :]
            try:
                until = parse_iso(value)
            except ValueError as exc:
                log.warning("could not read the Retry-After hold of a URL: %s", exc)
                continue
            if until > now:
                self._holds[url] = until
        self._all_loaded = True

    async def hold(self, url: str, until: str) -> None:
        if len(self._holds) >= _MAX_REMEMBERED:
            now = self._clock.now()
            self._holds = {u: t for u, t in self._holds.items() if t > now}
        self._holds[url] = parse_iso(until)
        self._looked_up.add(url)
        if self._store is not None:
            try:
                await self._store.set_state(HOLD_KEY + url, until)
            except Exception as exc:  # still honoured in memory
                log.warning("could not store a Retry-After hold: %s", exc)
