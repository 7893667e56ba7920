"""A first crawl with pictures beside a bare client fetching the same URL list, and the unchanged re-crawl after it.

    .venv/bin/python -m bench.media_crawl                  # the blog's size, 50 ms latency, 8 at a time, 3 rounds
    .venv/bin/python -m bench.media_crawl --rounds 5 --latency 0.02

Each round, on the same replica (its rendering warmed before the clock starts, so both sides meet cached bytes):

- "crawl": blog-archive (bench.ours, a child process) crawls the blog into a fresh archive, keeping every picture its
  post pages show; "crawl s" is the run's own time (crawl_runs.seconds), "process wall s" the whole process.
- "bare": a child process GETs exactly the URLs the crawl asked for (robots.txt, sitemaps, pages and pictures), 8 at a
  time, each body read into memory and dropped: no parsing, no storing, no discovery. "bare s" is its time from the
  first request to the last answer, "process wall s" the whole process (interpreter and httpx start-up included).
- "re-crawl": an incremental crawl of the unchanged blog into the same archive: its requests, picture requests and
  bytes against the first crawl's.

The target: crawl s <= 1.10 x bare s (and process wall <= 1.10 x process wall), the re-crawl asking for no picture
and costing <= 10 % of the first crawl's bytes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import httpx

from bench.measure import run_measured
from crawler.replica import ReplicaServer, build_site

CONCURRENCY = 8
UPLOADS = "/wp-content/uploads/"
TARGET = 1.10


def warm(server: ReplicaServer) -> None:
    """Render every page and picture once, so that both sides are served from the replica's cache."""
    truth = server.site.expected(server.base_url)
    urls = [*truth.pages, *(url for pictures in truth.pictures.values() for url in pictures)]
    with httpx.Client(timeout=60, trust_env=False) as client:
        for url in dict.fromkeys(urls):
            client.get(url)


def ours(server: ReplicaServer, db_path: Path, full: bool) -> tuple[dict[str, object], float, list[str], int]:
    """One crawl in a child process: its summary, process wall, the paths it asked for and the bytes sent to it."""
    command = [sys.executable, "-m", "bench.ours", server.start_url, str(db_path), "--concurrency", str(CONCURRENCY)]
    server.clear_log()
    measurement = run_measured([*command, "--full"] if full else command)
    log = server.requests
    report = json.loads(measurement.stdout.strip().splitlines()[-1])
    return report, measurement.wall, [request.path for request in log], sum(request.bytes_sent for request in log)


def bare(server: ReplicaServer, paths: list[str], folder: Path) -> tuple[float, float]:
    """GET the same URLs in a child process, CONCURRENCY at a time: (its own seconds, process wall)."""
    urls = folder / "urls.txt"
    urls.write_text("".join(server.url(path) + "\n" for path in paths))
    measurement = run_measured([sys.executable, "-m", "bench.bare_fetch", str(urls), "--concurrency", str(CONCURRENCY)])
    return float(json.loads(measurement.stdout.strip().splitlines()[-1])["seconds"]), measurement.wall


def main() -> None:
    """Alternate crawl, bare and re-crawl rounds; print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the replica waits before each answer")
    parser.add_argument("--posts", type=int, default=None, help="a generated blog of this many posts")
    options = parser.parse_args()
    rows: list[tuple[float, float, float, float, int, int]] = []
    recrawls: list[tuple[int, int, int, int]] = []
    with (
        tempfile.TemporaryDirectory() as name,
        ReplicaServer(
            build_site(posts=options.posts), crawl_delay=0.0, latency=options.latency, validators="wordpress"
        ) as server,
    ):
        folder = Path(name)
        warm(server)
        for round_number in range(options.rounds):
            db_path = folder / f"round-{round_number}.db"
            report, crawl_wall, paths, first_bytes = ours(server, db_path, full=True)
            bare_seconds, bare_wall = bare(server, paths, folder)
            pictures = sum(1 for path in paths if path.startswith(UPLOADS))
            rows.append((float(str(report["seconds"])), crawl_wall, bare_seconds, bare_wall, len(paths), pictures))
            _again, _wall, again_paths, again_bytes = ours(server, db_path, full=False)
            again_pictures = sum(1 for path in again_paths if path.startswith(UPLOADS))
            recrawls.append((len(again_paths), again_pictures, again_bytes, first_bytes))
            db_path.unlink()
    print(f"\n### First crawl with pictures beside a bare client, {options.latency * 1000:.0f} ms latency, "
          f"{CONCURRENCY} at a time\n")  # fmt: skip
    print("| round | requests | of them pictures | crawl s | bare s | crawl / bare | process wall s | bare process "
          "wall s | wall / wall |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for number, (seconds, wall, bare_s, bare_w, requests, pictures) in enumerate(rows, 1):
        print(f"| {number} | {requests} | {pictures} | {seconds:.2f} | {bare_s:.2f} | {seconds / bare_s:.2f} | "
              f"{wall:.2f} | {bare_w:.2f} | {wall / bare_w:.2f} |")  # fmt: skip
    median_ratio = statistics.median(row[0] / row[2] for row in rows)
    median_wall = statistics.median(row[1] / row[3] for row in rows)
    print(f"\nMedian crawl / bare {median_ratio:.2f}, process wall / wall {median_wall:.2f} (target <= {TARGET:.2f})")
    print("\n### The unchanged re-crawl after it\n")
    print("| round | requests | picture requests | bytes | first crawl's bytes | share |")
    print("|---:|---:|---:|---:|---:|---:|")
    for number, (requests, pictures, again_bytes, first_bytes) in enumerate(recrawls, 1):
        print(f"| {number} | {requests} | {pictures} | {again_bytes:,} | {first_bytes:,} | "
              f"{again_bytes / first_bytes:.1%} |")  # fmt: skip


if __name__ == "__main__":
    main()
