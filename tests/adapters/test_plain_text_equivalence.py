"""The structural extraction's fast walk (plain lxml elements, libxslt or one counter per
<ol>, whole-text whitespace passes) gives, byte for byte, the text of the plain version kept
here (lxml.html tree, Python walk, `" ".join(line.split())` per line, each <li>'s earlier
siblings counted), on every harness page (every corpus document at revisions 0-2, as
../shared/peers/serve_corpus.py serves them), every corpus and devset document rendered the
same way, the fixture page, edge cases and random HTML (both the libxslt walk and the Python
walk, which takes lists libxslt would number differently or too slowly)."""

from __future__ import annotations

import random
import sys

import pytest
from lxml import etree
from lxml import html as lxml_html

from bot.adapters.decode import decode
from bot.adapters.extract import TrafilaturaExtractor, plain_text
from bot.adapters.html_text import _SKIP
from tests.conftest import CORPUS, REPO
from tests.domain.test_prefilter import documents

PEERS = REPO.parent / "shared" / "peers"
FIXTURES = REPO / "tests" / "fixtures"
HTML = "text/html; charset=utf-8"
extractor = TrafilaturaExtractor()
_HEADINGS = {f"h{level}": "#" * level + " " for level in range(1, 7)}
_BLOCK = {"address", "article", "blockquote", "br", "dd", "details", "div", "dl", "dt"}
_BLOCK |= {"figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol"}
_BLOCK |= {"p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"}


# ------------------------------------------------------------ the plain version (reference)


def reference_parse(text: str) -> lxml_html.HtmlElement | None:
    if not text.strip():
        return None
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml_html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        return None


def reference_item_marker(item: etree._Element) -> str:
    parent = item.getparent()
    if parent is None or parent.tag != "ol":
        return "- "
    try:
        number = int(parent.get("start") or 1)
    except ValueError:
        number = 1
    for sibling in parent:
        if sibling is item:
            break
        if sibling.tag == "li":
            number += 1
    return f"{number}. "


def reference_plain_text(root: etree._Element, separator: str = "\n") -> str:
    scope = None
    for tag in ("main", "article", "body"):
        found = root.find(f".//{tag}") if root.tag != tag else root
        if found is not None:
            scope = found
            break
    if scope is None:
        scope = root
    skip = _SKIP - {"header", "footer"} if scope.tag in ("main", "article") else _SKIP
    parts: list[str] = []
    walker = etree.iterwalk(scope, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in skip or not tag:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                parts.append("\n")
            if tag in _HEADINGS:
                parts.append(_HEADINGS[tag])
            elif tag == "li":
                parts.append(reference_item_marker(element))
            if element.text:
                parts.append(element.text)
        else:
            if tag in _BLOCK:
                parts.append("\n")
            if element.tail and element is not scope:
                parts.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return separator.join(line for line in lines if line and line not in ("-", "- "))


def reference_structural(body: bytes) -> str | None:
    """What the structural path returned for a page, None where the page went elsewhere."""
    root = reference_parse(decode(body, "utf-8", html=True))
    if root is None or sum(1 for _ in root.iter()) > 50_000:
        return None
    mains = root.findall(".//main") if root.tag != "main" else [root]
    if (len(mains) != 1) if mains else len(root.findall(".//article")) != 1:
        return None
    text = reference_plain_text(root, "\n\n")
    return text if len(text) >= 250 else None


# ------------------------------------------------------------------------- the pages


def _serve_corpus():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(PEERS))
    try:
        import serve_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(PEERS))
    return serve_corpus


def harness_pages() -> list[str]:
    """Every page the peers harness serves (each corpus document at revisions 0, 1, 2), and
    every corpus/devset document rendered into the same page shell."""
    serve_corpus = _serve_corpus()
    site = serve_corpus.CorpusSite(corpus_dir=CORPUS, count=0, prerender=False)
    pages = []
    for doc_id in range(len(site.files)):
        head, tail = serve_corpus._page_shell(site.title_of(doc_id), doc_id, len(site.files))
        footer = tail.replace("<!--noise-->", "")
        pages += [head + site.main_html(doc_id, rev) + footer for rev in range(3)]
    head, tail = serve_corpus._page_shell("doc", 0, 1)
    for path in documents():
        markdown = path.read_text(encoding="utf-8", errors="replace")
        pages.append(head + serve_corpus.markdown_to_html(markdown) + tail)
    return pages


needs_harness = pytest.mark.skipif(
    not (CORPUS.is_dir() and (PEERS / "serve_corpus.py").is_file()), reason="corpus not present"
)

EDGES = [
    "<ol start='3'><li>a</li><li>b</li><p>x</p><li>c<ol><li>d</li><li>e</li></ol></li></ol>",
    "<ol start=' 7 '><li>a</li><li>b</li></ol><ol start='x'><li>a</li></ol><ol start=''><li>a",
    "<ol start='1_0'><li>a</li><!-- c --><li>b</li></ol><ol start='-2'><li>a</li><li>b</li></ol>",
    "<ol><li>one</li></ol><ol><li>two</li><li>three</li></ol><ul><li>- </li><li>-</li><li></li>",
    "<ol>" + "<li>item</li>" * 300 + "</ol>",
    "<p>tab\there\u00a0nbsp \u3000 ideo\u2028sep\u2029 para\x0bvt\x0cff\x1cfs\x85nel</p>",
    "<p>  lead and trail  </p>\n\n  <p>\n - \n</p><div> -</div><p>a  \n  b \r\n c\rd</p>",
    "<p>x<script>evil()</script>tail of script<style>s</style>tail<nav>n</nav>t</p>",
    "<header>kept in main</header><p>body</p><footer>foot</footer><aside>aside</aside>",
    "<h1>T</h1><h6>six</h6><table><tr><td>c1</td><td>c2</td></tr></table><br>after br<hr>",
    "<p>\u2003\u2009thin\u200aspaces\u202fand\u205fmath\u1680ogham\u2000en</p>",
    "<o:p>office</o:p><st1:place>x <b>y</b></st1:place><p>y<o:p></o:p>z</p><svg:rect>s</svg:rect>",
    "<ol start='2'><li>a<ol><li>b</li></ol></li><li>c</li></ol><ol start='0010'><li>x</li></ol>",
    "<MAIN>upper</MAIN><P>para</P><LI>item</LI>" + "<div>" * 300 + "deep" + "</div>" * 300,
]


def _edge_page(inner: str, wrapper: str) -> str:
    return (
        "<html><head><title>t</title></head><body><nav>menu</nav>"
        + wrapper.format(inner + "<p>" + "filler words to pass the threshold. " * 9 + "</p>")
        + "<footer>f</footer></body></html>"
    )


def random_page(rng: random.Random) -> str:
    tags = ["p", "div", "li", "ol", "ul", "span", "b", "h2", "br", "script", "nav", "td", "em"]
    words = ["word", " ", "  ", "\n", "\t", "\u00a0", "-", "- ", "x y", "\u3000", "\r\n", "é"]
    out: list[str] = []
    depth: list[str] = []
    for _ in range(rng.randrange(20, 200)):
        roll = rng.random()
        if roll < 0.35:
            tag = rng.choice(tags)
            start = f" start='{rng.choice(['2', ' 5', 'x', '', '0'])}'" if tag == "ol" else ""
            out.append(f"<{tag}{start}>")
            if tag != "br":
                depth.append(tag)
        elif roll < 0.55 and depth:
            out.append(f"</{depth.pop()}>")
        else:
            out.append("".join(rng.choice(words) for _ in range(rng.randrange(1, 6))))
    return "".join(out)


def _check(page: str) -> None:
    body = page.encode()
    expected = reference_structural(body)
    if expected is not None:
        assert extractor.extract(body, HTML) == expected
    ours, theirs = reference_parse(page), reference_parse(page)
    if ours is not None and theirs is not None:
        assert plain_text(ours) == reference_plain_text(theirs)


@needs_harness
def test_every_harness_and_document_page_extracts_as_before() -> None:
    checked = 0
    for page in harness_pages():
        body = page.encode()
        expected = reference_structural(body)
        if expected is None:  # a tiny document: trafilatura reads it, as before
            continue
        assert extractor.extract(body, HTML) == expected
        checked += 1
    assert checked >= 3 * 73 + 300


def test_fixture_page_extracts_as_before() -> None:
    _check((FIXTURES / "terms_page.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("wrapper", ["<main>{}</main>", "<article>{}</article>", "<div>{}</div>"])
@pytest.mark.parametrize("inner", EDGES)
def test_edge_cases_extract_as_before(inner: str, wrapper: str) -> None:
    _check(_edge_page(inner, wrapper))


def test_random_html_extracts_as_before() -> None:
    rng = random.Random(13)
    for _ in range(300):
        _check(_edge_page(random_page(rng), rng.choice(["<main>{}</main>", "{}"])))


def test_an_item_as_the_walked_root_keeps_its_number() -> None:
    root = lxml_html.fromstring("<ol start='4'><li>a</li><li>b</li><li>c</li></ol>")
    item = root[2]
    assert plain_text(item) == reference_plain_text(item) == "6. c"
