"""The pattern cache file: written by a process that compiled, used by the next one, and never
a reason for a different verdict (bot.adapters.pattern_cache)."""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.adapters.pattern_cache import PatternCacheFile
from bot.domain import pattern_code

pytestmark = pytest.mark.skipif(not pattern_code.ENGINE, reason="CPython's regex engine only")

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
DOC = CORPUS / "soundcloud" / "terms-of-service" / "2024-02-07.md"

# A fresh interpreter with the cache file at argv[1]: classify DOC, say what it took from the
# cache and what it compiled.
_RUN = """
import json, sys
from pathlib import Path
from bot.adapters import pattern_cache
cache = pattern_cache.install(Path(sys.argv[1]))
from bot.domain.clauses import find_ai_clauses
from bot.domain.verdict import verdict_from_clauses
clauses = find_ai_clauses(Path(sys.argv[2]).read_text(encoding="utf-8"))
verdict = verdict_from_clauses(clauses)
print(json.dumps({
    "clauses": [[c.quote, c.reading, list(c.signals)] for c in clauses],
    "verdict": [str(verdict.platform_training), str(verdict.third_party_training)],
    "used": len(cache._used) - len(cache._new), "new": len(cache._new),
}))
"""


def _run(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(path), str(DOC)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(not DOC.exists(), reason="needs ../shared/corpus")
def test_the_next_process_compiles_nothing_and_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "patterns.marshal"
    first = _run(path)
    assert first["new"] > 100 and first["used"] == 0 and path.exists()
    written = path.stat().st_mtime_ns
    second = _run(path)
    assert second["new"] == 0 and second["used"] == first["new"]
    assert path.stat().st_mtime_ns == written  # nothing new: not written again
    assert (second["clauses"], second["verdict"]) == (first["clauses"], first["verdict"])
    assert first["verdict"][0] == "yes"  # the SoundCloud grant of February 2024


@pytest.mark.skipif(not DOC.exists(), reason="needs ../shared/corpus")
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00garbage",
        marshal.dumps((1, "cpython-11-0", {})),  # another engine's
        marshal.dumps((1, pattern_code.ENGINE, {("x", 0, "code"): (0, b"\x01", 0, {}, ())})),
    ],
)
def test_a_broken_or_foreign_file_changes_nothing(tmp_path: Path, content: bytes) -> None:
    reference = _run(tmp_path / "fresh.marshal")
    path = tmp_path / "patterns.marshal"
    path.write_bytes(content)
    result = _run(path)
    assert (result["clauses"], result["verdict"]) == (reference["clauses"], reference["verdict"])
    assert result["new"] > 100  # compiled as usual, and the file replaced


def test_an_unwritable_folder_is_no_error(tmp_path: Path) -> None:
    cache = PatternCacheFile(tmp_path / "missing-parent" / "file" / "patterns.marshal")
    (tmp_path / "missing-parent").write_text("a file, not a folder")
    cache.put(("x", 0, "code"), (0, b"", 0, {}, ()))
    assert cache.save() is False


def test_installing_twice_keeps_one_cache(tmp_path: Path) -> None:
    from bot.adapters import pattern_cache

    try:
        first = pattern_cache.install(tmp_path / "patterns.marshal")
        assert pattern_cache.install(tmp_path / "patterns.marshal") is first
    finally:
        pattern_code.use_code_cache(None)


def _entry(n: int) -> tuple[int, bytes, int, dict[str, int], tuple[None, ...]]:
    return (0, bytes([n]), 0, {}, ())


def _written(path: Path) -> tuple[str, set[str]]:
    _format, _engine, version, entries = marshal.loads(path.read_bytes())
    return version, {source for source, _flags, _what in entries}


@pytest.mark.parametrize(("before", "kept"), [("v1", {"a", "c"}), ("v2", {"a", "b", "c"})])
def test_a_file_of_another_code_version_keeps_only_what_is_used(
    tmp_path: Path, before: str, kept: set[str]
) -> None:
    """Patterns are keyed by their source: after the classifier changes, the entries of the
    patterns it no longer has would stay in the file (and in every analysing process's memory)
    for good. A process that saves a file written by another version of the code keeps only
    what it used or compiled; one of the same version adds to what the file holds."""
    path = tmp_path / "patterns.marshal"
    old = PatternCacheFile(path, code_version=lambda: before)
    old.put(("a", 0, "code"), _entry(1))
    old.put(("b", 0, "code"), _entry(2))
    assert old.save()
    assert _written(path) == (before, {"a", "b"})
    new = PatternCacheFile(path, code_version=lambda: "v2")
    assert new.get(("a", 0, "code")) == _entry(1)  # an unchanged pattern: still valid
    new.put(("c", 0, "code"), _entry(3))
    assert new.save()
    assert _written(path) == ("v2", kept)
