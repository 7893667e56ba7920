"""The demo: serve the offline replica, crawl it into a fresh archive, then open Datasette."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from crawler.archive.files import inspect_file
from crawler.config import CrawlConfig
from crawler.crawl.run import crawl_site
from crawler.errors import ArchiveError
from crawler.replica import ReplicaServer, build_site
from crawler.web.serve import check_port, run_datasette

DEMO_CRAWL_DELAY = 0.02  # the replica's robots.txt asks for this; the live site asks for more


def run_demo(db_path: Path, serve: bool, port: int) -> int:
    """Run the demo; return the process exit code."""
    inspect_file(db_path)  # the demo rebuilds its archive, but deletes nothing that is not one
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArchiveError(f"cannot create {db_path.parent}: {exc.strerror or exc}; choose another --db path") from exc
    if serve:
        check_port("127.0.0.1", port)  # before the crawl, not after it
    for path in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        path.unlink(missing_ok=True)
    with ReplicaServer(build_site(), crawl_delay=DEMO_CRAWL_DELAY) as replica:
        click.echo(f"Replica of the blog serving at {replica.start_url}")
        summary = asyncio.run(crawl_site(CrawlConfig(start_url=replica.start_url, db_path=db_path)))
        click.echo(summary.line())
        if summary.status != "ok" or not serve:
            return 0 if summary.status == "ok" else 1
        click.echo(f"Datasette: http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        return run_datasette(db_path, "127.0.0.1", port)
