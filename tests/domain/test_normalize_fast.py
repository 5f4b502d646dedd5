"""The block splitter's shortcut for prose lines (a letter first, no ")" early on) skips only
lines that no block marker, rule, table row or heading pattern matches."""

from __future__ import annotations

from bot.domain.normalize import _BLOCK_START, _HEADING, _SETEXT, _TABLE_SEP, blocks
from tests.domain.test_prefilter import documents, needs_documents

EDGES = ["K) x", "\u212a) x", "ii) y", "a)b", "Ab) c", "iv) item", "a) first", "Zeta", "é) x"]


def _special(line: str) -> bool:
    return bool(
        not line.strip()
        or _SETEXT.match(line)
        or _TABLE_SEP.match(line)
        or _BLOCK_START.match(line)
        or _HEADING.match(line)
        or line.lstrip().startswith("|")
    )


def test_markers_starting_with_a_letter_still_start_a_block() -> None:
    assert blocks("intro text\na) first\nii) second") == ["intro text", "a) first", "ii) second"]
    assert blocks("One line\nwrapped here") == ["One line wrapped here"]


@needs_documents
def test_shortcut_skips_no_line_a_pattern_would_match() -> None:
    skipped = 0
    for path in documents():
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        for line in [*lines, *EDGES]:
            if line[:1].isalpha() and ")" not in line[:8]:
                skipped += 1
                assert not _special(line), line
    assert skipped > 1000
