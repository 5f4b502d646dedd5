"""The classifier's compiled pattern code, kept in a file between processes (as Python keeps
bytecode in `__pycache__`).

`PatternCacheFile` implements `bot.domain.pattern_code.CodeCache`. `install()` loads the file
for this Python and regex engine (`pattern_code.ENGINE` is in its name), installs it, and saves
it when the process exits if it compiled patterns the file did not hold. A `check`, a page
analysis worker or a bot then skips parsing and compiling the patterns an earlier process
compiled (about 0.2-0.3 CPU s in each).

The file lives in `bot/domain/__pycache__/` (beside the bytecode of the modules the patterns
come from), written atomically (a temporary file, then a rename), so concurrent processes never
read half a file; the last writer wins. A process adds entries to a file written by the same
version of the classifier's code; one written by another version keeps only what this process
used or compiled (stale patterns are dropped, not kept in every process's memory). Anything wrong
with it (missing, unreadable, truncated, another engine's, not writable) means the patterns are
compiled as usual: the cache can make a process faster, never different.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.domain import pattern_code

log = logging.getLogger(__name__)

_KEEP = 5000  # entries at most: a file holding more keeps only what this process used
# 3: the file names the version of the classifier's code that wrote it (2: a guarded pattern's
# entry holds its lower-case twin, bot.domain.regex_guard)
_FORMAT = 3


def _code_version() -> str:
    from bot.domain.analysis import analysis_version  # (hashes bot.domain's sources, once)

    return analysis_version()


def default_path() -> Path | None:
    if not pattern_code.ENGINE:
        return None
    folder = Path(pattern_code.__file__).resolve().parent / "__pycache__"
    return folder / f"patterns.{pattern_code.ENGINE}.marshal"


class PatternCacheFile:
    def __init__(self, path: Path, code_version: Callable[[], str] = _code_version) -> None:
        """`code_version`: the version of the code the patterns come from (bot.domain's
        sources): a file written by another version keeps, when this process saves it, only the
        entries this process used or compiled. Entries are keyed by pattern source, so those of
        an unchanged pattern stay valid across versions, but a changed or removed pattern's
        entries would otherwise stay in the file (and in each process's memory) for good."""
        self.path = path
        self._code_version = code_version
        self._entries: dict[tuple[str, int, str], Any] = {}  # read, not yet used
        self._new: dict[tuple[str, int, str], Any] = {}  # compiled here, not in the file
        self._used: set[tuple[str, int, str]] = set()
        self._loaded = False  # read on first use: a process that compiles nothing never reads it

    def _load(self) -> None:
        self._loaded = True
        self._entries = self._read()[1]

    def _read(self) -> tuple[str, dict[tuple[str, int, str], Any]]:
        """(version of the code that wrote the file, its entries); ("", {}) when there is none."""
        try:
            data = marshal.loads(self.path.read_bytes())
        except FileNotFoundError:
            return "", {}
        except (OSError, EOFError, ValueError, TypeError) as exc:
            log.debug("pattern cache %s unreadable: %s", self.path, exc)
            return "", {}
        return self._unpack(data)

    @staticmethod
    def _unpack(data: Any) -> tuple[str, dict[tuple[str, int, str], Any]]:
        """(code version, entries) of the file's data; ("", {}) when it is not this format's."""
        ok = (
            isinstance(data, tuple)
            and len(data) == 4
            and data[:2] == (_FORMAT, pattern_code.ENGINE)
            and isinstance(data[2], str)
            and isinstance(data[3], dict)
        )
        return (data[2], data[3]) if ok else ("", {})

    def get(self, key: tuple[str, int, str]) -> Any:
        """The entry for `key`, handed over once: a pattern is compiled once a process, so
        the entry is not kept (`save` reads the file again for what it held)."""
        if not self._loaded:
            self._load()
        value = self._entries.pop(key, None)
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: tuple[str, int, str], value: Any) -> None:
        if key in self._used:  # the same source compiled again here: the file has it
            return
        self._new[key] = value
        self._used.add(key)

    def save(self) -> bool:
        """Write the file if this process compiled anything new; False when nothing was written
        (nothing new, or the folder is not writable)."""
        if not self._new:
            return False
        version = self._code_version()
        written_by, stored = self._read()
        entries = {**stored, **self._new}
        if len(entries) > _KEEP or written_by != version:
            entries = {key: entries[key] for key in self._used if key in entries}
        import tempfile  # (only a process that compiled something new writes)

        temporary = ""
        try:
            data = marshal.dumps((_FORMAT, pattern_code.ENGINE, version, entries))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".patterns.")
            os.chmod(temporary, 0o644)  # (mkstemp makes it private; bytecode is not)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self.path)
        except (OSError, ValueError) as exc:
            log.debug("pattern cache %s not written: %s", self.path, exc)
            if temporary:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return False
        self._new = {}
        return True


def install(path: Path | None = None) -> PatternCacheFile | None:
    """Use the pattern cache file from now on, and save it at exit. Call before the classifier's
    modules are imported (they compile their patterns when imported)."""
    global _installed
    path = path or default_path()
    if path is None:
        return None
    if _installed is not None and _installed.path == path:
        pattern_code.use_code_cache(_installed)  # (a second call, e.g. the CLI run in-process)
        return _installed
    cache = _installed = PatternCacheFile(path)
    pattern_code.use_code_cache(cache)
    atexit.register(cache.save)
    return cache


_installed: PatternCacheFile | None = None
