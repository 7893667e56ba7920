"""Helpers the tests share: fast crawl settings and a record of one finished crawl."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard

from crawler.config import CrawlConfig, RetryPolicy, Timeouts
from crawler.crawl.run import CrawlSummary, crawl_site
from crawler.replica import GroundTruth

FAST_RETRIES = RetryPolicy(retries=3, backoff=0.01, max_wait=0.5, jitter=0.0)
FAST_TIMEOUTS = Timeouts(connect=2.0, read=1.0, total=5.0)


def fast_config(start_url: str, db_path: Path, **overrides: Any) -> CrawlConfig:
    """A crawl config for tests: no spacing, a tiny slow-down, quick retries and timeouts, in-process parsing."""
    settings: dict[str, Any] = {
        "start_url": start_url,
        "db_path": db_path,
        "delay": 0.0,
        "retry": FAST_RETRIES,
        "timeouts": FAST_TIMEOUTS,
        "parse_workers": 0,
        "slowdown_floor": 0.001,
        "max_penalty": 2.0,
    }
    settings.update(overrides)
    return CrawlConfig(**settings)


def crawl(start_url: str, db_path: Path, **overrides: Any) -> CrawlSummary:
    """Run one crawl to the end."""
    return asyncio.run(crawl_site(fast_config(start_url, db_path, **overrides)))


@dataclass(frozen=True)
class Crawled:
    """One finished crawl of the replica: summary, archive file, requests sent, ground truth."""

    summary: CrawlSummary
    db_path: Path
    requests: list[Any]
    truth: GroundTruth
    base_url: str


def copy_archive(source: Path, target: Path) -> Path:
    """A consistent copy of an archive (SQLite's backup API), for tests that change it."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
    return target


def corrupt_two_bodies(db_path: Path) -> list[tuple[str, str]]:
    """Truncate one post page's stored body and swap another's for other bytes; return their (url, hash)."""
    with closing(sqlite3.connect(db_path)) as db, db:
        sql = """
            SELECT url, content_hash FROM pages WHERE kind = 'post'
            AND content_hash IN (SELECT content_hash FROM pages GROUP BY content_hash HAVING count(*) = 1)
            ORDER BY url LIMIT 2
        """
        (truncated_url, truncated), (swapped_url, swapped) = db.execute(sql).fetchall()
        db.execute("UPDATE bodies SET data = substr(data, 1, length(data) / 2) WHERE hash = ?", [truncated])
        other = zstandard.ZstdCompressor().compress(b"<html><body>other bytes</body></html>")
        db.execute("UPDATE bodies SET data = ? WHERE hash = ?", [other, swapped])
    return [(truncated_url, truncated), (swapped_url, swapped)]
