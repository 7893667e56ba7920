"""One crawl per archive: an advisory lock file beside the database, held for the whole run.

The lock is `fcntl.flock` on `<db>.lock`; the kernel releases it when the holding process dies,
so a lock left by a killed crawl is simply taken over by the next one.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from crawler.errors import ArchiveError, RunLocked
from crawler.records import utc_now


class ArchiveLock:
    """Exclusive lock on one archive; raises RunLocked naming the holder when taken."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = db_path.with_name(db_path.name + ".lock")
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock now or raise RunLocked."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115  held until release()
        except OSError as exc:
            raise ArchiveError(f"cannot create {self.path}: {exc.strerror or exc}; choose another --db path") from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = describe_holder(handle.read())
            handle.close()
            raise RunLocked(str(self.db_path), holder) from None
        handle.seek(0)
        handle.truncate()
        holder_info = {"pid": os.getpid(), "host": socket.gethostname(), "started_at": utc_now()}
        handle.write(json.dumps(holder_info))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        """Give the lock up (closing the file releases it)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def describe_holder(text: str) -> str:
    """'pid 123 on host, since 2026-…' from the lock file's contents."""
    try:
        info = json.loads(text)
        return f"pid {info['pid']} on {info['host']}, started {info['started_at']}"
    except (ValueError, KeyError, TypeError):
        return "holder unknown"
