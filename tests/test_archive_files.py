"""Archives are marked, recognised before anything is written, read without migrating, upgraded by `migrate`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database
from sqlite_utils.hookspecs import hookimpl
from sqlite_utils.plugins import pm as sqlite_utils_plugins

from crawler.archive.files import APPLICATION_ID, connect_readonly, inspect_file
from crawler.archive.store import Archive
from crawler.cli import cli
from crawler.errors import SchemaError
from tests.support import Crawled, copy_archive


def application_id(db_path: Path) -> int:
    with closing(sqlite3.connect(db_path)) as conn:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])


def test_a_crawled_archive_carries_the_mark(crawled: Crawled) -> None:
    assert application_id(crawled.db_path) == APPLICATION_ID
    assert inspect_file(crawled.db_path) == "archive"


@pytest.mark.parametrize("empty_file", [False, True])
def test_a_new_archive_or_an_empty_file_becomes_a_marked_archive(empty_file: bool, tmp_path: Path) -> None:
    db_path = tmp_path / "new.db"
    if empty_file:
        db_path.touch()
    assert inspect_file(db_path) == ("empty" if empty_file else "missing")
    Archive(db_path).close()
    assert application_id(db_path) == APPLICATION_ID


def test_an_archive_from_before_the_mark_is_read_and_then_marked_by_migrate(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "earlier.db")
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("delete from _sqlite_migrations where name = 'm004_search_and_audit_views'")
        conn.commit()
    assert inspect_file(db_path) == "earlier"
    refused = CliRunner().invoke(cli, ["audit", "--db", str(db_path)])
    assert refused.exit_code == 1 and "blog-archive migrate" in refused.stderr
    migrated = CliRunner().invoke(cli, ["migrate", "--db", str(db_path)])
    assert migrated.exit_code == 0
    assert migrated.stdout == f"{db_path}: 1 migration(s) applied\n"
    assert application_id(db_path) == APPLICATION_ID
    assert CliRunner().invoke(cli, ["audit", "--db", str(db_path)]).exit_code == 0
    again = CliRunner().invoke(cli, ["migrate", "--db", str(db_path)])
    assert again.stdout == f"{db_path}: already up to date\n"


def test_the_read_only_connection_cannot_write(crawled: Crawled) -> None:
    with closing(connect_readonly(crawled.db_path)) as conn:
        assert conn.execute("select count(*) from posts").fetchone()[0] == crawled.summary.posts
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("delete from posts")


def test_another_programs_marked_database_is_refused_even_without_tables(tmp_path: Path) -> None:
    db_path = tmp_path / "theirs.db"
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.commit()
    before = db_path.read_bytes()
    with pytest.raises(SchemaError, match="application_id 0x4d2"):
        Archive(db_path)
    assert db_path.read_bytes() == before


class SqliteUtilsPlugin:
    """A sqlite-utils plugin, as another installed package may register one: it adds an SQL function."""

    @staticmethod
    @hookimpl
    def prepare_connection(conn: sqlite3.Connection) -> None:
        conn.create_function("added_by_a_plugin", 0, lambda: 1)


@pytest.fixture
def sqlite_utils_plugin() -> Iterator[None]:
    """SqliteUtilsPlugin registered with sqlite-utils for one test."""
    plugin = SqliteUtilsPlugin()
    sqlite_utils_plugins.register(plugin)
    try:
        yield
    finally:
        sqlite_utils_plugins.unregister(plugin)


@pytest.mark.usefixtures("sqlite_utils_plugin")
@pytest.mark.parametrize("readonly", [False, True])
def test_an_archive_runs_no_sqlite_utils_plugin(crawled: Crawled, tmp_path: Path, readonly: bool) -> None:
    """The archive's connections are the project's own: no installed package's hook changes them (and opening one
    skips reading every package's entry points)."""
    assert Database(sqlite3.connect(":memory:")).execute("SELECT added_by_a_plugin()").fetchone() == (1,)
    archive = Archive(copy_archive(crawled.db_path, tmp_path / "archive.db"), readonly=readonly)
    try:
        with pytest.raises(sqlite3.OperationalError, match="no such function: added_by_a_plugin"):
            archive.db.execute("SELECT added_by_a_plugin()")
    finally:
        archive.close()
