"""Turning a fetched page into text and a `TextAnalysis`, off the event loop.

`analyse_page` is the whole CPU-bound part of checking a page: extraction, normalisation, hash,
classification and comparison with the stored version. `ThreadAnalyser` runs it in a thread;
`bot.adapters.analysis_pool.PooledAnalyser` moves it to worker processes when a cycle has many
pages to analyse. Both bound how many fetched pages wait in memory (`admit`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from bot.domain.analysis import TextAnalysis, analyse_text
from bot.services.ports import FetchError, TextExtractor


@dataclass(frozen=True)
class PageJob:
    body: bytes
    content_type: str
    url: str
    previous_digest: str = ""
    previous_text: str | None = None
    previous_analysis: str = ""  # the stored analysis of previous_text (Snapshot.analysis)
    platform_name: str = ""
    document_label: str = ""


@dataclass(frozen=True)
class PageAnalysis:
    text: str
    analysis: TextAnalysis
    extractor: str = ""  # version of the extractor that produced `text`


def extractor_version(extractor: object) -> str:
    return str(getattr(extractor, "version", ""))


def analyse_page(extractor: TextExtractor, job: PageJob) -> PageAnalysis:
    """Raises FetchError when the page is not text or has no readable text."""
    text = extractor.extract(job.body, job.content_type, job.url)
    if not text.strip():
        raise FetchError("the page has no readable text")
    analysis = analyse_text(
        text,
        previous_digest=job.previous_digest,
        previous_text=job.previous_text,
        previous_analysis=job.previous_analysis,
        platform_name=job.platform_name,
        document_label=job.document_label,
    )
    return PageAnalysis(text, analysis, extractor_version(extractor))


class ThreadAnalyser:
    """`analyse_page` in a thread of the default executor."""

    def __init__(self, *, in_memory: int = 16) -> None:
        import asyncio  # here: the analysis worker imports this module, never asyncio

        self._admitted = asyncio.Semaphore(in_memory)

    @contextlib.asynccontextmanager
    async def admit(self) -> AsyncIterator[None]:
        """Hold while a page is fetched and analysed: bounds the pages held in memory."""
        async with self._admitted:
            yield

    async def analyse(self, job: PageJob, extractor: TextExtractor) -> PageAnalysis:
        import asyncio

        return await asyncio.to_thread(analyse_page, extractor, job)

    async def aclose(self) -> None:
        return None
