"""The text of an HTML page's content element, one line per block (see `plain_text`).

Used by bot.adapters.extract for pages that mark their content (<main>, <article>) and as the
fallback for pages trafilatura cannot read.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

__all__ = ["plain_text"]

# Elements whose text is never part of the document in the lxml fallback. Inside <main> or
# <article>, <header> and <footer> belong to the document (title, "last updated") and are kept.
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "button",
        "select",
        "textarea",
        "head",
        "title",
        "object",
        "embed",
        "canvas",
    }
)
_BLOCK = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_HEADINGS = {f"h{level}": "#" * level + " " for level in range(1, 7)}


def _ol_start(ordered: etree._Element) -> int:
    """The number of the first item of an <ol> (its start=, else 1)."""
    try:
        return int(ordered.get("start") or 1)
    except ValueError:
        return 1


def _item_marker(item: etree._Element) -> str:
    """ "- " for an item of <ul>, "N. " for the Nth item of an <ol> (its start= honoured)."""
    parent = item.getparent()
    if parent is None or parent.tag != "ol":
        return "- "
    number = _ol_start(parent)
    for sibling in parent:
        if sibling is item:
            break
        if sibling.tag == "li":
            number += 1
    return f"{number}. "


# Whitespace (str.isspace) other than " " and "\n", spelt out: a class of literal characters is
# much faster for the regex engine than one built from the \s category.
_ODD_SPACE = re.compile(
    "[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_SPACES = re.compile("  +")


def plain_text(root: etree._Element, separator: str = "\n") -> str:
    """Text of <main>, else <article>, else <body>: one line per block (blocks joined by
    `separator`: a blank line makes each its own paragraph), headings as Markdown.

    Lines are the text's newline-separated pieces with whitespace collapsed as
    `" ".join(line.split())` does, empty ones and lone "-" dropped; done here by passes over the
    whole text rather than by splitting every line into words (tests/adapters/
    test_plain_text_equivalence.py keeps the per-line version and checks that both agree)."""
    scope = None
    for tag in ("main", "article", "body"):
        found = root.find(f".//{tag}") if root.tag != tag else root
        if found is not None:
            scope = found
            break
    if scope is None:
        scope = root
    text = _transformed(scope)
    if text is None:
        text = _walked(scope)
    text = _ODD_SPACE.sub(" ", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    # now " " is the only whitespace within a line, never twice in a row
    lines = [line.strip(" ") for line in text.split("\n") if line]  # most lines are empty
    return separator.join([line for line in lines if line and line != "-"])


def _walked(scope: etree._Element) -> str:
    """The raw text of `scope`: block elements on lines of their own, headings and list items
    marked, skipped elements left out (their tails kept)."""
    skip = _SKIP - {"header", "footer"} if scope.tag in ("main", "article") else _SKIP
    parts: list[str] = []
    append = parts.append
    next_number: dict[etree._Element, int] = {}  # per <ol> being walked: its next item's number
    walker = etree.iterwalk(scope, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):
            tag = ""
        if event == "start":
            if tag in skip or not tag:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                append("\n")
                if tag in _HEADINGS:
                    append(_HEADINGS[tag])
                elif tag == "li":
                    append(_marker(element, scope, next_number))
            if element.text:
                append(element.text)
        else:
            if tag in _BLOCK:
                append("\n")
            if element.tail and element is not scope:
                append(element.tail)
    return "".join(parts)


def _marker(item: etree._Element, scope: etree._Element, next_number: dict) -> str:
    """`_item_marker(item)` without counting the earlier items of an <ol> again for every item:
    the walk meets every <li> child of an <ol> inside the scope, in order."""
    parent = item.getparent()
    if parent is None or parent.tag != "ol":
        return "- "
    if item is scope:  # its earlier siblings are outside the walk
        return _item_marker(item)
    number = next_number.get(parent)
    if number is None:
        number = _ol_start(parent)
    next_number[parent] = number + 1
    return f"{number}. "


# ------------------------------------------------------------ the same walk, by libxslt

# `_walked` as an XSLT stylesheet: libxslt walks the tree in C, about three times faster than
# the Python loop. Used for the usual scopes only, and not where an <ol> has a start= that
# XPath would read differently from int() (anything but 1-9 ASCII digits) or more than 200
# items (counting each item's earlier siblings would be quadratic).
_XSLT_SCOPES = frozenset({"main", "article", "body", "html"})
_WALK_IN_PYTHON = etree.XPath(
    "boolean(descendant-or-self::ol[li[201] or (@start and (string-length(@start) = 0"
    " or string-length(@start) > 9 or translate(@start, '0123456789', '') != ''))])"
)
_NEWLINE = "<xsl:text>&#10;</xsl:text>"


def _stylesheet(skip: frozenset[str]) -> etree._Element:
    blocks = sorted(_BLOCK - {"li"} - set(_HEADINGS))
    headings = "".join(
        f'<xsl:template match="{tag}"><xsl:text>&#10;{prefix}</xsl:text>'
        f"<xsl:apply-templates/>{_NEWLINE}</xsl:template>"
        for tag, prefix in _HEADINGS.items()
    )
    return etree.XML(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:output method="text" encoding="UTF-8"/>'
        f'<xsl:template match="{"|".join(sorted(skip))}"/>'
        f'<xsl:template match="{"|".join(blocks)}">'
        f"{_NEWLINE}<xsl:apply-templates/>{_NEWLINE}</xsl:template>"
        f"{headings}"
        f'<xsl:template match="li">{_NEWLINE}<xsl:choose>'
        '<xsl:when test="parent::ol[@start]">'
        '<xsl:value-of select="../@start + count(preceding-sibling::li)"/>. </xsl:when>'
        '<xsl:when test="parent::ol">'
        '<xsl:value-of select="1 + count(preceding-sibling::li)"/>. </xsl:when>'
        "<xsl:otherwise>- </xsl:otherwise></xsl:choose>"
        f"<xsl:apply-templates/>{_NEWLINE}</xsl:template>"
        "</xsl:stylesheet>"
    )


_STYLESHEETS = {
    True: _stylesheet(_SKIP - {"header", "footer"}),  # scope is <main> or <article>
    False: _stylesheet(_SKIP),
}
_compiled = threading.local()  # XSLT objects are compiled once per thread


def _transformed(scope: etree._Element) -> str | None:
    """`_walked(scope)` computed by libxslt; None where only the Python walk is exact."""
    if scope.tag not in _XSLT_SCOPES or _WALK_IN_PYTHON(scope):
        return None
    in_content = scope.tag in ("main", "article")
    transforms = getattr(_compiled, "transforms", None)
    if transforms is None:
        transforms = _compiled.transforms = {}
    transform = transforms.get(in_content)
    if transform is None:
        transform = transforms[in_content] = etree.XSLT(_STYLESHEETS[in_content])
    try:
        return str(transform(scope))
    except etree.LxmlError:  # e.g. libxslt's recursion limit: the Python walk has none
        return None
