"""How fast platforms are found with the curated catalogue plus thousands of discovered services.

Usage: .venv/bin/python -m bench.platform_matching [--discovered N] [--seed S]
Builds a PlatformDirectory from bot/data/platforms.yaml, adds N (default 2,500) made-up
discovered services, then times autocomplete prefixes (30% with a typo), free-text questions
(20% misspelt, 10% naming nothing known), "did you mean" for unknown names and a 400-word text.
Prints p50/p99 of CPU time (this thread only: other load on the machine does not count) and of
wall time, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from bot.config import load_catalogue
from bot.domain.models import Platform
from bot.domain.platforms import PlatformDirectory

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "tu",
    "ven",
    "dor",
    "si",
    "pe",
    "lux",
    "net",
    "bo",
    "fi",
    "zen",
    "qua",
    "tor",
    "mel",
    "ri",
    "sa",
    "go",
]
SUFFIXES = ["Cloud", "Music", "Pay", "Books", "Video", "Labs", "Studio", "Live"]
TEMPLATES = [
    "is {} training on my music?",
    "does {} use my songs for AI",
    "{}?",
    "hey, what about {} and my art",
    "can {} sell my photos to AI companies? I upload every week and I am worried",
    "{}",
]
FILLER = [
    "the",
    "terms",
    "of",
    "service",
    "say",
    "that",
    "my",
    "music",
    "is",
    "used",
    "for",
    "training",
    "ai",
    "models",
    "and",
    "nothing",
    "else",
    "really",
    "matters",
    "here",
]


def discovered(count: int, rng: random.Random) -> list[Platform]:
    services: list[Platform] = []
    while len(services) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if rng.random() < 0.3:
            name += " " + rng.choice(SUFFIXES)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        services.append(Platform(id=f"d-{slug}-{len(services)}", name=name, category="other"))
    return services


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def timed(fn: Callable[[Any], object], items: Sequence[Any]) -> dict[str, float]:
    cpu: list[float] = []
    wall: list[float] = []
    for item in items:
        w, c = time.perf_counter(), time.thread_time()
        fn(item)
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    cpu.sort()
    wall.sort()

    def pct(values: list[float], q: float) -> float:
        return round(values[min(len(values) - 1, int(q * len(values)))], 3)

    return {
        "n": len(items),
        "cpu_p50_ms": pct(cpu, 0.5),
        "cpu_p99_ms": pct(cpu, 0.99),
        "wall_p50_ms": pct(wall, 0.5),
        "wall_p99_ms": pct(wall, 0.99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--discovered", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    curated = load_catalogue()
    started = time.perf_counter()
    directory = PlatformDirectory(curated)
    added = directory.add_discovered(discovered(args.discovered, rng))
    build_ms = (time.perf_counter() - started) * 1000
    names = [p.name for p in directory.all()]

    prefixes = []
    for _ in range(3000):
        name = rng.choice(names).lower()
        prefix = name[: rng.randint(1, min(10, len(name)))]
        prefixes.append(typo(prefix, rng) if rng.random() < 0.3 else prefix)
    questions = []
    for _ in range(3000):
        name = rng.choice(names)
        if rng.random() < 0.2:
            name = typo(name, rng)
        if rng.random() < 0.1:
            name = f"unknownthing{rng.randint(0, 99)}"
        questions.append(rng.choice(TEMPLATES).format(name))
    unknown = ["unknownthing", "tunecorez", "sptfy", "randomname", "zzqx"] * 100
    long_text = " ".join(rng.choice(FILLER) for _ in range(400)) + " spotify"

    results = {
        "platforms": len(directory),
        "curated": len(curated),
        "discovered": added,
        "build_ms": round(build_ms, 1),
        "suggest": timed(lambda p: directory.suggest(p, 25), prefixes),
        "resolve": timed(directory.resolve, prefixes),
        "find_in": timed(directory.find_in, questions),
        "answer_lookup": timed(lambda q: directory.find_in(q) or directory.resolve(q), questions),
        "close_matches": timed(directory.close_matches, unknown),
        "find_in_400_words": timed(directory.find_in, [long_text] * 50),
    }
    print(f"{results['platforms']} platforms ({results['curated']} curated, {added} discovered)")
    for key, figures in results.items():
        if isinstance(figures, dict):
            cpu = f"CPU p50 {figures['cpu_p50_ms']:.3f} ms, p99 {figures['cpu_p99_ms']:.3f} ms"
            wall = f"wall p50 {figures['wall_p50_ms']:.3f} ms, p99 {figures['wall_p99_ms']:.3f} ms"
            print(f"  {key:18s} {cpu} | {wall}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
