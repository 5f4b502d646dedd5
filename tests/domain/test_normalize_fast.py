"""normalize_text's shortcuts give the same text as the plain versions of its steps kept here.

The block splitter's shortcut for prose lines (a letter first, no ")" early on) skips only lines
that no block marker, rule, table row or heading pattern matches; `blocks`, `_clean_chars` and
`normalize_text` (one pass for odd characters, whole-text passes skipped when they cannot
match, blocks without markup left as they are) agree byte for byte with the plain versions on
every corpus and devset document, every harness page's extracted text, edge cases and random
text."""

from __future__ import annotations

import html
import random
import re
import unicodedata

from bot.adapters.extract import TrafilaturaExtractor
from bot.domain.normalize import (
    _ABBREV,
    _BLOCK_START,
    _BR,
    _HEADING,
    _INLINE_TAG,
    _QUOTE_MAP,
    _REF_DEF,
    _SENT_END,
    _SETEXT,
    _TABLE_SEP,
    _TAG,
    _clean_chars,
    _collapse_spaces,
    _strip_inline,
    blocks,
    line_blocks,
    normalize_text,
    split_block,
    strip_markers,
)
from tests.adapters.test_plain_text_equivalence import harness_pages, needs_harness
from tests.domain.test_prefilter import documents, needs_documents

SENTENCE_EDGES = [
    "See art. 5 of the Act. We train AI.",
    "Approx. Ten users. Dr. Who. U.S. Law applies. Mr.X. Inc. Co. Then.",
    "It is e.g. Fine. i.e. Yes. Ends with a letter A. Next one. xA. Next.",
    "Clinic. Next. Magic. Then. Disco. Done.",
]
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


# ------------------------------------------------- the plain versions of normalize_text's steps

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ODD_CHARS = re.compile("[" + "".join(_QUOTE_MAP) + "]")


def reference_clean_chars(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_CHARS.sub(lambda m: _QUOTE_MAP[m.group(0)], text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")


def reference_blocks(text: str) -> list[str]:
    text = _BR.sub("\n\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            joined = _collapse_spaces(" ".join(current)).strip()
            if joined:
                out.append(joined)
            current.clear()

    for line in text.split("\n"):
        if not line.strip():
            flush()
            continue
        if _SETEXT.match(line) or _TABLE_SEP.match(line):
            flush()
            continue
        if line.lstrip().startswith("|"):
            flush()
            for cell in line.strip().strip("|").split("|"):
                if cell.strip():
                    current.append(cell)
                    flush()
            continue
        if _BLOCK_START.match(line):
            flush()
        current.append(line)
        if _HEADING.match(line):
            flush()
    flush()
    return out


def reference_normalize_block(block: str, cleaned: bool = False) -> str:
    text = _strip_inline(reference_clean_chars(block) if not cleaned else block)
    if "<" in text:
        text = _TAG.sub(" ", _INLINE_TAG.sub("", text))
    if "&" in text:
        text = reference_clean_chars(html.unescape(text))
    text = strip_markers(_collapse_spaces(text).strip())
    return _collapse_spaces(text).strip()


def reference_normalize_text(text: str) -> str:
    if not text:
        return ""
    text = _REF_DEF.sub("", reference_clean_chars(text))
    text = _INLINE_TAG.sub("", text)
    text = _TAG.sub(lambda m: "\n\n" if _BR.fullmatch(m.group(0)) else " ", text)
    lines = [reference_normalize_block(b, True) for b in reference_blocks(text)]
    return "\n\n".join(line for line in lines if line)


TEXT_EDGES = [
    "Title\r\nwrapped\rline\u2028next\n\n- - -\n- **bold item**\n- plain item\n-  spaced",
    "  # indented heading\n    # four spaces\n            # twelve\nafter\n#nospace\n####### seven",
    "1. one\n2) two\n(a) three\niv) four\n12.3 not\n\u0663. arabic digit\n\u00b2. superscript",
    "| a | b |\n|---|:--:|\n| c |  |\n  | d\n> quote\n>> deeper\n+ plus\n* star\n***\n___",
    '[ref]: https://x.example/a\n [two]: /b "t"\ntext with [link](https://x) and ![img](y.png)',
    "<p>para</p><br/>x<b>bold</b> <div class='a'>d</div>&amp; &lt;tag&gt; &nbsp;&#8220;q&#8221;",
    "ﬁne ｆｕｌｌ ＡＢＣ \u00a0nbsp\u00ad soft\u200b zero \u2018quote\u2019 \u201cdq\u201d",
    "dashes \u2013 \u2014 \u2212 bullets \u2022 \u25cf \u00b4acute \u2033 \u00abguillemets\u00bb",
    "\ufeffBOM start\tand\ttabs\f\vend  \n\t\n   \n\u3000\nlast",
    "__init__ and snake_case and `code` and \\*escaped\\* and a * lone star and 2 * 3",
    "K) kelvin\n\u212a) sign\nii) roman\na)b\nAb) c\né) accent\n\u017f) long s",
]
_PIECES = ["word", " ", "  ", "\n", "\n\n", "- ", "# ", "1. ", "(a) ", "|", "---", "**", "_", "<b>"]
_PIECES += [". ", "Co. ", "approx. ", "e.g. ", "X. ", "Word", "? "]
_PIECES += ["</p>", "&amp;", "\u2019", "\u00a0", "\t", "\r", "ﬁ", "[x](y)", "]:", "`", ">", "\\"]


def _random_texts() -> list[str]:
    rng = random.Random(13)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randrange(5, 120))) for _ in range(400)]


def reference_split_block(block: str) -> list[str]:
    """The sentence splitter searching each whole sentence for a closing abbreviation."""
    text = strip_markers(block)
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        head = text[start : m.start() + 1]
        if _ABBREV.search(head.rstrip(".!?\"')]") + "."):
            continue
        piece = text[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _check(text: str) -> None:
    assert _clean_chars(text) == reference_clean_chars(text), text
    assert blocks(text) == reference_blocks(text), text
    normalized = normalize_text(text)
    assert normalized == reference_normalize_text(text), text
    assert blocks(normalized) == reference_blocks(normalized), text
    for block in blocks(text):
        assert split_block(block) == reference_split_block(block), block
    for line in (*text.split("\n"), *normalized.split("\n")):
        if "\r" not in line and "<" not in line:
            assert line_blocks(line) == reference_blocks(line), line


def test_edge_texts_normalize_as_before() -> None:
    for text in [*TEXT_EDGES, *SENTENCE_EDGES, *_random_texts()]:
        _check(text)


@needs_documents
def test_every_document_normalizes_as_before() -> None:
    for path in documents():
        _check(path.read_text(encoding="utf-8", errors="replace"))


@needs_harness
def test_every_harness_page_normalizes_as_before() -> None:
    extractor = TrafilaturaExtractor()
    for page in harness_pages():
        _check(extractor.extract(page.encode(), "text/html; charset=utf-8"))
