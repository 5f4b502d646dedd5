"""Command line: python -m bot run | ask | classify | diff | replay | check."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import signal
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.adapters.progress import Progress
from bot.adapters.store import StoreError
from bot.app import App, AppOptions
from bot.config import Config, ConfigError, StorageSettings, config_path, environment, load_config
from bot.domain.diff import compare
from bot.domain.models import DocumentSpec, EventSource, Platform, PolicyEvent
from bot.domain.present import document_label, readings_sentence
from bot.domain.render import render_event_text
from bot.domain.verdict import classify
from bot.services.answers import Answer, UnknownPlatform
from bot.services.watch import CheckResult, Outcome

log = logging.getLogger(__name__)

DATED_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(md|txt|html?)$")
MAX_INPUT_BYTES = 20_000_000


class UserError(Exception):
    """A mistake the user can fix: printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("--config", help="config file (default: $TERMSWATCH_CONFIG or config.yaml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start everything enabled in the config")
    ask = sub.add_parser(
        "ask", help='answer a question, e.g. "is soundcloud training on my music?"'
    )
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true")
    cls = sub.add_parser("classify", help="the AI-training verdict for one document")
    cls.add_argument("file")
    cls.add_argument("--json", action="store_true")
    diff = sub.add_parser("diff", help="the change between two versions of a document")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--json", action="store_true")
    diff.add_argument("--platform", default="The platform", help="name used in the summary")
    replay = sub.add_parser("replay", help="replay dated versions (YYYY-MM-DD.md) from a folder")
    replay.add_argument("folder")
    replay.add_argument("--platform", help="platform id (default: the folder's parent name)")
    replay.add_argument("--kind", help="document kind (default: the folder's name)")
    replay.add_argument(
        "--all", action="store_true", help="also print changes that are not about AI"
    )
    sub.add_parser("check", help="run one watch cycle now and report")
    return parser


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


def print_answer(answer: Answer, out: TextIO) -> None:
    print(answer.headline, file=out)
    if answer.in_plain_words:
        print(answer.in_plain_words, file=out)
    for evidence in answer.evidence[:4]:
        where = " · ".join(
            part
            for part in (document_label(evidence.document_kind), evidence.date, evidence.url)
            if part
        )
        print(f"\n  “{evidence.quote}”\n    — {where}", file=out)
    print(f"\nWhat you can do: {answer.what_you_can_do}", file=out)
    if answer.last_change is not None:
        change = answer.last_change
        print(
            f"Last change: {change.occurred_at[:10]} — {change.summary.splitlines()[0]}", file=out
        )
    else:
        print("Last change: none recorded yet.", file=out)
    if answer.source_url:
        print(f"Source: {answer.source_url}", file=out)


def answer_json(answer: Answer) -> dict[str, object]:
    return {
        "platform": answer.platform.id,
        "headline": answer.headline,
        "in_plain_words": answer.in_plain_words,
        **answer.verdict.to_dict(),
        "what_you_can_do": answer.what_you_can_do,
        "last_change": answer.last_change.occurred_at if answer.last_change else None,
        "source_url": answer.source_url,
    }


async def cmd_run(config: Config, out: TextIO) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with App(config, environment(), console=out) as app:
        print("Terms Watch is running. Ctrl-C stops it.", file=out)
        for line in app.describe():
            print(f"  {line}", file=out)
        out.flush()
        await app.run(stop)
    print("Terms Watch stopped.", file=out)
    return 0


async def cmd_ask(config: Config, question: str, as_json: bool, out: TextIO) -> int:
    options = AppOptions(transports=False)
    async with App(config, environment(), options=options, console=out) as app:
        answer = await app.services.answers.answer(question)
    if as_json:
        print(json.dumps(answer_json(answer), indent=2), file=out)
    else:
        print_answer(answer, out)
    return 0


async def cmd_check(config: Config, out: TextIO) -> int:
    options = AppOptions(transports=False)
    async with App(config, environment(), options=options, console=out) as app:
        watch = app.services.watch
        with Progress(watch.source_count, "checking", sys.stderr) as progress:

            def advance(result: CheckResult) -> None:
                progress.advance(1, f"{result.name}: {result.outcome.value}")

            report = await watch.check_once(advance)
        print(
            f"Checked {len(report.results)} sources in {report.seconds:.1f}s: "
            f"{report.count(Outcome.CHANGED)} changed, "
            f"{report.count(Outcome.BASELINE)} first seen, "
            f"{report.count(Outcome.UNCHANGED)} unchanged, {report.count(Outcome.FAILED)} failed.",
            file=out,
        )
        for result in sorted(report.results, key=lambda r: r.name):
            if result.outcome is Outcome.FAILED:
                print(f"  failed  {result.name}: {result.error}", file=out)
            elif result.event is not None:
                tag = "AI" if result.event.ai_relevant else "  "
                print(f"  changed {result.name} [{tag}] {result.event.summary[:120]}", file=out)
        await app.services.fanout.drain_all()
    return 0


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
        options = AppOptions(transports=False, load_history=False)
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
    change = compare(None, text, platform_name=name, document_label=document_label(spec.kind))
    return PolicyEvent(spec.platform_id, spec.kind, spec.url, date, EventSource.REPLAY, change)


def cmd_classify(path: str, as_json: bool, out: TextIO) -> int:
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
    change = compare(
        read_text(args.old),
        read_text(args.new),
        platform_name=args.platform,
        document_label="terms",
    )
    if args.json:
        print(json.dumps(change.to_dict(), indent=2, ensure_ascii=False), file=out)
        return 0
    print(f"AI-relevant: {'yes' if change.ai_relevant else 'no'}", file=out)
    print(change.summary, file=out)
    for clause in change.added:
        print(f"  + “{clause}”", file=out)
    for clause in change.removed:
        print(f"  - “{clause}”", file=out)
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.command not in ("run",):
        logging.getLogger().setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    try:
        if args.command == "classify":
            return cmd_classify(args.file, args.json, out)
        if args.command == "diff":
            return cmd_diff(args, out)
        config = load_config(config_path(args.config, environment()))
        if args.command == "run":
            return asyncio.run(cmd_run(config, out))
        if args.command == "ask":
            return asyncio.run(cmd_ask(config, args.question, args.json, out))
        if args.command == "replay":
            return cmd_replay(config, args, out)
        return asyncio.run(cmd_check(config, out))
    except (UserError, ConfigError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except UnknownPlatform as exc:
        print(f"error: {exc.user_message()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
