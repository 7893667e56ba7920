"""The blog-archive command: parse options, call the library, exit with a clear code."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

# Only what every command's options need is imported here: each command imports its library in its body, so
# that `blog-archive crawl` never loads Datasette or the replica (half a second before the first request).
from crawler.config import (
    DEFAULT_DB,
    DEFAULT_MEDIA_BUDGET,
    DEFAULT_START_URL,
    DEFAULT_USER_AGENT,
    CrawlConfig,
    RetryPolicy,
)
from crawler.crawl.urls import start_url_problem
from crawler.errors import ArchiveError, RunLocked, SiteMoved, UnknownRun
from crawler.export import exercises as exercise_export
from crawler.media import DEFAULT_MAX_MEDIA_BYTES
from crawler.records import RunStatus
from crawler.web.audit import AUDIT_NAMES

if TYPE_CHECKING:
    from crawler.archive.store import SkippedBody
    from crawler.crawl.run import CrawlSummary

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL, EXIT_LOCKED = 0, 1, 2, 3, 75
EXIT_CODES_HELP = "Exit codes: 0 ok, 1 failed, 2 usage, 3 some pages failed, 75 another crawl holds the database."
STORED_EXIT_CODES_HELP = "Exit codes: 0 ok, 1 failed, 2 usage, 3 some stored bodies were unreadable and skipped, 75 a crawl holds the database."


Command = TypeVar("Command", bound=Callable[..., Any])


def db_option(help: str, default: Path = DEFAULT_DB) -> Callable[[Command], Command]:
    """The --db option every command shares; the archive module, not click, judges the path."""
    return click.option(
        "--db", "db_path", type=click.Path(path_type=Path), default=default, show_default=True, help=help
    )


def quiet_option(command: Command) -> Command:
    """-q: print nothing but errors."""
    return click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (not even the summary).")(command)


def port_option(help: str) -> Callable[[Command], Command]:
    """--port, checked free before anything starts."""
    return click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help=help)


def http_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """START_URL, refused before any request unless it is an http(s) URL with a host."""
    problem = start_url_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def exit_code(status: RunStatus) -> int:
    """The process exit code for a run's status."""
    return {"ok": EXIT_OK, "partial": EXIT_PARTIAL}.get(status, EXIT_FAILED)


def configure_logging(verbose: int) -> None:
    """Errors only by default (cron stays quiet; crawl_runs keeps the record), per-page logs with -v."""
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.ERROR
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.DEBUG if verbose > 1 else logging.WARNING)


@click.group(epilog="Exit codes differ by command: each command's --help lists its own.")
@click.version_option(package_name="blog-archive")
def cli() -> None:
    """Archive the Back In Step Physical Therapy blog into SQLite and study it in Datasette."""


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("start_url", default=DEFAULT_START_URL, callback=http_url)
@db_option("The SQLite archive to write (created if missing).")
@click.option(
    "--concurrency", type=click.IntRange(1, 64), default=4, show_default=True, help="Requests in flight at once."
)
@click.option(
    "--delay",
    type=click.FloatRange(0),
    default=None,
    help="Minimum seconds between requests to the host. [default: robots.txt Crawl-delay, else 0.5]",
)
@click.option("--max-pages", type=click.IntRange(1), default=None, help="Stop queueing new pages after this many.")
@click.option(
    "--max-depth", type=click.IntRange(0), default=None, help="Follow links at most this many steps from the start."
)
@click.option(
    "--max-per-pattern",
    type=click.IntRange(1),
    default=1000,
    show_default=True,
    help="URLs per path pattern (digits as N); bounds calendars and other endless spaces.",
)
@click.option(
    "--max-outside-blog",
    type=click.IntRange(0),
    default=100,
    show_default=True,
    help="URLs fetched that neither the sitemaps nor the feed list and that are not shaped like the blog.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1024),
    default=10 * 1024 * 1024,
    show_default=True,
    help="Largest response body kept, after decompression.",
)
@click.option(
    "--max-media-bytes",
    type=click.IntRange(1024),
    default=DEFAULT_MAX_MEDIA_BYTES,
    show_default=True,
    help="Largest picture kept, after decompression; a larger one is recorded in media with the reason.",
)
@click.option(
    "--media-budget",
    type=click.IntRange(0),
    default=DEFAULT_MEDIA_BUDGET,
    show_default=True,
    help="Bytes of pictures one run may download; the pictures past it are recorded as refused.",
)
@click.option(
    "--media-host",
    "media_hosts",
    multiple=True,
    metavar="HOST",
    help="A host besides the blog's that serves its uploads (its CDN, e.g. cdn.example.com); repeatable."
    " Its robots.txt and Crawl-delay apply to its pictures.",
)
@click.option("--full", is_flag=True, help="Refetch every page, ignoring stored ETag and Last-Modified.")
@click.option(
    "--site-moved",
    is_flag=True,
    help="The site moved to START_URL's origin: move the archive's posts there, histories intact"
    " (without it, a crawl from another origin than the archive's exits 2 and changes nothing).",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=3,
    show_default=True,
    help="Extra tries for timeouts, resets, 5xx and 429.",
)
@click.option(
    "--user-agent", default=DEFAULT_USER_AGENT, show_default=True, help="The User-Agent header, with a contact URL."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("-v", "--verbose", count=True, help="Log each page (-vv for HTTP details).")
@quiet_option
def crawl(
    start_url: str,
    db_path: Path,
    concurrency: int,
    delay: float | None,
    max_pages: int | None,
    max_depth: int | None,
    max_per_pattern: int,
    max_outside_blog: int,
    max_bytes: int,
    max_media_bytes: int,
    media_budget: int,
    media_hosts: tuple[str, ...],
    full: bool,
    site_moved: bool,
    retries: int,
    user_agent: str,
    as_json: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Crawl the blog into the archive. Example: blog-archive crawl --db data/archive.db"""
    configure_logging(verbose)
    config = CrawlConfig(
        start_url=start_url,
        db_path=db_path,
        mode="full" if full else "incremental",
        concurrency=concurrency,
        delay=delay,
        max_pages=max_pages,
        max_depth=max_depth,
        max_per_pattern=max_per_pattern,
        max_outside_blog=max_outside_blog,
        max_bytes=max_bytes,
        max_media_bytes=max_media_bytes,
        media_budget=media_budget,
        media_hosts=media_hosts,
        user_agent=user_agent,
        retry=RetryPolicy(retries=retries),
        site_moved=site_moved,
    )
    with archive_errors_exit(), progress_bar("Crawling", shown=not (quiet or as_json or verbose)) as progress:
        summary = run_crawl(config, progress)
    if not quiet:
        click.echo(json.dumps(summary.as_dict()) if as_json else summary.line())
    problem = crawl_problem(summary)
    if problem:
        click.echo(f"Error: {problem}", err=True)  # even with -q: a scheduled job's mail must say why
    sys.exit(exit_code(summary.status))


def run_crawl(config: CrawlConfig, progress: Callable[[int, int], None] | None) -> CrawlSummary:
    """Run a crawl; Ctrl-C or SIGTERM ends it as interrupted, to be resumed by the next run."""
    from crawler.crawl.run import crawl_site

    try:
        return asyncio.run(crawl_site(config, progress))
    except (KeyboardInterrupt, asyncio.CancelledError):
        click.echo("Error: interrupted; the next crawl resumes where this one stopped", err=True)
        sys.exit(EXIT_FAILED)


def crawl_problem(summary: CrawlSummary) -> str | None:
    """The one line a run that did not end ok prints on stderr: its status and why; None for an ok run."""
    if summary.status == "ok":
        return None
    if summary.status == "partial":
        pages = f"{summary.errors} page{'' if summary.errors == 1 else 's'}"
        return f"run {summary.run_id} partial: {pages} still failed after retries; pages.error says why for each"
    return f"run {summary.run_id} {summary.status}: {summary.error or 'no reason was recorded'}"


@cli.command(epilog="Exit codes: 0 stopped, 1 not a usable archive or the port is taken, 2 usage.")
@db_option("The SQLite archive to serve (opened read-only, never migrated).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to listen on; the default is this machine only."
)
@port_option("Port to listen on (0: any free port).")
def serve(db_path: Path, host: str, port: int) -> None:
    """Browse, search and audit the archive in Datasette. Example: blog-archive serve --db data/archive.db"""
    from crawler.web.serve import run_datasette  # Datasette loads here, never for the other commands

    with archive_errors_exit():
        sys.exit(run_datasette(db_path, host, port))


@cli.command(
    short_help="Serve the replica of the blog, crawl it, open Datasette.",
    epilog="Exit codes: 0 ok, 1 failed (the crawl, the --db path or the port), 2 usage, 75 a crawl holds the demo archive.",
)
@db_option("The demo archive (rebuilt on every run).", default=Path("data/demo.db"))
@click.option(
    "--serve/--no-serve", default=True, show_default=True, help="Serve the archive with Datasette after the crawl."
)
@port_option("Datasette's port (checked free before the crawl).")
def demo(db_path: Path, serve: bool, port: int) -> None:
    """Serve the offline replica of the blog, crawl it into a fresh archive, then open Datasette."""
    from crawler.demo import run_demo  # the replica and Datasette load here, never for the other commands

    with archive_errors_exit():
        sys.exit(run_demo(db_path, serve, port))


@contextmanager
def progress_bar(label: str, shown: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal (and wanted); no progress callback otherwise."""
    if not (shown and sys.stderr.isatty()):
        yield None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr) as bar:

        def advance(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        yield advance


@contextmanager
def archive_errors_exit() -> Iterator[None]:
    """Turn a held lock, an unknown --since run or an unusable archive into an exit with its code."""
    try:
        yield
    except UnknownRun as exc:  # the only run id a user types is --since: a usage error, as click's own are
        raise click.BadParameter(str(exc), param_hint="'--since'") from None
    except RunLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except SiteMoved as exc:  # a usage error: the start URL or the flag
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except ArchiveError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FAILED)


def report_skipped(skipped: tuple[SkippedBody, ...]) -> None:
    """Name each stored body that could not be read, on stderr."""
    for body in skipped:
        click.echo(f"Error: {body.line()}", err=True)


@cli.command(short_help="Re-derive the content tables from the stored bodies.", epilog=STORED_EXIT_CODES_HELP)
@db_option("The SQLite archive to re-parse.")
@click.option(
    "--workers",
    type=click.IntRange(0),
    default=None,
    help="Parse processes; 0 parses in this process. [default: every core but one from 500 pages on, else 0]",
)
@quiet_option
def reparse(db_path: Path, workers: int | None, quiet: bool) -> None:
    """Re-derive every content table from the stored bodies, without the network. Example: blog-archive reparse --db data/archive.db"""
    from crawler.export.reparse import reparse_archive

    configure_logging(0)
    with archive_errors_exit(), progress_bar("Re-parsing") as progress:
        summary = reparse_archive(db_path, workers, progress)
    report_skipped(summary.skipped)
    if not quiet:
        click.echo(summary.line())
    sys.exit(EXIT_PARTIAL if summary.skipped else EXIT_OK)


@cli.command(
    "export-warc",
    short_help="Write every stored response as a WARC 1.1 file.",
    epilog="Exit codes: 0 ok, 1 failed, 2 usage (e.g. an unknown --since run), 3 some stored bodies were unreadable and skipped.",
)
@click.argument("out_path", metavar="OUT.warc.gz", type=click.Path(dir_okay=False, path_type=Path))
@db_option("The SQLite archive to export (opened read-only).")
@click.option(
    "--since",
    "since_run",
    type=click.IntRange(1),
    default=None,
    help="Only responses fetched by this run (a crawl_runs id) and later ones.",
)
@quiet_option
def export_warc_command(out_path: Path, db_path: Path, since_run: int | None, quiet: bool) -> None:
    """Write every stored response as a WARC 1.1 file (gzipped when it ends in .gz). Example: blog-archive export-warc --db data/archive.db archive.warc.gz"""
    from crawler.export.warc import export_warc

    configure_logging(0)
    with archive_errors_exit(), progress_bar("Writing WARC") as progress:
        summary = export_warc(db_path, out_path, since_run, progress)
    report_skipped(summary.skipped)
    if not quiet:
        click.echo(summary.line())
    sys.exit(EXIT_PARTIAL if summary.skipped else EXIT_OK)


EXIT_AUDIT_FINDINGS = 4
AUDIT_EXIT_CODES_HELP = "Exit codes: 0 ok, 1 unusable database or no complete crawl yet, 2 usage, 4 an audit named in --fail-on found something."


def audit_names(ctx: click.Context, param: click.Parameter, value: str) -> set[str]:
    """The audits a comma-separated --fail-on names (all: every one)."""
    names = {name.strip() for name in value.split(",") if name.strip()}
    if "all" in names:
        return set(AUDIT_NAMES)
    unknown = sorted(names - set(AUDIT_NAMES))
    if unknown:
        raise click.BadParameter(f"unknown audit {', '.join(unknown)}; choose from {', '.join(AUDIT_NAMES)} or all")
    return names


@cli.command(epilog=AUDIT_EXIT_CODES_HELP)
@db_option("The SQLite archive to audit (opened read-only).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option(
    "--rows", type=click.IntRange(0), default=5, show_default=True, help="Rows to show of each audit (0: all)."
)
@click.option(
    "--fail-on",
    default="",
    metavar="AUDITS",
    callback=audit_names,
    help=f"Exit with code 4 when any of these audits finds something: comma-separated, from {', '.join(AUDIT_NAMES)}, or all.",
)
def audit(db_path: Path, as_json: bool, rows: int, fail_on: set[str]) -> None:
    """Report what the archive's audits find. Example: blog-archive audit --fail-on broken-links,missing-alt"""
    from crawler.web import audit as auditing

    with archive_errors_exit():
        results = auditing.run_audits(db_path, rows or None)
    click.echo(auditing.as_json(db_path, results) if as_json else auditing.format_report(db_path, results))
    failed = auditing.failing(results, fail_on)
    if failed:
        click.echo(f"Error: audits found something: {', '.join(failed)}", err=True)
        sys.exit(EXIT_AUDIT_FINDINGS)


@cli.command(
    short_help="Upgrade an archive written by an earlier version.",
    epilog="Exit codes: 0 ok, 1 not an archive (left untouched), 75 a crawl holds the database.",
)
@db_option("The SQLite archive to upgrade.")
def migrate(db_path: Path) -> None:
    """Apply the schema migrations an archive from an earlier version lacks, e.g. before serving it elsewhere. Example: blog-archive migrate --db data/archive.db"""
    from crawler.archive.files import migrate as migrate_archive

    with archive_errors_exit():
        applied = migrate_archive(db_path)
    click.echo(f"{db_path}: {applied} migration(s) applied" if applied else f"{db_path}: already up to date")


CHANGES_EXIT_CODES_HELP = "Exit codes: 0 the digest was printed, 1 unusable database or no complete crawl yet, 2 usage (e.g. an unknown --since run)."


@cli.command(short_help="What the site changed since a run: the weekly digest.", epilog=CHANGES_EXIT_CODES_HELP)
@db_option("The SQLite archive to read (opened read-only).")
@click.option(
    "--since",
    "since_run",
    type=click.IntRange(0),
    default=None,
    help="Changes after this run (a crawl_runs id). [default: the latest complete crawl before the newest one]",
)
@click.option("--json", "as_json", is_flag=True, help="Print the digest as one JSON object.")
def changes(db_path: Path, since_run: int | None, as_json: bool) -> None:
    """What the site changed since a run: posts added, changed (with diffs) and removed, new broken links and images without alt text. Example: blog-archive changes --db data/archive.db"""
    from crawler.archive import changes as changing

    with archive_errors_exit():
        digest = changing.load_digest(db_path, since_run)
    click.echo(changing.as_json(digest) if as_json else changing.format_digest(db_path, digest))


EXPORT_EXERCISES_EXIT_CODES_HELP = "Exit codes: 0 written, 1 unusable database or unwritable file, 2 usage."


@cli.command(
    "export-exercises",
    short_help="Write the exercises as CSV (one row per step), JSON or free-exercise-db's JSON.",
    epilog=EXPORT_EXERCISES_EXIT_CODES_HELP,
)
@db_option("The SQLite archive to export (opened read-only).")
@click.option(
    "--format",
    "export_format",
    type=click.Choice(exercise_export.FORMATS),
    default="csv",
    show_default=True,
    help="csv: one row per step with its exercise's name, level, family, dose and attributes and its post's title, "
    "date and URL; json: one object per exercise with its steps; free-exercise-db: that project's fields, "
    "pictures as archived files beside --out when the archive keeps them, else their URLs.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (a one-line summary is printed). [default: standard output]",
)
def export_exercises_command(db_path: Path, export_format: exercise_export.ExportFormat, out_path: Path | None) -> None:
    """Write the exercises of the archive's live posts for research. Example: blog-archive export-exercises --db data/archive.db --format csv --out exercises.csv"""
    with archive_errors_exit():
        if out_path is None:
            exercise_export.export_exercises(db_path, export_format, sys.stdout, None)
            return
        try:
            with out_path.open("w", encoding="utf-8", newline="") as out:
                summary = exercise_export.export_exercises(db_path, export_format, out, out_path.parent)
        except OSError as exc:
            click.echo(f"Error: cannot write {out_path} ({exc.strerror or exc}); choose another --out", err=True)
            sys.exit(EXIT_FAILED)
    click.echo(summary.line(str(out_path)))


def main() -> None:
    """The blog-archive command: the installed script and `python -m crawler`."""
    try:
        cli(prog_name="blog-archive")
    finally:
        # The process ends with the command: the interpreter's last collections need not walk every object still
        # alive (the modules, the archive's rooms), a tenth of a second of an unchanged re-crawl on a busy machine.
        gc.freeze()
