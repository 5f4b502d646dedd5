"""Every service of the followed collections becomes answerable, subscribable and announced."""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.domain.models import Medium, PlatformTraining, ThirdPartyTraining
from tests.archive.conftest import GENAI, PGA, OpenApp, Recorder, archive_env
from tests.archive.fake_github import FakeGithub
from tests.conftest import config_dict


async def test_first_sync_makes_every_service_answerable_with_a_verdict(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.repos[PGA].publish(1)  # Snapchat Terms of Service, 2025-03-06 (no AI clause)
    github.repos[GENAI].publish(1)  # Claude.ai Commercial Terms
    app = await open_app()
    reports = await app.services.discovery.sync_once()
    assert [r.errors for r in reports] == [[], []]
    assert {r.mode for r in reports} == {"dataset+listing"}

    directory = app.services.directory
    assert directory.get("snapchat") is not None and directory.get("claude-ai") is not None
    assert directory.get("soundcloud") is not None  # curated ones stay, first
    assert directory.all()[0].id == "soundcloud"

    answer = await app.services.answers.answer("does claude.ai train on my writing?")
    assert answer.platform.id == "claude-ai"
    assert answer.verdict.platform_training is PlatformTraining.NO
    assert answer.verdict.third_party_training is ThirdPartyTraining.PROHIBITED
    assert any("may not train models on Customer Content" in e.quote for e in answer.evidence)
    assert [p.id for p in app.services.answers.suggest("snap")][:1] == ["snapchat"]


async def test_a_new_commit_for_an_unknown_service_makes_it_answerable(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.repos[PGA].publish(1)
    github.repos[GENAI].publish(1)
    app = await open_app()
    await app.services.discovery.sync_once()
    assert app.services.directory.get("chatgpt") is None

    github.repos[GENAI].publish(1)  # real commit 8258492: "Record new changes of ChatGPT Terms…"
    reports = await app.services.discovery.sync_once()
    assert [r.mode for r in reports] == ["not_modified", "feed"]
    assert reports[1].new_platforms == 1

    answer = await app.services.answers.answer("is chatgpt training on my art?")
    assert answer.platform.id == "chatgpt"
    assert answer.verdict.platform_training is PlatformTraining.OPT_OUT
    assert any("you have the option to opt out" in e.quote for e in answer.evidence)
    assert answer.source_url.startswith(github.bases["github_base"])

    # "ChatGPT Business Privacy Policy": the service is ChatGPT, the type "Business Privacy Policy"
    github.repos[GENAI].publish(1)
    await app.services.discovery.sync_once()
    chatgpt = app.services.directory.get("chatgpt")
    assert chatgpt is not None
    assert {d.kind for d in chatgpt.documents} == {"terms_of_service", "business_privacy_policy"}
    assert app.services.directory.get("chatgpt-business") is None


async def test_a_new_ai_clause_reaches_the_subscriber_of_a_discovered_service_once(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.repos[PGA].publish(1)  # Snapchat ToS 81195656: no AI clause
    github.repos[GENAI].publish(1)
    app = await open_app()
    services = app.services
    recorder = Recorder()
    services.fanout.register(recorder)
    await services.discovery.sync_once()
    await services.subscriptions.subscribe(Medium.DISCORD_CHANNEL, "42", "snapchat")
    await services.fanout.drain_all()
    assert recorder.sent == []  # the baseline is not news

    github.repos[PGA].publish(1)  # Snapchat ToS c62ce7ff: third parties may not train AI on it
    reports = await services.discovery.sync_once()
    events = [e for r in reports for e in r.events]
    assert len(events) == 1 and events[0].ai_relevant and events[0].platform_id == "snapchat"
    assert events[0].change.added
    await services.fanout.drain_all()
    assert recorder.sent == [(events[0].id, "42", "snapchat")]

    # Read the same commits again (no ETag): nothing new, nothing sent twice.
    await services.store.set_state(f"archive:{PGA}:etag", "")
    await services.discovery.sync_once()
    await services.fanout.drain_all()
    assert len(recorder.sent) == 1

    history = await services.answers.history("snapchat")
    assert [e.id for e in history] == [events[0].id]


async def test_technical_commits_are_not_changes_and_new_services_join_on_the_way(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.repos[PGA].publish(2)
    github.repos[GENAI].publish(1)
    app = await open_app()
    await app.services.discovery.sync_once()
    github.repos[PGA].publish(3)  # Telegram ToS, a technical upgrade of BeReal's PP, BeReal ToS
    reports = await app.services.discovery.sync_once()
    assert reports[0].errors == []
    assert reports[0].documents == 2
    assert app.services.directory.get("telegram") is not None
    assert app.services.directory.get("bereal") is not None
    assert github.hits.get("commit", 0) == 0  # subjects were enough: no commit API request


async def test_first_sync_without_a_dataset_uses_one_listing_and_few_api_requests(
    github: FakeGithub, open_app: OpenApp
) -> None:
    for repo in (PGA, GENAI):
        github.repos[repo].with_dataset = False
        github.repos[repo].publish(5)
    app = await open_app()
    reports = await app.services.discovery.sync_once()
    assert {r.mode for r in reports} == {"listing"}
    # Per collection: releases/latest (404) and one tree listing; files come from raw.
    assert github.api_used == {"anonymous": 4}
    assert github.hits["raw"] == 4 + 3
    assert {"snapchat", "telegram", "bereal", "claude-ai", "chatgpt"} <= {
        p.id for p in app.services.directory.all()
    }


async def test_a_token_is_sent_to_the_api_only_and_never_logged(
    github: FakeGithub, open_app: OpenApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    github.api_limit = 1  # anonymous callers would be refused after one request
    github.repos[PGA].publish(2)
    github.repos[GENAI].publish(2)
    app = await open_app(GITHUB_TOKEN="ghp_secret_test_token")
    reports = await app.services.discovery.sync_once()
    assert [r.errors for r in reports] == [[], []]
    assert github.tokens_seen == {"ghp_secret_test_token"}
    assert github.api_used == {"token": 4}
    assert "ghp_secret_test_token" not in caplog.text
    assert "ghp_secret" not in repr(app.secrets)


async def test_a_spent_rate_limit_is_reported_and_the_sync_resumes_later(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.api_limit = 0
    github.repos[PGA].publish(1)
    app = await open_app({"collections": ["pga-versions"], "first_sync": "listing"})
    reports = await app.services.discovery.sync_once()
    assert reports[0].mode == "failed" and "rate limit" in reports[0].errors[0]
    github.api_limit = 60
    github.api_used.clear()
    app.services.discovery.archive.api_remaining = None
    reports = await app.services.discovery.sync_once()
    assert reports[0].errors == [] and app.services.directory.get("snapchat") is not None


async def test_discovered_services_are_in_the_database_at_the_next_start(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.repos[PGA].publish(1)
    github.repos[GENAI].publish(2)
    app = await open_app()
    await app.services.discovery.sync_once()
    await open_app.close(app)  # type: ignore[attr-defined]
    again = await open_app({"enabled": False})
    assert again.services.discovery.collections == []
    answer = await again.services.answers.answer("chatgpt")
    assert answer.verdict.platform_training is PlatformTraining.OPT_OUT


async def test_the_dataset_gives_a_discovered_service_its_ai_history(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.repos[PGA].publish(2)  # both Snapchat versions: the clause appears in the second
    github.repos[GENAI].publish(1)
    app = await open_app()
    recorder = Recorder()
    app.services.fanout.register(recorder)
    await app.services.subscriptions.subscribe(Medium.DISCORD_CHANNEL, "7", "all")
    await app.services.discovery.sync_once()
    history = await app.services.answers.history("snapchat")
    assert len(history) == 1 and history[0].occurred_at.startswith("2025-03-07")
    assert history[0].change.after.third_party_training is ThirdPartyTraining.PROHIBITED
    await app.services.fanout.drain_all()
    assert recorder.sent == []  # archived history is background, not news


async def test_a_discovered_service_has_a_page_on_the_status_site(
    github: FakeGithub, open_app: OpenApp
) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bot.adapters.web.server import build_app

    github.repos[GENAI].publish(2)
    app = await open_app({"collections": ["genai-eu-versions"]})
    await app.services.discovery.sync_once()
    client = TestClient(TestServer(build_app(app.services), host="127.0.0.1"))
    await client.start_server()
    try:
        page = await client.get("/platforms/chatgpt")
        html = await page.text()
        index = await (await client.get("/?q=chatgpt")).text()
        api = await (await client.get("/api/platforms/chatgpt")).json()
        health = await (await client.get("/healthz")).json()
    finally:
        await client.close()
    assert page.status == 200
    assert "ChatGPT" in html and "you have the option to opt out" in html
    assert "/platforms/chatgpt" in index
    assert api["verdict"]["platform_training"] == "opt_out"
    assert health["archive"]["collections"] == ["OpenTermsArchive/genai-eu-versions"]
    assert health["archive"]["last_sync"][0]["new_services"] == 2


def test_discovered_platforms_come_after_curated_ones_and_lose_free_text_ties() -> None:
    from bot.domain.models import Platform
    from bot.domain.platforms import PlatformDirectory

    directory = PlatformDirectory([Platform("soundcloud", "SoundCloud")])
    added = directory.add_discovered(
        [Platform("mix", "Mix", category="archive"), Platform("soundcloud", "Clash")]
    )
    assert [p.id for p in added] == ["mix"]  # a curated id is never replaced
    assert [p.id for p in directory.all()] == ["soundcloud", "mix"]
    assert directory.get("soundcloud").name == "SoundCloud"  # type: ignore[union-attr]
    assert directory.find_in("is my mix safe on soundcloud?").id == "soundcloud"  # type: ignore[union-attr]
    assert directory.find_in("does mix train ai on my uploads?").id == "mix"  # type: ignore[union-attr]
    assert directory.resolve("mix").id == "mix"  # type: ignore[union-attr]
    assert directory.add_discovered([Platform("mix", "Mix", category="archive")]) == []


async def test_python_m_bot_discover_and_ask(
    github: FakeGithub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    github.repos[GENAI].publish(2)
    data = config_dict(archive={"collections": ["genai-eu-versions"]})
    data["storage"] = {"path": str(tmp_path / "cli.db")}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(data))
    monkeypatch.setenv("TERMSWATCH_CONFIG", str(tmp_path / "config.yaml"))
    for key, value in archive_env(github).items():
        monkeypatch.setenv(key, value)
    out = io.StringIO()
    assert await asyncio.to_thread(main, ["discover"], out) == 0
    assert "OpenTermsArchive/genai-eu-versions: dataset+listing, 2 versions read" in out.getvalue()
    out = io.StringIO()
    assert await asyncio.to_thread(main, ["ask", "is chatgpt training on my music?"], out) == 0
    assert "ChatGPT" in out.getvalue() and "opt out" in out.getvalue()


async def test_a_dataset_over_the_size_cap_is_not_downloaded(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.dataset_size = 900_000_000
    github.repos[PGA].publish(2)
    app = await open_app({"collections": ["pga-versions"], "max_dataset_bytes": 100_000_000})
    [report] = await app.services.discovery.sync_once()
    assert report.mode == "listing" and report.errors == []
    assert "dataset" not in github.hits and report.fetched == 1
    assert app.services.directory.get("snapchat") is not None


async def test_a_file_that_fails_in_the_first_sync_is_fetched_at_the_next_one(
    github: FakeGithub, open_app: OpenApp
) -> None:
    github.repos[PGA].with_dataset = False
    github.repos[PGA].publish(5)
    github.failing_raw = 1
    app = await open_app({"collections": ["pga-versions"], "concurrency": 1})
    [report] = await app.services.discovery.sync_once()
    assert len(report.errors) == 1 and "HTTP 502" in report.errors[0]
    assert report.fetched == 3
    [report] = await app.services.discovery.sync_once()
    assert report.errors == [] and report.mode == "listing" and report.fetched == 1
    assert {"snapchat", "telegram", "bereal"} <= {p.id for p in app.services.directory.all()}
    [report] = await app.services.discovery.sync_once()
    assert report.mode == "not_modified"
