"""What a watch cycle reports: each source's outcome, the cycle's report, and its failure."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.models import PolicyEvent


class Outcome(StrEnum):
    BASELINE = "baseline"  # first version seen: stored, nothing to announce
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    WAITING = "waiting"  # not asked: the server's Retry-After has not passed yet


@dataclass(frozen=True)
class CheckResult:
    name: str  # "platform/kind" or the feed URL
    outcome: Outcome
    event: PolicyEvent | None = None
    error: str = ""


@dataclass
class CycleReport:
    started_at: str
    results: list[CheckResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def events(self) -> list[PolicyEvent]:
        return [r.event for r in self.results if r.event is not None]


class CycleFailed(Exception):
    """A check raised and the cycle stopped; `report` holds the results of the checks that
    finished first (the others were cancelled and awaited)."""

    def __init__(self, report: CycleReport, error: BaseException) -> None:
        super().__init__(str(error) or type(error).__name__)
        self.report = report
        self.error = error


def first_error(group: BaseExceptionGroup) -> BaseException:
    errors = [e for e in group.exceptions if not isinstance(e, asyncio.CancelledError)]
    first = (errors or list(group.exceptions))[0]
    return first_error(first) if isinstance(first, BaseExceptionGroup) else first
