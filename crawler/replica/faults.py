"""Misbehaviour a test schedules for a path: error statuses, stalls, dropped and short responses."""

from __future__ import annotations

import enum
import threading
from collections import deque
from dataclasses import dataclass


class Kind(enum.Enum):
    """How a response goes wrong."""

    FAIL = "fail"  # answer with an error status instead
    STALL = "stall"  # wait before answering
    RESET = "reset"  # send the headers and part of the body, then reset the connection
    TRUNCATE = "truncate"  # promise the whole body, send part of it, then close


@dataclass(frozen=True, slots=True)
class Fault:
    """One scheduled misbehaviour, applied to one request."""

    kind: Kind
    status: int = 503
    retry_after: str | None = None  # Retry-After header: seconds or an HTTP date
    seconds: float = 0.0


class Faults:
    """Faults queued per path (without the query string), used up one request at a time; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, deque[Fault]] = {}

    def _add(self, path: str, fault: Fault, times: int) -> None:
        """Queue `fault` for the next `times` requests to `path`, after any already queued."""
        with self._lock:
            self._queues.setdefault(path, deque()).extend([fault] * times)

    def fail(self, path: str, status: int = 503, times: int = 2, retry_after: int | str | None = None) -> None:
        """Answer `status` to the next `times` requests, with a Retry-After header when given."""
        header = None if retry_after is None else str(retry_after)
        self._add(path, Fault(Kind.FAIL, status=status, retry_after=header), times)

    def stall(self, path: str, seconds: float, times: int = 1) -> None:
        """Wait `seconds` before answering, long enough to trip a client's read timeout."""
        self._add(path, Fault(Kind.STALL, seconds=seconds), times)

    def reset(self, path: str, times: int = 1) -> None:
        """Send the headers and half the body, then reset the connection."""
        self._add(path, Fault(Kind.RESET), times)

    def truncate(self, path: str, times: int = 1) -> None:
        """Send a Content-Length for the whole body but only half of it, then close."""
        self._add(path, Fault(Kind.TRUNCATE), times)

    def clear(self) -> None:
        """Forget every scheduled fault."""
        with self._lock:
            self._queues.clear()

    def take(self, path: str) -> Fault | None:
        """The fault for this request to `path`, if one is due; it is used up."""
        with self._lock:
            queue = self._queues.get(path)
            return queue.popleft() if queue else None
