"""HTML pages of the status site. Every piece of user-facing data goes through esc().

Small template functions instead of a template engine: the pages are few, and keeping the escaping
in one function (esc) makes it easy to check. Pages work without JavaScript; /static/app.js only
adds live search and click-to-sort.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from bot.adapters.web.markup import (
    SITE_NAME,
    UNREAD_BADGE,
    badge,
    esc,
    layout,
    platform_path,
    safe_href,
)
from bot.domain.models import (
    CATEGORIES,
    THIRD_PARTY_WORDS,
    DocumentState,
    Evidence,
    Platform,
    PlatformTraining,
    PolicyEvent,
    Verdict,
)
from bot.domain.present import document_label, event_headline, readings_sentence

log = logging.getLogger(__name__)

# Worst for an artist first: used by "sort by verdict".
SEVERITY: tuple[PlatformTraining, ...] = (
    PlatformTraining.YES,
    PlatformTraining.OPT_OUT,
    PlatformTraining.UNCLEAR,
    PlatformTraining.NOT_MENTIONED,
    PlatformTraining.OPT_IN,
    PlatformTraining.NO,
)
SORTS = ("name", "verdict", "changed")
MAX_DIFF_CLAUSES = 25


# ---------------------------------------------------------------- index


@dataclass(frozen=True)
class Row:
    platform: Platform
    verdict: Verdict
    last_change: PolicyEvent | None
    failing: int = 0
    read: bool = True  # False: no document read yet (shown as such, never "not mentioned")

    @property
    def changed(self) -> str:
        return self.last_change.occurred_at[:10] if self.last_change else ""


def sort_rows(rows: Iterable[Row], sort: str) -> list[Row]:
    by_name = sorted(rows, key=lambda r: r.platform.name.casefold())
    if sort == "verdict":
        return sorted(by_name, key=lambda r: SEVERITY.index(r.verdict.platform_training))
    if sort == "changed":
        return sorted(by_name, key=lambda r: r.changed, reverse=True)
    return by_name


def matches(row: Row, query: str) -> bool:
    needle = query.strip().casefold()
    if not needle:
        return True
    hay = " ".join(
        [row.platform.id, row.platform.name, *row.platform.aliases, row.platform.category]
    )
    return needle in hay.casefold()


def category_nav(categories: Sequence[tuple[str, str, int]], current: str) -> str:
    """Links that filter the list by category (?category=), the current one marked."""
    if not categories:
        return ""

    def link(href: str, label: str, selected: bool) -> str:
        mark = ' aria-current="page"' if selected else ""
        return f'<li><a href="{esc(href)}"{mark}>{esc(label)}</a></li>'

    items = [link("/", "All", not current)] + [
        link(f"/?category={quote(cid)}", f"{label} ({count})", cid == current)
        for cid, label, count in categories
    ]
    return f'<nav class="categories" aria-label="Categories"><ul>{"".join(items)}</ul></nav>'


def index_page(
    rows: Sequence[Row],
    *,
    query: str = "",
    sort: str = "name",
    generated: str = "",
    category: str = "",
    categories: Sequence[tuple[str, str, int]] = (),
) -> str:
    sort = sort if sort in SORTS else "name"
    shown = [r for r in sort_rows(rows, sort) if matches(r, query)]
    body_rows = "".join(_index_row(r) for r in shown)
    if not shown:
        body_rows = '<tr class="empty"><td colspan="4">No platform matches your search.</td></tr>'
    counts: dict[PlatformTraining, int] = {}
    for row in rows:
        counts[row.verdict.platform_training] = counts.get(row.verdict.platform_training, 0) + 1
    summary = " ".join(
        f'<li>{badge(v)} <span class="count">{counts[v]}</span></li>'
        for v in SEVERITY
        if v in counts
    )

    def head(key: str, label: str) -> str:
        current = ' aria-sort="descending"' if key == sort and key == "changed" else ""
        if key == sort and key != "changed":
            current = ' aria-sort="ascending"'
        href = f"/?sort={key}" + (f"&q={quote(query)}" if query else "")
        href += f"&category={quote(category)}" if category else ""
        return f'<th scope="col" data-sort="{key}"{current}><a href="{esc(href)}">{label}</a></th>'

    body = (
        "<h1>Is my platform training AI on my work?</h1>"
        '<p class="lede">What each platform\'s current terms say about training AI on what you '
        "upload, with the exact clauses quoted. Updated whenever the terms change.</p>"
        f'<ul class="summary">{summary}</ul>'
        + category_nav(categories, category)
        + '<form class="search" method="get" action="/" role="search">'
        '<label for="q">Find a platform</label>'
        f'<input id="q" name="q" type="search" value="{esc(query)}"'
        ' placeholder="SoundCloud, Spotify…"'
        ' autocomplete="off">'
        f'<input type="hidden" name="sort" value="{esc(sort)}">'
        + (f'<input type="hidden" name="category" value="{esc(category)}">' if category else "")
        + '<button type="submit">Search</button></form>'
        '<table class="platforms" id="platforms"><thead><tr>'
        f"{head('name', 'Platform')}{head('verdict', 'Trains AI on your uploads?')}"
        '<th scope="col">Others training on it</th>'
        f"{head('changed', 'Last AI change')}"
        f"</tr></thead><tbody>{body_rows}</tbody></table>"
        f'<p class="meta">{len(shown)} of {len(rows)} platforms shown'
        + (f" · generated {esc(generated)}" if generated else "")
        + "</p>"
    )
    return layout(f"{SITE_NAME}: do platforms train AI on your work?", body)


def _index_row(row: Row) -> str:
    p = row.platform
    search = " ".join([p.id, p.name, *p.aliases, p.category]).casefold()
    verdict = row.verdict.platform_training
    third = THIRD_PARTY_WORDS[row.verdict.third_party_training]
    warn = (
        ' <span class="warn" title="some documents could not be fetched">⚠</span>'
        if row.failing
        else ""
    )
    changed = (
        f'<time datetime="{esc(row.changed)}">{esc(row.changed)}</time>' if row.changed else "—"
    )
    return (
        f'<tr data-name="{esc(p.name.casefold())}" data-search="{esc(search)}"'
        f' data-verdict="{SEVERITY.index(verdict)}" data-changed="{esc(row.changed)}">'
        f'<th scope="row" data-label="Platform">'
        f'<a href="{esc(platform_path(p.id))}">{esc(p.name)}</a>'
        f"{warn}</th>"
        f'<td data-label="Trains AI?">{badge(verdict) if row.read else UNREAD_BADGE}</td>'
        f'<td data-label="Others" class="third">{esc(third) if row.read else "—"}</td>'
        f'<td data-label="Last change">{changed}</td></tr>'
    )


# ---------------------------------------------------------------- one platform


def evidence_html(evidence: Sequence[Evidence]) -> str:
    if not evidence:
        return '<p class="none">No clause about AI training in the documents we track.</p>'
    items = []
    for item in evidence:
        source = document_label(item.document_kind) if item.document_kind else "terms"
        if item.date:
            source += f", version of {item.date}"
        href = safe_href(item.url)
        cite = (
            f'<a href="{esc(href)}" rel="nofollow noopener noreferrer">{esc(source)}</a>'
            if href
            else esc(source)
        )
        aspect = "others" if item.aspect.value == "third_party" else "the platform"
        items.append(
            f'<figure class="quote"><blockquote>{esc(item.quote)}</blockquote>'
            f'<figcaption>— {cite} <span class="aspect">(about {aspect})</span></figcaption>'
            "</figure>"
        )
    return "".join(items)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\S+|\s+", text)


def word_diff(old: str, new: str) -> tuple[str, str]:
    """Escaped HTML of both clauses with the words that differ wrapped in <del>/<ins>."""
    a, b = _tokens(old), _tokens(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = esc("".join(a[i1:i2])), esc("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part.strip():
            left.append(f"<del>{old_part}</del>")
        if new_part.strip():
            right.append(f"<ins>{new_part}</ins>")
    return "".join(left), "".join(right)


def _pair(removed: Sequence[str], added: Sequence[str]) -> list[tuple[str | None, str | None]]:
    """Pair each added clause with the most similar removed one (a reworded clause)."""
    pairs: list[tuple[str | None, str | None]] = []
    free = list(removed)
    for new in added:
        best, best_ratio = None, 0.55
        for old in free:
            ratio = difflib.SequenceMatcher(None, old, new, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = old, ratio
        if best is not None:
            free.remove(best)
        pairs.append((best, new))
    return [(old, None) for old in free] + pairs


def diff_html(removed: Sequence[str], added: Sequence[str]) -> str:
    """A readable diff of the AI clauses of one event: removed in red, added in green."""
    if not removed and not added:
        return '<p class="none">No AI clause was added or removed.</p>'
    lines = []
    pairs = _pair(list(removed)[:MAX_DIFF_CLAUSES], list(added)[:MAX_DIFF_CLAUSES])
    for old, new in pairs:
        if old is not None and new is not None:
            old_html, new_html = word_diff(old, new)
        else:
            old_html = f'<del class="whole">{esc(old)}</del>' if old is not None else ""
            new_html = f'<ins class="whole">{esc(new)}</ins>' if new is not None else ""
        if old is not None:
            lines.append(
                '<p class="diff-line removed"><span class="sign" aria-label="removed">−</span>'
                f"<span>{old_html}</span></p>"
            )
        if new is not None:
            lines.append(
                '<p class="diff-line added"><span class="sign" aria-label="added">+</span>'
                f"<span>{new_html}</span></p>"
            )
    hidden = max(len(removed) - MAX_DIFF_CLAUSES, 0) + max(len(added) - MAX_DIFF_CLAUSES, 0)
    if hidden:
        lines.append(f'<p class="none">… and {hidden} more clauses.</p>')
    return f'<div class="diff">{"".join(lines)}</div>'


def short_summary(summary: str) -> str:
    """The plain-language part of a summary: the quoted clauses are shown in the diff below."""
    kept = []
    for line in summary.splitlines():
        if line.startswith(("Added: “", "Removed: “")):
            break
        kept.append(line)
    return " ".join(kept).strip() or summary


def event_html(event: PolicyEvent, platform_name: str) -> str:
    change = event.change
    before, after = change.before.platform_training, change.after.platform_training
    shift = badge(after) if before == after else f"{badge(before)} → {badge(after)}"
    href = safe_href(event.url)
    doc = esc(document_label(event.document_kind))
    if href:
        doc = f'<a href="{esc(href)}" rel="nofollow noopener noreferrer">{doc}</a>'
    anchor = f"event-{event.id}" if event.id is not None else ""
    return (
        f'<li id="{esc(anchor)}" class="event">'
        f'<p class="when"><time datetime="{esc(event.occurred_at[:10])}">'
        f'{esc(event.occurred_at[:10])}</time> · {doc} · <span class="source">'
        f"{esc(event.source.value)}</span></p>"
        f"<h3>{esc(event_headline(event, platform_name))}</h3>"
        f'<p class="shift">{shift}</p>'
        + (f'<p class="summary">{esc(short_summary(change.summary))}</p>' if change.summary else "")
        + f"<details open><summary>What changed in the AI clauses</summary>"
        f"{diff_html(change.removed, change.added)}</details></li>"
    )


def documents_html(documents: Sequence[DocumentState]) -> str:
    if not documents:
        return '<p class="none">No documents are fetched for this platform.</p>'
    items = []
    for d in documents:
        href = safe_href(d.url)
        label = esc(document_label(d.kind))
        link = (
            f'<a href="{esc(href)}" rel="nofollow noopener noreferrer">{label}</a>'
            if href
            else label
        )
        checked = esc(d.last_checked_at[:16].replace("T", " ")) if d.last_checked_at else "not yet"
        state = '<span class="failing">failing</span>' if d.failing else "ok"
        items.append(f"<li>{link} · last checked {checked} · {state}</li>")
    return f'<ul class="documents">{"".join(items)}</ul>'


def platform_page(
    platform: Platform,
    verdict: Verdict,
    headline: str,
    what_you_can_do: str,
    events: Sequence[PolicyEvent],
    documents: Sequence[DocumentState],
) -> str:
    pid = platform.id
    plain = readings_sentence(platform.name, verdict)
    scope = "".join(f"<li>{esc(s)}</li>" for s in verdict.scope)
    timeline_items = "".join(event_html(e, platform.name) for e in events)
    if not events:
        timeline_items = '<li class="none">No AI-relevant change recorded yet.</li>'
    category = CATEGORIES.get(platform.category, platform.category)
    opt_out_source = (
        f'<p class="source">Source: {esc(platform.opt_out_source)}</p>'
        if platform.opt_out and platform.opt_out_source and what_you_can_do == platform.opt_out
        else ""
    )
    body = (
        '<p class="crumbs"><a href="/">All platforms</a> › '
        f'<a href="/?category={esc(quote(platform.category))}">{esc(category)}</a></p>'
        f"<h1>{esc(platform.name)}</h1>"
        f'<section class="verdict"><p class="big">{badge(verdict.platform_training)}</p>'
        f'<p class="headline">{esc(headline)}</p>'
        + (f'<p class="plain">{esc(plain)}</p>' if plain else "")
        + f'<p class="third">Others (scrapers, AI companies): '
        f"{esc(THIRD_PARTY_WORDS[verdict.third_party_training])}</p>"
        + (f'<ul class="scope">{scope}</ul>' if scope else "")
        + f'<h2>What you can do</h2><p class="advice">{esc(what_you_can_do)}</p>'
        f"{opt_out_source}</section>"
        f"<section><h2>What the terms say</h2>{evidence_html(verdict.evidence)}</section>"
        "<section><h2>AI-policy timeline</h2>"
        '<div class="timeline-wrap">'
        f'<img class="timeline" src="{esc(platform_path(pid, "/timeline.png"))}" width="1000"'
        f" alt=\"Timeline of {esc(platform.name)}'s AI-training terms; the same events are listed"
        ' below."></div>'
        f'<ol class="events" reversed>{timeline_items}</ol></section>'
        f"<section><h2>Documents we watch</h2>{documents_html(documents)}</section>"
        f'<p class="follow">Follow: <a href="{esc(platform_path(pid, "/feed.atom"))}">Atom feed</a>'
        f' · <a href="/api/platforms/{esc(quote(pid, safe=""))}">JSON</a></p>'
    )
    feed = (platform_path(pid, "/feed.atom"), f"{SITE_NAME}: {platform.name}")
    return layout(f"{platform.name}: AI training in its terms · {SITE_NAME}", body, feed=feed)
