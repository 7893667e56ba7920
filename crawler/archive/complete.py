"""Whether an archive holds a complete crawl: what `audit` and `changes` need before they report anything.

A crawl is complete when it walked the site to its end: status `ok`, or `partial` (some pages still failed
after retries; the rest is whole). A failed, interrupted or running crawl is not, and neither is a reparse.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.errors import NoCompleteCrawl, UnknownRun

COMPLETE_STATUSES = ("ok", "partial")
LATEST_COMPLETE_CRAWL = (
    "SELECT max(id) FROM crawl_runs WHERE mode != 'reparse' AND status IN ("
    + ", ".join("?" * len(COMPLETE_STATUSES))
    + ")"
)
LATEST_CRAWL = "SELECT id, status, error FROM crawl_runs WHERE mode != 'reparse' ORDER BY id DESC LIMIT 1"


def latest_complete_crawl(conn: sqlite3.Connection) -> int | None:
    """The id of the newest complete crawl, or None when there is none."""
    found = conn.execute(LATEST_COMPLETE_CRAWL, COMPLETE_STATUSES).fetchone()[0]
    return None if found is None else int(found)


def require_complete_crawl(conn: sqlite3.Connection, db_path: Path) -> int:
    """The newest complete crawl's id; raises NoCompleteCrawl, saying what the latest crawl did, when none exists."""
    found = latest_complete_crawl(conn)
    if found is not None:
        return found
    latest = conn.execute(LATEST_CRAWL).fetchone()
    if latest is None:
        raise NoCompleteCrawl(str(db_path), "no crawl has run")
    run_id, status, error = latest
    raise NoCompleteCrawl(str(db_path), f"run {run_id} {status}" + (f": {error}" if error else ""))


def require_run(conn: sqlite3.Connection, db_path: Path, run_id: int) -> None:
    """Raise UnknownRun when the archive has no crawl_runs row with this id."""
    if conn.execute("SELECT 1 FROM crawl_runs WHERE id = ?", [run_id]).fetchone() is None:
        newest = conn.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
        raise UnknownRun(str(db_path), run_id, int(newest or 0))
