"""Per-host request spacing that backs off when the host says it is overloaded."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

RECOVERY = 0.9  # each good response shrinks the penalty by this factor


class Throttle:
    """Spaces requests to one host at least `delay` seconds apart; the clock is a parameter."""

    def __init__(
        self,
        delay: float,
        floor: float = 0.25,
        max_penalty: float = 16.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.delay = delay
        self.floor = floor  # seconds: the spacing a slowed-down host gets even with --delay 0
        self.max_penalty = max_penalty
        self.penalty = 1.0
        self._clock = clock
        self._sleep = sleep
        self._next_at = 0.0
        self._lock = asyncio.Lock()

    def spacing(self) -> float:
        """Seconds between two requests right now."""
        if self.penalty <= 1.0:
            return self.delay
        return max(self.delay, self.floor) * self.penalty

    async def wait(self) -> None:
        """Return when the next request to the host may start."""
        async with self._lock:
            now = self._clock()
            if self._next_at > now:
                await self._sleep(self._next_at - now)
                now = self._clock()
            self._next_at = now + self.spacing()

    def slow_down(self, retry_after: float | None = None) -> None:
        """The host answered 429 or 503: double the spacing and respect Retry-After."""
        self.penalty = min(self.penalty * 2, self.max_penalty)
        resume_at = self._clock() + (retry_after or 0.0)
        self._next_at = max(self._next_at, resume_at, self._clock() + self.spacing())

    def recover(self) -> None:
        """The host answered normally: ease back towards the configured spacing."""
        self.penalty = max(1.0, self.penalty * RECOVERY)
