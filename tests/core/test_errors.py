"""One error hierarchy: every error the bot raises on purpose is a TermsWatchError, the ones a
person can fix are UserFacingErrors, and each medium turns those into text in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.discord.replies import user_mistake
from bot.adapters.store import StoreError
from bot.cli import UserError, main
from bot.cli_review import ReviewError
from bot.config import ConfigError
from bot.services.archive_ports import ArchiveError
from bot.services.errors import (
    AlreadySubscribed,
    NeedsPermission,
    NotSubscribed,
    TermsWatchError,
    UnknownPlatform,
    UserFacingError,
)
from bot.services.ports import FetchError
from bot.services.requests import AlreadyTracked, TooManyRequests
from bot.services.review import NotHeld


@pytest.mark.parametrize(
    "error",
    [
        UnknownPlatform("soundclod", []),
        NotSubscribed("SoundCloud"),
        NeedsPermission(NeedsPermission.MANAGE_CHANNELS),
        ConfigError("config.yaml: 'web.port' must be a TCP port"),
        TooManyRequests(5),
        AlreadyTracked("SoundCloud"),
        NotHeld(3),
        UserError("x: no such file"),
        ReviewError("review confirm needs the event's number"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_mistakes_a_person_can_fix_are_user_facing(error: Exception) -> None:
    assert isinstance(error, UserFacingError)
    assert error.user_message()


@pytest.mark.parametrize("error", [FetchError("HTTP 500"), ArchiveError("x"), StoreError("x")])
def test_our_own_failures_share_the_base_but_are_not_shown_to_users(error: Exception) -> None:
    assert isinstance(error, TermsWatchError)
    assert not isinstance(error, UserFacingError)
    assert user_mistake(error, in_dm=False) is None  # Discord answers with the generic apology


def test_discord_answers_any_user_facing_error_with_its_message() -> None:
    assert user_mistake(TooManyRequests(5), in_dm=True) == TooManyRequests(5).user_message()
    assert "Manage Channels" in (
        user_mistake(NeedsPermission(NeedsPermission.MANAGE_CHANNELS), in_dm=False) or ""
    )
    assert AlreadySubscribed.__mro__[1] is UserFacingError


def test_cli_prints_a_config_error_as_one_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("web:\n  port: 70000\n")
    assert main(["--config", str(path), "check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {path}: 'web.port' must be a TCP port (0-65535), got 70000"]
