"""Figures for scheduled crawls: full versus unchanged re-crawl on both kinds of host, and kill-and-resume.

Run after `make test` has created .venv:  .venv/bin/python bench/scheduled.py
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from crawler.config import CrawlConfig
from crawler.crawl.run import CrawlSummary, crawl_site
from crawler.replica import ReplicaServer, build_site

KILL_AFTER_PAGES = 80


def crawl(server: ReplicaServer, db_path: Path) -> tuple[CrawlSummary, int, int, float]:
    """One crawl at --delay 0: its summary, requests and bytes the server saw, wall seconds."""
    server.clear_log()
    started = time.perf_counter()
    summary = asyncio.run(crawl_site(CrawlConfig(start_url=server.start_url, db_path=db_path, delay=0.0)))
    seconds = time.perf_counter() - started
    return summary, len(server.requests), sum(request.bytes_sent for request in server.requests), seconds


def incremental_figures(folder: Path) -> None:
    """Requests, bytes and wall time of a full crawl and of an unchanged re-crawl, per kind of host."""
    print("| host | crawl | requests | bytes | seconds | 304 or skipped | changes |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for validators in ("all", "wordpress"):
        with ReplicaServer(build_site(), crawl_delay=0.0, validators=validators) as server:
            db_path = folder / f"{validators}.db"
            for label in ("full", "unchanged re-crawl"):
                summary, requests, sent, seconds = crawl(server, db_path)
                changes = summary.new_posts + summary.changed_posts + summary.removed_posts
                print(
                    f"| {validators} | {label} | {requests} | {sent:,} | {seconds:.2f} | {summary.not_modified} | {changes} |"
                )


def done_pages(db_path: Path) -> set[str]:
    """Paths the frontier records as fetched."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as connection:
            rows = connection.execute("select url from frontier where state = 'done'").fetchall()
    except sqlite3.OperationalError:  # the crawl has not created its tables yet
        return set()
    return {urlsplit(url).path for (url,) in rows}


def resume_figures(folder: Path) -> None:
    """SIGKILL a crawl part-way, resume it, and count what the resumed run fetched again."""
    db_path = folder / "resume.db"
    command = Path(sys.executable).with_name("blog-archive")
    with ReplicaServer(build_site(), crawl_delay=0.0) as server:
        process = subprocess.Popen(
            [str(command), "crawl", server.start_url, "--db", str(db_path), "--delay", "0.03"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while not db_path.exists() or len(done_pages(db_path)) < KILL_AFTER_PAGES:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        before = done_pages(db_path)
        with sqlite3.connect(db_path) as connection:
            integrity = connection.execute("pragma integrity_check").fetchone()[0]
        summary, requests, _sent, seconds = crawl(server, db_path)
        refetched = {request.path for request in server.requests} & before
    print(f"\nkilled with SIGKILL after {len(before)} pages; integrity_check: {integrity}")
    print(
        f"resumed run: status {summary.status}, {requests} requests in {seconds:.2f} s, "
        f"{len(refetched)} pages fetched again, {summary.posts} posts in the archive"
    )


def main() -> None:
    """Print both tables."""
    with tempfile.TemporaryDirectory() as folder:
        incremental_figures(Path(folder))
        resume_figures(Path(folder))


if __name__ == "__main__":
    main()
