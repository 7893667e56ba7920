"""Peak memory of a crawl of the hostile site (10 GB gzip bomb, 30 MB page, endless calendar...), and what it recorded.

    .venv/bin/python -m bench.hostile_memory                       # the command's defaults: 10 MB bodies, 1000 per pattern
    .venv/bin/python -m bench.hostile_memory --max-per-pattern 50  # a shorter calendar
    .venv/bin/python -m bench.hostile_memory --keep hostile.db     # keep the archive to look at in Datasette

The crawl is the installed `blog-archive crawl` command in a child process, with its default parse processes; the
hostile site serves from this process, so its own memory (the cached bomb) is not counted. Two figures: the largest
resident set of any one process of the crawl (getrusage RUSAGE_CHILDREN ru_maxrss, which covers the parse workers
once the crawl has waited for them), and the largest summed resident set of the whole process tree, sampled from
/proc every 20 ms. The target is under 300 MB. Then one row per hostile case: what the archive recorded.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.measure import TreeMemory
from tests.hostile_site import CALENDAR_PATH, CANARIES, CASES, LOOP_B, HostileSite

COMMAND = str(Path(sys.executable).with_name("blog-archive"))
TARGET_MB = 300


def query(db_path: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a query on the archive, as dicts."""
    with closing(sqlite3.connect(db_path)) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(sql, params or [])]


def shorten(value: object, width: int = 60) -> str:
    """A table cell: text cut to width, pipes escaped, None as a dash."""
    text = "-" if value is None else str(value).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def recorded(db_path: Path, site: HostileSite, run_id: int, requests: Counter[str]) -> list[list[str]]:
    """One row per hostile case: requests made, and the pages row, post or skips the archive holds for it."""
    table = []
    skipped = query(db_path, "SELECT url, reason, source_url FROM skipped_urls WHERE run_id = ?", [run_id])
    for name, path in [*CASES.items(), ("redirect_loop (second hop)", LOOP_B)]:
        url = site.url(path)
        page = next(iter(query(db_path, "SELECT * FROM pages WHERE url = ?", [url])), None)
        post = next(iter(query(db_path, "SELECT title FROM posts WHERE url = ?", [url])), None)
        if name == "endless_calendar":
            fetched = sum(count for requested, count in requests.items() if CALENDAR_PATH.match(requested))
            limited = sum(
                1 for row in skipped if CALENDAR_PATH.match(urlsplit(row["url"]).path) and row["reason"] == "limit"
            )
            note = f"{fetched} calendar months fetched; {limited} more skipped for 'limit'"
        elif name == "query_trap":
            reasons = {row["reason"] for row in skipped if urlsplit(row["url"]).path == "/events/"}
            note = f"/events/?month=... skipped: {', '.join(sorted(reasons)) or 'not recorded'}"
        elif name == "tracking_variants":
            duplicates = sum(1 for row in skipped if row["reason"] == "duplicate")
            note = f"{duplicates} skipped_urls rows with reason 'duplicate' in the run"
        elif page and page["status"] and 300 <= page["status"] < 400:
            target = [row["reason"] for row in skipped if row["url"] == page["final_url"]]
            note = f"-> {page['final_url']}" + (f" (skipped: {target[0]})" if target else "")
        elif post:
            note = f"post: {post['title']}"
        else:
            note = ""
        columns = ("status", "kind", "content_type", "error")
        cells = [shorten(page[column]) if page else "no pages row" for column in columns]
        table.append([name, path, str(requests.get(path, 0)), *cells, shorten(note, 80)])
    return table


def markdown(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    """Crawl the hostile site with the command, print the peak memory and the table of cases."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-bytes", type=int, help="the command's --max-bytes (default: its own, 10 MiB)")
    parser.add_argument("--max-per-pattern", type=int, help="the command's --max-per-pattern (default: its own, 1000)")
    parser.add_argument("--max-depth", type=int, help="the command's --max-depth (default: none)")
    parser.add_argument("--keep", type=Path, help="copy the archive here afterwards")
    options = parser.parse_args()
    extra = []
    for flag, value in (
        ("--max-bytes", options.max_bytes),
        ("--max-per-pattern", options.max_per_pattern),
        ("--max-depth", options.max_depth),
    ):
        if value is not None:
            extra += [flag, str(value)]
    with tempfile.TemporaryDirectory() as scratch, HostileSite() as site:
        db_path = Path(scratch) / "hostile.db"
        command = [COMMAND, "crawl", site.start_url, "--db", str(db_path), "--delay", "0", "--json", *extra]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        memory = TreeMemory(process.pid)
        stdout, stderr = process.communicate()
        wall = time.perf_counter() - started
        tree_peak = memory.stop()
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
        requests = Counter(site.requested_paths())
        hosts = sorted({request.host for request in site.requests})
        if process.returncode not in (0, 3) or not stdout.strip():
            sys.exit(f"the crawl exited {process.returncode}: {stderr[-2000:]}")
        summary = json.loads(stdout)
        rows = recorded(db_path, site, summary["run_id"], requests)
        canaries = [path for path in CANARIES if requests.get(path)]
        if options.keep:
            shutil.copy(db_path, options.keep)
    print(f"blog-archive crawl {' '.join(command[3:])}")
    print(
        f"exit code {process.returncode}, run {summary['status']}: {summary['pages']} pages, {summary['errors']} errors, "
        f"{summary['requests']} requests in {wall:.1f} s"
    )
    verdict = "under" if max(largest, tree_peak) < TARGET_MB * 2**20 else "OVER"
    print(
        f"peak RSS: largest single process {largest / 2**20:.0f} MB (RUSAGE_CHILDREN ru_maxrss), "
        f"whole tree {tree_peak / 2**20:.0f} MB (sampled) — {verdict} the {TARGET_MB} MB target"
    )
    print(
        f"hosts asked: {', '.join(hosts)}; repeated requests: {sum(1 for count in requests.values() if count > 1)}; "
        f"links from unparsed bodies followed: {', '.join(canaries) or 'none'}"
    )
    print()
    print(markdown(["case", "path", "requests", "status", "kind", "content_type", "error", "recorded"], rows))


if __name__ == "__main__":
    main()
