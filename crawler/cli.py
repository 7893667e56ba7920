"""The blog-archive command: parse options, call the library, exit with a clear code."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

import click

from crawler import serve as serving
from crawler.demo import run_demo
from crawler.config import DEFAULT_DB, DEFAULT_START_URL, DEFAULT_USER_AGENT, CrawlConfig, RetryPolicy
from crawler.errors import ArchiveError, RunLocked
from crawler.run import CrawlSummary, crawl_site

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL, EXIT_LOCKED = 0, 1, 2, 3, 75
EXIT_CODES_HELP = "Exit codes: 0 ok, 1 failed, 2 usage, 3 some pages failed, 75 another crawl holds the database."


def exit_code(status: str) -> int:
    """The process exit code for a run's status."""
    return {"ok": EXIT_OK, "partial": EXIT_PARTIAL}.get(status, EXIT_FAILED)


def configure_logging(verbose: int, quiet: bool) -> None:
    """Warnings by default, per-page logs with -v, errors only with -q."""
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.DEBUG if verbose > 1 else logging.WARNING)


@click.group(epilog=EXIT_CODES_HELP)
@click.version_option(package_name="blog-archive")
def cli() -> None:
    """Archive the Back In Step Physical Therapy blog into SQLite and study it in Datasette."""


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("start_url", default=DEFAULT_START_URL)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True, help="The SQLite archive to write.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True, help="Requests in flight at once.")
@click.option("--delay", type=click.FloatRange(0), default=None, help="Minimum seconds between requests to the host. [default: robots.txt Crawl-delay, else 0.5]")
@click.option("--max-pages", type=click.IntRange(1), default=None, help="Stop queueing new pages after this many.")
@click.option("--full", is_flag=True, help="Refetch every page, ignoring stored ETag and Last-Modified.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True, help="Extra tries for timeouts, resets, 5xx and 429.")
@click.option("--user-agent", default=DEFAULT_USER_AGENT, show_default=True, help="The User-Agent header, with a contact URL.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("-v", "--verbose", count=True, help="Log each page (-vv for HTTP details).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def crawl(
    start_url: str,
    db_path: Path,
    concurrency: int,
    delay: float | None,
    max_pages: int | None,
    full: bool,
    retries: int,
    user_agent: str,
    as_json: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Crawl the blog into the archive. Example: blog-archive crawl --db data/archive.db"""
    configure_logging(verbose, quiet)
    config = CrawlConfig(
        start_url=start_url,
        db_path=db_path,
        mode="full" if full else "incremental",
        concurrency=concurrency,
        delay=delay,
        max_pages=max_pages,
        user_agent=user_agent,
        retry=RetryPolicy(retries=retries),
    )
    summary = run_crawl(config)
    if not quiet:
        click.echo(json.dumps(summary.as_dict()) if as_json else summary.line())
    sys.exit(exit_code(summary.status))


def run_crawl(config: CrawlConfig) -> CrawlSummary:
    """Run a crawl, turning a held lock or an unusable archive into an exit."""
    try:
        return asyncio.run(crawl_site(config))
    except RunLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except ArchiveError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        click.echo("Error: interrupted; the next crawl resumes where this one stopped", err=True)
        sys.exit(EXIT_FAILED)


@cli.command(epilog=EXIT_CODES_HELP)
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True, help="The SQLite archive to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on; the default is this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on (0: any free port).")
def serve(db_path: Path, host: str, port: int) -> None:
    """Browse, search and audit the archive in Datasette. Example: blog-archive serve --db data/archive.db"""
    sys.exit(serving.run_datasette(db_path, host, port))


@cli.command(epilog=EXIT_CODES_HELP)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("data/demo.db"), show_default=True, help="The demo archive (rebuilt on every run).")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the archive with Datasette after the crawl.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Datasette's port.")
def demo(db_path: Path, serve: bool, port: int) -> None:
    """Serve the offline replica of the blog, crawl it into a fresh archive, then open Datasette."""
    sys.exit(run_demo(db_path, serve, port))


def main() -> None:
    """Entry point for `python -m crawler`."""
    cli(prog_name="blog-archive")
