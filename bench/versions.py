"""What post history costs: bytes per post_versions row after the replica's two editions are crawled.

Run from the repository root: .venv/bin/python -m bench.versions
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from crawler.config import CrawlConfig
from crawler.crawl.run import crawl_site
from crawler.replica import ReplicaServer, build_site

PAYLOAD = """
    SELECT count(*), sum(length(post_url) + length(content_hash) + 16 + coalesce(length(title), 0)
        + coalesce(length(published), 0) + coalesce(length(modified), 0) + coalesce(length(author), 0)
        + coalesce(length(excerpt), 0) + coalesce(length(meta_description), 0) + coalesce(length(body_text), 0)
        + coalesce(length(featured_image_url), 0) + coalesce(length(featured_image_alt), 0)
        + length(categories) + length(tags) + length(related_links) + length(images) + coalesce(length(body_hash), 0))
    FROM post_versions
"""
ON_DISK = "SELECT sum(pgsize) FROM dbstat WHERE name = 'post_versions' OR name LIKE 'sqlite_autoindex_post_versions%'"


def crawl_two_editions(db_path: Path) -> None:
    """Crawl the replica's first edition, then its second ("a week later") into the same archive."""
    with ReplicaServer(build_site(), crawl_delay=0.0) as server:
        for edition in (1, 2):
            server.site = build_site(edition=edition)
            summary = asyncio.run(crawl_site(CrawlConfig(start_url=server.start_url, db_path=db_path, delay=0.0)))
            print(summary.line())


def main() -> None:
    """Print the history's size: versions, bytes per version on disk and as column payload."""
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "archive.db"
        crawl_two_editions(db_path)
        with closing(sqlite3.connect(db_path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            versions, payload = conn.execute(PAYLOAD).fetchone()
            (on_disk,) = conn.execute(ON_DISK).fetchone()
            posts = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
            total = db_path.stat().st_size
    print(
        f"{versions} versions of {posts} posts: {on_disk / versions:,.0f} bytes per version on disk "
        f"(table and key index, dbstat), {payload / versions:,.0f} bytes of column data; "
        f"history is {on_disk / total:.1%} of the {total / 1e6:.1f} MB archive"
    )


if __name__ == "__main__":
    main()
