"""The HTML pages against a real database filled from real corpus texts."""

from __future__ import annotations

import html as html_module
import io
import json
import re
from html.parser import HTMLParser

from PIL import Image

from bot.adapters.timeline import VERDICT_COLOURS
from bot.domain.models import PlatformTraining
from tests.web.conftest import CORPUS, PAYLOAD, Site

LABELS = json.loads((CORPUS / "labels-dev.json").read_text())


class Tags(HTMLParser):
    """Collects start tags with their attributes: proves what the browser would build."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def lines_of(block: str, kind: str) -> list[str]:
    """The text of the diff lines of one kind, as a reader sees it (tags stripped)."""
    found = re.findall(rf'<p class="diff-line {kind}">.*?</span><span>(.*?)</span></p>', block)
    return [html_module.unescape(re.sub(r"<[^>]+>", "", line)) for line in found]


def row_of(html: str, platform_id: str) -> str:
    match = re.search(
        rf'<tr [^>]*>(?:(?!</tr>).)*href="/platforms/{platform_id}"(?:(?!</tr>).)*</tr>', html, re.S
    )
    assert match, platform_id
    return match.group(0)


async def test_index_lists_every_platform_with_its_verdict_badge(site: Site) -> None:
    response = await site.get("/")
    assert response.status == 200
    assert response.content_type == "text/html"
    html = await response.text()
    statuses = await site.services.answers.statuses()
    assert {s.platform.id for s in statuses} == {"soundcloud", "bandcamp", "hostile", "spotify"}
    for status in statuses:
        row = row_of(html, status.platform.id)
        expected = status.verdict.platform_training.value if status.read else "unread"
        assert f'badge-{expected}"' in row
        if status.last_change:
            assert status.last_change.occurred_at[:10] in row
        else:
            assert "—" in row
    # The verdicts agree with the accepted labels of the newest corpus versions.
    expected = {
        "soundcloud": LABELS["soundcloud/terms-of-service/2026-08-17.md"]["platform_training"],
        "bandcamp": LABELS["bandcamp/terms-of-service/2025-09-01.md"]["platform_training"],
    }
    for platform_id, accepted in expected.items():
        badge = re.search(r'badge badge-([a-z_]+)"', row_of(html, platform_id))
        assert badge and badge.group(1) in accepted, (platform_id, badge)
    # Spotify's terms were never read here: "not read yet", never "AI not mentioned".
    assert 'badge-unread">not read yet' in row_of(html, "spotify")
    assert '<meta name="viewport"' in html and 'href="/static/style.css"' in html


async def test_index_search_works_without_javascript(site: Site) -> None:
    html = await (await site.get("/", params={"q": "sound cloud"})).text()
    assert 'href="/platforms/soundcloud"' in html
    assert 'href="/platforms/bandcamp"' not in html
    assert "1 of 4 platforms shown" in html
    empty = await (await site.get("/", params={"q": "nothing-like-this"})).text()
    assert "No platform matches your search." in empty


async def test_index_filters_by_category_with_links(site: Site) -> None:
    html = await (await site.get("/", params={"category": "music-streaming"})).text()
    assert 'href="/platforms/soundcloud"' in html and 'href="/platforms/bandcamp"' in html
    assert 'href="/platforms/hostile"' not in html and 'href="/platforms/spotify"' not in html
    assert "2 of 2 platforms shown" in html
    nav = html[html.index('<nav class="categories"') : html.index("</nav>")]
    assert '<a href="/?category=music-streaming" aria-current="page">' in nav
    assert "Music streaming and stores (2)" in nav and "Other (2)" in nav
    assert '<a href="/">All</a>' in nav
    assert '<input type="hidden" name="category" value="music-streaming">' in html
    # an unknown category is ignored rather than showing an empty list
    everything = await (await site.get("/", params={"category": "<script>"})).text()
    assert "4 of 4 platforms shown" in everything and "<script>" not in everything


async def test_platform_page_shows_its_category(site: Site) -> None:
    html = await (await site.get("/platforms/soundcloud")).text()
    assert '<a href="/?category=music-streaming">Music streaming and stores</a>' in html


async def test_index_sorts_by_verdict_and_by_last_change(site: Site) -> None:
    def order(html: str) -> list[str]:
        return re.findall(
            r'<th scope="row" data-label="Platform"><a href="/platforms/([a-z]+)"', html
        )

    by_name = order(await (await site.get("/")).text())
    assert by_name == ["bandcamp", "hostile", "soundcloud", "spotify"]
    statuses = {s.platform.id: s for s in await site.services.answers.statuses()}
    by_changed = order(await (await site.get("/?sort=changed")).text())
    dates = [
        statuses[p].last_change.occurred_at[:10] if statuses[p].last_change else ""
        for p in by_changed
    ]
    assert dates == sorted(dates, reverse=True)
    by_verdict = order(await (await site.get("/?sort=verdict")).text())
    from bot.adapters.web.pages import SEVERITY

    ranks = [SEVERITY.index(statuses[p].verdict.platform_training) for p in by_verdict]
    assert ranks == sorted(ranks)
    assert by_verdict[0] == "hostile"  # "training allowed" comes first: it matters most


async def test_platform_page_quotes_evidence_and_shows_timeline_and_diffs(site: Site) -> None:
    response = await site.get("/platforms/soundcloud")
    assert response.status == 200
    html = await response.text()
    answer = await site.services.answers.answer_for("soundcloud")
    events = await site.services.answers.history("soundcloud")
    assert answer.evidence and events
    from bot.adapters.web.pages import esc

    for evidence in answer.evidence:
        assert esc(evidence.quote) in html
    assert esc(answer.headline) in html
    assert 'src="/platforms/soundcloud/timeline.png"' in html
    for event in events:
        assert f'id="event-{event.id}"' in html
    # The 2024 change that started the controversy: its added clause is highlighted.
    first_yes = next(e for e in events if e.change.after.platform_training is PlatformTraining.YES)
    block = html.split(f'id="event-{first_yes.id}"')[1].split("</li>")[0]
    assert first_yes.change.added and "<ins" in block
    assert sorted(lines_of(block, "added")) == sorted(first_yes.change.added)
    assert sorted(lines_of(block, "removed")) == sorted(first_yes.change.removed)
    tags = parse(html)
    links = [a.get("href") for tag, a in tags.tags if tag == "a"]
    assert "http://127.0.0.1:9/soundcloud/terms" in links  # the source document is linked


async def test_reworded_clause_shows_word_level_changes() -> None:
    from bot.adapters.web.pages import diff_html

    html = diff_html(
        ["We may use your content to train AI models."],
        ["We may use your content to train AI models only with your consent."],
    )
    assert html.count('class="diff-line removed"') == 1
    assert html.count('class="diff-line added"') == 1
    assert "<ins>models only with your consent.</ins>" in html.replace("\n", "")


async def test_timeline_png_is_served_for_the_platform(site: Site) -> None:
    response = await site.get("/platforms/soundcloud/timeline.png")
    assert response.status == 200 and response.content_type == "image/png"
    image = Image.open(io.BytesIO(await response.read())).convert("RGB")
    found = {c for _, c in image.getcolors(maxcolors=1 << 20) or []}
    status = next(
        s for s in await site.services.answers.statuses() if s.platform.id == "soundcloud"
    )
    colour = VERDICT_COLOURS[status.verdict.platform_training]
    assert tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) in found
    again = await site.get(
        "/platforms/soundcloud/timeline.png", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status == 304


async def test_hostile_terms_text_is_escaped_on_the_page(site: Site) -> None:
    events = await site.services.answers.history("hostile")
    assert any(PAYLOAD in clause for e in events for clause in e.change.added)  # precondition
    html = await (await site.get("/platforms/hostile")).text()
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "onerror=alert" not in html.replace(
        "onerror=alert(1)&gt;", ""
    )
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in html
    tags = parse(html)
    assert [t for t, _ in tags.tags if t == "script"] == ["script"]  # only our /static/app.js
    assert not any(t == "img" and a.get("onerror") is not None for t, a in tags.tags)
    assert not any(
        (a.get("href") or "").startswith("https://evil.example") for _, a in tags.tags
    )  # a Markdown link in the text does not become a link
    assert any(PAYLOAD in chunk for chunk in ["".join(tags.text)])  # shown as plain text


async def test_unknown_platform_and_bad_paths_get_html_404(site: Site) -> None:
    response = await site.get("/platforms/soundclod")
    assert response.status == 404 and response.content_type == "text/html"
    html = await response.text()
    assert "Not found" in html and 'href="/platforms/soundcloud"' in html  # did you mean
    for path in (
        "/nope",
        "/platforms/x/y/z",
        "/static/missing.css",
        "/platforms/nope/timeline.png",
    ):
        response = await site.get(path)
        assert response.status == 404, path
        assert response.content_type == "text/html", path
    hostile = await site.get("/platforms/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert hostile.status == 404
    assert "<script>alert" not in await hostile.text()


async def test_security_headers_and_only_get(site: Site) -> None:
    response = await site.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    post = await site.client.post("/")
    assert post.status == 405 and post.content_type == "text/html"


async def test_static_files_are_served(site: Site) -> None:
    css = await site.get("/static/style.css")
    js = await site.get("/static/app.js")
    assert css.status == 200 and ".badge-yes" in await css.text()
    assert js.status == 200 and "addEventListener" in await js.text()


def test_summary_on_the_page_leaves_the_quotes_to_the_diff() -> None:
    from bot.adapters.web.pages import short_summary

    summary = "SoundCloud now allows it.\nAdded: “We may train.”\nRemoved: “We never train.”"
    assert short_summary(summary) == "SoundCloud now allows it."
    assert short_summary("Only a line.") == "Only a line."
