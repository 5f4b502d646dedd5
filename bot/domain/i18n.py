"""Languages: the translation interface the domain speaks, locale names, and a tiny detector.

Pure: catalogues are loaded by bot/adapters/i18n.py. Messages are English msgids with
`{name}` placeholders; a Translator returns the message in its language (English when a
translation is missing) with the placeholders filled in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Protocol

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
# Shipped languages (catalogue directory names under bot/locale/).
LANGUAGES = ("en", "fr", "de", "es", "pt_BR", "ja")
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def N_(message: str) -> str:
    """Marks a module-level message for extraction; it is translated where it is shown."""
    return message


class Translator(Protocol):
    @property
    def language(self) -> str: ...

    def gettext(self, message: str, /, **params: object) -> str: ...


class CatalogTranslator:
    """Messages from one language's catalogue; English for any message it lacks."""

    def __init__(self, language: str, messages: Mapping[str, str] | None = None) -> None:
        self._language = language
        self._messages = dict(messages or {})

    @property
    def language(self) -> str:
        return self._language

    def gettext(self, message: str, /, **params: object) -> str:
        text = self._messages.get(message) or message
        if not params:
            return text
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            log.warning("translation of %r in %s has bad placeholders", message, self._language)
            return message.format(**params)


ENGLISH: Translator = CatalogTranslator(DEFAULT_LANGUAGE)

# Names of the languages quoted clauses may be in, shown next to a quote: "(English)".
LANGUAGE_NAMES: dict[str, str] = {
    "en": N_("English"),
    "fr": N_("French"),
    "de": N_("German"),
    "es": N_("Spanish"),
    "pt": N_("Portuguese"),
    "it": N_("Italian"),
    "nl": N_("Dutch"),
    "ja": N_("Japanese"),
}


def language_of(tag: str | None) -> str:
    """A shipped language for a locale tag: 'fr-CA' -> 'fr', 'pt-BR'/'pt' -> 'pt_BR',
    'es-419' -> 'es', 'ja' -> 'ja'; anything else (or nothing) -> 'en'."""
    if not tag:
        return DEFAULT_LANGUAGE
    wanted = str(tag).strip().replace("-", "_").lower()
    for language in LANGUAGES:
        if language.lower() == wanted:
            return language
    base = base_language(wanted)
    return next((lang for lang in LANGUAGES if base_language(lang) == base), DEFAULT_LANGUAGE)


def base_language(language: str) -> str:
    """'pt_BR' -> 'pt': the language a text is written in, without the region."""
    return language.replace("-", "_").split("_", 1)[0].lower()


# ---------------------------------------------------------------- detection

# Common function words per language (a few dozen each), space-separated.
_STOP_WORD_TEXT: dict[str, str] = {
    "en": (
        "the and of to is are you your for with that this on by may we our will not be it or "
        "any as from my does what"
    ),
    "fr": (
        "le la les des est et de du une un vous votre vos pour avec que qui sur dans pas ne "
        "nous notre ce cette ma mon mes ou au aux sont"
    ),
    "de": (
        "der die das und ist sie ihre ihr mit für von zu nicht wir unsere auf den dem ein "
        "eine oder auch werden mein meine meinen es"
    ),
    "es": (
        "el la los las y es de del que en para con por su sus usted nosotros nuestro una un "
        "no se mi mis al"
    ),
    "pt": (
        "o a os as e é de do da dos das que em para com por seu sua você nós nosso uma um não "
        "se meu minha ao"
    ),
    "it": (
        "il lo la gli le e è di del della che in per con su tuo tua voi noi nostro una un non "
        "si mio mia al"
    ),
    "nl": "de het een en is van dat op te voor met je jouw uw wij ons onze niet zijn mijn of ook",
}
_STOP_WORDS = {lang: frozenset(text.split()) for lang, text in _STOP_WORD_TEXT.items()}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_KANA = re.compile(r"[\u3040-\u30ff]")


def detect_language(text: str) -> str | None:
    """The language a short text is most likely written in (en, fr, de, es, pt, it, nl, ja),
    or None when there is too little to tell. Counts common function words; kana means
    Japanese."""
    if _KANA.search(text):
        return "ja"
    words = [w.lower() for w in _WORD.findall(text.replace("’", " ").replace("'", " "))]
    if not words:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOP_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < 2:  # one common word is not enough to tell
        return None
    runner_up = max(v for lang, v in scores.items() if lang != best)
    if scores[best] == runner_up:
        return None
    return best


def quote_language_label(quote: str, tr: Translator) -> str:
    """' (English)' after a quote written in another language than the answer; '' otherwise."""
    lang = detect_language(quote) or "en"
    if lang == base_language(tr.language):
        return ""
    return " (" + tr.gettext(LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"])) + ")"
