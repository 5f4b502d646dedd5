"""The command line, as a user runs it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from tests.conftest import CORPUS, REPO, config_dict

SOUNDCLOUD = CORPUS / "soundcloud" / "terms-of-service"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = config_dict(history={"path": str(REPO / "bot" / "data" / "history.yaml")})
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    monkeypatch.setenv("TERMSWATCH_CONFIG", str(path))
    monkeypatch.setenv("TERMSWATCH_DB", str(tmp_path / "cli.db"))
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_classify_json_has_verdict_and_quoted_evidence() -> None:
    code, out = run("classify", str(SOUNDCLOUD / "2024-02-07.md"), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["platform_training"] == "yes"
    assert data["third_party_training"] in {
        "not_mentioned",
        "prohibited",
        "allowed",
        "opt_out",
        "opt_in",
    }
    assert any("artificial intelligence" in e["quote"] for e in data["evidence"])


def test_diff_json_reports_added_clause_and_verdicts() -> None:
    code, out = run(
        "diff", str(SOUNDCLOUD / "2018-05-25.md"), str(SOUNDCLOUD / "2024-02-07.md"), "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["ai_relevant"] is True
    assert data["before"]["platform_training"] == "not_mentioned"
    assert data["after"]["platform_training"] == "yes"
    assert any("train" in clause for clause in data["added"])
    assert data["removed"] == [] and data["summary"]


def test_diff_of_a_non_ai_change_is_not_ai_relevant() -> None:
    code, out = run(
        "diff", str(SOUNDCLOUD / "2025-09-10.md"), str(SOUNDCLOUD / "2026-08-17.md"), "--json"
    )
    assert code == 0 and json.loads(out)["ai_relevant"] is False


def test_replay_soundcloud_prints_the_story_in_order(env: Path) -> None:
    code, out = run("replay", str(SOUNDCLOUD))
    assert code == 0
    sections = out.split("\n--- ")[1:]
    dates = [section[:10] for section in sections]
    # first version (nothing about AI) -> training allowed -> generative training opt-in only;
    # the 2025-09-10 copy of an existing clause and the 2026 SMS-terms change print nothing.
    assert dates == ["2018-05-25", "2024-02-07", "2025-05-27"]
    assert "not mentioned" in sections[0]
    assert "not mentioned → training allowed" in sections[1]
    assert "artificial intelligence" in sections[1]
    assert "training allowed → opt-in only" in sections[2]
    assert "5 versions replayed, 3 events printed." in out


def test_ask_answers_from_curated_history_on_day_one(env: Path) -> None:
    code, out = run("ask", "is soundclod training on my music?")
    assert code == 0
    assert "SoundCloud" in out
    assert "opt" in out.lower()  # opt-in since May 2025
    assert "What you can do:" in out and "“" in out  # advice and a quoted clause


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["classify", "/no/such/file.md"], "no such file"),
        (["replay", "/no/such/folder"], "not a folder"),
        (
            ["ask", "is bananaphone training on my music?"],
            "don't track a platform called “bananaphone”",
        ),
    ],
)
def test_user_mistakes_are_one_line_and_exit_2(
    env: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(*argv)
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_malformed_config_is_reported_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "config.yaml"
    bad.write_text("watch:\n  interval_seconds: soon\n")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(bad), "check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 2
    assert "'watch.interval_seconds' must be a number" in result.stderr
    assert "Traceback" not in result.stderr
