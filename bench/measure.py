"""Run a command and measure it whole: wall time, CPU seconds and peak memory of its process tree (Linux /proc)."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.02
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True, slots=True)
class Measurement:
    """What one run of a command cost."""

    wall: float  # seconds from start to exit
    cpu: float  # user + system seconds of the process and every descendant (parse workers included)
    peak_rss: int  # bytes: the largest resident set of the whole process tree at any sample
    stdout: str
    returncode: int


def descendants(pid: int) -> list[int]:
    """The process and all its living descendants."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").glob("*/children"))
        except OSError:  # the process ended while being looked at
            continue
        for task in tasks:
            try:
                pending.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def resident_bytes(pid: int) -> int:
    """A process's resident set size, 0 once it has gone."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


class TreeMemory:
    """Samples the summed RSS of a process tree in a thread until stopped; `peak` is the largest sum seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="tree-memory", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(resident_bytes(pid) for pid in descendants(self.pid)))
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        """Stop sampling; the peak in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak


def run_measured(command: list[str], env: dict[str, str] | None = None) -> Measurement:
    """Run the command to its end; CPU comes from the children's rusage, so run one measured command at a time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    memory = TreeMemory(process.pid)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    peak = memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 3):
        raise RuntimeError(f"{command[:4]} exited {process.returncode}: {stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measurement(wall, cpu, peak, stdout, process.returncode)
