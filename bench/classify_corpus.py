"""Accuracy of the AI-clause detector over labels-dev.json, and timings.

Usage: .venv/bin/python bench/classify_corpus.py [CORPUS_DIR] [--all] [--evidence]
(default CORPUS_DIR: ../shared/corpus next to the repository; exit status 1 if a label is missed)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bot.domain.verdict import classify


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    default = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    corpus = Path(args[0]) if args else default
    labels = json.loads((corpus / "labels-dev.json").read_text(encoding="utf-8"))
    show_all = "--all" in argv
    show_evidence = "--evidence" in argv
    files = sorted(p for p in corpus.glob("*/*/*.md"))
    right = wrong = 0
    total_s = 0.0
    for path in files:
        rel = str(path.relative_to(corpus))
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        verdict = classify(text)
        total_s += time.perf_counter() - start
        label = labels.get(rel)
        mark = ""
        if label is not None:
            ok = verdict.platform_training.value in label["platform_training"]
            if "third_party_training" in label:
                ok = ok and verdict.third_party_training.value in label["third_party_training"]
            right += ok
            wrong += not ok
            mark = "ok " if ok else "BAD"
            if not ok:
                mark += f" want {label}"
        if label is not None or show_all:
            print(
                f"{mark:4} {rel}: {verdict.platform_training.value} / "
                f"{verdict.third_party_training.value} {list(verdict.scope)}"
            )
            if show_evidence:
                for e in verdict.evidence:
                    print(f"        [{e.aspect.value}] {e.quote[:300]}")
    print(
        f"labelled: {right} right, {wrong} wrong; {len(files)} files classified in {total_s:.2f} s"
    )
    return 0 if wrong == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
