"""TrafilaturaExtractor: realistic pages, tiny pages, broken HTML, charsets, huge pages."""

from __future__ import annotations

import time

import pytest
from lxml import html as lxml_html

from bot.adapters.extract import TrafilaturaExtractor, decode, parse_content_type, plain_text
from bot.services.ports import FetchError

from .conftest import FIXTURES, fixture_bytes

extractor = TrafilaturaExtractor()
CORPUS = FIXTURES.parents[2] / "shared" / "corpus"  # /work/shared/corpus next to the repo

NOISE = (
    "NAVTEXT",
    "SIDENAVTEXT",
    "SCRIPTTEXT",
    "STYLETEXT",
    "JSONLDTEXT",
    "FOOTERTEXT",
    "NOSCRIPTTEXT",
    "COOKIEBANNERTEXT",
)


def test_realistic_terms_page_keeps_structure_and_drops_chrome() -> None:
    text = extractor.extract(
        fixture_bytes("terms_page.html"), "text/html; charset=utf-8", "https://soundcloud.com/terms"
    )
    lines = text.splitlines()
    assert "# SoundCloud Terms of Use" in lines
    assert "## Grant of License" in lines
    assert "### You must not" in lines
    assert (
        "- use the output of generative artificial intelligence to impersonate voices or "
        "likenesses without authorization;" in lines
    )
    assert "1. We may amend these Terms of Use from time to time." in lines
    assert (
        "We will not use your content to train generative AI models that aim to replicate or "
        "synthesize your voice, music, or likeness without your explicit consent, which must be "
        "affirmatively provided through an opt-in mechanism." in lines
    )
    assert "SoundCloud Global Limited & Co. KG" in text  # entities decoded
    for noise in NOISE:
        assert noise not in text, noise
    assert "](" not in text  # no links are made up from hrefs


def test_tiny_page_falls_back_to_plain_text() -> None:
    body = (
        b"<html><head><script>var tracking = 1;</script></head><body>"
        b"<nav>Menu</nav><main><h2>Terms</h2><p>We do not train AI.</p></main>"
        b"<footer>Footer links</footer></body></html>"
    )
    text = extractor.extract(body, "text/html")
    assert "We do not train AI." in text
    for noise in ("Menu", "Footer links", "tracking"):
        assert noise not in text


def test_plain_text_fallback_structure() -> None:
    root = lxml_html.document_fromstring(
        "<html><body><header>Site</header><article><h1>Terms</h1><p>Intro <b>bold</b> "
        "text</p><ul><li>one</li><li>two</li></ul><script>evil()</script>after script"
        "<aside>related</aside></article><footer>foot</footer></body></html>"
    )
    assert plain_text(root) == "# Terms\nIntro bold text\n- one\n- two\nafter script"


@pytest.mark.parametrize(
    "body",
    [
        b"<p>unclosed <div><li>one<li>two</ul></table>&bogus; <script>alert(1)",
        b"<html><body><p>" + b"<b>" * 5000 + b"deep" + b"</i>" * 300,
        b"\x00\x01\x02\xff\xfe garbage <<<>>> </html>",
        b"<?xml version='1.0' encoding='bogus-enc'?><html><body><p>x</p></body></html>",
        b"<html><body><!-- only a comment --></body></html>",
        b"   ",
        b"<",
        b"",
    ],
)
def test_broken_html_never_raises(body: bytes) -> None:
    assert isinstance(extractor.extract(body, "text/html"), str)


def test_broken_html_still_yields_its_text() -> None:
    text = extractor.extract(b"<p>unclosed <div><li>one<li>two</ul></table>", "text/html")
    assert "unclosed" in text and "one" in text and "two" in text


def test_empty_and_unreadable_bodies_give_empty_string() -> None:
    assert extractor.extract(b"", "text/html") == ""
    assert extractor.extract(b"<html><body><script>x()</script></body></html>", "text/html") == ""


def test_bodies_that_are_not_text_are_named() -> None:
    with pytest.raises(FetchError, match=r"the page is application/pdf, not text"):
        extractor.extract(b"%PDF-1.7 \x00\x01 binary", "application/pdf")
    with pytest.raises(FetchError, match=r"not labelled; its bytes look like image/png"):
        extractor.extract(b"\x89PNG\r\n\x1a\n\x00\x00", "")


def test_markdown_and_plain_text_pass_through() -> None:
    source = CORPUS / "soundcloud" / "terms-of-service" / "2025-05-27.md"
    if source.exists():
        raw = source.read_bytes()
    else:  # the shared corpus is optional for this test
        raw = "**SoundCloud Terms of Use**\n===\n\n* [Grant](#grant) – “quoted”\n".encode()
    assert extractor.extract(raw, "text/plain; charset=utf-8") == raw.decode("utf-8")
    assert extractor.extract(raw, "text/markdown") == raw.decode("utf-8")
    # text that merely mentions tags is not treated as HTML when labelled as text
    assert extractor.extract(b"Use <b> for bold.", "text/plain") == "Use <b> for bold."


def test_charsets() -> None:
    words = "Café – naïve “AI” clause"
    cp1252 = f"<html><body><main><p>{words}</p></main></body></html>".encode("cp1252")
    assert words in extractor.extract(cp1252, "text/html; charset=windows-1252")
    assert words in extractor.extract(cp1252, "text/html; charset=ISO-8859-1")  # browsers: 1252
    meta = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        f"</head><body><main><p>{words}</p></main></body></html>"
    ).encode("cp1252")
    assert words in extractor.extract(meta, "text/html")
    undeclared_utf8 = f"<html><body><p>{words}</p></body></html>".encode()
    assert words in extractor.extract(undeclared_utf8, "text/html")
    assert words in extractor.extract(cp1252, "text/html")  # not UTF-8: Windows-1252 fallback
    assert words in extractor.extract(cp1252, "text/html; charset=no-such-charset")
    for hostile in ("base64", "zlib", "rot13", "utf-16", "x" * 300):
        assert words in extractor.extract(undeclared_utf8, f"text/html; charset={hostile}")
    assert extractor.extract(words.encode(), "text/plain; charset=base64") == words
    bom = b"\xef\xbb\xbf" + words.encode()
    assert extractor.extract(bom, "text/plain; charset=latin-1") == words  # the BOM wins


def test_xhtml_with_encoding_declaration() -> None:
    body = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><main><h1>Conditions</h1>'
        "<p>Données utilisées pour l’entraînement de l’IA.</p></main></body></html>"
    ).encode("cp1252")
    text = extractor.extract(body, "application/xhtml+xml")
    assert "Données utilisées pour l’entraînement de l’IA." in text
    assert extractor.extract(body, "") == text  # unlabelled, sniffed as HTML


def test_content_type_parsing_and_decode() -> None:
    assert parse_content_type('Text/HTML; Charset="UTF-8"') == ("text/html", "utf-8")
    assert parse_content_type("") == ("", "")
    assert decode("é".encode("cp1252")) == "é"
    assert decode("é".encode()) == "é"


def test_huge_page_finishes_quickly() -> None:
    paragraph = b"<p>Section text about licences and machine learning models.</p>"
    body = b"<html><body><nav>NAVTEXT</nav><main>" + paragraph * 80_000 + b"</main></body></html>"
    assert len(body) > 5_000_000
    started = time.monotonic()
    text = extractor.extract(body, "text/html")
    elapsed = time.monotonic() - started
    assert elapsed < 15, elapsed
    assert text.count("machine learning models") == 80_000
    assert "NAVTEXT" not in text


def _reference_decode(body: bytes, charset: str = "", *, html: bool = False) -> str:
    """decode() as it was before the <meta> charset was read lazily: always read, first."""
    from bot.adapters import decode as module

    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le")):
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    if body.startswith(b"\xfe\xff"):
        return body[2:].decode("utf-16-be", errors="replace")
    labels = [charset, module._meta_charset(body)] if html else [charset]
    declared = module._declared(labels)
    first = declared[0] if declared else ""
    if body.isascii() and not first.startswith(module._SEVEN_BIT):
        return body.decode("ascii")
    utf8 = module._strict(body, "utf-8")
    if utf8 is not None and first in ("", "utf-8"):
        return utf8
    if utf8 is None and first not in ("", "utf-8"):
        text = module._strict(body, first)
        if text is not None:
            return text
    sniffed = module._sniff(body, [*declared, "utf-8", module._FALLBACK])
    if sniffed is None:
        sniffed = module._sniff(body, None)
    if sniffed is not None:
        return sniffed
    return body.decode(first or module._FALLBACK, errors="replace")


def test_the_meta_charset_is_read_only_where_it_can_change_the_text() -> None:
    words = "Café – naïve “AI” clause 利用規約"
    metas = [
        "",
        '<meta charset="shift_jis">',
        '<meta charset="windows-1252">',
        '<meta charset="utf-8">',
    ]
    bodies = []
    for meta in metas:
        page = f"<html><head>{meta}</head><body><main><p>{words}</p></main></body></html>"
        for encoding in ("utf-8", "shift_jis", "cp1252"):
            bodies.append(page.encode(encoding, errors="replace"))
        bodies.append(page.encode("ascii", errors="replace"))
    for body in bodies:
        for charset in ("", "utf-8", "shift_jis", "windows-1252", "no-such", "base64", "utf-7"):
            for html in (True, False):
                assert decode(body, charset, html=html) == _reference_decode(
                    body, charset, html=html
                )
