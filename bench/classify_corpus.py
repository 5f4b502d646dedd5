"""Accuracy of the AI-clause detector over labelled documents, and its speed.

Usage: .venv/bin/python bench/classify_corpus.py [ROOT ...] [--show] [--evidence] [--all] [--pairs]
       [--services=SLUG,SLUG,...]

A ROOT is either a development set (`labels/<service>.json` + `docs/`, see tests/devset/README.md)
or a corpus with `labels-dev.json` (../shared/corpus). Default: tests/devset next to this file's
repository (if present) and ../shared/corpus. Prints, for every split (dev, holdout, corpus):
documents right in total, per language and per failure kind; grants read as no/not_mentioned;
refusals read as yes; change pairs marked right (bot.domain.diff.compare's ai_relevant);
evidence quoted for a value no sentence was read as; and the classification time per document
(mean, p95). `--show` lists each document of the dev split and the corpus (never the holdout's:
those are only measured), `--evidence` adds the quotes, `--all` also lists unlabelled corpus files,
`--pairs` lists every change pair of the dev split (right or not) with the verdicts before and
after. `--services=a,b,c` restricts the development set to those services (documents and pairs),
e.g. to measure one share of services on its own.
Exit status 1 if a corpus label is missed or a grant/refusal is read the wrong way round.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's bot, not another

from bot.domain.clauses import UNCLEAR, find_ai_clauses
from bot.domain.diff import compare
from bot.domain.models import Aspect, Verdict
from bot.domain.normalize import normalize_text
from bot.domain.verdict import classify

GRANTS = {"yes", "opt_out"}
REFUSALS = {"no", "opt_in"}


@dataclass
class Doc:
    path: Path
    rel: str
    split: str
    language: str = "en"
    platform: list[str] = field(default_factory=list)
    third: list[str] | None = None
    kinds: list[str] = field(default_factory=list)


@dataclass
class Pair:
    old: Path
    new: Path
    split: str
    ai_relevant: bool


def load_root(root: Path) -> tuple[list[Doc], list[Pair]]:
    docs: list[Doc] = []
    pairs: list[Pair] = []
    if (root / "labels-dev.json").is_file():
        labels = json.loads((root / "labels-dev.json").read_text(encoding="utf-8"))
        for rel, label in sorted(labels.items()):
            docs.append(
                Doc(
                    root / rel,
                    rel,
                    "corpus",
                    "fr" if "qobuz" in rel else "en",
                    label["platform_training"],
                    label.get("third_party_training"),
                    [],
                )
            )
        return docs, pairs
    for file in sorted((root / "labels").glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        splits: dict[str, str] = {}
        for entry in data.get("documents", ()):
            split = entry.get("split", "dev")
            splits[entry["file"]] = split
            docs.append(
                Doc(
                    root / "docs" / entry["file"],
                    entry["file"],
                    split,
                    entry.get("language", "en"),
                    list(entry["platform_training"]),
                    entry.get("third_party_training"),
                    list(entry.get("kinds", ())) or ["none"],
                )
            )
        for change in data.get("changes", ()):
            split = splits.get(change["new"], splits.get(change["old"], "dev"))
            pairs.append(
                Pair(
                    root / "docs" / change["old"],
                    root / "docs" / change["new"],
                    split,
                    bool(change["ai_relevant"]),
                )
            )
    return docs, pairs


def unsupported_quotes(text: str, verdict: Verdict) -> int:
    """Evidence quoted for a value that no reading of that sentence (for that aspect) has:
    platform quotes for the platform verdict, third-party quotes for the third-party one."""
    readings: dict[tuple[Aspect, str], set[str]] = defaultdict(set)
    for clause in find_ai_clauses(normalize_text(text)):
        readings[(clause.aspect, " ".join(clause.quote.split()))].add(clause.reading)
    value = verdict.platform_training.value
    wanted = {
        Aspect.PLATFORM: ({"yes", "no", UNCLEAR} if value == UNCLEAR else {value}) | {"licensed"},
        Aspect.THIRD_PARTY: {verdict.third_party_training.value},
    }
    bad = 0
    for e in verdict.evidence:
        if not readings.get((e.aspect, " ".join(e.quote.split())), set()) & wanted[e.aspect]:
            bad += 1
    return bad


class Tally:
    def __init__(self) -> None:
        self.right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.grants_missed = 0
        self.refusals_as_yes = 0
        self.unsupported = 0
        self.pairs = [0, 0]
        self.times: list[float] = []

    def add(self, key: str, ok: bool) -> None:
        self.right[key][0] += ok
        self.right[key][1] += 1

    def rate(self, key: str) -> str:
        r, n = self.right[key]
        return f"{r}/{n} ({100 * r / n:.0f}%)" if n else "0/0"


_FLAGS = ("--show", "--evidence", "--all", "--pairs", "--services=")


def main(argv: list[str]) -> int:
    unknown = [a for a in argv if a.startswith("-") and not a.startswith(_FLAGS)]
    if unknown:  # (--help included: usage, and no run over documents nobody asked for)
        print(__doc__, file=sys.stderr)
        return 0 if unknown[0] in ("-h", "--help") else 2
    args = [a for a in argv if not a.startswith("--")]
    repo = Path(__file__).resolve().parents[1]
    roots = [Path(a) for a in args] or [
        p for p in (repo / "tests" / "devset", repo.parent / "shared" / "corpus") if p.is_dir()
    ]
    show, show_evidence = "--show" in argv, "--evidence" in argv
    show_pairs = "--pairs" in argv
    only: set[str] = set()
    for a in argv:
        if a.startswith("--services="):
            only |= {s.strip() for s in a.split("=", 1)[1].split(",") if s.strip()}
    tallies: dict[str, Tally] = defaultdict(Tally)
    failed = False
    if only:
        known = {f.stem for root in roots for f in (root / "labels").glob("*.json")}
        if only - known:
            print(f"error: --services: no labels for {', '.join(sorted(only - known))}")
            return 2
    for root in roots:
        docs, pairs = load_root(root)
        if only:
            docs = [d for d in docs if d.rel.split("/", 1)[0] in only]
            pairs = [p for p in pairs if p.new.parent.parent.name in only]
        for doc in docs:
            text = doc.path.read_text(encoding="utf-8")
            start = time.perf_counter()
            verdict = classify(text)
            elapsed = time.perf_counter() - start
            t = tallies[doc.split]
            t.times.append(elapsed)
            got = verdict.platform_training.value
            ok = got in doc.platform
            if doc.third is not None:
                ok = ok and verdict.third_party_training.value in doc.third
            t.add("total", ok)
            t.add(f"lang {doc.language}", ok)
            for kind in doc.kinds:
                t.add(f"kind {kind}", ok)
            if set(doc.platform) <= GRANTS and got in ("no", "not_mentioned"):
                t.grants_missed += 1
                failed = True
            if set(doc.platform) <= REFUSALS and got == "yes":
                t.refusals_as_yes += 1
                failed = True
            t.unsupported += unsupported_quotes(text, verdict)
            if doc.split == "corpus" and not ok:
                failed = True
            if show and doc.split != "holdout":
                mark = "ok " if ok else "BAD"
                want = "" if ok else f" want {doc.platform} / {doc.third}"
                print(
                    f"{mark} {doc.rel} [{doc.language}]: {got} / "
                    f"{verdict.third_party_training.value} c={verdict.confidence:.2f}{want}"
                )
                if show_evidence:
                    for e in verdict.evidence:
                        print(f"      [{e.aspect.value}] {e.quote[:240]}")
        for pair in pairs:
            change = compare(
                pair.old.read_text(encoding="utf-8"),
                pair.new.read_text(encoding="utf-8"),
                platform_name="P",
                document_label="terms",
            )
            t = tallies[pair.split]
            ok = change.ai_relevant == pair.ai_relevant
            t.pairs[0] += ok
            t.pairs[1] += 1
            if pair.split != "holdout" and (show_pairs or (show and not ok)):
                mark = "ok " if ok else "BAD"
                print(
                    f"{mark} pair {pair.old.name} -> {pair.new} ai_relevant={change.ai_relevant}"
                    f" want {pair.ai_relevant} ({change.before.platform_training.value}/"
                    f"{change.before.third_party_training.value} -> "
                    f"{change.after.platform_training.value}/"
                    f"{change.after.third_party_training.value})"
                )
    for split in sorted(tallies):
        t = tallies[split]
        ms = sorted(x * 1000 for x in t.times)
        p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))] if ms else 0.0
        print(f"== {split}: {t.rate('total')} right")
        for key in sorted(k for k in t.right if k.startswith("lang ")):
            print(f"   {key[5:]:>4}: {t.rate(key)}")
        for key in sorted(k for k in t.right if k.startswith("kind ")):
            print(f"   {key[5:]}: {t.rate(key)}")
        print(
            f"   grants read as no/not_mentioned: {t.grants_missed}; refusals read as yes: "
            f"{t.refusals_as_yes}"
        )
        print(f"   change pairs right: {t.pairs[0]}/{t.pairs[1]}")
        print(f"   quotes not supporting the value they are quoted for: {t.unsupported}")
        print(
            f"   ms/document: mean {statistics.mean(ms) if ms else 0:.1f}, p95 {p95:.1f} "
            f"({len(ms)} documents)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
