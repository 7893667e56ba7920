"""A first crawl with pictures beside a bare client fetching the same URL list, and the unchanged re-crawl after it.

    .venv/bin/python -m bench.media_crawl                  # the blog's size, 50 ms latency, 8 at a time, 3 rounds
    .venv/bin/python -m bench.media_crawl --rounds 5 --latency 0.02

Each round, on the same replica (warmed before the clock starts by an untimed crawl at no latency and a GET of
every picture the replica shows, so that both sides meet cached bytes for every URL, the REST API's included):

- "crawl": blog-archive (bench.ours, a child process) crawls the blog into a fresh archive, keeping every picture its
  post pages show; "crawl s" is the run's own time (crawl_runs.seconds), "process wall s" the whole process.
- "bare": a child process GETs exactly the URLs the crawl asked for (robots.txt, sitemaps, pages and pictures), 8 at a
  time, each body read into memory and dropped: no parsing, no storing, no discovery. "bare s" is its time from the
  first request to the last answer, "process wall s" the whole process (interpreter and httpx start-up included).
- "re-crawl": an incremental crawl of the unchanged blog into the same archive: its requests, picture requests and
  bytes against the first crawl's.

The target: crawl s <= 1.10 x bare s, the crawl's own time against the bare client's, each from its first step to its
last; the process walls beside them add what neither side's work is (interpreter start-up and imports, and for the
crawl the archive's creation and close). The re-crawl asks for no picture and costs <= 10 % of the first crawl's
bytes. Each round's row gives the machine's load average (1 min) before the
crawl and after the bare fetch, and the crawl's peak RSS (its process and parse workers): on a shared machine the
crawl, three processes on two cores, slows with the load far more than the bare client.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.measure import Measurement, run_measured
from crawler.replica import ReplicaServer, build_site

CONCURRENCY = 8
MEGABYTE = 1024 * 1024
UPLOADS = "/wp-content/uploads/"
TARGET = 1.10


def warm(server: ReplicaServer, folder: Path) -> None:
    """Render every response once, so that both sides are served from the replica's cache: an untimed crawl with
    no latency (every URL a crawl asks for, the REST API's included), then every picture the replica shows."""
    latency, server.latency = server.latency, 0.0
    try:
        ours(server, folder / "warm.db", full=True)
        truth = server.site.expected(server.base_url)
        with httpx.Client(timeout=60, trust_env=False) as client:
            for url in dict.fromkeys(url for pictures in truth.pictures.values() for url in pictures):
                client.get(url)
    finally:
        server.latency = latency
    (folder / "warm.db").unlink()


@dataclass(frozen=True, slots=True)
class Crawled:
    """One crawl by blog-archive: its summary, what the process cost, the paths it asked for and the bytes sent."""

    report: dict[str, object]
    measurement: Measurement
    paths: list[str]
    bytes_sent: int

    @property
    def seconds(self) -> float:
        """The run's own time (crawl_runs.seconds)."""
        return float(str(self.report["seconds"]))


def ours(server: ReplicaServer, db_path: Path, full: bool) -> Crawled:
    """One crawl in a child process."""
    command = [sys.executable, "-m", "bench.ours", server.start_url, str(db_path), "--concurrency", str(CONCURRENCY)]
    server.clear_log()
    measurement = run_measured([*command, "--full"] if full else command)
    log = server.requests
    report = json.loads(measurement.stdout.strip().splitlines()[-1])
    return Crawled(report, measurement, [request.path for request in log], sum(request.bytes_sent for request in log))


def bare(server: ReplicaServer, paths: list[str], folder: Path) -> tuple[float, float]:
    """GET the same URLs in a child process, CONCURRENCY at a time: (its own seconds, process wall)."""
    urls = folder / "urls.txt"
    urls.write_text("".join(server.url(path) + "\n" for path in paths))
    measurement = run_measured([sys.executable, "-m", "bench.bare_fetch", str(urls), "--concurrency", str(CONCURRENCY)])
    return float(json.loads(measurement.stdout.strip().splitlines()[-1])["seconds"]), measurement.wall


@dataclass(frozen=True, slots=True)
class Row:
    """One round: the first crawl, the bare client's figures on its URL list, and the machine's load around them."""

    crawl: Crawled
    bare_seconds: float
    bare_wall: float
    pictures: int
    load_before: float
    load_after: float


def main() -> None:
    """Alternate crawl, bare and re-crawl rounds; print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the replica waits before each answer")
    parser.add_argument("--posts", type=int, default=None, help="a generated blog of this many posts")
    options = parser.parse_args()
    rows: list[Row] = []
    recrawls: list[tuple[int, int, int, int]] = []
    with (
        tempfile.TemporaryDirectory() as name,
        ReplicaServer(
            build_site(posts=options.posts), crawl_delay=0.0, latency=options.latency, validators="wordpress"
        ) as server,
    ):
        folder = Path(name)
        warm(server, folder)
        for round_number in range(options.rounds):
            db_path = folder / f"round-{round_number}.db"
            load_before = os.getloadavg()[0]
            first = ours(server, db_path, full=True)
            bare_seconds, bare_wall = bare(server, first.paths, folder)
            pictures = sum(1 for path in first.paths if path.startswith(UPLOADS))
            rows.append(Row(first, bare_seconds, bare_wall, pictures, load_before, os.getloadavg()[0]))
            again = ours(server, db_path, full=False)
            again_pictures = sum(1 for path in again.paths if path.startswith(UPLOADS))
            recrawls.append((len(again.paths), again_pictures, again.bytes_sent, first.bytes_sent))
            db_path.unlink()
    print(f"\n### First crawl with pictures beside a bare client, {options.latency * 1000:.0f} ms latency, "
          f"{CONCURRENCY} at a time\n")  # fmt: skip
    print("| round | requests | of them pictures | crawl s | bare s | crawl / bare | process wall s | bare process "
          "wall s | wall / wall | crawl CPU s | crawl peak RSS MB | load before, after |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for number, row in enumerate(rows, 1):
        crawl = row.crawl
        print(f"| {number} | {len(crawl.paths)} | {row.pictures} | {crawl.seconds:.2f} | {row.bare_seconds:.2f} | "
              f"{crawl.seconds / row.bare_seconds:.2f} | {crawl.measurement.wall:.2f} | {row.bare_wall:.2f} | "
              f"{crawl.measurement.wall / row.bare_wall:.2f} | {crawl.measurement.cpu:.2f} | "
              f"{crawl.measurement.peak_rss / MEGABYTE:.0f} | {row.load_before:.1f}, {row.load_after:.1f} |")  # fmt: skip
    median_ratio = statistics.median(row.crawl.seconds / row.bare_seconds for row in rows)
    median_wall = statistics.median(row.crawl.measurement.wall / row.bare_wall for row in rows)
    print(f"\nMedian crawl / bare {median_ratio:.2f}, process wall / wall {median_wall:.2f} (target <= {TARGET:.2f})")
    print("\n### The unchanged re-crawl after it\n")
    print("| round | requests | picture requests | bytes | first crawl's bytes | share |")
    print("|---:|---:|---:|---:|---:|---:|")
    for number, (requests, pictures, again_bytes, first_bytes) in enumerate(recrawls, 1):
        print(f"| {number} | {requests} | {pictures} | {again_bytes:,} | {first_bytes:,} | "
              f"{again_bytes / first_bytes:.1%} |")  # fmt: skip


if __name__ == "__main__":
    main()
