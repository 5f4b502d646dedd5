"""IDENTIFYs spaced across processes, as Discord asks: at most `max_concurrency` sessions may
start every 5 seconds, shard `i` in rate-limit bucket `i % max_concurrency`.

discord.py spaces the shards of one process (5 s between them, none before the first), but the
first shard of every process would identify at once. When several processes share a bot (the
process holds `shard_ids`), each IDENTIFY first takes its bucket's turn in the shared state:
a compare-and-set of the time the bucket was last used, so two processes cannot take the same
turn. The turn is stamped just before the IDENTIFY is sent, but Discord counts when it arrives:
the store's round trip, a busy event loop and the network come in between, and more for one
process than for the next, so each turn waits IDENTIFY_MARGIN_S more than the 5 s. A store that
fails falls back to discord.py's own 5 s wait."""

from __future__ import annotations

import asyncio
import logging

from bot.services.ports import Clock, StateStore

log = logging.getLogger(__name__)

IDENTIFY_INTERVAL_S = 5.0
IDENTIFY_MARGIN_S = 0.5  # between taking the turn and Discord receiving the IDENTIFY


class IdentifyGate:
    def __init__(
        self,
        state: StateStore,
        clock: Clock,
        *,
        application_id: int | None,
        interval_s: float = IDENTIFY_INTERVAL_S,
        margin_s: float = IDENTIFY_MARGIN_S,
    ) -> None:
        self.state = state
        self.clock = clock
        self.application_id = application_id
        self.interval_s = interval_s
        self.margin_s = margin_s

    def key(self, bucket: int) -> str:
        return f"discord.identify:{self.application_id}:{bucket}"

    async def wait_turn(self, bucket: int) -> float:
        """Wait until this bucket may identify and take the turn; returns the seconds waited."""
        key = self.key(bucket)
        started = self.clock.now().timestamp()
        try:
            while True:
                current = await self.state.get_state(key)
                now = self.clock.now().timestamp()
                last = _seconds(current)
                wait = last + self.interval_s + self.margin_s - now
                # Free, or stamped by a clock far ahead of ours (a small skew only waits longer).
                if wait <= 0 or wait > 2 * self.interval_s:
                    if await self.state.replace_state(key, current, f"{now:.3f}"):
                        return now - started
                    continue  # another process took this turn: look again
                await asyncio.sleep(min(wait, self.interval_s))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("identify turn unavailable (%s): waiting %.0f s", exc, self.interval_s)
            await asyncio.sleep(self.interval_s)
            return self.clock.now().timestamp() - started


def _seconds(text: str | None) -> float:
    try:
        return float(text) if text else 0.0
    except ValueError:
        return 0.0
