"""bot.adapters.progress: plain lines when piped, a redrawn bar on a terminal."""

from __future__ import annotations

import io

from bot.adapters.progress import Progress


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_tty() -> None:
    out = io.StringIO()
    with Progress(3, "checking", out) as bar:
        bar.advance(note="soundcloud/terms_of_service")
        bar.advance()
        bar.advance(note="bandcamp")
    assert out.getvalue().splitlines() == [
        "checking: 1/3 soundcloud/terms_of_service",
        "checking: 2/3",
        "checking: 3/3 bandcamp",
    ]
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()


def test_advance_by_more_than_one_and_never_past_total() -> None:
    out = io.StringIO()
    with Progress(4, "replay", out) as bar:
        bar.advance(3)
        bar.advance(5)
    assert out.getvalue().splitlines() == ["replay: 3/4", "replay: 4/4"]


def test_empty_run_still_says_something_when_piped() -> None:
    out = io.StringIO()
    with Progress(0, "checking", out):
        pass
    assert out.getvalue() == "checking: 0/0\n"


def test_tty_redraws_one_line_with_a_bar() -> None:
    out = FakeTTY()
    with Progress(4, "checking", out, width=80, min_interval_s=0) as bar:
        for i in range(4):
            bar.advance(note=f"doc{i}")
    text = out.getvalue()
    assert text.endswith("\n") and text.count("\n") == 1  # one line, redrawn in place
    frames = [f for f in text.rstrip("\n").split("\r") if f]
    assert len(frames) >= 5  # initial frame + one per advance (+ the final one)
    first, last = frames[0].replace("\x1b[K", ""), frames[-1].replace("\x1b[K", "")
    assert "0/4" in first and "[" + "." * 26 + "]" in first
    assert "4/4" in last and "100%" in last and "doc3" in last and "." not in last.split("]")[0]
    assert all(len(f.replace("\x1b[K", "")) <= 79 for f in frames)


def test_tty_line_is_cut_to_the_terminal_width() -> None:
    out = FakeTTY()
    with Progress(2, "checking", out, width=40, min_interval_s=0) as bar:
        bar.advance(note="x" * 200)
        assert len(bar.line()) <= 39
        assert bar.line().endswith("…")


def test_control_characters_in_notes_never_reach_the_terminal() -> None:
    out = io.StringIO()
    with Progress(1, "checking", out) as bar:
        bar.advance(note="evil\x1b[2J\x07name\nnext")
    line = out.getvalue()
    assert "\x1b" not in line and "\x07" not in line
    assert line == "checking: 1/1 evil [2J name next\n"


def test_tty_throttles_redraws_but_always_draws_the_end() -> None:
    out = FakeTTY()
    with Progress(1000, "replay", out, width=80, min_interval_s=60) as bar:
        for _ in range(1000):
            bar.advance()
    frames = [f for f in out.getvalue().split("\r") if f]
    assert len(frames) <= 4  # not 1000 redraws
    assert "1000/1000" in frames[-1]
