"""The GitHub archive client: change feeds in bounded memory, rules for subjects and paths."""

from __future__ import annotations

import tracemalloc
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.adapters.archive import GithubArchive
from bot.config import Config, ConfigError
from bot.domain.archive import (
    Collection,
    CommitKind,
    candidate_paths,
    git_blob_sha,
    parse_subject,
    slug,
    split_path,
)
from bot.services.archive_ports import ArchiveNotFound
from tests.archive.fake_github import OWNER, Commit, FakeGithub, Repo
from tests.conftest import config_dict

BIG = f"{OWNER}/big-versions"


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as opened:
        yield opened


async def test_a_feed_with_a_thousand_entries_is_read_in_bounded_memory(
    session: aiohttp.ClientSession,
) -> None:
    fake = FakeGithub(page_size=5000)
    commits = [
        Commit(
            sha=f"{i:040x}",
            date=f"2026-01-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}+00:00",
            subject=f"Record new changes of Service {i} Terms of Service",
            path=f"Service {i}/Terms of Service.md",
            content=b"x",
            padding=8000,  # 8 kB of commit message per entry: an 8 MB feed
        )
        for i in range(1000)
    ]
    fake.repos[BIG] = Repo(published=commits)
    await fake.start()
    try:
        archive = GithubArchive(session, max_feed_entries=1000, **fake.bases)
        collection = Collection.parse(BIG)
        archive.max_feed_entries = 1  # a first small read loads what the client imports lazily
        await archive.changes(collection)
        archive.max_feed_entries = 1000
        tracemalloc.start()
        try:
            changes = await archive.changes(collection)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(changes.commits) == 1000 and not changes.truncated
        assert changes.commits[0].subject == "Record new changes of Service 999 Terms of Service"
        print(f"feed of 1000 entries: tracemalloc peak {peak} bytes")
        assert peak < 2_000_000, f"peak {peak} bytes while reading an 8 MB feed"

        archive.max_feed_entries = 100
        capped = await archive.changes(collection)
        assert len(capped.commits) == 100 and capped.truncated
        again = await archive.changes(collection, etag=changes.etag)
        assert again.not_modified
    finally:
        await fake.stop()


async def test_raw_files_at_a_commit_and_a_missing_one(session: aiohttp.ClientSession) -> None:
    fake = FakeGithub()
    path = "A B/Terms.md"
    fake.repos[BIG] = Repo(
        published=[
            Commit("a" * 40, "2026-01-01T00:00:00Z", "First record of A B Terms", path, b"v1"),
            Commit(
                "b" * 40, "2026-01-02T00:00:00Z", "Record new changes of A B Terms", path, b"v2"
            ),
        ]
    )
    await fake.start()
    try:
        archive = GithubArchive(session, **fake.bases)
        collection = Collection.parse(BIG)
        assert await archive.raw(collection, "a" * 40, "A B/Terms.md") == b"v1"
        assert await archive.raw(collection, "b" * 40, "A B/Terms.md") == b"v2"
        with pytest.raises(ArchiveNotFound):
            await archive.raw(collection, "a" * 40, "A/B Terms.md")
        files = await archive.listing(collection)
        assert [(f.path, f.blob_sha) for f in files] == [("A B/Terms.md", git_blob_sha(b"v2"))]
        assert await archive.commit_paths(collection, "b" * 40) == ["A B/Terms.md"]
    finally:
        await fake.stop()


def test_commit_subjects() -> None:
    assert parse_subject("Record new changes of ChatGPT Business Privacy Policy").kind is (
        CommitKind.CHANGE
    )
    assert parse_subject("First record of Le Chat Terms of Service").rest == (
        "Le Chat Terms of Service"
    )
    for technical in (
        "Apply technical or declaration upgrade on X Terms",
        "Refilter Facebook Terms",
    ):
        assert parse_subject(technical).kind is CommitKind.TECHNICAL
    for other in ("Update README.md", "Merge pull request #7 from x/y", "Delete Expedia Directory"):
        assert parse_subject(other).kind in (CommitKind.OTHER,)


def test_subject_splits_prefer_paths_the_collection_has() -> None:
    rest = "ChatGPT Business Privacy Policy"
    assert candidate_paths(rest, set(), set())[:2] == [
        "ChatGPT/Business Privacy Policy.md",
        "ChatGPT Business/Privacy Policy.md",
    ]
    known = {"ChatGPT Business/Privacy Policy.md"}
    assert candidate_paths(rest, set(), known)[0] == "ChatGPT Business/Privacy Policy.md"
    assert candidate_paths("Le Chat Acceptable Use Policy", set(), set())[0] == (
        "Le Chat/Acceptable Use Policy.md"
    )
    assert candidate_paths("Acme Fancy Rules", {"Fancy Rules"}, set()) == ["Acme/Fancy Rules.md"]


def test_paths_slugs_and_collections() -> None:
    assert split_path("Claude.ai/Commercial Terms.md") == ("Claude.ai", "Commercial Terms")
    assert split_path("README.md") is None and split_path("a/b/c.md") is None
    assert slug("Claude.ai") == "claude-ai" and slug("Coffee Meets Bagel") == "coffee-meets-bagel"
    assert slug("Showroomprivé.com") == "showroomprive-com"
    assert slug("???").startswith("s-")
    assert Collection.parse("pga-versions").name == "OpenTermsArchive/pga-versions"
    assert Collection.parse("someone/their-versions").owner == "someone"
    with pytest.raises(ValueError):
        Collection.parse("../etc")


def test_archive_config_is_validated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = Config.from_dict(config_dict(archive={}), base_dir=tmp_path)
    assert cfg.archive.enabled and "pga-versions" in cfg.archive.collections
    assert not Config.from_dict(config_dict(), base_dir=tmp_path).archive.enabled
    with pytest.raises(ConfigError, match=r"'archive.collections\[1\]' must be a versions"):
        Config.from_dict(
            config_dict(archive={"collections": ["pga-versions", "no way/../x"]}),
            base_dir=tmp_path,
        )
    with pytest.raises(ConfigError, match=r"'archive\.first_sync' must be one of"):
        Config.from_dict(config_dict(archive={"first_sync": "soon"}), base_dir=tmp_path)
