"""A fresh venv with an older pip got `ImportError: lxml.html.clean module is now a separate
project`: every package the code imports must be declared, not arrive by chance."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

# Imported by our code (or, for lxml_html_clean, by trafilatura's use of lxml.html.clean).
NEEDED = ["lxml", "lxml_html_clean", "charset_normalizer", "rapidfuzz", "aiosqlite", "aiohttp"]


def declared() -> set[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0] for r in project["dependencies"]}
    return {n.lower().replace("-", "_") for n in names}


@pytest.mark.parametrize("package", NEEDED)
def test_every_package_the_code_needs_is_declared(package: str) -> None:
    assert package.lower() in declared()
    importlib.import_module(package)
