"""One new version of a document, analysed in one pass: normalised once, hashed, classified and,
when there is an earlier version, compared with it.

`analyse_text` is pure and CPU-bound; the watch service runs it off the event loop (a thread, or
a worker process for a large first cycle). Its results equal those of the separate calls it
replaces: `content_hash(text)`, `classify(text)` and `compare(previous_text, text, ...)`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.domain.models import Change, Verdict


@dataclass(frozen=True)
class TextAnalysis:
    digest: str  # content_hash(text)
    previous_digest: str  # the stored version it was compared with ("" for none)
    verdict: Verdict | None = None  # None when the digest equals previous_digest (no work done)
    change: Change | None = None  # set when there was a different previous version

    @property
    def unchanged(self) -> bool:
        return self.verdict is None


def digest_of_normalized(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def analyse_text(
    text: str,
    *,
    previous_digest: str = "",
    previous_text: str | None = None,
    platform_name: str = "",
    document_label: str = "",
) -> TextAnalysis:
    """Hash `text` as `content_hash` does; if it differs from `previous_digest`, classify it and
    (with `previous_text`) compare it with the previous version."""
    # The classifier modules are imported here: a process that only passes analyses around
    # (the watch service, when workers analyse) never loads them.
    from bot.domain.diff import compare
    from bot.domain.normalize import normalize_text
    from bot.domain.prefilter import classify_normalized

    normalized = normalize_text(text)
    digest = digest_of_normalized(normalized)
    if previous_digest and digest == previous_digest:
        return TextAnalysis(digest, previous_digest)
    if previous_text is None:
        return TextAnalysis(digest, previous_digest, classify_normalized(normalized))
    change = compare(
        previous_text,
        text,
        platform_name=platform_name,
        document_label=document_label,
        new_normalized=normalized,
    )
    # compare classifies the new text exactly as classify does: its "after" is the verdict.
    return TextAnalysis(digest, previous_digest, change.after, change)
