"""Text from the bytes of a fetched page.

Decoding: a byte-order mark wins. Otherwise the declared charsets (Content-Type, then for HTML a
<meta> charset found by parsing the head) are trusted only when the bytes agree: a body that is
valid UTF-8 and declared UTF-8 (or declared nothing) is UTF-8; any conflict (a page declared
shift_jis but sent as UTF-8, a page declared UTF-8 that is not) is decided by charset-normalizer
among the declared charsets, UTF-8 and Windows-1252, then among all it knows; failing that, the
first declared charset, else Windows-1252 (never fails).
"""

from __future__ import annotations

import codecs
import logging

from lxml import etree
from lxml import html as lxml_html

log = logging.getLogger(__name__)

SNIFF_BYTES = 4096  # how far into a body a <meta> charset (or an HTML start) is looked for
_LATIN1_ALIASES = frozenset({"iso8859-1", "latin-1", "ascii", "us-ascii"})
_FALLBACK = "cp1252"
_SEVEN_BIT = ("iso2022", "utf-7", "hz")  # ASCII bytes that are not ASCII text


def parse_content_type(content_type: str) -> tuple[str, str]:
    """("text/html", "utf-8") from 'text/html; charset="UTF-8"'; lower-cased, "" if absent."""
    mime, _, params = (content_type or "").partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return mime.strip().lower(), charset


def decode(body: bytes, charset: str = "", *, html: bool = False) -> str:
    """BOM → declared charsets if the bytes agree → sniffed (charset-normalizer) → UTF-8 →
    Windows-1252. See the module docstring."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    declared = _declared([charset])
    meta_read = not html
    if not declared and html:  # the header names no charset: the page's <meta> comes first
        declared, meta_read = _declared([_meta_charset(body)]), True
    first = declared[0] if declared else ""
    if body.isascii() and not first.startswith(_SEVEN_BIT):
        return body.decode("ascii")
    utf8 = _strict(body, "utf-8")
    if utf8 is not None and first in ("", "utf-8"):
        return utf8
    if utf8 is None and first not in ("", "utf-8"):
        text = _strict(body, first)
        if text is not None:
            return text  # the bytes are what the page says (and not UTF-8)
    # A conflict: declared X but sent as UTF-8, declared UTF-8 but it is not, or undecodable.
    # Every declared charset takes part, the header's and the <meta>'s (parsed only now: the
    # header's charset alone decides every page whose bytes agree with it).
    if not meta_read:
        declared = _declared([charset, _meta_charset(body)])
    sniffed = _sniff(body, [*declared, "utf-8", _FALLBACK])
    if sniffed is None:  # none of the likely ones fits: let the bytes say what they are
        sniffed = _sniff(body, None)
    if sniffed is not None:
        return sniffed
    if first:
        return body.decode(first, errors="replace")
    return body.decode(_FALLBACK, errors="replace")


def _declared(labels: list[str]) -> list[str]:
    """The text codecs `labels` name, in order, once each."""
    return list(dict.fromkeys(c for c in map(_codec, labels) if c and _is_text_codec(c)))


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _sniff(body: bytes, candidates: list[str] | None) -> str | None:
    """The text in whichever candidate charset (None: any) charset-normalizer finds most
    plausible; None when none is."""
    import charset_normalizer  # only pages whose bytes and labels disagree need it

    names = list(dict.fromkeys(candidates)) if candidates else None
    try:
        best = charset_normalizer.from_bytes(body, cp_isolation=names).best()
    except Exception:  # third-party sniffing on hostile bytes: fall back to the labels
        log.debug("charset sniffing failed", exc_info=True)
        return None
    if best is None:
        return None
    log.debug("charset sniffed: %s among %s", best.encoding, names)
    return str(best)


def _is_text_codec(name: str) -> bool:
    """False for bytes-to-bytes codecs such as "base64" or "zlib" (and text-to-text "rot13")."""
    try:
        b"a".decode(name)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


def _codec(name: str) -> str:
    if not name:
        return ""
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return ""
    if canonical in _LATIN1_ALIASES:
        return "cp1252"  # what browsers do with these labels
    if canonical.startswith("utf-16") or canonical.startswith("utf-32"):
        return "utf-8"  # an ASCII-compatible page cannot really be UTF-16 (HTML spec)
    return canonical


def _meta_charset(body: bytes) -> str:
    """The charset a <meta> in the first bytes declares, found by parsing (not by regex)."""
    head = body[:SNIFF_BYTES].decode("latin-1")
    try:
        doc = lxml_html.document_fromstring(head)
    except (etree.LxmlError, ValueError):
        return ""
    for meta in doc.iter("meta"):
        declared = meta.get("charset")
        if declared:
            return declared.strip().lower()
        if (meta.get("http-equiv") or "").strip().lower() == "content-type":
            _, charset = parse_content_type(meta.get("content") or "")
            if charset:
                return charset
    return ""
