"""Directory benchmark: 2,000 services, autocomplete and free-text latency, memory, first sync.

    python -m bench.directory [--services 2000] [--documents 1000] [--modes dataset,listing]

1. Builds a PlatformDirectory of the curated platforms (config.yaml) plus discovered services up
   to `--services` (brand-like generated names, a few words each, like Open Terms Archive's),
   added through `add_discovered` as discovery does, and reports the build time and memory.
2. Autocomplete: `suggest(prefix, 25)` for prefixes (1-8 characters, some with a typo) of random
   names; free text: `find_in("is <name> training on my music?")` and `resolve(name)`. Prints
   p50/p99 in milliseconds (target: p99 < 5 ms).
3. First sync of `--documents` documents from the local fake GitHub (tests/archive/fake_github.py,
   same process) through the real App (SQLite, WatchService, verdicts), per first-sync mode.

Ends with one JSON line of every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.app import App, AppOptions  # noqa: E402
from bot.config import Config, load_config  # noqa: E402
from bot.domain.archive import DISCOVERED_CATEGORY, slug  # noqa: E402
from bot.domain.models import DocumentSpec, Platform  # noqa: E402
from bot.domain.platforms import PlatformDirectory  # noqa: E402
from tests.archive.fake_github import FIXTURES, OWNER, Commit, FakeGithub, Repo  # noqa: E402

SYLLABLES = "ka lo mi ze ru ta vo ni sa be do fi gu ha je ko lu ma ne po ri su te vi wa xo yu zo"
WORDS = ["Music", "Studio", "Cloud", "Play", "Social", "Live", "Art", "Go", "Hub", "Box", "AI"]
QUESTION = "is {} training on my music?"


def brand(rng: random.Random) -> str:
    parts = SYLLABLES.split()
    name = "".join(rng.choice(parts) for _ in range(rng.randint(2, 4))).capitalize()
    if rng.random() < 0.4:
        name += " " + rng.choice(WORDS)
    return name


def discovered(count: int, taken: set[str], seed: int = 7) -> list[Platform]:
    rng = random.Random(seed)
    out: list[Platform] = []
    while len(out) < count:
        name = brand(rng)
        pid = slug(name)
        if pid in taken:
            continue
        taken.add(pid)
        url = f"https://github.com/{OWNER}/bench-versions/commits/main/{name}/Terms of Service.md"
        out.append(
            Platform(pid, name, (name,), (DocumentSpec(pid, "terms_of_service", url),),
                     category=DISCOVERED_CATEGORY)
        )  # fmt: skip
    return out


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def bench_directory(total: int, queries: int) -> dict[str, float]:
    curated = list(load_config(REPO / "config.yaml").platforms)
    extra = discovered(total - len(curated), {p.id for p in curated})

    def build() -> PlatformDirectory:
        directory = PlatformDirectory(curated)
        for i in range(0, len(extra), 500):  # discovery adds services in batches
            directory.add_discovered(extra[i : i + 500])
        return directory

    started = time.perf_counter()
    directory = build()
    build_s = time.perf_counter() - started
    tracemalloc.start()
    held = build()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del held
    rng = random.Random(11)
    names = [p.name for p in directory.all()]
    auto, free, resolve = [], [], []
    for _ in range(queries):
        name = rng.choice(names)
        prefix = name[: rng.randint(1, min(8, len(name)))]
        if rng.random() < 0.2:
            prefix = typo(prefix, rng)
        t = time.perf_counter()
        directory.suggest(prefix, 25)
        auto.append((time.perf_counter() - t) * 1000)
        target = typo(name, rng) if rng.random() < 0.2 else name
        t = time.perf_counter()
        directory.find_in(QUESTION.format(target))
        free.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        directory.resolve(target)
        resolve.append((time.perf_counter() - t) * 1000)
    a50, a99 = percentiles(auto)
    f50, f99 = percentiles(free)
    r50, r99 = percentiles(resolve)
    print(
        f"directory: {len(directory)} services built in {build_s:.2f}s; Python memory "
        f"{current / 1e6:.1f} MB held, {peak / 1e6:.1f} MB peak while building"
    )
    print(f"autocomplete suggest(prefix, 25): p50 {a50:.2f} ms, p99 {a99:.2f} ms (target < 5 ms)")
    print(f"free text find_in(question):      p50 {f50:.2f} ms, p99 {f99:.2f} ms (target < 5 ms)")
    print(f"resolve(name):                    p50 {r50:.2f} ms, p99 {r99:.2f} ms")
    return {
        "services": len(directory), "build_s": round(build_s, 3),
        "memory_mb": round(current / 1e6, 1), "build_peak_mb": round(peak / 1e6, 1),
        "autocomplete_p50_ms": round(a50, 3), "autocomplete_p99_ms": round(a99, 3),
        "free_text_p50_ms": round(f50, 3), "free_text_p99_ms": round(f99, 3),
        "resolve_p50_ms": round(r50, 3), "resolve_p99_ms": round(r99, 3),
    }  # fmt: skip


def fixture_texts() -> list[bytes]:
    return [path.read_bytes() for path in sorted(FIXTURES.glob("*/files/*.md"))]


def bench_repo(documents: int) -> Repo:
    texts = fixture_texts()
    rng = random.Random(3)
    commits = []
    for i in range(documents):
        name = f"{brand(rng)} {i}"
        body = texts[i % len(texts)] + f"\n\nService reference {i}.\n".encode()
        commits.append(
            Commit(f"{i + 1:040x}", f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}+00:00",
                   f"First record of {name} Terms of Service", f"{name}/Terms of Service.md", body)
        )  # fmt: skip
    return Repo(published=commits)


async def bench_first_sync(documents: int, mode: str) -> dict[str, float]:
    fake = FakeGithub()
    fake.repos[f"{OWNER}/bench-versions"] = bench_repo(documents)
    await fake.start()
    try:
        with tempfile.TemporaryDirectory(prefix="termswatch-bench-") as folder:
            data = {
                "storage": {"path": str(Path(folder) / "bench.db")},
                "watch": {"allow_private_addresses": True},
                "platforms": [],
                "discord": {"enabled": False}, "bluesky": {"enabled": False},
                "web": {"enabled": False},
                "archive": {"collections": ["bench-versions"], "first_sync": mode},
            }  # fmt: skip
            config = Config.from_dict(data, base_dir=Path(folder))
            env = {f"TERMSWATCH_ARCHIVE_{k.upper()}": v for k, v in fake.bases.items()}
            options = AppOptions(transports=False, load_history=False)
            async with App(config, env, options=options, console=io.StringIO()) as app:
                cpu = time.process_time()
                started = time.perf_counter()
                [report] = await app.services.discovery.sync_once()
                wall = time.perf_counter() - started
                cpu = time.process_time() - cpu
                services = len(app.services.directory)
    finally:
        await fake.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"first sync ({mode}): {report.documents} documents, {services} services, "
        f"{report.fetched} files fetched, {sum(fake.api_used.values())} API requests, "
        f"{wall:.1f}s wall, {cpu:.1f}s CPU, {report.documents / wall:.1f} docs/s, "
        f"peak RSS {rss:.0f} MB, errors: {len(report.errors)}"
    )
    return {
        f"sync_{mode}_docs": report.documents,
        f"sync_{mode}_wall_s": round(wall, 2),
        f"sync_{mode}_cpu_s": round(cpu, 2),
        f"sync_{mode}_api_requests": sum(fake.api_used.values()),
        f"sync_{mode}_files_fetched": report.fetched,
        "peak_rss_mb": round(rss),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--modes", default="dataset,listing")
    args = parser.parse_args()
    figures = bench_directory(args.services, args.queries)
    for mode in [m for m in args.modes.split(",") if m]:
        figures.update(asyncio.run(bench_first_sync(args.documents, mode)))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
