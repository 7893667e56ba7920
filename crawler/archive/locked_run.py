"""The skeleton every writing run shares (crawl, re-parse): take the archive's lock, open it (migrated), mark runs
left running by dead processes, start or resume a run, and record how it ended, whatever ended it."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from crawler.archive.lock import ArchiveLock
from crawler.archive.runs import RunTotals
from crawler.archive.store import Archive
from crawler.records import RunMode, RunStatus

logger = logging.getLogger(__name__)

StopNote = Callable[[BaseException], str]  # crawl_runs.error for a run an exception or a signal stopped


@dataclass(slots=True)
class OpenRun:
    """A run in progress: its row's id, and how it will be recorded when it ends."""

    archive: Archive
    run_id: int
    start_url: str
    resumed_from: int | None  # the interrupted run this one takes over, if any
    started: float = field(default_factory=time.monotonic)
    status: RunStatus = "failed"  # what the run body sets before it returns
    totals: RunTotals = field(default_factory=RunTotals)
    error: str | None = None

    def end(self, status: RunStatus, totals: RunTotals | None = None, error: str | None = None) -> None:
        """How the run ended, recorded when its context exits."""
        self.status, self.error = status, error
        if totals is not None:
            self.totals = totals

    @property
    def seconds(self) -> float:
        """Seconds since the run started."""
        return time.monotonic() - self.started


@contextmanager
def locked_archive(db_path: Path) -> Iterator[Archive]:
    """The archive opened for writing (created and migrated if need be) under its lock; raises RunLocked when taken."""
    with ArchiveLock(db_path):
        archive = Archive(db_path)
        try:
            yield archive
        finally:
            archive.close()


def describe_stop(exc: BaseException) -> str:
    """crawl_runs.error for a run an exception stopped: the exception, or the signal."""
    if isinstance(exc, KeyboardInterrupt | asyncio.CancelledError):
        return "stopped by a signal"
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def recorded_run(
    archive: Archive,
    mode: RunMode,
    start_url: str | None,
    user_agent: str | None,
    stop_note: StopNote = describe_stop,
) -> Iterator[OpenRun]:
    """A run's crawl_runs row from start to end: `interrupted` when a signal stops it, `failed` when an exception
    does (with `stop_note` as its error, and raised again), else as the body ended it.

    A crawl on the start URL of an interrupted crawl resumes it; start_url None: the latest crawl's (a re-parse).
    """
    for run_id in archive.runs.mark_interrupted():
        logger.warning("run %d was interrupted before it finished", run_id)
    url = start_url if start_url is not None else archive.runs.latest_start_url() or ""
    resumed_from = archive.runs.resumable(url) if mode != "reparse" else None
    run = OpenRun(archive, archive.runs.start(url, mode, os.getpid(), user_agent, resumed_from), url, resumed_from)
    try:
        yield run
    except BaseException as exc:
        interrupted = isinstance(exc, KeyboardInterrupt | asyncio.CancelledError)
        run.end("interrupted" if interrupted else "failed", error=stop_note(exc))
        raise
    finally:
        archive.runs.finish(run.run_id, run.status, run.totals, run.seconds, run.error)
