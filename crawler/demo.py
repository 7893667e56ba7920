"""The demo: serve the offline replica, crawl it, crawl it again a week later, then open Datasette."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.archive.files import inspect_file
from crawler.archive.lock import ArchiveLock
from crawler.config import CrawlConfig
from crawler.crawl.run import crawl_site
from crawler.errors import ArchiveError
from crawler.replica import ReplicaServer, build_site
from crawler.web.serve import check_port, run_datasette

DEMO_CRAWL_DELAY = 0.02  # the replica's robots.txt asks for this; the live site asks for more
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_PORT = 65535
DEMO_EDITIONS = (1, 2)  # crawled in turn, so "What changed" and every post's history have something to show
WEEK_LATER = "one post added and one only the REST API lists, two edited, one retitled, one renamed, one removed"


def replica_port(datasette_port: int) -> int:
    """The demo's replica listens on Datasette's port + 1 (8002 beside 8001), so every run writes the same URLs.

    Datasette on any free port (0) puts the replica on any free port too.
    """
    return datasette_port + 1 if datasette_port else 0


def start_replica(port: int) -> ReplicaServer:
    """The replica of the blog, listening on `port`; ArchiveError naming the port when it is taken."""
    if port > MAX_PORT:
        raise ArchiveError(
            f"the demo serves the replica of the blog on Datasette's port + 1, and {port} is no port; "
            "choose a lower port with --port"
        )
    replica = ReplicaServer(build_site(), crawl_delay=DEMO_CRAWL_DELAY, port=port)
    try:
        return replica.start()
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise ArchiveError(
            f"cannot listen on 127.0.0.1:{port} ({reason}), where the demo serves the replica of the blog "
            "(Datasette's port + 1); choose another port with --port"
        ) from exc


def crawled_hosts(db_path: Path) -> set[str]:
    """The hosts an existing archive's runs started from (read-only)."""
    with closing(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT DISTINCT start_url FROM crawl_runs").fetchall()
    return {urlsplit(start_url).hostname or "" for (start_url,) in rows}


def remove_demo_archive(db_path: Path) -> None:
    """Delete an earlier demo archive (one crawled only from a replica on loopback), under its lock.

    Any other archive is refused: the demo never deletes an archive of the live blog.
    """
    if inspect_file(db_path) not in ("earlier", "archive"):
        return
    if not crawled_hosts(db_path) <= LOOPBACK_HOSTS:
        raise ArchiveError(
            f"{db_path} holds an archive crawled from the web, not a demo archive; it was left untouched; "
            "choose another --db path for the demo"
        )
    with ArchiveLock(db_path):
        for path in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
            path.unlink(missing_ok=True)


def run_demo(db_path: Path, serve: bool, port: int) -> int:
    """Run the demo; return the process exit code."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArchiveError(f"cannot create {db_path.parent}: {exc.strerror or exc}; choose another --db path") from exc
    if serve:
        check_port("127.0.0.1", port)  # before the crawl, not after it
    remove_demo_archive(db_path)
    with start_replica(replica_port(port)) as replica:
        click.echo(f"Replica of the blog serving at {replica.start_url}")
        for edition in DEMO_EDITIONS:
            if edition != replica.site.edition:
                replica.site = build_site(edition=edition)
                click.echo(f"The replica a week later (edition {edition}): {WEEK_LATER}")
            summary = asyncio.run(crawl_site(CrawlConfig(start_url=replica.start_url, db_path=db_path)))
            click.echo(summary.line())
            if summary.status != "ok":
                return 1
        if not serve:
            return 0
        click.echo(f"Datasette: http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        return run_datasette(db_path, "127.0.0.1", port)
