"""Terminal progress: a redrawn bar on a TTY, plain "label: i/N note" lines otherwise (logs, CI)."""

from __future__ import annotations

import logging
import shutil
import time
from types import TracebackType
from typing import TextIO

log = logging.getLogger(__name__)

BAR_FILL = "#"
BAR_EMPTY = "."
CLEAR_TO_END = "\x1b[K"


def _clean(text: str) -> str:
    """Notes may quote URLs or names from outside: no control characters reach the terminal."""
    if text.isprintable():  # the usual case: nothing to replace
        return text.strip()
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


class Progress:
    """`with Progress(len(items), "checking", sys.stderr) as bar: bar.advance(note=url)`."""

    def __init__(
        self,
        total: int,
        label: str,
        stream: TextIO,
        *,
        width: int | None = None,
        min_interval_s: float = 0.05,
    ) -> None:
        self.total = max(int(total), 0)
        self.label = _clean(label)
        self.stream = stream
        self.done = 0
        self.note = ""
        self.tty = _is_tty(stream)
        self._width = width
        self._min_interval_s = min_interval_s
        self._last_draw = 0.0
        self._started = time.monotonic()

    def __enter__(self) -> Progress:
        if self.tty:
            self._draw(force=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.tty:
            self._draw(force=True)
            self.stream.write("\n")
        elif self.done == 0:
            self.stream.write(f"{self.label}: 0/{self.total}\n")
        self.stream.flush()

    def advance(self, n: int = 1, note: str = "") -> None:
        self.done = min(self.done + n, self.total) if self.total else self.done + n
        self.note = _clean(note)
        if self.tty:
            self._draw(force=self.done >= self.total)
        else:
            suffix = f" {self.note}" if self.note else ""
            self.stream.write(f"{self.label}: {self.done}/{self.total}{suffix}\n")
            now = time.monotonic()  # flushed at most every min_interval_s (and at the end)
            if now - self._last_draw >= self._min_interval_s or self.done >= self.total:
                self._last_draw = now
                self.stream.flush()

    def line(self) -> str:
        """The bar as drawn on a TTY (without the carriage return)."""
        width = self._width or shutil.get_terminal_size((80, 24)).columns
        counts = f"{self.done}/{self.total}"
        fraction = self.done / self.total if self.total else 1.0
        percent = f"{int(fraction * 100):3d}%"
        bar_width = max(10, min(40, width // 3))
        filled = int(bar_width * fraction)
        bar = "[" + BAR_FILL * filled + BAR_EMPTY * (bar_width - filled) + "]"
        text = f"{self.label} {bar} {percent} {counts}"
        if self.note:
            text += f" {self.note}"
        if len(text) > width - 1:
            text = text[: max(width - 2, 0)] + "…"
        return text

    def _draw(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_draw < self._min_interval_s:
            return
        self._last_draw = now
        self.stream.write("\r" + self.line() + CLEAR_TO_END)
        self.stream.flush()


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
