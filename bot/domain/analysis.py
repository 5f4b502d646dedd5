"""One new version of a document, analysed in one pass: normalised once, hashed, classified and,
when there is an earlier version, compared with it.

`analyse_text` is pure and CPU-bound; the watch service runs it off the event loop (a thread, or
a worker process for a large first cycle). Its results equal those of the separate calls it
replaces: `content_hash(text)`, `classify(text)` and `compare(previous_text, text, ...)`.

The analysis of each version is stored with its snapshot (`TextAnalysis.stored`: the normalised
text and the clauses found in it, tagged with `analysis_version()`), so the next comparison
reads the old version's side instead of normalising it and finding its clauses again. A stored
analysis of another version of the classifier is ignored (recomputed), so an upgrade never
compares against stale clauses.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.domain.models import Change, Verdict

if TYPE_CHECKING:
    from bot.domain.sentence import Clause


@dataclass(frozen=True)
class TextAnalysis:
    digest: str  # content_hash(text)
    previous_digest: str  # the stored version it was compared with ("" for none)
    verdict: Verdict | None = None  # None when the digest equals previous_digest (no work done)
    change: Change | None = None  # set when there was a different previous version
    stored: str = ""  # this version's analysis, to store with its snapshot ("" for none)

    @property
    def unchanged(self) -> bool:
        return self.verdict is None


def digest_of_normalized(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


@functools.cache
def analysis_version() -> str:
    """A fingerprint of the code that normalises and finds clauses: every module of
    `bot.domain` (the classifier and everything it imports), hashed from source. Any edit
    there makes stored analyses stale. "" (store and reuse nothing) if the sources are not
    readable (an install without them)."""
    digest = hashlib.sha256()
    try:
        for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return ""
    return digest.hexdigest()[:16]


def dump_analysis(normalized: str, clauses: list[Clause]) -> str:
    """The stored form of one version's analysis: a JSON line (version and clauses), then the
    normalised text as it is (escaping it as JSON would cost more than the rest)."""
    version = analysis_version()
    if not version:
        return ""
    rows = [
        [c.quote, c.aspect.value, list(c.signals), c.reading, c.position, c.context]
        for c in clauses
    ]
    head = json.dumps({"v": version, "clauses": rows}, ensure_ascii=False, separators=(",", ":"))
    return head + "\n" + normalized  # JSON escapes every newline inside: the first one ends it


def load_analysis(stored: str) -> tuple[str, list[Clause]] | None:
    """(normalised text, clauses) from `dump_analysis`'s output, or None when there is none or
    it was made by another version of the classifier (or is unreadable)."""
    head, newline, normalized = stored.partition("\n")
    if not newline:
        return None
    version = analysis_version()
    try:
        data = json.loads(head)
        if not version or data.get("v") != version:
            return None
        from bot.domain.sentence import Clause
        from bot.domain.verdict_models import Aspect

        clauses = [
            Clause(q, Aspect(a), tuple(s), r, int(p), c) for q, a, s, r, p, c in data["clauses"]
        ]
        return normalized, clauses
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def analyse_text(
    text: str,
    *,
    previous_digest: str = "",
    previous_text: str | None = None,
    previous_analysis: str = "",
    platform_name: str = "",
    document_label: str = "",
) -> TextAnalysis:
    """Hash `text` as `content_hash` does; if it differs from `previous_digest`, classify it and
    (with `previous_text`) compare it with the previous version. `previous_analysis`: the
    stored analysis of `previous_text` (`TextAnalysis.stored` of its own analysis), if any."""
    # The classifier modules are imported here: a process that only passes analyses around
    # (the watch service, when workers analyse) never loads them.
    from bot.domain.clauses import clauses_if_ai
    from bot.domain.diff import compare
    from bot.domain.normalize import normalize_text
    from bot.domain.verdict import verdict_from_clauses

    normalized = normalize_text(text)
    digest = digest_of_normalized(normalized)
    if previous_digest and digest == previous_digest:
        return TextAnalysis(digest, previous_digest)
    # the pre-filter: a text without AI vocabulary has no clause (bot.domain.prefilter)
    new_clauses = clauses_if_ai(normalized)
    if previous_text is None:
        verdict = verdict_from_clauses(new_clauses)
        return TextAnalysis(
            digest, previous_digest, verdict, None, dump_analysis(normalized, new_clauses)
        )
    old = load_analysis(previous_analysis)
    change = compare(
        previous_text,
        text,
        platform_name=platform_name,
        document_label=document_label,
        new_normalized=normalized,
        new_clauses=new_clauses,
        old_normalized=old[0] if old else None,
        old_clauses=old[1] if old else None,
    )
    # compare classifies the new text exactly as classify does: its "after" is the verdict.
    return TextAnalysis(
        digest, previous_digest, change.after, change, dump_analysis(normalized, new_clauses)
    )
