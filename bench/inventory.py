"""The request list of an unchanged re-crawl on a host without validators for its pages (the replica's WordPress
mode: only feeds and sitemaps carry ETag and Last-Modified), with the REST API answering and blocked.

Run after `make test` has created .venv:  .venv/bin/python -m bench.inventory
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from crawler.config import CrawlConfig
from crawler.crawl.run import CrawlSummary, crawl_site
from crawler.replica import ReplicaServer, build_site
from crawler.replica.rest_api import ApiMode


def crawl(server: ReplicaServer, db_path: Path) -> CrawlSummary:
    """One crawl at --delay 0, parsing in this process."""
    return asyncio.run(crawl_site(CrawlConfig(start_url=server.start_url, db_path=db_path, delay=0.0, parse_workers=0)))


def archived(db_path: Path, base_url: str) -> list[tuple[object, ...]]:
    """What the archive keeps of each post, its URL relative to the site (comparable across servers)."""
    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute(
            "SELECT url, wp_id, title, published, modified, body_text, removed_in_run FROM posts ORDER BY url"
        ).fetchall()
    return [(url.removeprefix(base_url), *rest) for url, *rest in rows]


def recrawl(folder: Path, api: ApiMode) -> list[tuple[object, ...]]:
    """A full crawl then an unchanged re-crawl; print the re-crawl's requests; return the archive's posts."""
    db_path = folder / f"api-{api}.db"
    with ReplicaServer(build_site(), crawl_delay=0.0, validators="wordpress", api=api) as server:
        first = crawl(server, db_path)
        server.clear_log()
        summary = crawl(server, db_path)
        print(
            f"\nAPI {api}: first crawl {first.requests} requests; unchanged re-crawl {len(server.requests)} requests,"
        )
        print(f"  inventory {summary.inventory}; {summary.line()}")
        for record in server.requests:
            print(f"  {record.status} {record.path}")
        return archived(db_path, server.base_url)


def main() -> None:
    """Both re-crawls, and whether they leave the same archive."""
    with tempfile.TemporaryDirectory() as folder:
        answering = recrawl(Path(folder), "open")
        blocked = recrawl(Path(folder), "403")
    print(f"\nsame posts with the API answering and blocked: {answering == blocked} ({len(answering)} posts)")


if __name__ == "__main__":
    main()
