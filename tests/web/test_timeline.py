"""The timeline PNG: a real picture with the verdict bands in the badge colours."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from PIL import Image

from bot.adapters.discord.embeds import COLOURS
from bot.adapters.timeline import BAND_TOP, VERDICT_COLOURS, render_timeline_png
from bot.domain import models
from bot.domain.models import Change, EventSource, PlatformTraining, PolicyEvent, Verdict

T = PlatformTraining
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
STATIC_DIR = REPO / "bot" / "adapters" / "web" / "static"
TODAY = dt.date(2026, 11, 22)


def event(i: int, date: str, before: T, after: T) -> PolicyEvent:
    change = Change(True, Verdict(before), Verdict(after), added=("clause",))
    return PolicyEvent(
        "soundcloud",
        "terms_of_service",
        "https://soundcloud.com/terms-of-use",
        date,
        EventSource.WATCH,
        change,
        id=i,
    )


SOUNDCLOUD = [
    event(4, "2025-09-10", T.OPT_IN, T.OPT_IN),
    event(3, "2025-05-27", T.YES, T.OPT_IN),
    event(2, "2024-02-07", T.NOT_MENTIONED, T.YES),
]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def colours(png: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {c for _, c in image.getcolors(maxcolors=1 << 20) or []}


def test_png_shows_each_verdict_period_in_its_badge_colour() -> None:
    png = render_timeline_png("SoundCloud", SOUNDCLOUD, TODAY)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timeline-soundcloud.png").write_bytes(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.width == 1000 and 200 <= image.height <= 600
    # Sample the band itself: left part (before 2024) not mentioned, then red, then blue.
    band = Image.open(io.BytesIO(png)).convert("RGB")
    y = BAND_TOP + 5
    row = [band.getpixel((x, y)) for x in range(28, 972)]
    runs = [row[0]]
    for pixel in row[1:]:
        if pixel != runs[-1]:
            runs.append(pixel)
    band_colours = [c for c in runs if c in {rgb(v) for v in VERDICT_COLOURS.values()}]
    dedup = [c for i, c in enumerate(band_colours) if i == 0 or c != band_colours[i - 1]]
    assert dedup == [
        rgb(VERDICT_COLOURS[T.NOT_MENTIONED]),
        rgb(VERDICT_COLOURS[T.YES]),
        rgb(VERDICT_COLOURS[T.OPT_IN]),
    ]


def test_order_of_events_does_not_matter() -> None:
    assert render_timeline_png("SoundCloud", SOUNDCLOUD, TODAY) == render_timeline_png(
        "SoundCloud", list(reversed(SOUNDCLOUD)), TODAY
    )


def test_no_events_still_renders_a_readable_picture() -> None:
    png = render_timeline_png("Spotify", [], TODAY)
    assert rgb(VERDICT_COLOURS[T.NOT_MENTIONED]) in colours(png)
    assert rgb(VERDICT_COLOURS[T.YES]) in colours(png)  # the legend lists every verdict


def test_many_close_events_get_more_label_rows() -> None:
    few = render_timeline_png("X", SOUNDCLOUD[:1], TODAY)
    crowded = [event(i, f"2025-03-{i + 1:02d}", T.OPT_OUT, T.OPT_OUT) for i in range(6)]
    many = render_timeline_png("X", crowded, TODAY)
    assert Image.open(io.BytesIO(many)).height > Image.open(io.BytesIO(few)).height


def test_undated_event_is_left_out_not_fatal() -> None:
    broken = event(9, "someday", T.NOT_MENTIONED, T.YES)
    assert render_timeline_png("X", [broken], TODAY).startswith(b"\x89PNG")


def test_css_badges_use_the_same_colours() -> None:
    """One source for verdict colours: bot.domain.models.VERDICT_COLOURS feeds the timeline,
    the Discord embeds, and the CSS variables every badge uses."""
    css = (STATIC_DIR / "style.css").read_text()
    declared = dict(re.findall(r"--([a-z_]+):\s*(#[0-9a-fA-F]{6});", css))
    assert VERDICT_COLOURS is models.VERDICT_COLOURS
    for verdict, colour in VERDICT_COLOURS.items():
        assert declared[verdict.value].lower() == colour.lower(), verdict
        rule = re.search(rf"\.badge-{verdict.value}\s*\{{[^}}]*background:\s*([^;]+);", css)
        assert rule and rule.group(1).strip() == f"var(--{verdict.value})", verdict
        assert COLOURS[verdict] == int(colour[1:], 16), verdict
