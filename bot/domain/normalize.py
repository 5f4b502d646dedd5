"""Text normalisation: formatting-only differences between two versions of a document vanish.

`normalize_text` keeps every sentence's words (and their case) but drops Markdown/HTML markup,
list bullets and numbering, smart punctuation, odd spaces and invisible characters, and line
wrapping. The result has one block (paragraph, list item, heading or table cell) per line, so a
sentence never spans two blocks; blocks are separated by a blank line. The function is idempotent.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import unicodedata

from bot.domain.pattern_code import compile_pattern

log = logging.getLogger(__name__)

_INVISIBLE = compile_pattern(
    "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_QUOTE_MAP: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2039": "'",
    "\u203a": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2022": " ",
    "\u25cf": " ",
    "\u25aa": " ",
    "\u00a0": " ",
    "\t": " ",
}
_ODD_CHARS = compile_pattern("[" + "".join(_QUOTE_MAP) + "]")
# What _clean_chars does after NFKC, in one pass: invisible characters go, odd ones are replaced.
# (The two sets are disjoint and no replacement is invisible, so one pass equals the two.)
_CHAR_FIXES: dict[str, str] = {
    **dict.fromkeys(_INVISIBLE.findall("".join(map(chr, range(0x10000)))), ""),
    **_QUOTE_MAP,
}
_FIX_CHARS = compile_pattern("[" + "".join(_CHAR_FIXES) + "]")

_BR = compile_pattern(
    r"<\s*br\s*/?\s*>|<\s*/?\s*(?:p|div|li|ul|ol|tr|h[1-6]|table)\b[^>\n]*>", re.I
)
_TAG = compile_pattern(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>\n]*)?/?>")
_INLINE_TAG = compile_pattern(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|font|i|kbd|mark|q|s|samp|small|span|strong"
    r"|sub|sup|time|u|var|wbr)(?:\s[^<>\n]*)?/?>",
    re.I,
)
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
_IMAGE = compile_pattern(r"!\[([^\]\n]*)\]" + _TARGET)
_LINK = compile_pattern(r"\[([^\[\]\n]*)\]" + _TARGET)
_REF_LINK = compile_pattern(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_REF_DEF = compile_pattern(r"^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$", re.M)
_AUTOLINK = compile_pattern(r"<((?:https?|mailto):[^<>\s]+)>", re.I)
_CODE = compile_pattern(r"`+")
_STRONG = compile_pattern(r"\*\*|__")
_EM_OPEN = compile_pattern(r"(?<![\w*])[*_](?=[^\s*_])")
_EM_CLOSE = compile_pattern(r"(?<=[^\s*_])[*_](?![\w*])")
_ESCAPE = compile_pattern(r"\\{2,}|\\(?=[`*_{}\[\]()#+\-.!|>~\"':;,])")
_SETEXT = compile_pattern(r"^\s{0,3}(?:=+|-{2,}|\*{3,}|_{3,}|(?:[-*_]\s*){3,})\s*$")
_TABLE_SEP = compile_pattern(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# markers that start a new block at the beginning of a line
_BLOCK_START = compile_pattern(
    r"^\s{0,12}(?:#{1,6}\s|>|[*+\-]\s|\d{1,3}[.)]\s|\(?(?:[ivxlc]{1,6}|[a-z]|\d{1,3})\)\s|\|)",
    re.I,
)
_MARKER = compile_pattern(
    r"^(?:\s*(?:#{1,6}(?=\s)|>+|[*+\-](?=\s)|\d{1,3}(?:\.\d{1,3})*[.)](?=\s)))+\s*"
)
_ABBREV = compile_pattern(
    r"(?:\b(?:e\.g|i\.e|etc|inc|ltd|co|corp|no|nos|st|mr|mrs|ms|dr|vs|art|sec|para|approx|u\.s"
    r"|u\.k|p|pp|cf|al|jr|sr|dept|fig|ch|vol|op|seq)|\b[A-Z])\.$",
    re.I,
)
# Every _ABBREV match ends the text and is at most this long ("approx."): only the end of a
# sentence is searched (`\b` still sees the character before the search's start).
_ABBREV_SPAN = 10
_SENT_END = compile_pattern(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-ZÀ-Ý])")
LIST_ITEM = compile_pattern(
    r"^\s*(?:[*+\-]\s|\d{1,3}[.)]\s|\(?(?:[ivxlc]{1,6}|[a-z]|\d{1,3})\)\s)", re.I
)
ENUM = compile_pattern(r"^\(?(?:[ivxlc]{1,6}|[a-z]|\d{1,3})\)\s+", re.I)  # "(a) ", "iv) "
_SUBJECT_START = compile_pattern(
    r"^(?:we|you|our|your|if|in|this|these|the|when|where|for|as|to the|please|notwithstanding)\b",
    re.I,
)
_ITEM_END = compile_pattern(r"[)\w]$")
_HEADING = compile_pattern(r"^\s{0,3}#{1,6}\s")
_SPACE = compile_pattern(r"[\t\r\f\v][ \t\r\f\v]*| [ \t\r\f\v]+")
# _SPACE can only match where one of these occurs; most blocks have none, and looking for them
# is much cheaper than letting the regex try every single space.
SPACE_NEEDLES = ("  ", "\t", "\r", "\f", "\v")


def _collapse_spaces(text: str) -> str:
    """`_SPACE.sub(" ", text)`, skipped when it cannot match."""
    for needle in SPACE_NEEDLES:
        if needle in text:
            return _SPACE.sub(" ", text)
    return text


def _strip_inline(text: str) -> str:
    if "](" in text or "][" in text:
        text = _IMAGE.sub(r"\1", text)
        # nested links (an image inside a link) are handled by a second pass
        text = _LINK.sub(r"\1", _LINK.sub(r"\1", text))
        text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "`" in text:
        text = _CODE.sub("", text)
    if "*" in text or "_" in text:
        text = _STRONG.sub("", text)
        text = _EM_OPEN.sub("", text)
        text = _EM_CLOSE.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub("", text)
    return text


def _clean_chars(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):  # most text is: checking is cheaper
        text = unicodedata.normalize("NFKC", text)
    text = _FIX_CHARS.sub(_fixed_char, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n")


def _fixed_char(match: re.Match[str]) -> str:
    return _CHAR_FIXES[match.group(0)]


def blocks(text: str) -> list[str]:
    """Raw blocks of `text`: paragraphs (soft-wrapped lines joined), list items, headings and
    table cells, with no markup stripped. Whitespace inside a block is collapsed.

    (tests/domain/test_normalize_fast.py keeps the plain version of this loop and checks that
    both agree on every document.)"""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:  # every tag _BR matches has one
        text = _BR.sub("\n\n", text)
    out: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        first = line[:1]
        if first.isalpha() and ")" not in line[:8]:
            # Most lines are prose starting with a letter: no block marker, rule, table row or
            # heading can start one (the only marker starting with a letter is "a) " / "iv) ").
            current.append(line)
            continue
        if not line or line.isspace():  # a blank line ends the block
            if current:
                _flush(current, out)
                current = []
            continue
        if first == "#" or first.isdecimal() or (first == "-" and line[1:2] == " "):
            # Headings, numbered and "- " items: no rule or table row starts like these, except
            # "- - -" (a rule).
            if first == "-" and _SETEXT.match(line):
                _flush(current, out)
                current = []
                continue
        elif _SETEXT.match(line) or _TABLE_SEP.match(line):
            _flush(current, out)
            current = []
            continue
        elif line.lstrip().startswith("|"):
            _flush(current, out)
            current = []
            for cell in line.strip().strip("|").split("|"):
                if cell.strip():
                    _flush([cell], out)
            continue
        if _BLOCK_START.match(line):
            _flush(current, out)
            current = []
        current.append(line)
        if (first == "#" or first.isspace()) and _HEADING.match(line):  # an ATX heading: one line
            _flush(current, out)
            current = []
    _flush(current, out)
    return out


def line_blocks(line: str) -> list[str]:
    """`blocks(line)` for one line (no line break, no "<" or "\r"), without the line walk: the
    line itself, whitespace-collapsed, unless it is a rule, a table separator or a table row."""
    if (line[:1].isalpha() and ")" not in line[:8]) or not (
        _SETEXT.match(line) or _TABLE_SEP.match(line) or line.lstrip().startswith("|")
    ):
        block = _collapse_spaces(line).strip()
        return [block] if block else []
    return blocks(line)


def _flush(current: list[str], out: list[str]) -> None:
    """The lines of one block, joined and whitespace-collapsed, appended to `out`."""
    if current:
        joined = _collapse_spaces(current[0] if len(current) == 1 else " ".join(current)).strip()
        if joined:
            out.append(joined)


def strip_markers(block: str) -> str:
    """Drop a block's leading heading/quote/bullet/number markers."""
    return _MARKER.sub("", block, count=1)


def normalize_block(block: str, _cleaned: bool = False) -> str:
    """The normalised text of one raw block (see `blocks`)."""
    text = _strip_inline(_clean_chars(block) if not _cleaned else block)
    if "<" in text:
        text = _TAG.sub(" ", _INLINE_TAG.sub("", text))
    if "&" in text:
        text = _clean_chars(html.unescape(text))
    text = strip_markers(_collapse_spaces(text).strip())
    return _collapse_spaces(text).strip()


def split_block(block: str) -> list[str]:
    """The sentences of one block (see `blocks`), its list marker dropped."""
    text = strip_markers(block)
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        head = text[start : m.start() + 1].rstrip(".!?\"')]") + "."
        if _ABBREV.search(head, max(0, len(head) - _ABBREV_SPAN)):
            continue
        piece = text[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` in order; each is a substring of the whitespace-collapsed text."""
    return [s for block in blocks(text) for s in split_block(block)]


def looks_like_item(forms: list[str]) -> bool:
    """A block that reads like one item of a list (no subject of its own, ends like an item)."""
    if not forms or len(forms) > 6:
        return False
    first, last = forms[0], forms[-1].rstrip()
    if _SUBJECT_START.match(first):
        return False
    if re.search(r"(?:[;,.]|\bor|\band)$", last):
        return True
    # an item with no closing punctuation ("Copy any Content from the Products (except ...)"):
    # one short clause of several words, not a heading (headings are a few words long)
    return len(forms) == 1 and 6 <= len(first.split()) <= 60 and bool(_ITEM_END.search(last))


def normalize_text(text: str) -> str:
    """Formatting-insensitive text: one block per line, markup gone, sentence text kept."""
    if not text:
        return ""
    text = _clean_chars(text)
    if "]:" in text:  # every reference definition has one
        text = _REF_DEF.sub("", text)
    if "<" in text:  # every tag has one
        text = _INLINE_TAG.sub("", text)
        text = _TAG.sub(lambda m: "\n\n" if _BR.fullmatch(m.group(0)) else " ", text)
    markup = tuple(needle for needle in _MARKUP if needle in text)  # most pages lack most
    lines = [_normalize_raw_block(b, markup) for b in blocks(text)]
    return "\n\n".join(line for line in lines if line)


# A block holding none of these has no inline markup, tag or entity for normalize_block to undo.
_MARKUP = ("*", "_", "<", "&", "`", "\\", "](", "][")


def _normalize_raw_block(block: str, markup: tuple[str, ...] = _MARKUP) -> str:
    """`normalize_block(block, True)` for a block of `blocks()` of cleaned text (`markup`: the
    strings of _MARKUP that the text holds). Such a block is already whitespace-collapsed and
    stripped, so when it holds no markup normalising it only drops its leading markers (and a
    block starting with a letter has none)."""
    for needle in markup:
        if needle in block:
            return normalize_block(block, True)
    if block[:1].isalpha():
        return block
    return strip_markers(block)


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text: equal for formatting-only changes."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()
