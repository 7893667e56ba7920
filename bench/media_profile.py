"""Where a first crawl with pictures spends its time: requests in flight over time, and CPU per process and thread.

    .venv/bin/python -m bench.media_profile                 # the blog's size, 50 ms latency, 8 at a time
    .venv/bin/python -m bench.media_profile --step 0.1

One full crawl (bench.ours, a child process) of the replica, warmed as bench.media_crawl warms it. Printed:

- the requests the replica was answering, on average, in each step of the run (of a possible 8), and how many of
  them were pictures: what a bare client keeps at 8 from its first request to its last;
- for each thread of the crawl's processes (the crawl's own process, its parse worker) and of this one (the
  replica's server threads), its CPU seconds and the seconds it waited for a core while ready to run
  (/proc/PID/task/TID/schedstat): on a busy machine the crawl's event loop waits for a core about as long as it
  runs, and every response it has yet to read holds a request slot meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import descendants
from bench.media_crawl import CONCURRENCY, UPLOADS, warm
from crawler.replica import ReplicaServer, build_site
from crawler.replica.server import RequestRecord


@dataclass(frozen=True, slots=True)
class ThreadTimes:
    """One thread's scheduler figures."""

    process: int
    name: str
    cpu: float  # seconds on a core
    waited: float  # seconds ready to run but waiting for a core


def thread_times(pid: int) -> dict[int, ThreadTimes]:
    """Every thread of a process, by thread id (none once the process has gone)."""
    found: dict[int, ThreadTimes] = {}
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            on_cpu, waited, _slices = (int(number) for number in (task / "schedstat").read_text().split())
            name = (task / "comm").read_text().strip()
        except (OSError, ValueError):
            continue
        found[int(task.name)] = ThreadTimes(pid, name, on_cpu / 1e9, waited / 1e9)
    return found


def in_flight(log: list[RequestRecord], start: float, end: float) -> tuple[float, float]:
    """Requests (all, pictures) the replica was answering, on average, between start and end."""
    every = pictures = 0.0
    for request in log:
        overlap = max(0.0, min(request.finished or end, end) - max(request.time, start))
        every += overlap
        pictures += overlap if request.path.startswith(UPLOADS) else 0.0
    return every / (end - start), pictures / (end - start)


def main() -> None:
    """Crawl once, sampling the crawl's threads; print the timeline and the CPU table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the replica waits before each answer")
    parser.add_argument("--step", type=float, default=0.25, help="seconds per row of the timeline")
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as name,
        ReplicaServer(build_site(), crawl_delay=0.0, latency=options.latency, validators="wordpress") as server,
    ):
        folder = Path(name)
        warm(server, folder)
        server.clear_log()
        own_before = thread_times(os.getpid())
        started = time.monotonic()
        command = [sys.executable, "-m", "bench.ours", server.start_url, str(folder / "a.db"), "--full"]
        process = subprocess.Popen([*command, "--concurrency", str(CONCURRENCY)], stdout=subprocess.PIPE, text=True)
        crawl_threads: dict[int, ThreadTimes] = {}
        while process.poll() is None:
            for pid in descendants(process.pid):
                crawl_threads.update(thread_times(pid))
            time.sleep(0.02)
        stdout = process.stdout.read() if process.stdout else ""
        own_after = thread_times(os.getpid())
        log = server.settled_requests()
    report = json.loads(stdout.strip().splitlines()[-1])
    load = os.getloadavg()[0]
    print(f"\n### One crawl: {len(log)} requests, crawl {report['seconds']:.2f} s, load average {load:.1f}\n")
    first, last = min(request.time for request in log), max(request.finished or 0.0 for request in log)
    print(f"First request {first - started:.2f} s after the process started, last answer at {last - started:.2f} s")
    average, _pictures = in_flight(log, first, last)
    print(f"Requests in flight, on average from the first to the last: {average:.2f} of {CONCURRENCY}\n")
    print("| from s | in flight | of them pictures |\n|---:|---:|---:|")
    moment = first
    while moment < last:
        every, pictures = in_flight(log, moment, min(moment + options.step, last))
        print(f"| {moment - started:.2f} | {every:.1f} | {pictures:.1f} |")
        moment += options.step
    print("\n| process | thread | CPU s | waited for a core s |\n|---|---|---:|---:|")
    for times in sorted(crawl_threads.values(), key=lambda times: -times.cpu):
        if times.cpu >= 0.01:
            role = "crawl" if times.process == process.pid else "parse worker"
            print(f"| {role} {times.process} | {times.name} | {times.cpu:.2f} | {times.waited:.2f} |")
    cpu = sum(times.cpu for times in own_after.values()) - sum(times.cpu for times in own_before.values())
    waited = sum(times.waited for times in own_after.values()) - sum(times.waited for times in own_before.values())
    print(f"| replica (this process) | all threads | {cpu:.2f} | {waited:.2f} |")


if __name__ == "__main__":
    main()
