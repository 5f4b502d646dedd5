"""classify() and compare() over the development set of real documents (tests/devset).

The set (docs/<service>/<doc>/<date>.md + labels/<service>.json, see tests/devset/README.md) is
built from Open Terms Archive versions of services the clause finder was never written against.
Every split is run (the holdout too: only its figures are used, never its text). Other roots
can be given in TERMSWATCH_DEVSET (paths separated by os.pathsep). Skipped when there is none.

Floors are what the detector reaches today, less a margin; they only go up while the set is the
same (a new share measured untouched can take them down, see MIN_ACCURACY).
`bench/classify_corpus.py` prints the same figures per language, per failure kind and per split.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from bot.domain.diff import compare
from bot.domain.verdict import classify

HERE = Path(__file__).resolve().parents[1] / "devset"
GRANTS = {"yes", "opt_out"}
REFUSALS = {"no", "opt_in"}
# documents right (both verdicts), all splits: 0.95 until the eleventh share (devset-k, 2026-12-02:
# AI developer tools' FAQ and help pages, 27/46 right untouched) took the set to 725/778 = 0.932
MIN_ACCURACY = 0.92
MIN_PAIRS = 0.90  # change pairs whose ai_relevant is right (156/169 = 0.923 reached)
# Grants read as no/not_mentioned or refusals read as yes: none in the dev split. In the holdout
# (never looked at document by document) they are counted, not named, and may only go down.
MAX_HOLDOUT_SWAPS = 2


def _roots() -> list[Path]:
    extra = os.environ.get("TERMSWATCH_DEVSET", "")
    roots = [Path(p) for p in extra.split(os.pathsep) if p] or [HERE]
    return [r for r in roots if (r / "labels").is_dir()]


needs_devset = pytest.mark.skipif(
    not _roots(), reason="no development set (tests/devset or TERMSWATCH_DEVSET)"
)


@dataclass(frozen=True)
class Outcome:
    file: str
    split: str
    want_platform: tuple[str, ...]
    want_third: tuple[str, ...] | None
    platform: str
    third: str

    @property
    def right(self) -> bool:
        third_ok = self.want_third is None or self.third in self.want_third
        return self.platform in self.want_platform and third_ok


def _labels() -> list[tuple[Path, dict[str, object]]]:
    out = []
    for root in _roots():
        for file in sorted((root / "labels").glob("*.json")):
            out.append((root, json.loads(file.read_text(encoding="utf-8"))))
    return out


@cache
def _outcomes() -> tuple[Outcome, ...]:
    out: list[Outcome] = []
    for root, data in _labels():
        for entry in data.get("documents", ()):  # type: ignore[attr-defined]
            verdict = classify((root / "docs" / entry["file"]).read_text(encoding="utf-8"))
            third = entry.get("third_party_training")
            out.append(
                Outcome(
                    entry["file"],
                    entry.get("split", "dev"),
                    tuple(entry["platform_training"]),
                    tuple(third) if third is not None else None,
                    verdict.platform_training.value,
                    verdict.third_party_training.value,
                )
            )
    return tuple(out)


def _swapped(outcome: Outcome) -> bool:
    """A grant read as no/not_mentioned, or a refusal read as yes: the worst errors."""
    want = set(outcome.want_platform)
    grant_missed = want <= GRANTS and outcome.platform in ("no", "not_mentioned")
    return grant_missed or (want <= REFUSALS and outcome.platform == "yes")


@needs_devset
def test_no_grant_is_read_as_no_or_not_mentioned_and_no_refusal_as_yes() -> None:
    swapped = [o for o in _outcomes() if _swapped(o)]
    assert [o.file for o in swapped if o.split != "holdout"] == []
    held = sum(o.split == "holdout" for o in swapped)  # a count: holdout files are not named
    assert held <= MAX_HOLDOUT_SWAPS, f"{held} holdout documents swapped"


@needs_devset
def test_accuracy_floor() -> None:
    right, total = sum(o.right for o in _outcomes()), len(_outcomes())
    # (counts only in the assertion: pytest would print the outcomes, holdout file names too)
    assert total and right / total >= MIN_ACCURACY, f"{right}/{total} right"


@needs_devset
def test_change_pairs() -> None:
    right = total = 0
    for root, data in _labels():
        for pair in data.get("changes", ()):  # type: ignore[attr-defined]
            change = compare(
                (root / "docs" / pair["old"]).read_text(encoding="utf-8"),
                (root / "docs" / pair["new"]).read_text(encoding="utf-8"),
                platform_name="P",
                document_label="terms",
            )
            right += change.ai_relevant == bool(pair["ai_relevant"])
            total += 1
    assert total == 0 or right / total >= MIN_PAIRS, (right, total)
