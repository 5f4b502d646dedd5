"""A platform's AI-policy timeline as a PNG: verdict bands over time, one marker per event.

Rendered with Pillow and its bundled default font (no font downloads). The band colours are the
same as the verdict badges of the status page (bot/adapters/web/static/style.css).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from bot.domain.models import (
    PLATFORM_TRAINING_WORDS,
    VERDICT_COLOURS,
    PlatformTraining,
    PolicyEvent,
)

log = logging.getLogger(__name__)

__all__ = ["VERDICT_COLOURS", "render_timeline_png"]

WIDTH = 1000
PAD = 28
BAND_TOP = 72
BAND_HEIGHT = 44
AXIS_Y = BAND_TOP + BAND_HEIGHT + 10
LABEL_TOP = AXIS_Y + 40
LABEL_ROW = 48
BACKGROUND = "#ffffff"
INK = "#111827"
MUTED = "#4b5563"
GRID = "#d1d5db"


@dataclass(frozen=True)
class _Point:
    day: dt.date
    verdict: PlatformTraining
    event: PolicyEvent


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


def _points(events: list[PolicyEvent]) -> list[_Point]:
    points = []
    for event in events:
        day = _day(event.occurred_at)
        if day is None:
            log.warning("event %s has no usable date; left off the timeline", event.id)
            continue
        points.append(_Point(day, event.change.after.platform_training, event))
    points.sort(key=lambda p: (p.day, p.event.id or 0))
    return points


def _text_width(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.ImageFont) -> float:
    return draw.textlength(text, font=font)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.ImageFont, width: float) -> str:
    """The text, shortened with an ellipsis until it fits in width."""
    if _text_width(draw, text, font) <= width:
        return text
    while text and _text_width(draw, text + "…", font) > width:
        text = text[:-1]
    return text + "…" if text else ""


def render_timeline_png(platform_name: str, events: list[PolicyEvent], today: dt.date) -> bytes:
    """The AI-policy timeline of one platform, as PNG bytes.

    `events` may come in any order (the services give newest first). The band shows, for each
    period, the verdict on the platform's own training in force after the latest event.
    """
    points = _points(events)
    title_font, label_font, small_font = _font(26), _font(18), _font(16)

    end = max([today, *(p.day for p in points)])
    if points:
        first = points[0].day
        span = max((end - first).days, 60)
        start = first - dt.timedelta(days=max(span // 12, 30))
    else:
        start = end - dt.timedelta(days=365)
    total_days = max((end - start).days, 1)
    left, right = PAD, WIDTH - PAD

    def x_of(day: dt.date) -> float:
        return left + (right - left) * (day - start).days / total_days

    # Lay out event labels in rows so they never overlap.
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    rows_end: list[float] = []
    placed: list[tuple[_Point, float, int, str, str]] = []
    for point in points:
        date_text = point.day.isoformat()
        words = PLATFORM_TRAINING_WORDS[point.verdict]
        width = max(
            _text_width(scratch, date_text, label_font), _text_width(scratch, words, small_font)
        )
        x = min(max(x_of(point.day), left), right - width)
        row = next((i for i, e in enumerate(rows_end) if x > e + 12), len(rows_end))
        if row == len(rows_end):
            rows_end.append(0.0)
        rows_end[row] = x + width
        placed.append((point, x, row, date_text, words))

    legend_top = LABEL_TOP + max(len(rows_end), 1) * LABEL_ROW + 16
    height = legend_top + 2 * 30 + PAD
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)

    title = _fit(draw, f"{platform_name}: AI training in its terms", title_font, right - left)
    draw.text((left, PAD - 6), title, fill=INK, font=title_font)

    # Verdict bands.
    initial = PlatformTraining.NOT_MENTIONED
    if points:
        initial = points[0].event.change.before.platform_training
    segments: list[tuple[dt.date, dt.date, PlatformTraining]] = []
    current_start, current = start, initial
    for point in points:
        if point.verdict != current:
            segments.append((current_start, point.day, current))
            current_start, current = point.day, point.verdict
    segments.append((current_start, end, current))
    for seg_start, seg_end, verdict in segments:
        x0, x1 = x_of(seg_start), max(x_of(seg_end), x_of(seg_start) + 1)
        draw.rectangle((x0, BAND_TOP, x1, BAND_TOP + BAND_HEIGHT), fill=VERDICT_COLOURS[verdict])
        words = _fit(draw, PLATFORM_TRAINING_WORDS[verdict], label_font, x1 - x0 - 12)
        if words and not words.startswith("…"):
            draw.text((x0 + 6, BAND_TOP + 12), words, fill="#ffffff", font=label_font)

    # Axis with year ticks.
    draw.line((left, AXIS_Y, right, AXIS_Y), fill=MUTED, width=2)
    for year in range(start.year + 1, end.year + 1):
        x = x_of(dt.date(year, 1, 1))
        draw.line((x, BAND_TOP + BAND_HEIGHT, x, AXIS_Y + 6), fill=GRID, width=1)
    x_today = x_of(today)
    draw.line((x_today, BAND_TOP - 8, x_today, AXIS_Y + 4), fill=INK, width=2)
    today_label = f"today {today.isoformat()}"
    tw = _text_width(draw, today_label, small_font)
    today_xy = (min(x_today - tw, right - tw), BAND_TOP - 26)
    draw.text(today_xy, today_label, fill=INK, font=small_font)

    # Event markers and labels.
    if not placed:
        empty = "No AI-relevant changes recorded yet."
        draw.text((left, LABEL_TOP), empty, fill=MUTED, font=label_font)
    for point, _x, row, _date, _words in placed:
        mx = x_of(point.day)
        draw.line((mx, BAND_TOP, mx, LABEL_TOP + row * LABEL_ROW - 2), fill=INK, width=1)
    for year in range(start.year + 1, end.year + 1):  # over the marker lines, on a clear box
        x = x_of(dt.date(year, 1, 1))
        box = draw.textbbox((x + 3, AXIS_Y + 8), str(year), font=small_font)
        draw.rectangle((box[0] - 2, box[1] - 1, box[2] + 2, box[3] + 1), fill=BACKGROUND)
        draw.text((x + 3, AXIS_Y + 8), str(year), fill=MUTED, font=small_font)
    for point, x, row, date_text, words in placed:
        mx, top = x_of(point.day), LABEL_TOP + row * LABEL_ROW
        colour = VERDICT_COLOURS[point.verdict]
        draw.ellipse((mx - 5, AXIS_Y - 5, mx + 5, AXIS_Y + 5), fill=colour, outline=INK)
        box = draw.textbbox((x, top), date_text, font=label_font)
        box2 = draw.textbbox((x, top + 22), words, font=small_font)
        draw.rectangle((x - 2, top, max(box[2], box2[2]) + 2, box2[3] + 2), fill=BACKGROUND)
        draw.text((x, top), date_text, fill=INK, font=label_font)
        draw.text((x, top + 22), words, fill=colour, font=small_font)

    # Legend: every verdict, three columns.
    for index, verdict in enumerate(PlatformTraining):
        col, row = index % 3, index // 3
        lx = left + col * ((right - left) / 3)
        ly = legend_top + row * 30
        draw.rectangle((lx, ly + 2, lx + 18, ly + 20), fill=VERDICT_COLOURS[verdict])
        draw.text((lx + 24, ly + 2), PLATFORM_TRAINING_WORDS[verdict], fill=INK, font=label_font)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
