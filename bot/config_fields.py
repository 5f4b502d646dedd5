"""Typed, bounded access to one mapping of config.yaml, with errors naming the full key path."""

from __future__ import annotations

import math
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from bot.services.errors import ConfigError

__all__ = ["ConfigError", "Section", "shown"]

T = TypeVar("T")


def shown(value: Any) -> str:
    """A value for an error message: repr, cut short (a config may hold a huge number)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Section:
    """Typed access to one mapping, with errors naming the full key path."""

    def __init__(self, data: Any, key: str, source: str) -> None:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            what = f"'{key}'" if key else "the file"
            raise ConfigError(
                f"{source}: {what} must be a mapping of settings, got {type(data).__name__}"
            )
        self.data = data
        self.key = key
        self.source = source

    def _name(self, field: str) -> str:
        return f"{self.key}.{field}" if self.key else field

    def fail(self, field: str, why: str) -> ConfigError:
        return ConfigError(f"{self.source}: '{self._name(field)}' {why}")

    def unknown_keys(self, allowed: set[str]) -> None:
        for field in self.data:
            if field not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(str(field), f"is not a known setting (known: {known})")

    def number(self, field: str, default: float, *, minimum: float, maximum: float) -> float:
        """A finite number in [minimum, maximum] (NaN and infinities are refused)."""
        value = self.data.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field, f"must be a number, got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(
                field, f"must be a number between {minimum:g} and {maximum:g}, got {value!r}"
            )
        if value < minimum:
            raise self.fail(field, f"must be at least {minimum:g}, got {shown(value)}")
        if value > maximum:
            raise self.fail(field, f"must be at most {maximum:g}, got {shown(value)}")
        return float(value)

    def integer(self, field: str, default: int, *, minimum: int, maximum: int) -> int:
        """A whole number in [minimum, maximum]."""
        value = self.data.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, f"must be a whole number, got {shown(value)}")
        if value < minimum:
            raise self.fail(field, f"must be at least {minimum:,}, got {shown(value)}")
        if value > maximum:
            raise self.fail(field, f"must be at most {maximum:,}, got {shown(value)}")
        return value

    def boolean(self, field: str, default: bool) -> bool:
        value = self.data.get(field, default)
        if not isinstance(value, bool):
            raise self.fail(field, f"must be true or false, got {value!r}")
        return value

    def text(self, field: str, default: str | None = None, *, empty: bool = False) -> str:
        value = self.data.get(field, default)
        if value is None:
            raise self.fail(field, "is required")
        if not isinstance(value, str):
            raise self.fail(field, f"must be text, got {shown(value)}")
        if not empty and not value.strip():
            raise self.fail(field, "must not be empty")
        if "\x00" in value:
            raise self.fail(field, "must not contain a NUL character")
        return value

    def path(self, field: str, default: str | None = None) -> Path:
        return Path(self.text(field, default).strip())

    def url(self, field: str, default: str | None = None) -> str:
        value = self.text(field, default)
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise self.fail(field, f"must be an http(s) URL, got {value!r}")
        return value

    def items(self, field: str) -> list[Any]:
        value = self.data.get(field, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(field, "must be a list")
        return value

    def policy(self, cls: type[T]) -> T:
        """A policy dataclass (bot.services.policies) read field by field: every field is a key
        of this section, its default the dataclass's, its bounds the field's `min` and `max`."""
        self.unknown_keys({f.name for f in fields(cls)})  # type: ignore[arg-type]
        values: dict[str, Any] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            default = f.default
            if default is MISSING:
                raise TypeError(f"{cls.__name__}.{f.name} needs a default")
            low, high = f.metadata["min"], f.metadata["max"]
            if isinstance(default, bool):
                values[f.name] = self.boolean(f.name, default)
            elif isinstance(default, int):
                values[f.name] = self.integer(f.name, default, minimum=low, maximum=high)
            elif isinstance(default, float):
                values[f.name] = self.number(f.name, default, minimum=low, maximum=high)
            else:
                raise TypeError(f"{cls.__name__}.{f.name}: unsupported type")
        return cls(**values)
