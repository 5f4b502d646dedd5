"""`python -m bot classify | diff | replay`: the commands that read documents from files, and
the CLI's UserError (a mistake the user can fix, for every command)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.adapters.progress import Progress
from bot.app import App, AppOptions
from bot.config import Config, StorageSettings, environment
from bot.domain.models import DocumentSpec, EventSource, Platform, PolicyEvent
from bot.domain.present import document_label, readings_sentence
from bot.domain.render import render_event_text
from bot.services.errors import UserFacingError
from bot.services.watch import Outcome

log = logging.getLogger(__name__)

DATED_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(md|txt|html?)$")
MAX_INPUT_BYTES = 20_000_000


class UserError(UserFacingError):
    """A mistake the user can fix: printed as one line, exit status 2."""


def read_text(path: str) -> str:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise UserError(f"{path}: {size} bytes is more than the {MAX_INPUT_BYTES} byte limit")
        return file.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied") from None


def dated_versions(folder: Path) -> list[tuple[str, Path]]:
    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder")
    versions = sorted(
        (match.group(1), path)
        for path in folder.iterdir()
        if (match := DATED_FILE.match(path.name))
    )
    if not versions:
        raise UserError(f"{folder}: no dated versions (files named YYYY-MM-DD.md)")
    return versions


def cmd_replay(config: Config, args: argparse.Namespace, out: TextIO) -> int:
    folder = Path(args.folder).resolve()
    versions = [(date, read_text(str(path))) for date, path in dated_versions(folder)]
    kind = args.kind or folder.name.replace("-", "_")
    platform_hint = args.platform or folder.parent.name
    return asyncio.run(replay(config, folder, versions, kind, platform_hint, args.all, out))


async def replay(
    config: Config,
    folder: Path,
    versions: list[tuple[str, str]],
    kind: str,
    platform_hint: str,
    print_all: bool,
    out: TextIO,
) -> int:
    with tempfile.TemporaryDirectory(prefix="termswatch-replay-") as scratch:
        scratch_config = replace(config, storage=StorageSettings(Path(scratch) / "replay.db"))
        options = AppOptions(transports=False, load_history=False)  # its own db: no lock
        env = {k: v for k, v in environment().items() if k != "TERMSWATCH_DB"}
        async with App(scratch_config, env, options=options, console=out) as app:
            services = app.services
            platform = services.directory.get(platform_hint) or services.directory.resolve(
                platform_hint.replace("-", " ")
            )
            if platform is None:
                platform = Platform(id=platform_hint, name=platform_hint.replace("-", " ").title())
            spec = next(
                (d for d in platform.documents if d.kind == kind),
                DocumentSpec(platform.id, kind, folder.as_uri()),
            )
            printed = 0
            with Progress(len(versions), f"replaying {platform.name}", sys.stderr) as progress:
                for date, text in versions:
                    result = await services.watch.ingest_version(
                        spec, text, source=EventSource.REPLAY, version_date=date
                    )
                    progress.advance(1, f"{date}: {result.outcome.value}")
                    event = result.event
                    if result.outcome is Outcome.BASELINE:
                        # The starting point of the story: what the first version says.
                        event = first_version_event(spec, platform.name, text, date)
                    if event is not None and (
                        event.ai_relevant or print_all or result.outcome is Outcome.BASELINE
                    ):
                        printed += 1
                        print(
                            f"\n--- {date} ---\n{render_event_text(event, platform.name)}", file=out
                        )
            print(f"\n{len(versions)} versions replayed, {printed} events printed.", file=out)
    return 0


def first_version_event(spec: DocumentSpec, name: str, text: str, date: str) -> PolicyEvent:
    from bot.domain.diff import compare  # classifier modules: only for the commands using them

    change = compare(None, text, platform_name=name, document_label=document_label(spec.kind))
    return PolicyEvent(spec.platform_id, spec.kind, spec.url, date, EventSource.REPLAY, change)


def cmd_classify(path: str, as_json: bool, out: TextIO) -> int:
    from bot.domain.verdict import classify

    verdict = classify(read_text(path))
    words = readings_sentence("The platform", verdict)
    if as_json:
        data = {**verdict.to_dict(), "in_plain_words": words}
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
        return 0
    print(f"platform training: {verdict.platform_training.value}", file=out)
    print(f"third-party training: {verdict.third_party_training.value}", file=out)
    print(f"confidence: {verdict.confidence:.2f}", file=out)
    if words:
        print(f"in plain words: {words}", file=out)
    if verdict.scope:
        print(f"scope: {'; '.join(verdict.scope)}", file=out)
    for evidence in verdict.evidence:
        print(f"  [{evidence.aspect.value}] “{evidence.quote}”", file=out)
    return 0


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from bot.domain.diff import compare

    change = compare(
        read_text(args.old),
        read_text(args.new),
        platform_name=args.platform,
        document_label="terms",
    )
    if args.json:
        print(json.dumps(change.to_dict(), indent=2), file=out)
        return 0
    print(f"AI-relevant: {'yes' if change.ai_relevant else 'no'}", file=out)
    print(change.summary, file=out)
    for clause in change.added:
        print(f"  + “{clause}”", file=out)
    for clause in change.removed:
        print(f"  - “{clause}”", file=out)
    return 0
