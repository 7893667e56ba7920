"""Crawl benchmarks on the replica: the network limit, Scrapy side by side, unchanged re-crawls, and scale.

The network and re-crawl runs serve the replica with its crawler traps on (crawler.replica.traps): the table
shows the requests each trap cost. The Scrapy spider fetches the pages blog-archive fetched in the run just before
it (robots.txt aside, which Scrapy fetches itself), so both crawlers fetch the same pages, in two ways: crawling
(from the same seeds, following links only to those pages, as blog-archive discovers them) and from the list
(handed every URL at once, following none: no crawl does less).

Run after `make test` (and `.venv/bin/pip install -e '.[bench]'` for Scrapy):

    .venv/bin/python -m bench.crawl                      # items 1-4 with a 1,000-post scale run: a few minutes
    .venv/bin/python -m bench.crawl --scale 1000 10000   # also the 10,000-post run (about ten minutes more)
    .venv/bin/python -m bench.crawl --only scale --keep big.db   # keep the largest archive (for bench.audit_queries)
    .venv/bin/python -m bench.crawl --only recrawl --baseline DIR   # before/after: DIR holds an earlier version

The project's modules are compiled to .pyc first (as `make` does at install, and pip for an installed wheel),
so that no run compiles them again.

Each crawl runs in a child process (bench.ours, or bench.scrapy_spider; the re-crawl table runs the
`blog-archive crawl` command itself, as a user or a scheduled job does), measured whole by bench.measure: wall
time from just before the process is started to its exit (interpreter start-up, imports and teardown included,
the same for both tools), CPU seconds of the process and its parse workers, and the peak resident memory of the
process tree. The replica serves from this process on 127.0.0.1, so its own CPU is not counted. Tables print as
Markdown, each with the machine's load average before and after, as other work on the machine slows both tools.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import Measurement, run_measured
from crawler.replica import ReplicaServer, build_site
from crawler.replica.server import RequestRecord, Validators
from crawler.replica.traps import TRAPS, is_empty_page, trap_of

LATENCY = 0.05  # seconds the replica waits before each response
CONCURRENCY = 8
MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class CrawlRun:
    """One measured crawl: what the process cost, what the server sent, and what the crawler reported."""

    measurement: Measurement
    requests: int
    bytes_sent: int
    seconds: float  # the crawl's own time (blog-archive's run seconds, Scrapy's elapsed time): no interpreter start-up
    report: dict[str, Any]
    log: list[RequestRecord]


@contextmanager
def replica(
    posts: int | None = None, latency: float = LATENCY, validators: Validators = "all", traps: bool = False
) -> Iterator[ReplicaServer]:
    """The replica of a blog of `posts` posts (the real blog's size when None), served with injected latency."""
    site = build_site(posts=posts)
    with ReplicaServer(site, crawl_delay=0.0, latency=latency, validators=validators, traps=traps) as server:
        yield server


# The crawlers compared: blog-archive, and the Scrapy spider crawling within blog-archive's pages or given their list.
CRAWLERS = {"ours": "blog-archive", "scrapy": "Scrapy, crawling", "scrapy-list": "Scrapy, from the list"}


def crawl(
    server: ReplicaServer, db_path: Path, crawler: str = "ours", full: bool = True, urls: Path | None = None
) -> CrawlRun:
    """One crawl by blog-archive ("ours") or by the Scrapy spider within `urls` ("scrapy") or of exactly them."""
    assert crawler in CRAWLERS, crawler
    module = "bench.ours" if crawler == "ours" else "bench.scrapy_spider"
    command = [sys.executable, "-m", module, server.start_url, str(db_path), "--concurrency", str(CONCURRENCY)]
    if crawler == "ours" and full:
        command.append("--full")
    if urls is not None:
        command += ["--within" if crawler == "scrapy" else "--urls", str(urls)]
    server.clear_log()
    measurement = run_measured(command)
    log = server.requests
    report = json.loads(measurement.stdout.strip().splitlines()[-1])
    seconds = float(report["seconds"] if crawler == "ours" else report["elapsed_time_seconds"])
    return CrawlRun(measurement, len(log), sum(request.bytes_sent for request in log), seconds, report, log)


def fetched_urls(server: ReplicaServer, run: CrawlRun, file: Path) -> Path:
    """Write the URLs a crawl fetched (robots.txt aside), one a line, for the Scrapy spider; return the file."""
    paths = dict.fromkeys(request.path for request in run.log if request.path != "/robots.txt")
    file.write_text("".join(server.url(path) + "\n" for path in paths))
    return file


def requests_per_trap(server: ReplicaServer, run: CrawlRun) -> dict[str, int]:
    """How many of a crawl's requests went into each of the replica's traps."""
    counts = dict.fromkeys(TRAPS, 0)
    for request in run.log:
        trap = trap_of(request.path) or ("empty_pagination" if is_empty_page(server.site, request.path) else None)
        if trap is not None:
            counts[trap] += 1
    return counts


def median(runs: list[CrawlRun], field: str) -> float:
    """The median of one figure over several runs."""
    values = {
        "wall": [run.measurement.wall for run in runs],
        "seconds": [run.seconds for run in runs],
        "cpu": [run.measurement.cpu for run in runs],
        "rss": [run.measurement.peak_rss / MEGABYTE for run in runs],
        "requests": [float(run.requests) for run in runs],
        "bytes": [float(run.bytes_sent) for run in runs],
    }[field]
    return statistics.median(values)


def load_average() -> str:
    """The machine's load average over the last minute."""
    return f"{os.getloadavg()[0]:.2f}"


def network_limit_and_scrapy(folder: Path, repeat: int) -> None:
    """Items 1 and 2: ours and Scrapy, alternately, on the same replica with 50 ms latency at concurrency 8."""
    runs: dict[str, list[CrawlRun]] = {crawler: [] for crawler in CRAWLERS}
    load_before = load_average()
    with replica(traps=True) as server:
        for attempt in range(repeat):
            ours = crawl(server, folder / f"ours-{attempt}.db")
            urls = fetched_urls(server, ours, folder / f"urls-{attempt}.txt")
            runs["ours"].append(ours)
            for crawler in ("scrapy", "scrapy-list"):
                runs[crawler].append(crawl(server, folder / f"{crawler}-{attempt}.db", crawler, urls=urls))
        traps = [requests_per_trap(server, run) for run in runs["ours"]]
    setting = f"{LATENCY * 1000:.0f} ms latency, concurrency {CONCURRENCY}, delay 0, replica traps on"
    print(f"\nLoad average (1 min) before the runs {load_before}, after {load_average()}")
    print(f"\n### Requests per trap, {setting} ({repeat} runs; target at most 20 each)\n")
    print("| trap | " + " | ".join(f"run {number + 1}" for number in range(repeat)) + " | most |")
    print("|---|" + "---:|" * (repeat + 1))
    for trap in TRAPS:
        counts = [run_counts[trap] for run_counts in traps]
        print(f"| {trap} | " + " | ".join(str(count) for count in counts) + f" | {max(counts)} |")
    print(f"\n### Full crawl, {setting} (median of {repeat})\n")
    print(
        "| crawler | requests | crawl s | process wall s | CPU s | peak RSS MB | ideal s | crawl / ideal "
        "| wall / ideal |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for crawler, label in CRAWLERS.items():
        ideal = median(runs[crawler], "requests") * LATENCY / CONCURRENCY
        seconds, wall = median(runs[crawler], "seconds"), median(runs[crawler], "wall")
        print(
            f"| {label} | {median(runs[crawler], 'requests'):.0f} | {seconds:.2f} | {wall:.2f} | "
            f"{median(runs[crawler], 'cpu'):.2f} | {median(runs[crawler], 'rss'):.0f} | {ideal:.2f} | "
            f"{seconds / ideal:.2f} | {wall / ideal:.2f} |"
        )
    print("\n| blog-archive / | crawl s | process wall s | CPU s | peak RSS |\n|---|---:|---:|---:|---:|")
    fields = ("seconds", "wall", "cpu", "rss")
    for crawler in ("scrapy", "scrapy-list"):
        ratios = [median(runs["ours"], field) / median(runs[crawler], field) for field in fields]
        print(f"| {CRAWLERS[crawler]} | " + " | ".join(f"{ratio:.2f}" for ratio in ratios) + " |")
    ideal = median(runs["ours"], "requests") * LATENCY / CONCURRENCY
    bound = 1.3 * ideal + 1.0
    print(
        f"\nTarget wall <= 1.3 x ideal + 1 s = {bound:.2f} s: crawl {median(runs['ours'], 'seconds'):.2f} s, "
        f"process wall {median(runs['ours'], 'wall'):.2f} s"
    )


def command_crawl(server: ReplicaServer, db_path: Path, full: bool, source: Path | None = None) -> CrawlRun:
    """One crawl through the `blog-archive crawl` command, as a user runs it: process wall from fork to exit.

    `source`: a source tree of another version of the project (a checkout), imported instead of this one."""
    command = [
        *blog_archive_command(),
        "crawl",
        server.start_url,
        "--db",
        str(db_path),
        "--concurrency",
        str(CONCURRENCY),
        "--delay",
        "0",
        "--json",
    ]
    if full:
        command.append("--full")
    env = None if source is None else {**os.environ, "PYTHONPATH": str(source)}
    server.clear_log()
    measurement = run_measured(command, env)
    log = server.requests
    report = json.loads(measurement.stdout.strip().splitlines()[-1])
    return CrawlRun(measurement, len(log), sum(request.bytes_sent for request in log), report["seconds"], report, log)


def blog_archive_command() -> list[str]:
    """The installed `blog-archive` script beside this interpreter, else `python -m crawler`."""
    script = Path(sys.executable).parent / "blog-archive"
    return [str(script)] if script.exists() else [sys.executable, "-m", "crawler"]


def compile_sources() -> None:
    """Compile this checkout's modules to .pyc, as `make` does at install and pip does for an installed wheel."""
    root = Path(__file__).resolve().parent.parent
    for package in ("crawler", "parsers"):
        compileall.compile_dir(root / package, quiet=1)


def recrawl(folder: Path, repeat: int, baseline: Path | None = None) -> None:
    """Item 3: `blog-archive crawl --full`, then an unchanged re-crawl, alternately, on a host with validators and on
    a stock one; the re-crawl's share of the full crawl's process wall is the issue's figure.

    With `baseline` (a source tree of an earlier version, as `git worktree add` or `git archive` makes it), each
    pair of that version runs just before the same pair of this one, so that both meet the same load."""
    versions: dict[str, Path | None] = {"before": baseline, "after": None} if baseline else {"this": None}
    print(
        f"\n### Unchanged re-crawl versus full crawl: the `blog-archive crawl` command, {LATENCY * 1000:.0f} ms "
        f"latency, concurrency {CONCURRENCY}, delay 0 (median of {repeat} alternating pairs)\n"
    )
    if baseline:
        print(f"before: the sources in {baseline} (as they are); after: this checkout, its modules compiled\n")
    print(
        "| version | host validators | crawl | requests | bytes | crawl s | process wall s | CPU s | bytes vs full "
        "| crawl s vs full | process wall vs full | CPU vs full |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    host_kinds: tuple[Validators, ...] = ("all", "wordpress")
    load_before = load_average()
    loads: list[float] = []
    shares: dict[tuple[str, str], list[float]] = {}
    cpu_shares: dict[tuple[str, str], list[float]] = {}  # CPU seconds: less at the mercy of the machine's load
    for validators in host_kinds:
        runs: dict[str, tuple[list[CrawlRun], list[CrawlRun]]] = {version: ([], []) for version in versions}
        with replica(validators=validators, traps=True) as server:
            for attempt in range(repeat):
                for version, source in versions.items():
                    db_path = folder / f"recrawl-{version}-{validators}-{attempt}.db"
                    loads.append(os.getloadavg()[0])
                    runs[version][0].append(command_crawl(server, db_path, full=True, source=source))
                    runs[version][1].append(command_crawl(server, db_path, full=False, source=source))
        for version, (full_runs, again_runs) in runs.items():
            pairs = list(zip(full_runs, again_runs, strict=True))
            shares[version, validators] = [again.measurement.wall / full.measurement.wall for full, again in pairs]
            cpu_shares[version, validators] = [again.measurement.cpu / full.measurement.cpu for full, again in pairs]
            for label, measured in (("full", full_runs), ("unchanged re-crawl", again_runs)):
                share_bytes = median(measured, "bytes") / median(full_runs, "bytes")
                share_seconds = median(measured, "seconds") / median(full_runs, "seconds")
                share_wall = median(measured, "wall") / median(full_runs, "wall")
                share_cpu = median(measured, "cpu") / median(full_runs, "cpu")
                print(
                    f"| {version} | {validators} | {label} | {median(measured, 'requests'):.0f} | "
                    f"{median(measured, 'bytes'):,.0f} | {median(measured, 'seconds'):.2f} | "
                    f"{median(measured, 'wall'):.2f} | {median(measured, 'cpu'):.2f} | {share_bytes:.1%} | "
                    f"{share_seconds:.1%} | {share_wall:.1%} | {share_cpu:.1%} |"
                )
    for title, figures in (("process wall", shares), ("CPU seconds", cpu_shares)):
        target = " (target <= 25 %)" if figures is shares else ""
        print(f"\nRe-crawl {title} / full crawl {title}, pair by pair{target}:\n")
        for (version, validators), values in figures.items():
            each = ", ".join(f"{value:.1%}" for value in values)
            print(f"- {version}, {validators}: {each}; median {statistics.median(values):.1%}")
    print(
        f"\nLoad average (1 min) before the runs {load_before}, after {load_average()}; at the start of each pair "
        f"{min(loads):.2f}-{max(loads):.2f} (median {statistics.median(loads):.2f})"
    )


def scale(folder: Path, sizes: list[int], keep: Path | None) -> None:
    """Item 4: full crawls of generated blogs of each size, pictures kept, no latency, delay 0: time per request and
    peak memory (the crawl's process and its parse workers)."""
    print("\n### Scale: generated blogs, no injected latency, delay 0, concurrency 8 (one run each)\n")
    print(
        "| posts | requests | of them pictures | picture MB | crawl s | ms per request | CPU ms per request | "
        "peak RSS MB | archive MB | per request vs first | peak RSS vs first | load before, after |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    first: CrawlRun | None = None
    for posts in sizes:
        db_path = folder / f"scale-{posts}.db"
        load_before = load_average()
        with replica(posts, latency=0.0) as server:
            run = crawl(server, db_path)
        first = first or run
        per_request = run.seconds / run.requests
        pictures = sum(1 for request in run.log if request.path.startswith("/wp-content/uploads/"))
        print(
            f"| {posts:,} | {run.requests:,} | {pictures:,} | {run.report.get('media_bytes', 0) / MEGABYTE:.0f} | "
            f"{run.seconds:.1f} | {per_request * 1000:.2f} | {run.measurement.cpu / run.requests * 1000:.2f} | "
            f"{run.measurement.peak_rss / MEGABYTE:.0f} | {db_path.stat().st_size / MEGABYTE:.0f} | "
            f"{per_request / (first.seconds / first.requests):.2f} | "
            f"{run.measurement.peak_rss / first.measurement.peak_rss:.2f} | {load_before}, {load_average()} |"
        )
        sys.stdout.flush()
        if keep is not None and posts == max(sizes):
            shutil.copyfile(db_path, keep)


def main() -> None:
    """Run the chosen benchmarks and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("network", "recrawl", "scale"), action="append", help="run only these")
    parser.add_argument("--repeat", type=int, default=5, help="runs per configuration for medians (default 5)")
    parser.add_argument("--scale", type=int, nargs="+", default=[1000], help="post counts for the scale runs")
    parser.add_argument("--keep", type=Path, help="copy the largest scale run's archive here")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="re-crawl table: also time this source tree of an earlier version (e.g. `git worktree add DIR main`), "
        "pair by pair alternately with this checkout",
    )
    options = parser.parse_args()
    chosen = options.only or ["network", "recrawl", "scale"]
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as folder:
        if "network" in chosen:
            network_limit_and_scrapy(Path(folder), options.repeat)
        if "recrawl" in chosen:
            recrawl(Path(folder), options.repeat, options.baseline)
        if "scale" in chosen:
            scale(Path(folder), options.scale, options.keep)


if __name__ == "__main__":
    main()
