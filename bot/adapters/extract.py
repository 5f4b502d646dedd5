"""Readable text from fetched terms documents.

`TrafilaturaExtractor` implements `bot.services.ports.TextExtractor`:
- HTML (text/html, application/xhtml+xml, or an unlabelled body that looks like HTML) that marks
  its content (one <main>, or one <article>) is read from that element, block by block (fast path,
  see `TrafilaturaExtractor`). Other HTML goes through
  trafilatura with Markdown output, so headings and list items survive and navigation, scripts,
  footers and cookie banners are dropped. When trafilatura finds nothing (tiny pages), a plain
  lxml walk over <main>/<article>/<body> is used instead (scripts, styles, nav, header, footer,
  aside and forms skipped). HTML is never taken apart with regular expressions.
- text/markdown and text/plain bodies (e.g. Open Terms Archive versions from
  raw.githubusercontent.com) are returned decoded, as they are.
- Anything else (PDF, images, binary) raises `FetchError` naming the content type ("the page is
  application/pdf, not text"; for an unlabelled binary body, what its first bytes look like).

Decoding (byte-order mark, declared charsets, sniffing): bot.adapters.decode.

`extract` never raises for bad text: broken or hostile HTML gives text or "". The caller treats
"" as "no readable text". It is CPU-bound; call it through `asyncio.to_thread` from async code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from bot.adapters.decode import SNIFF_BYTES, decode, parse_content_type
from bot.adapters.html_text import plain_text
from bot.services.ports import FetchError

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/html"})
TEXT_TYPES = frozenset(
    {"text/plain", "text/markdown", "text/x-markdown", "text/x-web-markdown", "text/md"}
)
_UNLABELLED = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_MIN_TRAFILATURA_CHARS = 250  # trafilatura's own MIN_EXTRACTED_SIZE

# What an unlabelled binary body is, by its first bytes (for the error message only).
_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"RIFF", "a RIFF file (image/webp, audio/wav, ...)"),
    (b"PK\x03\x04", "application/zip (or a zipped office document)"),
    (b"\x1f\x8b", "application/gzip"),
)


class NotText(FetchError):
    """The body is not text at all (a PDF, an image): says which content type it is."""


EXTRACTOR_VERSION = "main-2"  # stored with each snapshot; see WatchService re-baselining


class TrafilaturaExtractor:
    """HTML → Markdown-ish text; text bodies pass through decoded.

    A page that marks its content (exactly one <main>, or no <main> and exactly one <article>)
    holding at least 250 characters of text is read structurally: that element's blocks, one
    paragraph each, nav/forms/scripts skipped (`plain_text`), about ten times faster than
    trafilatura and with the same verdicts on the corpus (tests/adapters/test_extract_equivalence).
    Other pages go through trafilatura (imported on first use)."""

    def __init__(
        self, *, favor_recall: bool = True, max_elements: int = 50_000, structural: bool = True
    ) -> None:
        """`max_elements`: above this many HTML elements trafilatura gets slow (about 18 s for
        200,000 paragraphs), so such pages go straight to the plain lxml extraction.
        `structural=False`: every page through trafilatura (the extractor before version
        main-2; kept to compare the two)."""
        self._favor_recall = favor_recall
        self._max_elements = max_elements
        self._structural = structural
        self.version = EXTRACTOR_VERSION if structural else "trafilatura"

    def extract(self, body: bytes, content_type: str, url: str = "") -> str:
        """Readable text (headings and lists kept as Markdown) from an HTML/Markdown/text body."""
        if not body:
            return ""
        try:
            return self._extract(body, content_type, url)
        except NotText:
            raise
        except Exception:  # hostile input must never crash a watch cycle; "" means no text
            log.warning("text extraction failed for %s", url or "a page", exc_info=True)
            return ""

    def _extract(self, body: bytes, content_type: str, url: str) -> str:
        mime, charset = parse_content_type(content_type)
        if mime in TEXT_TYPES:
            return decode(body, charset, html=False)
        if mime in HTML_TYPES:
            return self._from_html(decode(body, charset, html=True), url)
        if mime in _UNLABELLED or mime.startswith("text/"):
            if _looks_like_html(body):
                return self._from_html(decode(body, charset, html=True), url)
            if mime.startswith("text/") or _looks_like_text(body):
                return decode(body, charset, html=False)
        raise NotText(_not_text(body, mime))

    def _from_html(self, text: str, url: str) -> str:
        tree = _parse_fast(text)
        if tree is None:
            return ""
        size = _element_count(tree)
        if size > self._max_elements:
            log.info("%s has %d HTML elements; using plain text extraction", url or "page", size)
            return plain_text(tree)
        if self._structural and _marked_content(tree):
            marked = plain_text(tree, "\n\n")
            if len(marked) >= _MIN_TRAFILATURA_CHARS:
                return marked
        tree = _parse(text)  # trafilatura gets the lxml.html tree it always had
        if tree is None:
            return ""
        import trafilatura  # only pages without marked content need it (slow to import)

        extracted = ""
        try:
            extracted = (
                trafilatura.extract(
                    tree,
                    url=url or None,
                    output_format="markdown",
                    include_formatting=True,
                    include_tables=True,
                    include_links=False,
                    include_images=False,
                    include_comments=False,
                    favor_recall=self._favor_recall,
                    deduplicate=False,
                    with_metadata=False,
                )
                or ""
            )
        except Exception:  # third-party parser on hostile input: never let it escape
            log.warning("trafilatura failed on %s; using plain text extraction", url, exc_info=True)
        extracted = extracted.strip()
        if len(extracted) >= _MIN_TRAFILATURA_CHARS:
            return extracted
        # Tiny page: trafilatura found nothing, or fell back to the whole body (menus and all).
        fallback_tree = _parse(text)  # trafilatura prunes the tree it was given
        plain = plain_text(fallback_tree) if fallback_tree is not None else ""
        return plain or extracted


# ---------------------------------------------------------------------- helpers


def _not_text(body: bytes, mime: str) -> str:
    shown = "".join(ch for ch in mime if ch.isprintable())[:80]
    if shown and shown not in _UNLABELLED:
        return f"the page is {shown}, not text"
    sniffed = next((kind for magic, kind in _MAGIC if body.startswith(magic)), "")
    label = f"labelled {shown}" if shown else "not labelled"
    if sniffed:
        return f"the page is binary ({label}; its bytes look like {sniffed}), not text"
    return f"the page is binary ({label}), not text"


def _looks_like_html(body: bytes) -> bool:
    start = body[:1024].lstrip().lower()
    if start.startswith(b"<?xml"):  # XHTML with an XML declaration
        return b"<html" in body[:SNIFF_BYTES].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"))


def _looks_like_text(body: bytes) -> bool:
    return b"\x00" not in body[:1024]


def _parse(text: str) -> lxml_html.HtmlElement | None:
    """An lxml.html tree (what trafilatura is given); explicit UTF-8 so in-document encoding
    declarations cannot confuse it."""
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return _parsed(text, parser, lxml_html.document_fromstring)


def _parse_fast(text: str) -> etree._Element | None:
    """The same parse as `_parse` (same libxml2 parser and options), into plain lxml elements:
    lxml.html's per-element class lookup (a Python call for every element touched) is the
    costliest part of walking an lxml.html tree, and the structural path needs none of it."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return _parsed(text, parser, etree.fromstring)


def _parsed(text: str, parser: Any, parse: Callable[..., Any]) -> Any:
    """`parse` of `text` as UTF-8 bytes, or None for blank or unparseable HTML."""
    if not text.strip():
        return None
    try:
        return parse(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        log.debug("unparseable HTML", exc_info=True)
        return None


def _element_count(root: etree._Element) -> int:
    """`sum(1 for _ in root.iter())` (elements, comments, processing instructions), counted by
    libxml2 instead of one Python object per node."""
    return int(_COUNT_NODES(root))


_COUNT_NODES = etree.XPath(
    "count(descendant-or-self::*|descendant::comment()|descendant::processing-instruction())"
)


def _marked_content(root: etree._Element) -> bool:
    """The page says where its content is: one <main>, or no <main> and one <article>."""
    mains = root.findall(".//main") if root.tag != "main" else [root]
    if mains:
        return len(mains) == 1
    return len(root.findall(".//article")) == 1
