"""Page analysis in worker processes, for cycles with many pages to analyse (a first cycle).

`PooledAnalyser` implements `bot.services.ports.PageAnalyser`. A few pages are analysed in a
thread of this process, as `ThreadAnalyser` does. When a burst of work (pages waiting for
analysis without a break) reaches `pool_after` pages, or a page is seen for the first time
(nothing stored for it yet: a first cycle, where every page is new), it starts `workers` worker
processes (`python -m bot.adapters.analysis_worker`: a fresh interpreter that imports only
extraction and classification, not this process's memory; no multiprocessing helper processes)
and sends the rest of the burst there, one job per worker at a time. `admit` bounds how many
fetched pages wait in memory. Workers stop `idle_seconds` after the burst ends (a long-running
bot keeps no idle workers), and on `aclose`. A change wave of a few dozen pages never pays for
starting them (a worker costs a fresh interpreter and its imports: the CPU of analysing about
ten changed pages). A worker that dies is replaced; its page is analysed in a thread instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pickle
import sys
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from bot.services.ports import FetchError, TextExtractor

if TYPE_CHECKING:  # imported on first use: a cycle without changed pages needs none of it
    from bot.services.analysis import PageAnalysis, PageJob

log = logging.getLogger(__name__)

_HEADER = 4
_WORKER_MODULE = "bot.adapters.analysis_worker"


def _default_extractor() -> TextExtractor:
    from bot.adapters.extract import TrafilaturaExtractor

    return TrafilaturaExtractor()


class LazyExtractor:
    """A `TextExtractor` that imports and builds the real one on first use (lxml and the rest
    are not loaded by a cycle in which no page changed)."""

    def __init__(self, factory: Callable[[], TextExtractor] = _default_extractor) -> None:
        self.factory = factory
        self._extractor: TextExtractor | None = None

    def get(self) -> TextExtractor:
        if self._extractor is None:
            self._extractor = self.factory()
        return self._extractor

    @property
    def version(self) -> str:
        return str(getattr(self.get(), "version", ""))

    def extract(self, body: bytes, content_type: str, url: str = "") -> str:
        return self.get().extract(body, content_type, url)


class WorkerDied(Exception):
    """The worker process exited or broke the protocol."""


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            _WORKER_MODULE,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        return cls(process)

    async def call(self, job: PageJob) -> PageAnalysis:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            stdin.write(len(data).to_bytes(_HEADER, "big") + data)
            await stdin.drain()
            size = int.from_bytes(await stdout.readexactly(_HEADER), "big")
            status, value = pickle.loads(await stdout.readexactly(size))
        except (OSError, asyncio.IncompleteReadError, pickle.UnpicklingError, ValueError) as exc:
            raise WorkerDied(str(exc) or type(exc).__name__) from None
        if status == "ok":
            return value  # type: ignore[no-any-return]
        if isinstance(value, FetchError):
            raise value
        raise WorkerDied(str(value))

    async def stop(self) -> None:
        if self.process.returncode is not None:
            return
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=5)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


class PooledAnalyser:
    def __init__(
        self,
        extractor: LazyExtractor | None = None,
        *,
        workers: int = 2,
        pool_after: int = 40,
        in_memory: int = 16,
        idle_seconds: float = 5.0,
    ) -> None:
        """`workers=0`: always analyse in a thread. Workers always use the default extractor,
        so a custom `extractor` is only used in threads."""
        self._extractor = extractor or LazyExtractor()
        self._workers = max(0, workers)
        self._pool_after = pool_after
        self._admitted = asyncio.Semaphore(max(in_memory, 2 * self._workers))
        self._idle: asyncio.Queue[_Worker | None] | None = None
        self._all: list[_Worker] = []
        self._waiting = 0
        self._burst = 0
        self._idle_seconds = idle_seconds
        self._idle_timer: asyncio.TimerHandle | None = None
        self._thread: ThreadPoolExecutor | None = None

    @property
    def pooled(self) -> bool:
        return self._idle is not None

    @contextlib.asynccontextmanager
    async def admit(self) -> AsyncIterator[None]:
        async with self._admitted:
            yield

    async def analyse(self, job: PageJob, extractor: TextExtractor) -> PageAnalysis:
        """In a worker process when `extractor` is this analyser's own (the workers run the
        same one), else always in a thread."""
        if extractor is not self._extractor:
            return await self._in_thread(job, extractor)
        self._waiting += 1
        self._burst += 1
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        try:
            if (
                self._idle is None
                and self._workers
                and (self._burst >= self._pool_after or _first_seen(job))
            ):
                self._start_pool()
            if self._idle is not None:
                with contextlib.suppress(WorkerDied):
                    return await self._in_worker(self._idle, job)
            return await self._in_thread(job, extractor)
        finally:
            self._waiting -= 1
            if not self._waiting:
                self._burst = 0
                if self._idle is not None:
                    loop = asyncio.get_running_loop()
                    self._idle_timer = loop.call_later(self._idle_seconds, self._stop_idle)

    async def _in_thread(self, job: PageJob, extractor: TextExtractor) -> PageAnalysis:
        from bot.services.analysis import analyse_page

        if isinstance(extractor, LazyExtractor):
            extractor = extractor.get()
        if self._thread is None:
            # One thread for every in-process analysis: the GIL lets only one run at a time
            # anyway, and each extra thread would get its own malloc arena (a first cycle
            # analysing in the default executor's threads grew this process by about 30 MB).
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="analysis")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, analyse_page, extractor, job)

    async def _in_worker(self, idle: asyncio.Queue[_Worker | None], job: PageJob) -> PageAnalysis:
        worker = await idle.get()
        try:
            if worker is None:  # this slot has no worker (it died or could not start): try again
                worker = await self._launch()
                if worker is None:
                    raise WorkerDied("no worker")
            result = await worker.call(job)
        except FetchError:  # the page's fault (not text, no readable text): the worker is fine
            idle.put_nowait(worker)
            raise
        except WorkerDied as exc:
            if worker is not None:
                log.warning("page analysis worker failed (%s); starting another", exc)
                self._discard(worker)
            idle.put_nowait(None)
            raise
        except BaseException:
            # Cancelled mid-job (the bot is stopping): the worker's answer would be read by the
            # next job, so this worker is not reused.
            if worker is not None:
                self._discard(worker)
            idle.put_nowait(None)
            raise
        idle.put_nowait(worker)
        return result

    def _discard(self, worker: _Worker) -> None:
        if worker in self._all:
            self._all.remove(worker)
        with contextlib.suppress(ProcessLookupError):
            worker.process.kill()

    async def _launch(self) -> _Worker | None:
        try:
            worker = await _Worker.start()
        except OSError as exc:
            log.warning("cannot start a page analysis worker: %s", exc)
            return None
        self._all.append(worker)
        return worker

    def _start_pool(self) -> None:
        log.info("analysing pages in %d worker processes", self._workers)
        idle: asyncio.Queue[_Worker | None] = asyncio.Queue()
        self._idle = idle

        async def launch() -> None:
            idle.put_nowait(await self._launch())

        for _ in range(self._workers):
            task = asyncio.ensure_future(launch())
            task.add_done_callback(_log_failure)

    def _stop_idle(self) -> None:
        self._idle_timer = None
        if not self._waiting:
            log.info("page analysis workers idle: stopping them")
            task = asyncio.ensure_future(self._stop_workers())
            task.add_done_callback(_log_failure)

    async def _stop_workers(self) -> None:
        workers, self._all, self._idle = self._all, [], None
        await asyncio.gather(*(w.stop() for w in workers), return_exceptions=True)

    async def aclose(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        await self._stop_workers()
        if self._thread is not None:
            self._thread.shutdown(wait=False)
            self._thread = None


def _first_seen(job: PageJob) -> bool:
    """Nothing is stored for this page yet (a first cycle: every page is like this one)."""
    return not job.previous_digest and job.previous_text is None


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("page analysis pool: %s", task.exception())
