"""Languages: every shipped catalogue is complete; answers, posts, commands and replies come in
the asker's language while quoted clauses keep the document's own, labelled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.adapters.bluesky.compose import answer_text
from bot.adapters.bluesky.mentions import Notification, reply_translator
from bot.adapters.i18n import catalog_path, extract_messages, read_messages, translator
from bot.domain.i18n import LANGUAGES, PLACEHOLDER, detect_language, language_of
from bot.domain.intents import IntentKind, parse_intent
from bot.domain.models import Evidence, Platform, PlatformTraining, Verdict
from bot.domain.present import verdict_headline
from bot.services.answers import Answer
from tests.conftest import REPO, config_dict
from tests.core.test_cli import env, run  # noqa: F401  (env: the CLI test's config fixture)

SHIPPED = [lang for lang in LANGUAGES if lang != "en"]
MESSAGES = extract_messages(REPO)


def test_at_least_the_issue_languages_ship() -> None:
    assert {"fr", "de", "es", "pt_BR", "ja"} <= set(SHIPPED)
    assert len(MESSAGES) > 150  # extraction sees the code's messages


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    translated = read_messages(catalog_path(language))
    missing = [msgid for msgid in MESSAGES if not translated.get(msgid, "").strip()]
    assert not missing, (
        f"{language}: {len(missing)} untranslated, e.g. {missing[:3]} (make messages)"
    )
    for msgid in MESSAGES:
        wanted = sorted(set(PLACEHOLDER.findall(msgid)))
        got = sorted(set(PLACEHOLDER.findall(translated[msgid])))
        assert got == wanted, f"{language}: placeholders differ in {msgid!r}"
        # A stray brace would make str.format fail at run time.
        translated[msgid].format(**{name: "x" for name in wanted})


def test_a_message_without_translation_fails_the_check(tmp_path: Path) -> None:
    """The completeness check above really reads the catalogue: drop one entry and it is gone."""
    source = catalog_path("fr").read_text("utf-8")
    broken = tmp_path / "termswatch.po"
    broken.write_text(source.replace('msgstr "Historique"', 'msgstr ""'), "utf-8")
    assert "History" in read_messages(catalog_path("fr"))
    assert "History" not in read_messages(broken)


def test_locale_tags_map_to_shipped_languages() -> None:
    assert language_of("fr") == "fr" and language_of("fr-CA") == "fr"
    assert language_of("pt-BR") == "pt_BR" and language_of("pt") == "pt_BR"
    assert language_of("es-419") == "es" and language_of("es-ES") == "es"
    assert language_of("ja") == "ja" and language_of("de") == "de"
    assert language_of("en-GB") == "en" and language_of("ko") == "en" and language_of(None) == "en"


def test_detector_tells_the_clause_languages_apart() -> None:
    assert detect_language("You explicitly agree that your Content may be used to train AI") == "en"
    assert (
        detect_language("Vous acceptez que votre contenu soit utilisé pour entraîner une IA")
        == "fr"
    )
    assert (
        detect_language("Sie stimmen zu, dass Ihre Inhalte für das Training genutzt werden") == "de"
    )
    assert (
        detect_language("Usted acepta que su contenido se use para entrenar modelos de IA") == "es"
    )
    assert detect_language("Você concorda que o seu conteúdo seja usado para treinar a IA") == "pt"
    assert detect_language("あなたのコンテンツはAIの学習に使われます") == "ja"
    assert detect_language("deezer") is None


def test_the_french_question_from_the_issue_is_understood() -> None:
    intent = parse_intent("est-ce que deezer entraîne une IA sur ma musique ?")
    assert intent.kind is IntentKind.ASK
    assert intent.platform_query is not None and "deezer" in intent.platform_query.lower()
    assert detect_language("est-ce que deezer entraîne une IA sur ma musique ?") == "fr"


# ---------------------------------------------------------------- Bluesky (no dev-env needed)

QUOTE = "You explicitly agree that your Content may be used to inform, train, develop AI."


def _answer(language: str) -> Answer:
    tr = translator(language)
    verdict = Verdict(
        PlatformTraining.YES,
        evidence=(Evidence(QUOTE, document_kind="terms_of_use", date="2024-02-07"),),
    )
    platform = Platform(id="soundcloud", name="SoundCloud")
    return Answer(
        platform=platform,
        verdict=verdict,
        headline=verdict_headline(platform.name, verdict, tr),
        evidence=verdict.evidence,
        what_you_can_do=tr.gettext(
            "Look for the AI or data-sharing setting in your account and turn it off."
        ),
        last_change=None,
        source_url="https://soundcloud.com/terms-of-use",
    )


def _note(text: str, langs: list[str] | None) -> Notification:
    record: dict[str, object] = {"text": text}
    if langs is not None:
        record["langs"] = langs
    return Notification.from_json(
        {"uri": "at://x/app.bsky.feed.post/1", "cid": "c", "record": record, "author": {}}
    )


def test_bluesky_reply_follows_the_posts_langs() -> None:
    tr = reply_translator(_note("@termswatch.bsky.social soundcloud?", ["ja"]))
    assert tr.language == "ja"
    text = answer_text(_answer("ja"), tr).plain
    assert "SoundCloud の規約では" in text and "できること：" in text
    assert f"“{QUOTE}” (英語)" in text  # the clause stays English, labelled in Japanese
    assert "利用条件, 2024-02-07" in text


def test_bluesky_reply_without_langs_uses_the_texts_language() -> None:
    assert (
        reply_translator(_note("est-ce que deezer entraîne une IA sur ma musique ?", None)).language
        == "fr"
    )
    assert reply_translator(_note("is deezer training on my music?", [])).language == "en"
    assert reply_translator(_note("is deezer training on my music?", ["en"])).language == "en"


# ---------------------------------------------------------------- command line


@pytest.mark.usefixtures("env")
def test_ask_lang_de_answers_in_german_and_quotes_in_english() -> None:
    code, out = run("ask", "is soundcloud training on my music?", "--lang", "de")
    assert code == 0
    assert "SoundCloud sagt, KI nur mit Ihrer ausdrücklichen Einwilligung (Opt-in)" in out
    assert "Was Sie tun können:" in out
    assert re.search(r"“[^”]*”\s*\(Englisch\)", out)  # the clause is quoted as written
    assert "What you can do" not in out


@pytest.mark.usefixtures("env")
def test_ask_detects_a_french_question() -> None:
    code, out = run("ask", "est-ce que soundcloud entraîne une IA sur ma musique ?")
    assert code == 0
    assert out.startswith("SoundCloud dit n’entraîner une IA")
    assert "Ce que vous pouvez faire :" in out and "(anglais)" in out


@pytest.mark.usefixtures("env")
def test_ask_unknown_lang_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("ask", "is soundcloud training on my music?", "--lang", "xx")
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: --lang: 'xx'") and len(err.splitlines()) == 1


def test_the_issues_deezer_question_is_answered_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = {"path": str(REPO / "bot" / "data" / "history.yaml")}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config_dict(catalogue="builtin", history=history)))
    monkeypatch.setenv("TERMSWATCH_CONFIG", str(path))
    monkeypatch.setenv("TERMSWATCH_DB", str(tmp_path / "cli.db"))
    code, out = run("ask", "est-ce que deezer entraîne une IA sur ma musique ?")
    assert code == 0
    assert out.startswith("Les conditions de Deezer")
    assert "” (anglais)" in out  # Deezer's clause, quoted in English and labelled
    assert "Dernier changement : " in out and "Source : https://" in out
