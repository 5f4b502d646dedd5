"""`python -m bot review`: the operator's queue of changes held before anyone hears of them."""

from __future__ import annotations

import argparse
import logging
from typing import Any, TextIO

from bot.app import App, AppOptions
from bot.config import Config, environment
from bot.domain.models import PolicyEvent
from bot.domain.render import render_event_text
from bot.services.errors import UserFacingError
from bot.services.review import NotHeld

log = logging.getLogger(__name__)


class ReviewError(UserFacingError):
    """A review command the operator can correct (printed as one `error:` line, exit 2)."""


def add_review_parser(sub: Any) -> None:
    review = sub.add_parser(
        "review", help="changes held for review: list them, or confirm / discard one"
    )
    review.add_argument("action", nargs="?", choices=("list", "confirm", "discard"), default="list")
    review.add_argument("event_id", nargs="?", type=int, help="the held event's number")
    review.add_argument("--by", default="cli", help="who decided (kept with the decision)")


def describe_held(event: PolicyEvent, platform_name: str) -> str:
    change = event.change
    before, after = change.before.platform_training.value, change.after.platform_training.value
    return (
        f"#{event.id} {platform_name} ({event.document_kind}), {event.occurred_at[:10]}: "
        f"{before} → {after}, confidence {change.confidence:.2f}"
    )


async def cmd_review(config: Config, args: argparse.Namespace, out: TextIO) -> int:
    if args.action != "list" and args.event_id is None:
        raise ReviewError(f"review {args.action} needs the event's number (see `review list`)")
    options = AppOptions(transports=False, load_history=False)
    async with App(config, environment(), options=options, console=out) as app:
        services = app.services
        if args.action == "list":
            held = await services.review.pending()
            if not held:
                print("Nothing is waiting for review.", file=out)
                return 0
            print(f"{len(held)} change(s) held for review:", file=out)
            for event in held:
                name = _name(app, event.platform_id)
                print(f"\n{describe_held(event, name)}", file=out)
                print(_indent(render_event_text(event, name)), file=out)
            print("\nConfirm: python -m bot review confirm N · discard: ... discard N", file=out)
            return 0
        try:
            if args.action == "confirm":
                event = await services.review.confirm(args.event_id, args.by)
            else:
                event = await services.review.discard(args.event_id, args.by)
        except NotHeld as exc:
            raise ReviewError(str(exc)) from None
        name = _name(app, event.platform_id)
        verb = "confirmed: subscribers will hear of it" if args.action == "confirm" else "discarded"
        print(f"#{event.id} {name}: {verb}.", file=out)
    return 0


def _name(app: App, platform_id: str) -> str:
    return app.services.directory.name_of(platform_id)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())
