"""CPU milliseconds per page for each stage of reading a page, on the peers harness pages.

    python bench/page_stages.py              # 73 distinct pages, 5 passes
    python bench/page_stages.py --passes 10

Starts the peers page server (../shared/peers/serve_corpus.py) in this process, fetches
/doc/0../doc/72 once (the 73 distinct documents it renders from ../shared/corpus), then times each
stage with time.process_time over every page, `--passes` times:
- `extract`: `TrafilaturaExtractor().extract(body, content_type, url)` (decode + lxml parse +
  the walk over the page's <main>), as the analysis worker calls it;
- `normalize`: `normalize_text` of the extracted text;
- `blocks`: `blocks` of the normalised text (what the clause finder calls next).
Prints ms per page for each stage (mean over the passes, and the best pass), then one JSON line.
The machine is shared: compare runs made alternately, in the same conditions.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT.parent / "shared" / "peers"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(PEERS))

from bot.adapters.extract import TrafilaturaExtractor  # noqa: E402
from bot.domain.normalize import blocks, normalize_text  # noqa: E402

DISTINCT = 73


def fetch_pages(count: int) -> list[tuple[bytes, str, str]]:
    """(body, content type, url) of /doc/0../doc/count-1, from a page server in this process."""
    from serve_corpus import start_server  # type: ignore[import-not-found]

    server, _thread, url = start_server(port=0, count=500)
    try:
        pages = []
        for i in range(count):
            with urllib.request.urlopen(f"{url}/doc/{i}") as response:
                content_type = response.headers.get("Content-Type") or ""
                pages.append((response.read(), content_type, f"{url}/doc/{i}"))
        return pages
    finally:
        server.shutdown()


def time_stages(pages: list[tuple[bytes, str, str]], passes: int) -> dict[str, list[float]]:
    """Per stage, the CPU seconds of each pass over all pages."""
    extractor = TrafilaturaExtractor()
    extractor.extract(*pages[0])  # warm-up: imports, first parser
    totals: dict[str, list[float]] = {"extract": [], "normalize": [], "blocks": []}

    def timed(stage: str, func: Callable[..., object], *args: object) -> object:
        start = time.process_time()
        result = func(*args)
        totals[stage][-1] += time.process_time() - start
        return result

    for _ in range(passes):
        for stage in totals:
            totals[stage].append(0.0)
        for body, content_type, url in pages:
            text = timed("extract", extractor.extract, body, content_type, url)
            normalized = timed("normalize", normalize_text, text)
            timed("blocks", blocks, normalized)
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    pages = fetch_pages(DISTINCT)
    totals = time_stages(pages, args.passes)
    per_page = {
        stage: {
            "mean_ms": sum(runs) / len(runs) / len(pages) * 1000,
            "best_ms": min(runs) / len(pages) * 1000,
        }
        for stage, runs in totals.items()
    }
    both = [e + n for e, n in zip(totals["extract"], totals["normalize"], strict=True)]
    per_page["extract+normalize"] = {
        "mean_ms": sum(both) / len(both) / len(pages) * 1000,
        "best_ms": min(both) / len(pages) * 1000,
    }
    print(f"{len(pages)} pages, {args.passes} passes, CPU ms per page")
    for stage, figures in per_page.items():
        print(f"  {stage:18s} mean {figures['mean_ms']:6.2f}   best {figures['best_ms']:6.2f}")
    print(json.dumps({"pages": len(pages), "passes": args.passes, "stages": per_page}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
