"""Message catalogues: bot/locale/<lang>/LC_MESSAGES/termswatch.po, read with Babel at first use.

The .po files are the only source: no compiled .mo to keep in step. Reading all of them takes a
few milliseconds and happens once per process (cached).
"""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.pofile import read_po

from bot.domain.i18n import (
    DEFAULT_LANGUAGE,
    ENGLISH,
    LANGUAGES,
    CatalogTranslator,
    Translator,
    language_of,
)

log = logging.getLogger(__name__)

DOMAIN = "termswatch"
CATALOG_DATE = datetime(2026, 12, 1, tzinfo=UTC)  # fixed: regenerating changes no header
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalog_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_messages(path: Path) -> dict[str, str]:
    """msgid -> msgstr for every translated, non-fuzzy message of one .po file."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    out: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            out[message.id] = message.string
    return out


@functools.cache
def translator_for_language(language: str) -> Translator:
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return ENGLISH
    path = catalog_path(language)
    try:
        messages = read_messages(path)
    except OSError as exc:
        log.warning("no catalogue for %s (%s): answering in English", language, exc)
        return ENGLISH
    return CatalogTranslator(language, messages)


def translator(tag: object = None) -> Translator:
    """The translator for a locale tag ('fr', 'pt-BR', discord.Locale.japanese, None...)."""
    value = getattr(tag, "value", tag)
    return translator_for_language(language_of(str(value) if value else None))


# ---------------------------------------------------------------- extraction (make messages)

KEYWORDS = {"gettext": None, "N_": None, "locale_str": None}
SOURCE_DIRS = ("bot", "cogs")


def extract_messages(root: Path) -> dict[str, list[tuple[str, int]]]:
    """Every message the code marks for translation: msgid -> [(file, line)], from
    `tr.gettext("...")`, `N_("...")` and `locale_str("...")` literals under bot/ and cogs/."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, list[tuple[str, int]]] = {}
    for folder in SOURCE_DIRS:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            root / folder, [("**.py", "python")], keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append((f"{folder}/{filename}", lineno))
    return found


def update_catalogs(root: Path, locale_dir: Path = LOCALE_DIR) -> dict[str, int]:
    """Merges the messages the code marks into every shipped .po: new ones appear
    untranslated, gone ones are dropped, translations are kept. Returns untranslated counts."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    found = extract_messages(root)
    missing: dict[str, int] = {}
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        path = catalog_path(language, locale_dir)
        old = read_messages(path) if path.exists() else {}
        catalog = Catalog(
            locale=language,
            project="Terms Watch",
            domain=DOMAIN,
            fuzzy=False,
            creation_date=CATALOG_DATE,
            revision_date=CATALOG_DATE,
        )
        for msgid in found:
            catalog.add(msgid, old.get(msgid, ""), flags=_flags(msgid))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, width=100, no_location=True)
        missing[language] = sum(1 for msgid in found if not old.get(msgid))
    return missing


def _flags(msgid: str) -> tuple[str, ...]:
    return ("python-brace-format",) if "{" in msgid else ()


if __name__ == "__main__":  # make messages
    for lang, count in update_catalogs(Path.cwd()).items():
        print(f"{lang}: {count} untranslated")
