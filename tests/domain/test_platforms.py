"""PlatformDirectory against the real shipped catalogue (bot/data/platforms.yaml): names,
aliases, typos, free text, suggestions, and the discovered tier."""

from __future__ import annotations

import pytest

from bot.config import load_catalogue
from bot.domain.models import CATEGORIES, Platform
from bot.domain.names import compact, edit_distance
from bot.domain.platforms import PlatformDirectory

PLATFORMS = load_catalogue()
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


def test_name_of_gives_the_display_name_or_the_id_of_a_platform_no_longer_known() -> None:
    assert DIRECTORY.name_of("soundcloud") == PLATFORMS[0].name
    assert DIRECTORY.name_of("dropped-from-config") == "dropped-from-config"


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
    """A typo resolves to its platform, or (when as close to another name: "cava" is one letter
    from Canva and from Cara) to nothing, with the platform among the suggestions."""
    key = compact(platform.name)
    for typo in typos(key):
        found = DIRECTORY.resolve(typo)
        if found is None:
            assert platform in DIRECTORY.close_matches(typo), typo
        else:
            assert found.id == platform.id, typo


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
        "see https://example.org/profile/termswatch",
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
    assert [pid(p) for p in DIRECTORY.suggest("twit")[:2]] == ["twitch", "x"]  # name, alias
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


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("is tunecore training on my music?", "tunecore"),
        ("is tune core training on my music?", "tunecore"),
        ("does cdbaby use my songs for AI", "cd-baby"),
        ("does CD Baby use my songs for AI", "cd-baby"),
        ("suno", "suno"),
        ("is udio using my uploads?", "udio"),
        ("ko fi", "ko-fi"),
        ("is ko-fi training on my art?", "ko-fi"),
        ("buy me a coffee", "buy-me-a-coffee"),
        ("does buy me a coffee sell my posts to AI companies", "buy-me-a-coffee"),
        ("ao3", "ao3"),
        ("is archive of our own scraped for AI?", "ao3"),
        ("wordpress.com", "wordpress-com"),
        ("is wordpress.com selling my blog to AI companies?", "wordpress-com"),
        ("what does distro kid say about AI", "distrokid"),
        ("is the tunecore.com site training", "tunecore"),
        ("is medium training on my writing", "medium"),
        ("is my medium-length video on youtube used for AI?", "youtube"),
        ("kick or twitch: which trains on streams?", "twitch"),
    ],
)
def test_find_in_finds_the_platforms_artists_name(question: str, expected: str) -> None:
    assert pid(DIRECTORY.find_in(question)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tune core", "tunecore"),
        ("TuneCore.com", "tunecore"),
        ("cdbaby", "cd-baby"),
        ("ko fi", "ko-fi"),
        ("KoFi", "ko-fi"),
        ("buymeacoffee", "buy-me-a-coffee"),
        ("AO3", "ao3"),
        ("WordPress", "wordpress-com"),
        ("the wordpress.com", "wordpress-com"),
        ("tunecor", "tunecore"),
        ("distrokidd", "distrokid"),
        ("patreon.com", "patreon"),
        ("suno.ai", "suno"),
    ],
)
def test_resolve_name_variants_and_typos(text: str, expected: str) -> None:
    assert pid(DIRECTORY.resolve(text)) == expected


def without(platform_id: str) -> PlatformDirectory:
    return PlatformDirectory([p for p in PLATFORMS if p.id != platform_id])


def test_an_untracked_name_never_suggests_an_unrelated_platform() -> None:
    """The bug in the issue: "tunecore" (when not tracked) got "Did you mean: Apple Music?"."""
    assert "apple-music" not in {p.id for p in without("tunecore").close_matches("tunecore")}
    assert without("suno").close_matches("suno") == []
    assert DIRECTORY.close_matches("notarealplatform") == []
    assert DIRECTORY.close_matches("banana") == []


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.id)
def test_suggestions_for_a_missing_name_resemble_it(platform: Platform) -> None:
    """With the platform itself gone, whatever is suggested for its name shares most of it."""
    from rapidfuzz.distance import Indel

    query = compact(platform.name)
    for other in without(platform.id).close_matches(platform.name):
        labels = [other.id, other.name, *other.aliases]
        best = max(Indel.normalized_similarity(query, compact(label)) for label in labels)
        assert best >= 0.5 or any(compact(label).startswith(query) for label in labels), (
            platform.id,
            other.id,
        )


# ---------------------------------------------------------------- discovered services


DISCOVERED = [
    Platform("ota-wordpress-org", "WordPress.org", category="other"),
    Platform("ota-soundcloud", "SoundCloud", category="other"),  # a curated name: skipped
    Platform("ota-netflix", "Netflix", aliases=("netflix.com",), category="other"),
    Platform("ota-spotifind", "Spotifind", category="other"),
    Platform("ota-medium-rare", "Medium Rare", category="other"),
    Platform("soundcloud", "Another SoundCloud", category="other"),  # a curated id: skipped
]


def with_discovered() -> PlatformDirectory:
    directory = PlatformDirectory(PLATFORMS)
    assert len(directory.add_discovered(DISCOVERED)) == 5
    return directory


def test_discovered_services_are_found_after_curated_ones() -> None:
    directory = with_discovered()
    assert len(directory) == len(PLATFORMS) + 5
    assert directory.all()[: len(PLATFORMS)] == PLATFORMS
    assert not directory.is_curated("ota-netflix") and directory.is_curated("suno")
    assert directory.get("soundcloud") is DIRECTORY.get("soundcloud")
    assert pid(directory.resolve("soundcloud")) == "soundcloud"
    assert pid(directory.resolve("netflix.com")) == "ota-netflix"
    assert pid(directory.find_in("does netflix train on my films?")) == "ota-netflix"
    assert pid(directory.find_in("is wordpress training on my blog?")) == "wordpress-com"
    assert pid(directory.find_in("wordpress.org and netflix: do they train AI?")) == (
        "ota-wordpress-org"
    )


def test_autocomplete_ranks_curated_before_discovered() -> None:
    directory = with_discovered()
    spot = [p.id for p in directory.suggest("spot")]
    assert spot.index("spotify") < spot.index("ota-spotifind")
    word = [p.id for p in directory.suggest("wordpress")]
    assert word[:2] == ["wordpress-com", "ota-wordpress-org"]
    everything = [p.id for p in directory.suggest("s", limit=200)]
    curated = [i for i, p in enumerate(everything) if directory.is_curated(p)]
    discovered = [i for i, p in enumerate(everything) if not directory.is_curated(p)]
    assert max(curated) < min(discovered)
    assert directory.suggest("", limit=3) == PLATFORMS[:3]


def test_a_near_miss_prefers_a_curated_platform() -> None:
    directory = with_discovered()
    assert pid(directory.resolve("spotfy")) == "spotify"
    assert directory.close_matches("spotif")[0].id == "spotify"


# ---------------------------------------------------------------- categories


def test_every_category_is_listed_with_its_platforms() -> None:
    listed = DIRECTORY.categories()
    assert [c for c, _, _ in listed] == [c for c in CATEGORIES if c != "other"]
    for category, label, count in listed:
        assert label == CATEGORIES[category]
        assert count == len(DIRECTORY.in_category(category)) > 0
    assert {p.id for p in DIRECTORY.in_category("music-distribution")} >= {
        "distrokid", "tunecore", "cd-baby", "amuse", "unitedmasters", "ditto-music",
    }  # fmt: skip
