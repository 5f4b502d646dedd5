"""The structural extraction (pages with one <main>/<article>) gives trafilatura's verdicts and
trafilatura's AI changes, on every corpus page rendered as the peers benchmark serves it
(../shared/peers/serve_corpus.py: nav bar, <main>, footer; revisions = later dated versions or an
inserted AI clause) and on a real-world-like page with navigation, cookie banner and footer."""

from __future__ import annotations

import sys

import pytest

from bot.adapters.extract import EXTRACTOR_VERSION, TrafilaturaExtractor
from bot.domain.diff import compare
from bot.domain.models import Verdict
from bot.domain.verdict import classify
from tests.conftest import CORPUS, REPO

PEERS = REPO.parent / "shared" / "peers"
FIXTURES = REPO / "tests" / "fixtures"
structural = TrafilaturaExtractor()
trafilatura_only = TrafilaturaExtractor(structural=False)
HTML = "text/html; charset=utf-8"


def _plain(quote: str) -> str:
    """A quote without Markdown escapes/emphasis marks (trafilatura keeps some, e.g. "\\ ")."""
    return " ".join(quote.replace("\\", " ").replace("*", " ").split())


def _same_verdict(a: Verdict, b: Verdict) -> bool:
    return (
        a.platform_training == b.platform_training
        and a.third_party_training == b.third_party_training
        and a.scope == b.scope
        and [_plain(e.quote) for e in a.evidence] == [_plain(e.quote) for e in b.evidence]
    )


def _pages() -> list[tuple[str, list[str]]]:
    """(name, [page HTML at revision 0, 1, 2]) for every corpus document, as served."""
    sys.path.insert(0, str(PEERS))
    try:
        import serve_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(PEERS))
    site = serve_corpus.CorpusSite(corpus_dir=CORPUS, count=0, prerender=False)
    out = []
    for doc_id, corpus_file in enumerate(site.files):
        head, tail = serve_corpus._page_shell(site.title_of(doc_id), doc_id, len(site.files))
        footer = tail.replace("<!--noise-->", "")
        revisions = [head + site.main_html(doc_id, rev) + footer for rev in range(3)]
        out.append((corpus_file.path, revisions))
    return out


@pytest.mark.skipif(
    not (CORPUS.is_dir() and (PEERS / "serve_corpus.py").is_file()), reason="corpus not present"
)
def test_structural_extraction_keeps_every_verdict_and_change_of_the_corpus() -> None:
    checked = 0
    for name, revisions in _pages():
        fast = [structural.extract(p.encode(), HTML, "https://x/") for p in revisions]
        slow = [trafilatura_only.extract(p.encode(), HTML, "https://x/") for p in revisions]
        for rev, (f, s) in enumerate(zip(fast, slow, strict=True)):
            assert _same_verdict(classify(f), classify(s)), (name, rev)
        for rev in (1, 2):
            cf = compare(fast[rev - 1], fast[rev], platform_name="P", document_label="terms")
            cs = compare(slow[rev - 1], slow[rev], platform_name="P", document_label="terms")
            assert cf.ai_relevant == cs.ai_relevant, (name, rev)
            assert [_plain(q) for q in cf.added] == [_plain(q) for q in cs.added], (name, rev)
            assert [_plain(q) for q in cf.removed] == [_plain(q) for q in cs.removed], (name, rev)
            assert _same_verdict(cf.before, cs.before) and _same_verdict(cf.after, cs.after)
        checked += 1
    assert checked >= 70


CHROME = """<!DOCTYPE html><html><head><title>Terms</title><script>var t = 1;</script></head>
<body><div id="cookie-banner" class="cookie">We use cookies to improve our AI-powered
recommendations. <button>Accept all</button> <a href="/privacy">Manage settings</a></div>
<header><nav><a href="/">Home</a> <a href="/ai">Our AI</a> <a href="/login">Log in</a></nav>
</header>{main}<aside>Related: machine learning at Example</aside>
<footer><p>(c) 2026 Example Inc. | <a href="/terms">Terms</a> | <a href="/cookies">Cookies</a>
</p><form><input name="email"><button>Subscribe to our AI newsletter</button></form></footer>
</body></html>"""


@pytest.mark.parametrize(
    "main",
    [
        "<main>{body}</main>",
        "<div class='wrap'><article>{body}</article></div>",
        "<main><header><h1>Terms</h1><p>Updated 2026</p></header>{body}</main>",
    ],
)
def test_page_chrome_is_dropped_and_verdicts_agree(main: str) -> None:
    body = (FIXTURES / "terms_page.html").read_text(encoding="utf-8")
    start, end = body.index("<h1"), body.rindex("</main>") if "</main>" in body else None
    inner = body[start:end] if end else body[start:]
    page = CHROME.format(main=main.format(body=inner))
    fast = structural.extract(page.encode(), HTML, "https://x/")
    slow = trafilatura_only.extract(page.encode(), HTML, "https://x/")
    for chrome in ("cookies", "Accept all", "Log in", "newsletter", "Related:", "(c) 2026"):
        assert chrome not in fast
    assert _same_verdict(classify(fast), classify(slow))


def test_pages_without_marked_content_still_go_through_trafilatura() -> None:
    page = CHROME.format(main="<main>short</main><main>two mains</main>")
    assert structural.extract(page.encode(), HTML) == trafilatura_only.extract(page.encode(), HTML)


def test_versions_name_the_extraction() -> None:
    assert structural.version == EXTRACTOR_VERSION != trafilatura_only.version
