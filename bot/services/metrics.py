"""A tiny in-process metrics registry rendered as Prometheus text. No third-party dependency."""

from __future__ import annotations

import math
import threading
from collections import defaultdict

Labels = tuple[tuple[str, str], ...]

DEFAULT_BUCKETS: tuple[float, ...] = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _labels(labels: dict[str, str] | None) -> Labels:
    return tuple(sorted((labels or {}).items()))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _fmt_labels(labels: Labels, extra: tuple[tuple[str, str], ...] = ()) -> str:
    items = labels + extra
    if not items:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in items) + "}"


class Metrics:
    """Counters, gauges and histograms. Names should follow Prometheus conventions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._help: dict[str, tuple[str, str]] = {}
        self._counters: dict[str, dict[Labels, float]] = defaultdict(dict)
        self._gauges: dict[str, dict[Labels, float]] = defaultdict(dict)
        self._histograms: dict[str, dict[Labels, list[float]]] = defaultdict(dict)
        self._buckets: dict[str, tuple[float, ...]] = {}

    def describe(self, name: str, kind: str, help_text: str) -> None:
        self._help[name] = (kind, help_text)

    def inc(self, name: str, labels: dict[str, str] | None = None, value: float = 1.0) -> None:
        key = _labels(labels)
        with self._lock:
            series = self._counters[name]
            series[key] = series.get(key, 0.0) + value

    def set(self, name: str, value: float, labels: dict[str, str] | None = None) -> None:
        with self._lock:
            self._gauges[name][_labels(labels)] = value

    def observe(
        self,
        name: str,
        value: float,
        labels: dict[str, str] | None = None,
        buckets: tuple[float, ...] = DEFAULT_BUCKETS,
    ) -> None:
        key = _labels(labels)
        with self._lock:
            self._buckets.setdefault(name, buckets)
            series = self._histograms[name].setdefault(key, [0.0] * (len(buckets) + 2))
            for i, bound in enumerate(self._buckets[name]):
                if value <= bound:
                    series[i] += 1
            series[-2] += 1  # count
            series[-1] += value  # sum

    def counter_value(self, name: str, labels: dict[str, str] | None = None) -> float:
        with self._lock:
            return self._counters.get(name, {}).get(_labels(labels), 0.0)

    def counter_total(self, name: str) -> float:
        with self._lock:
            return sum(self._counters.get(name, {}).values())

    def render(self) -> str:
        """Prometheus text exposition format (version 0.0.4)."""
        lines: list[str] = []
        with self._lock:
            for kind, store in (("counter", self._counters), ("gauge", self._gauges)):
                for name in sorted(store):
                    self._header(lines, name, kind)
                    for labels, value in sorted(store[name].items()):
                        lines.append(f"{name}{_fmt_labels(labels)} {_num(value)}")
            for name in sorted(self._histograms):
                self._header(lines, name, "histogram")
                bounds = self._buckets[name]
                for labels, series in sorted(self._histograms[name].items()):
                    for i, bound in enumerate(bounds):
                        le = (("le", _num(bound)),)
                        lines.append(f"{name}_bucket{_fmt_labels(labels, le)} {_num(series[i])}")
                    inf = (("le", "+Inf"),)
                    lines.append(f"{name}_bucket{_fmt_labels(labels, inf)} {_num(series[-2])}")
                    lines.append(f"{name}_count{_fmt_labels(labels)} {_num(series[-2])}")
                    lines.append(f"{name}_sum{_fmt_labels(labels)} {_num(series[-1])}")
        return "\n".join(lines) + "\n"

    def _header(self, lines: list[str], name: str, kind: str) -> None:
        _, help_text = self._help.get(name, (kind, name.replace("_", " ")))
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} {kind}")


def _num(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value):
        return str(int(value))
    return repr(value)
