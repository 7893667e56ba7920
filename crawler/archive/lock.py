"""One crawl per archive: an advisory lock file beside the database, held for the whole run.

The lock is `fcntl.flock` on `<db>.lock`; the kernel releases it when the holding process dies,
so a lock left by a killed crawl is simply taken over by the next one. The holder removes the file
when it lets go, so a finished or failed run leaves nothing beside the archive. Only the holder ever
removes it, and a taker checks that the file it locked is still the one at the path, so two processes
can never both believe they hold the lock.
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
        handle = self._locked_file()
        handle.seek(0)
        handle.truncate()
        holder_info = {"pid": os.getpid(), "host": socket.gethostname(), "started_at": utc_now()}
        handle.write(json.dumps(holder_info))
        handle.flush()
        self._file = handle

    def _locked_file(self) -> IO[str]:
        """The lock file at the path, open and flocked; retried when its holder removed it meanwhile."""
        while True:
            handle = self._open()
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = describe_holder(handle.read())
                handle.close()
                raise RunLocked(str(self.db_path), holder) from None
            if is_same_file(handle, self.path):
                return handle
            handle.close()  # the holder we waited on removed this file on release: lock the one at the path now

    def _open(self) -> IO[str]:
        """The lock file, created if missing."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return open(self.path, "a+", encoding="utf-8")  # held until release()
        except OSError as exc:
            raise ArchiveError(f"cannot create {self.path}: {exc.strerror or exc}; choose another --db path") from exc

    def release(self) -> None:
        """Give the lock up: remove the file while still holding it, then close it (which releases it)."""
        if self._file is not None:
            self.path.unlink(missing_ok=True)
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


def is_same_file(handle: IO[str], path: Path) -> bool:
    """Whether the open file is still the one the path names (not removed or replaced since it was opened)."""
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(handle.fileno())
    return (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)


def describe_holder(text: str) -> str:
    """'pid 123 on host, since 2026-…' from the lock file's contents."""
    try:
        info = json.loads(text)
        return f"pid {info['pid']} on {info['host']}, started {info['started_at']}"
    except (ValueError, KeyError, TypeError):
        return "holder unknown"
