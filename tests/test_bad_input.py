"""Every row of the README's "Bad input" table: what the user types, the one line printed, the exit code.

No row may end in a traceback, and no file the command was pointed at may change.
"""

from __future__ import annotations

import hashlib
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crawler.archive.files import open_for_writing
from crawler.archive.lock import ArchiveLock
from crawler.archive.store import Archive
from crawler.cli import cli
from tests.served import free_port
from tests.support import Crawled, copy_archive


@dataclass(frozen=True)
class Row:
    """One row of the table: the command line (with {placeholders}), a phrase of its error line, its exit code."""

    args: str
    printed: str
    code: int


def text_file(folder: Path) -> Path:
    path = folder / "notes.txt"
    path.write_text("shopping list\n")
    return path


def foreign_database(folder: Path) -> Path:
    path = folder / "other.db"
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("create table contacts (name text)")
        conn.execute("insert into contacts values ('Ada')")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.db"
    path.touch()
    return path


def directory(folder: Path) -> Path:
    path = folder / "data"
    path.mkdir()
    return path


def checksums(folder: Path) -> dict[str, str]:
    """Every file under the folder, by name, with a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def invoke(line: str) -> Result:
    return CliRunner().invoke(cli, line.split())


def assert_clean_failure(result: Result, printed: str, code: int) -> None:
    """The exit code, the phrase on stderr and no traceback (click's usage errors print a usage hint first)."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert printed in result.stderr
    if code != 2:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr


FILES: dict[str, Callable[[Path], Path]] = {
    "notes": text_file,
    "other": foreign_database,
    "empty": empty_file,
    "dir": directory,
}

# Rows on files the user pointed at: the file must stay byte-identical and nothing may appear beside it.
FILE_ROWS = [
    Row("crawl http://127.0.0.1:9/blog/ --db {dir}", "is a directory", 1),
    Row("crawl http://127.0.0.1:9/blog/ --db {notes}", "is not an SQLite database", 1),
    Row("crawl http://127.0.0.1:9/blog/ --db {other}", "not a blog-archive archive", 1),
    Row("reparse --db {other}", "not a blog-archive archive", 1),
    Row("reparse --db {empty}", "is empty, not an archive", 1),
    Row("audit --db {empty}", "is empty, not an archive", 1),
    Row("audit --db {other}", "not a blog-archive archive", 1),
    Row("audit --db {dir}", "is a directory", 1),
    Row("serve --db {notes}", "is not an SQLite database", 1),
    Row("serve --db {other}", "not a blog-archive archive", 1),
    Row("serve --db {missing}", "does not exist; crawl into it first", 1),
    Row("export-warc --db {other} {folder}/out.warc.gz", "not a blog-archive archive", 1),
    Row("migrate --db {other}", "not a blog-archive archive", 1),
    Row("migrate --db {notes}", "is not an SQLite database", 1),
    Row("demo --db {other} --no-serve", "not a blog-archive archive", 1),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for make in FILES.values():
        make(tmp_path)
    return tmp_path


@pytest.mark.parametrize("row", FILE_ROWS, ids=lambda row: row.args.split(" --")[0] + " " + row.args.split()[-1])
def test_a_file_that_is_no_archive_is_refused_and_left_untouched(row: Row, folder: Path) -> None:
    before = checksums(folder)
    paths = {
        "notes": folder / "notes.txt",
        "other": folder / "other.db",
        "empty": folder / "empty.db",
        "dir": folder / "data",
    }
    result = invoke(row.args.format(folder=folder, missing=folder / "missing.db", **paths))
    assert_clean_failure(result, row.printed, row.code)
    assert checksums(folder) == before


def test_crawl_of_a_url_that_is_not_http_exits_2_before_any_request(tmp_path: Path) -> None:
    result = invoke(f"crawl ftp://example.com/blog/ --db {tmp_path / 'a.db'}")
    assert_clean_failure(result, "'ftp://example.com/blog/' is not an http:// or https:// URL", 2)
    assert not list(tmp_path.iterdir())


def test_crawl_of_a_url_without_a_host_exits_2(tmp_path: Path) -> None:
    result = invoke(f"crawl http:///blog/ --db {tmp_path / 'a.db'}")
    assert_clean_failure(result, "names no host", 2)


def test_crawl_into_an_unwritable_place_exits_1() -> None:
    result = invoke("crawl http://127.0.0.1:9/blog/ --db /proc/nope.db")
    assert_clean_failure(result, "cannot create /proc/nope.db.lock", 1)


def test_a_site_that_does_not_answer_fails_with_the_reason_on_the_summary_line_and_on_stderr(tmp_path: Path) -> None:
    port = free_port()
    result = invoke(f"crawl http://127.0.0.1:{port}/blog/ --db {tmp_path / 'a.db'} --retries 0")
    reason = f"http://127.0.0.1:{port}/robots.txt could not be fetched (ConnectError"
    line = result.stdout.strip()
    assert line.startswith("run 1 failed: 0 pages") and reason in line, line
    assert_clean_failure(result, f"Error: run 1 failed: {reason}", 1)


def test_a_quiet_crawl_of_a_site_that_does_not_answer_still_says_why(tmp_path: Path) -> None:
    port = free_port()
    result = invoke(f"crawl -q http://127.0.0.1:{port}/blog/ --db {tmp_path / 'a.db'} --retries 0")
    assert result.stdout == ""
    assert_clean_failure(result, f"Error: run 1 failed: http://127.0.0.1:{port}/robots.txt could not be fetched", 1)
    assert [path.name for path in tmp_path.iterdir()] == ["a.db"]  # no lock file left beside it


def test_export_warc_into_a_missing_folder_exits_1_and_leaves_no_partial_file(crawled: Crawled, tmp_path: Path) -> None:
    result = invoke(f"export-warc --db {crawled.db_path} {tmp_path / 'nowhere' / 'out.warc.gz'}")
    assert_clean_failure(result, "cannot write", 1)
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("command", ["export-warc {folder}/out.warc", "changes"])
def test_since_an_unknown_run_is_a_usage_error_in_every_command(command: str, crawled: Crawled, tmp_path: Path) -> None:
    result = invoke(f"{command.format(folder=tmp_path)} --db {crawled.db_path} --since 99")
    newest = crawled.summary.run_id
    assert_clean_failure(
        result, f"Invalid value for '--since': {crawled.db_path} has no run 99; its newest is {newest}", 2
    )
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def failed_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive whose only crawl failed: nothing answered at its start URL."""
    db_path = tmp_path_factory.mktemp("failed") / "failed.db"
    assert invoke(f"crawl -q http://127.0.0.1:{free_port()}/blog/ --db {db_path} --retries 0").exit_code == 1
    return db_path


@pytest.mark.parametrize("command", ["audit", "audit --json", "changes", "changes --json", "changes --since 1"])
def test_audit_and_changes_without_a_complete_crawl_say_so_and_exit_1(command: str, failed_archive: Path) -> None:
    before = hashlib.sha256(failed_archive.read_bytes()).hexdigest()
    result = invoke(f"{command} --db {failed_archive}")
    assert result.stdout == ""
    assert_clean_failure(result, f"Error: no complete crawl exists in {failed_archive} yet (run 1 failed: http://", 1)
    assert f"; run one first: blog-archive crawl --db {failed_archive}" in result.stderr
    assert hashlib.sha256(failed_archive.read_bytes()).hexdigest() == before


def test_audit_of_an_archive_that_was_never_crawled_says_no_crawl_has_run(tmp_path: Path) -> None:
    db_path = tmp_path / "new.db"
    open_for_writing(db_path).close()  # every table, no run
    assert_clean_failure(
        invoke(f"audit --db {db_path}"), f"no complete crawl exists in {db_path} yet (no crawl has run)", 1
    )


def test_serve_of_an_archive_from_an_earlier_version_asks_for_migrate(crawled: Crawled, tmp_path: Path) -> None:
    db_path = archive_lacking_a_migration(crawled, tmp_path)
    before = db_path.read_bytes()
    for command in ("serve", "audit"):
        assert_clean_failure(invoke(f"{command} --db {db_path}"), f"blog-archive migrate --db {db_path}", 1)
    assert db_path.read_bytes() == before  # reading a WAL archive may add SQLite's -shm beside it, nothing more


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port something else listens on."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield int(server.getsockname()[1])


def test_serve_on_a_busy_port_exits_1_with_the_port_hint(crawled: Crawled, busy_port: int) -> None:
    result = invoke(f"serve --db {crawled.db_path} --port {busy_port}")
    assert_clean_failure(
        result, f"cannot listen on 127.0.0.1:{busy_port} (Address already in use); choose another port with --port", 1
    )
    assert "--port" in result.stderr


def test_demo_on_a_busy_port_exits_1_before_crawling(tmp_path: Path, busy_port: int) -> None:
    result = invoke(f"demo --db {tmp_path / 'demo.db'} --port {busy_port}")
    assert_clean_failure(result, "choose another port with --port", 1)
    assert not list(tmp_path.iterdir())


def test_demo_into_an_unwritable_place_exits_1() -> None:
    result = invoke("demo --db /proc/nope/demo.db --no-serve")
    assert_clean_failure(result, "cannot create /proc/nope: No such file or directory", 1)
    assert "Replica" not in result.stdout


def web_archive(folder: Path) -> Path:
    """An archive whose run started from the live blog, not from the replica."""
    db_path = folder / "archive.db"
    archive = Archive(db_path)
    archive.runs.start("https://backinsteppt.com/blog/", "full", 1, None)
    archive.close()
    return db_path


def test_demo_never_deletes_an_archive_of_the_web(tmp_path: Path) -> None:
    db_path = web_archive(tmp_path)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    result = invoke(f"demo --db {db_path} --no-serve")
    assert_clean_failure(result, "holds an archive crawled from the web, not a demo archive; it was left untouched", 1)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_demo_waits_for_no_one_and_deletes_nothing_while_a_crawl_holds_its_archive(
    crawled: Crawled, tmp_path: Path
) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "demo.db")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with ArchiveLock(db_path):
        result = invoke(f"demo --db {db_path} --no-serve")
    assert_clean_failure(result, "another crawl holds", 75)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def archive_lacking_a_migration(crawled: Crawled, folder: Path) -> Path:
    """A copy of the crawled archive as an earlier version left it: one migration not applied."""
    db_path = copy_archive(crawled.db_path, folder / "old.db")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("delete from _sqlite_migrations where name = 'm004_search_and_audit_views'")
    return db_path
