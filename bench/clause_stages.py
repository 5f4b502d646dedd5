"""CPU per document of the clause finder's selection stages (issue #13).

Usage: .venv/bin/python bench/clause_stages.py [--repeat N] [ROOT ...]

Over every version (.md, .txt) under each ROOT (default: ../shared/corpus and tests/devset/docs
of this checkout), normalised once beforehand,
prints the CPU milliseconds (time.process_time, mean per document) of: the whole-document
pre-filter (`mentions_ai`), and the finder as the analysis runs it (`clauses_if_ai`: the
pre-filter, then `find_ai_clauses` when the text mentions AI), plus the finder's own stages
(`gate.Prefilter`, `_joined_blocks`) and `find_ai_clauses` alone, on the documents that mention AI.
Figures vary 20-40% on a busy machine: compare runs made alternately.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's bot, not another

from bot.domain import clauses, gate  # noqa: E402
from bot.domain.normalize import normalize_text  # noqa: E402
from bot.domain.prefilter import mentions_ai  # noqa: E402


def _documents(roots: list[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found += sorted(p for p in root.rglob("*") if p.suffix in (".md", ".txt"))
    return found


def _old_pipeline(normalized: str) -> list[clauses.Clause]:
    return clauses.find_ai_clauses(normalized) if mentions_ai(normalized) else []


def main() -> None:
    args = sys.argv[1:]
    repeat = 3
    if "--repeat" in args:
        at = args.index("--repeat")
        repeat = int(args[at + 1])
        del args[at : at + 2]
    roots = [Path(a) for a in args] or [
        REPO.parent / "shared" / "corpus",
        REPO / "tests" / "devset" / "docs",
    ]
    texts = [normalize_text(p.read_text(encoding="utf-8")) for p in _documents(roots)]
    ai_texts = [t for t in texts if mentions_ai(t)]
    pipeline: Callable[[str], object] = getattr(clauses, "clauses_if_ai", _old_pipeline)
    stages: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("mentions_ai (all docs)", mentions_ai, texts),
        ("pipeline: prefilter + find (all docs)", pipeline, texts),
        ("Prefilter (AI docs)", gate.Prefilter, ai_texts),
        ("_joined_blocks (AI docs)", clauses._joined_blocks, ai_texts),
        ("find_ai_clauses (AI docs)", clauses.find_ai_clauses, ai_texts),
    ]
    print(f"{len(texts)} documents, {len(ai_texts)} mention AI; {repeat} rounds")
    for name, func, docs in stages:
        spent = 0.0
        for _ in range(repeat):
            for text in docs:
                start = time.process_time()
                func(text)
                spent += time.process_time() - start
        print(f"{name:40s} {spent / (repeat * len(docs)) * 1000:7.3f} ms/doc")


if __name__ == "__main__":
    main()
