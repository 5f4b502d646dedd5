"""Plain-text renderings shared by the console, the CLI and text-only media."""

from __future__ import annotations

from bot.domain.models import PLATFORM_TRAINING_WORDS, THIRD_PARTY_WORDS, PolicyEvent
from bot.domain.present import document_label, event_headline


def quote_block(clauses: tuple[str, ...] | list[str], marker: str, limit: int = 5) -> list[str]:
    lines = [f"  {marker} “{clause}”" for clause in list(clauses)[:limit]]
    if len(clauses) > limit:
        lines.append(f"  … and {len(clauses) - limit} more")
    return lines


def render_event_text(event: PolicyEvent, platform_name: str) -> str:
    change = event.change
    lines = [
        event_headline(event, platform_name),
        f"{document_label(event.document_kind)} · {event.occurred_at[:10]} · {event.url}",
        "",
        change.summary.splitlines()[0] if change.summary else "",
    ]
    if change.added:
        lines += ["", "Added:", *quote_block(change.added, "+")]
    if change.removed:
        lines += ["", "Removed:", *quote_block(change.removed, "-")]
    before, after = change.before, change.after
    lines += [
        "",
        "Platform training: "
        f"{PLATFORM_TRAINING_WORDS[before.platform_training]} → "
        f"{PLATFORM_TRAINING_WORDS[after.platform_training]}",
        "Others training on it: "
        f"{THIRD_PARTY_WORDS[before.third_party_training]} → "
        f"{THIRD_PARTY_WORDS[after.third_party_training]}",
    ]
    return "\n".join(lines)
