"""The shipped config.yaml, platform catalogue (bot/data/platforms.yaml) and history
(bot/data/history.yaml) parse and are sane.

Quotes in the curated history, and the files opt-out steps cite, are checked against the research
folder (/work/shared: corpus, seeds, facts) when it is present.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

import pytest
import yaml

from bot.config import load_config
from bot.domain.history import HistoryEntry, parse_history
from bot.domain.models import CATEGORIES
from bot.domain.names import compact, name_keys

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OWN_ADDRESS = "platform's own published address"
OTA_SOURCE = re.compile(
    r"^Open Terms Archive, OpenTermsArchive/[a-z-]+-declarations: declarations/[^/]+\.json"
    r" @[0-9a-f]{7,40} \(\d{4}-\d{2}-\d{2}\)(, first of the \d+ pages it combines)?$"
)
DATED = re.compile(r"\b(19|20)\d{2}-\d{2}\b")
KIND_OF_TERMS_TYPE = {
    "Terms of Service": "terms_of_service",
    "Privacy Policy": "privacy_policy",
    "Acceptable Use Policy": "acceptable_use_policy",
}
# corpus folder -> platform id, where they differ
CORPUS_PLATFORM = {"meta-facebook": "facebook", "x-twitter": "x"}
# OTA paths no longer recorded under that name (X's privacy policy is now "X/Privacy Policy.md")
RETIRED_OTA_PATHS = {("OpenTermsArchive/pga-versions", "Twitter/Privacy Policy.md")}
FEED = re.compile(
    r"^https://github\.com/OpenTermsArchive/(?P<repo>[a-z-]+-versions)/commits/main/"
    r"(?P<path>[^?#]+)\.md\.atom$"
)


def load(name: str) -> Any:
    return yaml.safe_load((REPO / name).read_text(encoding="utf-8"))


CONFIG = load("config.yaml")
PLATFORMS: list[dict[str, Any]] = load("bot/data/platforms.yaml")["platforms"]
IDS = [p["id"] for p in PLATFORMS]


def history() -> list[HistoryEntry]:
    return parse_history(load(CONFIG["history"]["path"]))


# ---------------------------------------------------------------- config.yaml


def test_config_has_the_expected_sections() -> None:
    assert set(CONFIG) == {
        "storage", "watch", "fanout", "history", "catalogue", "platforms", "feeds", "discord",
        "bluesky", "web", "review", "archive",
    }  # fmt: skip
    assert CONFIG["archive"]["collections"] == [
        "contrib-versions",
        "pga-versions",
        "genai-eu-versions",
    ]
    assert (REPO / CONFIG["history"]["path"]).is_file()
    assert CONFIG["web"]["host"] == "127.0.0.1"
    assert CONFIG["catalogue"] == "builtin"


def test_config_yaml_loads_the_whole_catalogue() -> None:
    config = load_config(REPO / "config.yaml")
    assert [p.id for p in config.platforms] == IDS
    assert all(p.documents and p.category in CATEGORIES for p in config.platforms)


# ---------------------------------------------------------------- the catalogue


def test_at_least_120_platforms_music_first() -> None:
    assert len(PLATFORMS) >= 120
    assert IDS[:2] == ["soundcloud", "spotify"]
    required = {
        # tracked before the catalogue
        "soundcloud", "spotify", "youtube", "bandcamp", "deezer", "audiomack", "apple-music",
        "amazon-music", "tidal", "qobuz", "mixcloud", "tiktok", "distrokid", "beatport",
        "facebook", "instagram", "x", "reddit", "tumblr", "linkedin", "pinterest", "deviantart",
        "artstation", "vimeo", "zoom", "github", "quora", "stack-overflow",
        # named in the issue (distributors, monetisation, beats, AI music, visual, writing)
        "tunecore", "cd-baby", "amuse", "unitedmasters", "ditto-music", "patreon", "ko-fi",
        "buy-me-a-coffee", "beatstars", "splice", "bandlab", "landr", "suno", "udio", "cara",
        "behance", "pixiv", "flickr", "adobe", "shutterstock", "medium", "substack", "wattpad",
        "ao3", "wordpress-com",
    }  # fmt: skip
    assert required <= set(IDS), required - set(IDS)


def test_every_category_has_platforms() -> None:
    used = {p["category"] for p in PLATFORMS}
    assert used <= set(CATEGORIES)
    assert set(CATEGORIES) - {"other"} <= used, set(CATEGORIES) - used
    for category in set(CATEGORIES) - {"other"}:
        assert sum(p["category"] == category for p in PLATFORMS) >= 3, category


def test_ids_unique_slugs_and_fields_typed() -> None:
    assert len(IDS) == len(set(IDS))
    for p in PLATFORMS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", p["id"]), p["id"]
        assert set(p) <= {"id", "name", "category", "aliases", "opt_out", "opt_out_source",
                          "documents"}  # fmt: skip
        assert isinstance(p["name"], str) and p["name"].strip()
        assert isinstance(p.get("opt_out", ""), str)
        assert p["aliases"], f"{p['id']} has no alias"
        assert all(isinstance(a, str) and a.strip() for a in p["aliases"])


def test_every_document_is_https_and_sourced() -> None:
    for p in PLATFORMS:
        assert p["documents"], p["id"]
        kinds = [d["kind"] for d in p["documents"]]
        assert len(kinds) == len(set(kinds)), p["id"]
        for d in p["documents"]:
            url = urlparse(d["url"])
            assert url.scheme == "https" and url.netloc and "." in url.netloc, d["url"]
            assert " " not in d["url"] and url.netloc == url.netloc.lower(), d["url"]
            assert d["kind"] in KIND_OF_TERMS_TYPE.values(), d["kind"]
            source = d.get("source", "")
            assert source == OWN_ADDRESS or OTA_SOURCE.match(source), (p["id"], source)


def test_opt_out_steps_have_a_dated_source() -> None:
    with_steps = [p for p in PLATFORMS if p.get("opt_out")]
    assert len(with_steps) >= 10
    for p in with_steps:
        source = p.get("opt_out_source", "")
        assert DATED.search(source), f"{p['id']}: opt_out without a dated source"
        if SHARED.is_dir():
            for cited in re.findall(r"\b(?:facts|corpus)/[\w./-]+", source):
                assert (SHARED / cited).exists(), f"{p['id']} cites missing {cited}"
    for p in PLATFORMS:
        assert p.get("opt_out") or not p.get("opt_out_source"), p["id"]


def test_names_and_aliases_do_not_collide_across_platforms() -> None:
    owner: dict[str, str] = {}
    for p in PLATFORMS:
        for label in {p["id"], p["name"], *p["aliases"]}:
            keys = name_keys(label)
            assert keys, (p["id"], label)
            for key in keys:
                first = owner.setdefault(key, p["id"])
                assert first == p["id"], f"{label!r}: {first}/{p['id']}"


def test_feeds_are_ota_commit_feeds_of_known_platforms() -> None:
    urls = [f["url"] for f in CONFIG["feeds"]]
    assert len(urls) == len(set(urls))
    for feed in CONFIG["feeds"]:
        assert feed["platform"] in IDS, feed
        match = FEED.match(feed["url"])
        assert match, feed["url"]
        path = unquote(match["path"])
        assert quote(path) == match["path"], "path must be URL-encoded like the example"
        service, terms_type = path.split("/")
        assert service.strip() == service and service, feed["url"]
        assert KIND_OF_TERMS_TYPE[terms_type] == feed["document_kind"], feed


def _keys(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [str(k) for k in node] + [k for v in node.values() for k in _keys(v)]
    if isinstance(node, list):
        return [k for v in node for k in _keys(v)]
    return []


def test_no_secrets_in_config() -> None:
    for key in _keys(CONFIG):
        assert not re.search(r"token|password|secret|api_key|credential", key, re.I), key


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="research corpus not present")
def test_feeds_cover_every_ota_document_of_the_corpus() -> None:
    """For each archived document of a configured platform, its current OTA path has a feed."""
    urls = {f["url"] for f in CONFIG["feeds"]}
    checked = 0
    for history_file in sorted((SHARED / "corpus").glob("*/*/HISTORY.tsv")):
        platform = CORPUS_PLATFORM.get(history_file.parts[-3], history_file.parts[-3])
        if platform not in IDS:
            continue
        with history_file.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        latest = max(rows, key=lambda r: r["recorded_at"])
        repo, path = latest["repo"], latest["path"]
        if not repo.startswith("OpenTermsArchive/") or (repo, path) in RETIRED_OTA_PATHS:
            continue
        url = f"https://github.com/{repo}/commits/main/{quote(path)}.atom"
        assert url in urls, url
        checked += 1
    assert checked >= 20


# ---------------------------------------------------------------- history.yaml


def test_history_parses_and_every_platform_is_configured() -> None:
    entries = history()
    assert len(entries) >= 20
    for e in entries:
        assert e.platform_id in IDS, e.platform_id
        assert date.fromisoformat(e.date) <= date.today()
        assert e.url.startswith("https://")
        assert e.sources
        event = e.to_event()
        assert event.ai_relevant and event.change.summary


def test_history_tells_the_soundcloud_story() -> None:
    story = {(e.date, e.after_platform.value) for e in history() if e.platform_id == "soundcloud"}
    assert ("2024-02-07", "yes") in story
    assert any(d.startswith("2025-05") and v == "yes" for d, v in story)  # the backlash
    assert ("2025-05-21", "opt_in") in story


@pytest.mark.skipif(not (SHARED / "facts").is_dir(), reason="facts sheet not present")
def test_every_tracked_platform_in_the_facts_sheet_has_history() -> None:
    text = (SHARED / "facts" / "platform-ai-policies.md").read_text(encoding="utf-8")
    names = {compact(p["name"]): p["id"] for p in PLATFORMS}
    names.update({compact(a): p["id"] for p in PLATFORMS for a in p.get("aliases", [])})
    have = {e.platform_id for e in history()}
    uncertain_ids: set[str] = set()
    for row in text.splitlines():
        if not row.startswith("| ") or row.startswith(("| platform", "|---")):
            continue
        for part in re.split(r"[(),/]", row.split("|")[1]):
            pid = names.get(compact(part))
            if pid:
                assert pid in have, f"no history for {pid}"
                if "(uncertain)" in row:
                    uncertain_ids.add(pid)
    assert "soundcloud" in have and "github" in uncertain_ids
    for e in history():
        if e.platform_id in uncertain_ids and not e.uncertain:
            assert "not confirmed" in e.summary, (e.platform_id, e.date)


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.skipif(not SHARED.is_dir(), reason="research folder not present")
def test_history_quotes_are_verbatim_in_the_files_they_cite() -> None:
    for index, e in enumerate(history()):
        cited = [s.split()[0] for s in e.sources if re.match(r"^(corpus|seeds|facts)/", s)]
        for path in cited:
            assert (SHARED / path).is_file(), f"entry {index} cites missing {path}"
        quotes = [q.text for q in (*e.quotes, *e.removed)]
        if not quotes:
            continue
        texts = [_normal((SHARED / p).read_text(encoding="utf-8")) for p in cited]
        assert texts, f"entry {index} quotes without citing a corpus file or seed"
        for q in quotes:
            assert any(_normal(q) in t for t in texts), f"entry {index}: not verbatim: {q[:60]}"


def test_history_has_no_duplicate_events() -> None:
    keys = [(e.platform_id, e.document_kind, e.date) for e in history()]
    assert len(keys) == len(set(keys))
