"""A page-analysis worker process: `python -m bot.adapters.analysis_worker`.

Reads jobs from stdin and writes results to stdout, each a 4-byte big-endian length and a pickle
(both ends are this program, started by `bot.adapters.analysis_pool`). A job is a
`bot.services.analysis.PageJob`; a result is ("ok", PageAnalysis) or ("error", exception). It
imports only extraction and classification, and exits when stdin closes.
"""

from __future__ import annotations

import logging
import pickle
import signal
import sys
from typing import BinaryIO

from bot.adapters import pattern_cache
from bot.adapters.extract import TrafilaturaExtractor
from bot.services.analysis import analyse_page
from bot.services.ports import FetchError

log = logging.getLogger(__name__)

HEADER = 4


def read_frame(stream: BinaryIO) -> bytes | None:
    head = stream.read(HEADER)
    if len(head) < HEADER:
        return None
    size = int.from_bytes(head, "big")
    data = stream.read(size)
    return data if len(data) == size else None


def frame(data: bytes) -> bytes:
    return len(data).to_bytes(HEADER, "big") + data


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    extractor = TrafilaturaExtractor()
    while (data := read_frame(inp)) is not None:
        job = pickle.loads(data)
        try:
            result: tuple[str, object] = ("ok", analyse_page(extractor, job))
        except FetchError as exc:
            result = ("error", exc)
        except Exception as exc:  # never let one page stop the worker
            log.warning("analysis failed for %s", getattr(job, "url", "?"), exc_info=True)
            result = ("error", RuntimeError(f"analysis failed: {exc}"))
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable exception: say what it was
            payload = pickle.dumps(("error", RuntimeError(f"analysis failed: {exc!r}")))
        out.write(frame(payload))
        out.flush()


def main() -> int:
    # Ctrl-C reaches the whole process group: the parent decides when this worker stops (it
    # closes stdin), so an interrupt must not kill it mid-answer with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    pattern_cache.install()  # the classifier's patterns as an earlier process compiled them
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames goes to the parent's pipe
    serve(inp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
