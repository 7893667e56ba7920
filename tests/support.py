"""Helpers the tests share: fast crawl settings and a record of one finished crawl."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.config import CrawlConfig, RetryPolicy, Timeouts
from crawler.replica import GroundTruth
from crawler.run import CrawlSummary, crawl_site

FAST_RETRIES = RetryPolicy(retries=3, backoff=0.01, max_wait=0.5, jitter=0.0)
FAST_TIMEOUTS = Timeouts(connect=2.0, read=1.0, total=5.0)


def fast_config(start_url: str, db_path: Path, **overrides: Any) -> CrawlConfig:
    """A crawl config for tests: no spacing, quick retries and timeouts, in-process parsing."""
    settings: dict[str, Any] = {
        "start_url": start_url,
        "db_path": db_path,
        "delay": 0.0,
        "retry": FAST_RETRIES,
        "timeouts": FAST_TIMEOUTS,
        "parse_workers": 0,
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
