"""Mention polling: fastest right after mentions, stretching to the idle pace, never past it."""

from __future__ import annotations

import pytest

from bot.adapters.bluesky.schedule import PollSchedule


def test_fast_while_mentions_flow_slower_when_idle() -> None:
    schedule = PollSchedule(fastest=1.0, slowest=4.0, growth=1.5)
    waits = [schedule.after_poll(0) for _ in range(6)]
    assert waits == [1.5, 2.25, 3.375, 4.0, 4.0, 4.0]  # explicit slowest=4.0
    assert schedule.after_poll(2) == 1.0  # a mention: back to the fastest pace at once
    assert schedule.after_poll(0) == 1.5


def test_reads_stay_within_the_pds_read_limit() -> None:
    schedule = PollSchedule()
    polls_in_five_minutes = 300 / schedule.fastest
    assert polls_in_five_minutes <= 3000 / 10  # a tenth of 3,000 reads per 5 minutes


def test_rejects_an_impossible_schedule() -> None:
    with pytest.raises(ValueError):
        PollSchedule(fastest=5.0, slowest=1.0)
