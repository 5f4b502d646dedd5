"""PlatformDirectory against the real shipped config.yaml: names, aliases, typos, free text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.domain.models import DocumentSpec, Platform
from bot.domain.platforms import PlatformDirectory, compact, edit_distance

REPO = Path(__file__).resolve().parents[2]


def shipped_platforms() -> list[Platform]:
    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    return [
        Platform(
            id=p["id"],
            name=p["name"],
            aliases=tuple(p.get("aliases", ())),
            documents=tuple(DocumentSpec(p["id"], d["kind"], d["url"]) for d in p["documents"]),
            opt_out=p.get("opt_out", ""),
            category=p.get("category", "music"),
        )
        for p in data["platforms"]
    ]


PLATFORMS = shipped_platforms()
DIRECTORY = PlatformDirectory(PLATFORMS)


def pid(platform: Platform | None) -> str | None:
    return platform.id if platform else None


def typos(word: str) -> list[str]:
    """Realistic one-edit typos of a long word: a dropped letter, two letters swapped."""
    middle = len(word) // 2
    dropped = word[:middle] + word[middle + 1 :]
    swapped = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return [t for t in (dropped, swapped) if t != word]


# ---------------------------------------------------------------- exact lookups


def test_get_and_all_keep_config_order() -> None:
    assert [p.id for p in DIRECTORY.all()] == [p.id for p in PLATFORMS]
    assert DIRECTORY.get("soundcloud") is PLATFORMS[0]
    assert DIRECTORY.get("nope") is None


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.id)
def test_every_id_name_and_alias_resolves_to_its_platform(platform: Platform) -> None:
    for label in (platform.id, platform.name, *platform.aliases):
        for variant in (label, label.upper(), f"  {label}!? ", label.replace(" ", "-")):
            assert pid(DIRECTORY.resolve(variant)) == platform.id, variant


# Names shorter than 5 letters ("X", "Zoom") are too short to correct safely: only exact matches.
@pytest.mark.parametrize(
    "platform", [p for p in PLATFORMS if len(compact(p.name)) >= 5], ids=lambda p: p.id
)
def test_typos_of_every_name_resolve(platform: Platform) -> None:
    key = compact(platform.name)
    for typo in typos(key):
        assert pid(DIRECTORY.resolve(typo)) == platform.id, typo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("soundclod", "soundcloud"),
        ("Sound Cloud", "soundcloud"),
        ("spotfy", "spotify"),
        ("bandcmp", "bandcamp"),
        ("you tube", "youtube"),
        ("YouTube Music", "youtube"),
        ("twitter", "x"),
        ("X", "x"),
        ("fb", "facebook"),
        ("insta", "instagram"),
        ("ig", "instagram"),
        ("itunes", "apple-music"),
        ("apple music", "apple-music"),
        ("amazon music", "amazon-music"),
        ("linkdin", "linkedin"),
        ("linked in", "linkedin"),
        ("stack overflow", "stack-overflow"),
        ("SoundCloud's", "soundcloud"),
    ],
)
def test_resolve_known_spellings(text: str, expected: str) -> None:
    assert pid(DIRECTORY.resolve(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["banana", "asdfgh", "", "   ", "a", "zz", "qq", "hello", "music", "video", "the", "123",
     "training", "platform", "my songs", "zom", "??"],
)  # fmt: skip
def test_resolve_rejects_nonsense(text: str) -> None:
    assert DIRECTORY.resolve(text) is None


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        PlatformDirectory([Platform("a", "A"), Platform("a", "Other")])


def test_ambiguous_near_miss_is_not_guessed() -> None:
    directory = PlatformDirectory([Platform("abcdef", "Abcdef"), Platform("abcdeg", "Abcdeg")])
    assert directory.resolve("abcdeh") is None
    assert directory.resolve("abcdef").id == "abcdef"  # type: ignore[union-attr]


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert edit_distance("spotify", "sptoify") == 1
    assert edit_distance("soundcloud", "soundclod") == 1
    assert edit_distance("abc", "abc") == 0
    assert edit_distance("banana", "bandcamp", limit=2) == 3  # capped at limit + 1


# ---------------------------------------------------------------- free text


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.id)
def test_find_in_question_naming_each_platform(platform: Platform) -> None:
    for template in ("is {} training on my music?", "Does {} use my songs for AI", "{}?"):
        question = template.format(platform.name)
        assert pid(DIRECTORY.find_in(question)) == platform.id, question


# Inside a sentence, names under 7 letters must be spelt right (too many ordinary words are near).
@pytest.mark.parametrize(
    "platform", [p for p in PLATFORMS if len(compact(p.name)) >= 7], ids=lambda p: p.id
)
def test_find_in_tolerates_typos_of_long_names(platform: Platform) -> None:
    key = compact(platform.name)
    for typo in typos(key):
        question = f"is {typo} training on my songs?"
        assert pid(DIRECTORY.find_in(question)) == platform.id, question


@pytest.mark.parametrize("word", ["apply", "specify", "interest", "metal", "quota", "deeper"])
def test_ordinary_words_near_a_name_are_not_typos(word: str) -> None:
    assert DIRECTORY.resolve(word) is None
    assert DIRECTORY.find_in(f"what does {word} mean here?") is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("is soundcloud training on my music?", "soundcloud"),
        ("does Sound Cloud use my songs for AI", "soundcloud"),
        ("is soundclod still training on my tracks", "soundcloud"),
        ("@termswatch.bsky.social is spotfy using my tracks?", "spotify"),
        ("what's bandcmp's policy", "bandcamp"),
        ("can YouTube Music train on my uploads?", "youtube"),
        ("does apple music train AI on my songs", "apple-music"),
        ("is Amazon Music different from Apple Music?", "amazon-music"),
        ("can x use my posts for grok", "x"),
        ("did twitter change its terms?", "x"),
        ("https://soundcloud.com/artist/track is this used for AI?", "soundcloud"),
        ("does spotify or soundcloud train", "spotify"),
        ("<@1234> hey, what about deezer", "deezer"),
    ],
)
def test_find_in_realistic_questions(question: str, expected: str) -> None:
    assert pid(DIRECTORY.find_in(question)) == expected


@pytest.mark.parametrize(
    "question",
    [
        "is my platform training on my music?",
        "is my video used for AI?",
        "what do you think about the data?",
        "I love making music",
        "does this apply to my songs?",
        "please specify the terms",
        "my account is linked in settings",
        "twisted metal is my interest",
        "@termswatch.bsky.social hello!",
        "see https://bsky.app/profile/termswatch.bsky.social",
        "",
    ],
)
def test_find_in_ignores_text_without_a_platform(question: str) -> None:
    assert DIRECTORY.find_in(question) is None


def test_find_in_ignores_handles_naming_a_platform() -> None:
    assert DIRECTORY.find_in("@spotify.bsky.social thoughts on this?") is None


# ---------------------------------------------------------------- autocomplete and suggestions


def test_suggest_empty_prefix_lists_first_platforms_in_order() -> None:
    assert DIRECTORY.suggest("", limit=5) == PLATFORMS[:5]
    assert len(DIRECTORY.suggest("")) == min(25, len(PLATFORMS))
    assert DIRECTORY.suggest("s", limit=0) == []


def test_suggest_ranks_prefix_then_alias_then_substring() -> None:
    assert pid(DIRECTORY.suggest("sp")[0]) == "spotify"
    assert pid(DIRECTORY.suggest("sound")[0]) == "soundcloud"
    assert pid(DIRECTORY.suggest("twit")[0]) == "x"  # alias prefix
    music = [p.id for p in DIRECTORY.suggest("music")]
    assert {"apple-music", "amazon-music", "youtube"} <= set(music)
    cloud = [p.id for p in DIRECTORY.suggest("cloud")]
    assert cloud[:2] == ["soundcloud", "mixcloud"]
    assert len(DIRECTORY.suggest("s", limit=3)) == 3


def test_suggest_tolerates_typos_and_drops_nonsense() -> None:
    assert pid(DIRECTORY.suggest("spotfy")[0]) == "spotify"
    assert pid(DIRECTORY.suggest("sondcloud")[0]) == "soundcloud"
    assert DIRECTORY.suggest("zzzzqq") == []


def test_close_matches_for_did_you_mean() -> None:
    assert pid(DIRECTORY.close_matches("soundclod")[0]) == "soundcloud"
    assert pid(DIRECTORY.close_matches("spotifyy")[0]) == "spotify"
    assert DIRECTORY.close_matches("banana") == []
    assert len(DIRECTORY.close_matches("music", n=2)) <= 2
