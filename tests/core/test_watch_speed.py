"""What makes watch cycles cheap keeps them correct: the extractor upgrade re-baselines silently,
`check` imports only what it needs, worker processes give the in-process results, and batched
"unchanged" marks are all committed."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from aiohttp import web

from bot.adapters.analysis_pool import LazyExtractor, PooledAnalyser
from bot.adapters.extract import EXTRACTOR_VERSION, TrafilaturaExtractor
from bot.adapters.retry_after import HOLD_KEY, RetryAfterHolds
from bot.adapters.store import SqliteStore, SqlStore
from bot.app import App, AppOptions
from bot.config import Config
from bot.domain.models import DocumentSpec, Platform
from bot.services.analysis import PageJob, analyse_page
from bot.services.watch import Outcome
from tests.conftest import CORPUS, REPO, FakeClock, config_dict
from tests.loopback import serving

SOUNDCLOUD = CORPUS / "soundcloud" / "terms-of-service"
needs_corpus = pytest.mark.skipif(not SOUNDCLOUD.is_dir(), reason="shared corpus not present")


def page(markdown: str, nav: str = "Home") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in markdown.split("\n\n") if p.strip())
    return (
        f"<html><head><title>Terms</title></head><body><nav>{nav}</nav>"
        f"<main><h1>Terms of Use</h1>{paragraphs}</main><footer>(c) 2026</footer></body></html>"
    )


@pytest.fixture
async def site() -> AsyncIterator[tuple[dict[str, str], str]]:
    """One page at /terms with an ETag (304 on If-None-Match); body["html"] is what it serves."""
    body = {"html": ""}

    async def terms(request: web.Request) -> web.Response:
        etag = f'"{hash(body["html"]) & 0xFFFFFFFF:x}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(text=body["html"], content_type="text/html", headers={"ETag": etag})

    app = web.Application()
    app.router.add_get("/terms", terms)
    async with serving(app) as base:
        yield body, f"{base}/terms"


def one_page_config(tmp_path: Path, url: str) -> Config:
    data = config_dict()
    data["platforms"] = data["platforms"][:1]
    data["platforms"][0]["documents"][0]["url"] = url
    return Config.from_dict(data, base_dir=tmp_path)


@needs_corpus
@pytest.mark.parametrize("real_change", [False, True])
async def test_extractor_upgrade_rebaselines_silently_but_real_changes_are_announced(
    tmp_path: Path, site: tuple[dict[str, str], str], real_change: bool
) -> None:
    body, url = site
    body["html"] = page((SOUNDCLOUD / "2018-05-25.md").read_text())
    options = AppOptions(transports=False)
    async with App(one_page_config(tmp_path, url), {}, options=options) as app:
        watch = app.services.watch
        new_extractor = watch.extractor
        watch.extractor = TrafilaturaExtractor(structural=False)  # the version before main-2
        assert (await watch.check_once()).results[0].outcome is Outcome.BASELINE
        watch.extractor = new_extractor  # the upgrade; the page is re-served with other bytes
        version = "2024-02-07.md" if real_change else "2018-05-25.md"
        body["html"] = page((SOUNDCLOUD / version).read_text(), nav="Home | Help")
        report = await watch.check_once()
        state = await app.store.document_state(watch.documents[0])  # type: ignore[union-attr]
        latest = await app.store.latest_snapshot(state.id)  # type: ignore[union-attr]
    assert latest is not None and latest.extractor == EXTRACTOR_VERSION
    if real_change:  # the verdict changed: announced as usual, upgrade or not
        assert report.results[0].outcome is Outcome.CHANGED
        assert report.events and report.events[0].ai_relevant
    else:  # only the extraction changed: stored as the new baseline, nothing announced
        assert report.results[0].outcome is Outcome.UNCHANGED
        assert report.events == []


HEAVY = ("discord", "atproto", "PIL", "trafilatura", "feedparser")


def imported(stderr: str) -> set[str]:
    """Module names from `python -X importtime` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


async def run_check(config: Path) -> tuple[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-X", "importtime", "-m", "bot", "--config", str(config), "check",
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]
    return out.decode(), err.decode()


async def test_check_imports_only_what_a_cycle_needs(
    tmp_path: Path, site: tuple[dict[str, str], str]
) -> None:
    body, url = site
    body["html"] = page("We will not use your content to train AI models.\n\n" + "Terms. " * 80)
    data = config_dict()
    data["platforms"] = data["platforms"][:1]
    data["platforms"][0]["documents"][0]["url"] = url
    data["storage"]["path"] = str(tmp_path / "tw.db")
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(data), encoding="utf-8")

    out, first = await run_check(config)  # a new page: extracted and classified in a worker
    assert "1 first seen" in out
    loaded = {m.split(".")[0] for m in imported(first)}
    assert not loaded & {*HEAVY, "lxml", "charset_normalizer"}
    assert "bot.domain.clauses" not in imported(first)

    out, second = await run_check(config)  # 304: nothing to extract or classify
    assert "1 unchanged" in out
    loaded = {m.split(".")[0] for m in imported(second)}
    assert not loaded & {*HEAVY, "lxml", "charset_normalizer"}
    assert "bot.domain.clauses" not in imported(second)


@needs_corpus
async def test_worker_processes_give_the_in_process_analysis() -> None:
    text = (SOUNDCLOUD / "2024-02-07.md").read_text()
    previous = (SOUNDCLOUD / "2018-05-25.md").read_text()
    extractor = LazyExtractor()
    jobs = [
        PageJob(page(text).encode(), "text/html", "https://x/terms"),
        PageJob(page(text).encode(), "text/html", "https://x/terms", previous_text=previous),
        PageJob(b"%PDF-1.4 binary", "application/pdf", "https://x/terms.pdf"),
    ]
    analyser = PooledAnalyser(extractor, workers=1, pool_after=1)
    try:
        for job in jobs[:2]:
            pooled = await analyser.analyse(job, extractor)
            assert analyser.pooled
            assert pooled == analyse_page(extractor.get(), job)
        with pytest.raises(Exception, match="application/pdf"):
            await analyser.analyse(jobs[2], extractor)
        worker = analyser._all[0]
        worker.process.kill()  # a dead worker: the page is analysed in a thread, and replaced
        await worker.process.wait()
        assert await analyser.analyse(jobs[0], extractor) == analyse_page(extractor.get(), jobs[0])
        assert await analyser.analyse(jobs[0], extractor) == analyse_page(extractor.get(), jobs[0])
        assert analyser._all and analyser._all[0] is not worker
        # cancelled mid-job (the bot stopping): that worker is not reused for the next job,
        # whose answer is its own
        slow = asyncio.ensure_future(analyser.analyse(jobs[1], extractor))
        await asyncio.sleep(0.01)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        assert await analyser.analyse(jobs[0], extractor) == analyse_page(extractor.get(), jobs[0])
    finally:
        await analyser.aclose()
    assert not analyser._all


async def test_concurrent_unchanged_marks_are_all_committed(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "tw.db")
    try:
        specs = [DocumentSpec("p", f"kind{i}", f"https://x/{i}") for i in range(40)]
        await store.sync_platforms([Platform("p", "P", (), tuple(specs))])
        states = [await store.document_state(s) for s in specs]
        await asyncio.gather(
            *(store.record_unchanged(s.id, "2026-12-01T00:00:00Z", f'"e{s.id}"') for s in states)
        )
        after = [await store.document_state(s) for s in specs]
        assert [s.etag for s in after] == [f'"e{s.id}"' for s in states]
        assert all(s.last_checked_at == "2026-12-01T00:00:00Z" for s in after)
    finally:
        await store.close()


@needs_corpus
async def test_a_small_change_wave_is_analysed_without_starting_a_worker() -> None:
    """Changed pages (a stored version exists) are analysed in this process until `pool_after`
    wait at once; a page seen for the first time (a first cycle) starts the worker."""
    text = (SOUNDCLOUD / "2024-02-07.md").read_text()
    previous = (SOUNDCLOUD / "2018-05-25.md").read_text()
    extractor = LazyExtractor()
    changed = PageJob(
        page(text).encode(), "text/html", "https://x/terms",
        previous_digest="0" * 64, previous_text=previous,
    )  # fmt: skip
    analyser = PooledAnalyser(extractor, workers=1, pool_after=40)
    try:
        results = await asyncio.gather(*(analyser.analyse(changed, extractor) for _ in range(5)))
        assert not analyser.pooled and not analyser._all  # no worker process was started
        assert all(r == analyse_page(extractor.get(), changed) for r in results)
        new = PageJob(page(text).encode(), "text/html", "https://x/terms")
        assert await analyser.analyse(new, extractor) == analyse_page(extractor.get(), new)
        assert analyser.pooled and analyser._all
    finally:
        await analyser.aclose()


async def test_stored_retry_after_holds_are_read_in_one_query(
    store: SqlStore, clock: FakeClock
) -> None:
    """The first lookup reads every stored hold (a prefix query); a URL without one is then
    known to have none, and an expired hold is not honoured."""
    await store.set_state(HOLD_KEY + "https://x/held", "2026-11-23T12:00:00Z")
    await store.set_state(HOLD_KEY + "https://x/over", "2026-11-01T12:00:00Z")
    await store.set_state("fetch:retry_afterXhttps://x/not-a-hold", "2026-11-23T12:00:00Z")
    await store.set_state("FETCH:RETRY_AFTER:https://x/other-case", "2026-11-23T12:00:00Z")
    assert await store.states_with_prefix(HOLD_KEY) == {
        HOLD_KEY + "https://x/held": "2026-11-23T12:00:00Z",
        HOLD_KEY + "https://x/over": "2026-11-01T12:00:00Z",
    }
    holds = RetryAfterHolds(store, clock)
    assert (await holds.until("https://x/held")).startswith("2026-11-23T12:00:00")
    assert await holds.until("https://x/over") == ""
    assert await holds.until("https://x/free") == ""
    assert "https://x/free" not in holds._looked_up  # no query of its own


async def test_a_cycle_keeps_a_bounded_number_of_checks_alive(
    tmp_path: Path, site: tuple[dict[str, str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checks are started as earlier ones finish (memory does not grow with the documents),
    and every document is still checked once."""
    from bot.services import watch as watch_module

    body, url = site
    body["html"] = page("Terms. " * 50)
    monkeypatch.setattr(watch_module, "MAX_LIVE_CHECKS", 3)
    async with App(one_page_config(tmp_path, url), {}, options=AppOptions(transports=False)) as app:
        watch = app.services.watch
        watch.documents = [DocumentSpec("p", f"kind{i}", f"{url}?{i}") for i in range(10)]
        running, most = 0, 0
        check_document = watch.check_document

        async def counted(*args: object) -> object:
            nonlocal running, most
            running += 1
            most = max(most, running)
            try:
                return await check_document(*args)  # type: ignore[arg-type]
            finally:
                running -= 1

        watch.check_document = counted  # type: ignore[method-assign]
        report = await watch.check_once()
    assert len(report.results) == 10
    assert most == 3


async def test_the_analysis_worker_imports_no_event_loop_or_http() -> None:
    """A worker process only extracts and classifies: no asyncio, aiohttp or database modules
    (each is memory in every worker)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-X", "importtime", "-m", "bot.adapters.analysis_worker",
        cwd=REPO, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]
    loaded = {m.split(".")[0] for m in imported(err.decode())}
    assert "bot" in loaded and "lxml" in loaded
    assert not loaded & {"asyncio", "aiohttp", "aiosqlite", "yaml", *HEAVY}


@needs_corpus
async def test_a_changed_page_is_compared_with_the_stored_analysis_of_its_old_version(
    tmp_path: Path, site: tuple[dict[str, str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first version's analysis is stored with its snapshot (by the worker process); the
    next cycle compares with it, without normalising the old text or finding its clauses again,
    and announces the change comparing both texts gives."""
    import bot.domain.diff as diff_module
    from bot.domain.analysis import load_analysis
    from bot.domain.diff import compare

    body, url = site
    body["html"] = page((SOUNDCLOUD / "2018-05-25.md").read_text())
    async with App(one_page_config(tmp_path, url), {}, options=AppOptions(transports=False)) as app:
        watch = app.services.watch
        assert (await watch.check_once()).results[0].outcome is Outcome.BASELINE
        state = await app.store.document_state(watch.documents[0])  # type: ignore[union-attr]
        first = await app.store.latest_snapshot(state.id)  # type: ignore[union-attr]
        assert first is not None and load_analysis(first.analysis) is not None
        await watch.analyser.aclose()  # workers stopped: the change is analysed in this process
        body["html"] = page((SOUNDCLOUD / "2024-02-07.md").read_text())
        analysed: list[str] = []
        real_normalize = diff_module.normalize_text
        monkeypatch.setattr(
            diff_module, "normalize_text", lambda t: analysed.append(t) or real_normalize(t)
        )
        report = await watch.check_once()
        second = await app.store.latest_snapshot(state.id)  # type: ignore[union-attr]
    assert report.results[0].outcome is Outcome.CHANGED
    assert analysed == []  # the stored version was not normalised again
    assert second is not None and load_analysis(second.analysis) is not None
    expected = compare(
        first.text, second.text, platform_name="x",
        document_label="terms of service",
    )  # fmt: skip
    got = report.events[0].change
    assert (got.ai_relevant, got.added, got.removed) == (
        expected.ai_relevant, expected.added, expected.removed,
    )  # fmt: skip
    # the event's verdicts are tagged with the document's kind, url and date; same readings
    assert got.before.same_outcome(expected.before) and got.after.same_outcome(expected.after)
    assert [e.quote for e in got.after.evidence] == [e.quote for e in expected.after.evidence]
    assert got.changed_sentences == expected.changed_sentences
