"""Command line: python -m bot run | ask | classify | diff | replay | check | discover | …"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Sequence
from typing import TextIO

from bot.adapters import pattern_cache
from bot.adapters.malloc import share_malloc_arena
from bot.adapters.progress import Progress
from bot.app import App, AppOptions
from bot.cli_files import UserError, cmd_classify, cmd_diff, cmd_replay
from bot.cli_migrate import add_migrate_parser, cmd_migrate_db
from bot.cli_review import add_review_parser, cmd_review
from bot.config import Config, config_path, environment, load_config
from bot.domain.i18n import (
    ENGLISH,
    LANGUAGES,
    Translator,
    detect_language,
    language_of,
    quote_language_label,
)
from bot.domain.models import Evidence, ReviewState
from bot.domain.present import document_label, event_headline
from bot.services.answers import Answer
from bot.services.errors import TermsWatchError, UserFacingError
from bot.services.watch import CheckResult, CycleFailed, Outcome

log = logging.getLogger(__name__)

SHIPPED = tuple(lang.replace("_", "-") for lang in LANGUAGES)


class CheckFailed(Exception):
    """`check` could not finish (the database failed under it): one line, exit status 1."""


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
    ask.add_argument(
        "--lang",
        help=f"answer in this language ({', '.join(SHIPPED)}; default: the question's language)",
    )
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
    add_review_parser(sub)
    sub.add_parser("discover", help="sync the followed Open Terms Archive collections now")
    reqs = sub.add_parser("requests", help="platforms people asked to be tracked, newest first")
    reqs.add_argument("--limit", type=int, default=100)
    reqs.add_argument("--json", action="store_true")
    add_migrate_parser(sub)
    return parser


def ask_translator(lang: str | None, question: str) -> Translator:
    from bot.adapters.i18n import translator  # Babel: only for the commands that answer

    """--lang if given (it must be a shipped language), else the question's language."""
    if lang is None:
        return translator(detect_language(question))
    if language_of(lang) == "en" and not lang.strip().lower().startswith("en"):
        raise UserError(f"--lang: {lang!r} is not one of {', '.join(SHIPPED)}")
    return translator(lang)


def _print_quote(evidence: Evidence, out: TextIO, tr: Translator) -> None:
    where = " · ".join(
        part
        for part in (document_label(evidence.document_kind, tr), evidence.date, evidence.url)
        if part
    )
    language = quote_language_label(evidence.quote, tr)
    print(f"\n  “{evidence.quote}”{language}\n    — {where}", file=out)


def print_answer(answer: Answer, out: TextIO, tr: Translator = ENGLISH) -> None:
    print(answer.headline, file=out)
    if answer.in_plain_words:
        print(answer.in_plain_words, file=out)
    own = answer.own_evidence[:4]
    others = answer.others_evidence[: max(1, 4 - len(own))]
    for evidence in own:
        _print_quote(evidence, out, tr)
    if others and answer.about_others:
        print("\n" + answer.about_others, file=out)  # the quotes below are about others
        for evidence in others:
            _print_quote(evidence, out, tr)
    print("\n" + tr.gettext("What you can do: {advice}", advice=answer.what_you_can_do), file=out)
    if answer.last_change is not None:
        change = answer.last_change
        what = (
            change.summary.splitlines()[0]
            if tr.language == "en" and change.summary
            else event_headline(change, answer.platform.name, tr)
        )
        print(
            tr.gettext("Last change: {date} — {what}", date=change.occurred_at[:10], what=what),
            file=out,
        )
    else:
        print(tr.gettext("Last change: none recorded yet."), file=out)
    if answer.source_url:
        print(tr.gettext("Source: {url}", url=answer.source_url), file=out)


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
    options = AppOptions(exclusive=True)  # one `run` per database
    async with App(config, environment(), options=options, console=out) as app:
        print("Terms Watch is running. Ctrl-C stops it.", file=out)
        for line in app.describe():
            print(f"  {line}", file=out)
        out.flush()
        await app.run(stop)
    print("Terms Watch stopped.", file=out)
    return 0


async def cmd_ask(
    config: Config, question: str, as_json: bool, out: TextIO, tr: Translator = ENGLISH
) -> int:
    options = AppOptions(transports=False)
    async with App(config, environment(), options=options, console=out) as app:
        answer = await app.services.answers.answer(question, tr)
    if as_json:
        print(json.dumps(answer_json(answer), indent=2), file=out)
    else:
        print_answer(answer, out, tr)
    return 0


async def cmd_check(config: Config, out: TextIO) -> int:
    options = AppOptions(transports=False, exclusive=True)
    async with App(config, environment(), options=options, console=out) as app:
        watch = app.services.watch
        with Progress(watch.source_count, "checking", sys.stderr) as progress:

            def advance(result: CheckResult) -> None:
                progress.advance(1, f"{result.name}: {result.outcome.value}")

            try:
                report = await watch.check_once(advance)
            except CycleFailed as exc:
                done = len(exc.report.results)
                raise CheckFailed(
                    f"the check stopped after {done} of {watch.source_count} sources: {exc}"
                ) from exc
        print(
            f"Checked {len(report.results)} sources in {report.seconds:.1f}s: "
            f"{report.count(Outcome.CHANGED)} changed, "
            f"{report.count(Outcome.BASELINE)} first seen, "
            f"{report.count(Outcome.UNCHANGED)} unchanged, {report.count(Outcome.FAILED)} failed"
            + (
                f", {waiting} waiting (Retry-After)."
                if (waiting := report.count(Outcome.WAITING))
                else "."
            ),
            file=out,
        )
        for result in sorted(report.results, key=lambda r: r.name):
            if result.outcome is Outcome.WAITING:
                print(f"  waiting {result.name}: {result.error}", file=out)
            elif result.outcome is Outcome.FAILED:
                print(f"  failed  {result.name}: {result.error}", file=out)
            elif result.event is not None:
                tag = "AI" if result.event.ai_relevant else "  "
                if result.event.review is ReviewState.HELD:
                    tag += ", held for review"
                print(f"  changed {result.name} [{tag}] {result.event.summary[:120]}", file=out)
        await app.services.fanout.drain_all()
    return 0


async def cmd_discover(config: Config, out: TextIO) -> int:
    options = AppOptions(transports=False)
    async with App(config, environment(), options=options, console=out) as app:
        discovery = app.services.discovery
        if not discovery.collections:
            raise UserError("archive: no collections followed (add an `archive:` section)")
        for report in await discovery.sync_once():
            print(
                f"{report.collection}: {report.mode or '-'}, {report.documents} versions read,"
                f" {report.fetched} files fetched, {report.new_platforms} new services,"
                f" {len(report.events)} changes in {report.seconds:.1f}s",
                file=out,
            )
            for error in report.errors:
                print(f"  failed: {error}", file=out)
        await app.services.fanout.drain_all()
    return 0


async def cmd_requests(config: Config, limit: int, as_json: bool, out: TextIO) -> int:
    options = AppOptions(transports=False, load_history=False)
    async with App(config, environment(), options=options, console=out) as app:
        requests = await app.services.requests.recent(max(1, limit))
    if as_json:
        rows = [
            {"id": r.id, "name": r.name, "url": r.url, "medium": r.medium,
             "requester": r.requester, "created_at": r.created_at, "status": r.status}
            for r in requests
        ]  # fmt: skip
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)
        return 0
    if not requests:
        print("No platform requests yet.", file=out)
    for r in requests:
        print(
            f"#{r.id} {r.created_at[:16]} {r.name} <{r.url}> ({r.medium} {r.requester})", file=out
        )
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
    tr = ENGLISH
    pattern_cache.install()  # the classifier's patterns as an earlier process compiled them
    try:
        if args.command == "ask":
            tr = ask_translator(args.lang, args.question)
        if args.command == "classify":
            return cmd_classify(args.file, args.json, out)
        if args.command == "diff":
            return cmd_diff(args, out)
        config = load_config(config_path(args.config, environment()))
        if args.command in ("run", "check"):
            config.require_sources()
            share_malloc_arena()  # before the store's and the analysis threads start
        if args.command == "run":
            return asyncio.run(cmd_run(config, out))
        if args.command == "ask":
            return asyncio.run(cmd_ask(config, args.question, args.json, out, tr))
        if args.command == "replay":
            return cmd_replay(config, args, out)
        if args.command == "review":
            return asyncio.run(cmd_review(config, args, out))
        if args.command == "discover":
            return asyncio.run(cmd_discover(config, out))
        if args.command == "requests":
            return asyncio.run(cmd_requests(config, args.limit, args.json, out))
        if args.command == "migrate-db":
            return asyncio.run(cmd_migrate_db(config, args, out))
        return asyncio.run(cmd_check(config, out))
    except TermsWatchError as exc:  # the CLI's one place for error text (an operator tool)
        message = exc.user_message(tr) if isinstance(exc, UserFacingError) else str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 2
    except CheckFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
