"""One setting of the C allocator for the watching commands (glibc only; elsewhere nothing).

glibc gives each thread that allocates its own malloc arena, and memory freed in one arena is
kept there for that thread. A watch cycle has three busy threads (the event loop, SQLite's and
the page-analysis thread): their arenas each kept a few megabytes that the others could have
reused (the process tree of a 500-page first cycle was 3-4 MB bigger, with no CPU gained).
`share_malloc_arena` makes later threads allocate from the main arena, as glibc's
`MALLOC_ARENA_MAX=1` does; an operator who sets that variable keeps their own value.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # glibc's malloc.h


def share_malloc_arena() -> bool:
    """Call before starting threads. True when the setting was applied."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    applied = bool(mallopt(ctypes.c_int(_M_ARENA_MAX), ctypes.c_int(1)))
    log.debug("malloc arenas shared: %s", applied)
    return applied
