"""The store's share of a first watch cycle, on SQLite: what `check` does per new page.

    python bench/store_new_pages.py                 # 500 pages of 50 KB text, 8 at a time
    python bench/store_new_pages.py --pages 2000 --concurrency 16

Per page, as WatchService does for a page seen for the first time: the stored version is read
again (`latest_snapshot` without text), then the snapshot, the document's row and a marker are
stored in one transaction (`record_snapshot`). Prints one JSON line: pages, CPU seconds of the
whole process (event loop + SQLite's thread), of the event loop's thread alone, and calls into
SQLite's thread (hand-offs) per page.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.store import SqlStore  # noqa: E402
from bot.domain.models import DocumentSpec, Platform, Snapshot, Verdict  # noqa: E402
from bot.services.ports import NewSnapshot  # noqa: E402

NOW = "2099-01-01T00:00:00.000000Z"


async def run(pages: int, concurrency: int, text_kb: int) -> dict[str, object]:
    specs = [
        DocumentSpec(f"p{n // 10}", "terms_of_service", f"https://e.test/{n}") for n in range(pages)
    ]
    platforms = [
        Platform(f"p{p}", f"P{p}", documents=tuple(specs[p * 10 : p * 10 + 10]))
        for p in range((pages + 9) // 10)
    ]
    text = ("All rights reserved. We may use your content. " * (text_kb * 22))[: text_kb * 1024]
    with tempfile.TemporaryDirectory() as folder:
        async with await SqlStore.open(Path(folder) / "bench.db") as store:
            await store.sync_platforms(platforms)
            documents = await store.documents()
            connection: Any = store.database.connection  # type: ignore[attr-defined]
            calls = 0
            original = connection._execute

            async def counted(fn: Any, *args: Any, **kwargs: Any) -> Any:
                nonlocal calls
                calls += 1
                return await original(fn, *args, **kwargs)

            connection._execute = counted
            gate = asyncio.Semaphore(concurrency)

            async def page(n: int) -> None:
                document = documents[n]
                async with gate:
                    previous = await store.latest_snapshot(document.id, with_text=False)
                    assert previous is None
                    snapshot = Snapshot(
                        document.id, text + str(n), f"{n:064x}", NOW, Verdict(), analysis=text
                    )
                    spec = specs[n]
                    await store.record_snapshot(
                        NewSnapshot(spec, snapshot, None, '"e"', "", {}, f"{n:064x}")
                    )

            cpu, thread = time.process_time(), time.thread_time()
            await asyncio.gather(*(page(n) for n in range(len(documents))))
            cpu, thread = time.process_time() - cpu, time.thread_time() - thread
    return {
        "pages": pages,
        "cpu_s": round(cpu, 3),
        "event_loop_thread_cpu_s": round(thread, 3),
        "handoffs_per_page": round(calls / pages, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--text-kb", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.pages, args.concurrency, args.text_kb))))


if __name__ == "__main__":
    main()
