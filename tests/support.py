"""Helpers the tests share: fast crawl settings and a record of one finished crawl."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import zstandard

import crawler.export.reparse
from crawler.archive.store import Archive, body_hash
from crawler.config import CrawlConfig, RetryPolicy, Timeouts
from crawler.crawl.pictures import MediaHosts
from crawler.crawl.run import CrawlSummary, crawl_site
from crawler.media import KeptPicture
from crawler.pages import parse_with_pictures
from crawler.replica import GroundTruth, ReplicaServer, Site, build_site
from parsers.models import ParsedPage

FAST_RETRIES = RetryPolicy(retries=3, backoff=0.01, max_wait=0.5, jitter=0.0)
FAST_TIMEOUTS = Timeouts(connect=2.0, read=1.0, total=5.0)
SMALL_SITE_POSTS = 10
COMMAND = str(Path(sys.executable).with_name("blog-archive"))  # the installed command, for subprocess tests
MARK = "zqxrevised"  # the word a changed parser adds to titles
ParsedByBody = dict[tuple[str, str], ParsedPage]
Row = dict[str, Any]


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


@dataclass(frozen=True)
class OnceCrawled:
    """A replica of the test's own as far as it can tell, and the archive of one crawl of it with `crawl`'s settings."""

    server: ReplicaServer
    db_path: Path
    first: CrawlSummary


def as_new(server: ReplicaServer, site: Site) -> None:
    """Put a running replica back as `ReplicaServer(site, crawl_delay=0.0)` starts: no faults, an empty request log."""
    new = ReplicaServer(site, crawl_delay=0.0)  # never started: only its settings are read
    for name, setting in vars(new).items():  # site, validators, latency, api...: whatever a test changed
        if not name.startswith("_") and name != "faults":
            setattr(server, name, setting)
    server.faults.clear()
    server.clear_log()


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


def path_of(url: str) -> str:
    return urlsplit(url).path


def changes(db_path: Path, run_id: int) -> dict[str, set[str]]:
    """The post URLs a run added, changed and removed."""
    store = Archive(db_path)
    found: dict[str, set[str]] = {"added": set(), "changed": set(), "removed": set(), "moved": set()}
    for row in store.db.query("select change, post_url from post_changes where run_id = ?", [run_id]):
        found[row["change"]].add(row["post_url"])
    store.close()
    return found


def query(db_path: Path, sql: str, params: list[object] | None = None) -> list[dict[str, object]]:
    """Rows of a query on an archive, as dicts."""
    store = Archive(db_path)
    rows = [dict(row) for row in store.db.query(sql, params or [])]
    store.close()
    return rows


def use_parser(
    monkeypatch: pytest.MonkeyPatch,
    parsed: ParsedByBody,
    change: Callable[[ParsedPage], ParsedPage] = lambda page: page,
) -> None:
    """Re-parse in this process with a changed parser; pages parsed before are looked up, not parsed again."""

    def parse(
        body: bytes, content_type: str | None, url: str, hosts: MediaHosts
    ) -> tuple[ParsedPage, tuple[KeptPicture, ...]]:
        known = parsed.get((url, body_hash(body)))
        if known is not None:
            return change(known), ()  # pictures are not what these tests look at
        page, pictures = parse_with_pictures(body, content_type, url, hosts)
        return change(page), pictures

    monkeypatch.setattr(crawler.export.reparse, "parse_with_pictures", parse)


def retitled(urls: set[str]) -> Callable[[ParsedPage], ParsedPage]:
    """A parser change: these posts' titles gain a word."""

    def change(page: ParsedPage) -> ParsedPage:
        if page.post is None or page.post.url not in urls:
            return page
        post = replace(page.post, title=f"{page.post.title} {MARK}")
        return replace(page, post=post, title=post.title)

    return change


def site_changed_fields(truth: GroundTruth) -> dict[str, list[str]]:
    """The post fields edition 2 changes, per changed post, by the replica's ground truth of both editions."""
    before = build_site().expected(truth.base_url)

    def exercises_of(expected: GroundTruth) -> dict[str, list[Row]]:
        found: dict[str, list[Row]] = {}
        for exercise in expected.exercises:
            found.setdefault(exercise["post_url"], []).append(exercise)
        return found

    old, new = exercises_of(before), exercises_of(truth)
    return {
        url: (["title", "modified"] if url in truth.retitled else ["modified", "body_text"])
        + (["exercises"] if old.get(url, []) != new.get(url, []) else [])
        for url in truth.changed
    }
