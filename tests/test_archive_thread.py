"""While a crawl's workers run, the archive is written by one thread, a job at a time, never from two at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

import crawler.archive.store
from crawler.archive.files import open_for_writing
from crawler.replica import ReplicaServer
from tests.support import crawl, query

Statement = tuple[str, str]  # (thread name, SQL)


def traced_archive(monkeypatch: pytest.MonkeyPatch) -> list[Statement]:
    """Make every archive opened for writing record each statement it runs, with the thread that ran it."""
    statements: list[Statement] = []

    def opened(path: Path) -> Database:
        db = open_for_writing(path)
        db.conn.set_trace_callback(lambda sql: statements.append((threading.current_thread().name, sql)))
        return db

    monkeypatch.setattr(crawler.archive.store, "open_for_writing", opened)
    return statements


def savepoint_name(words: list[str]) -> str:
    """The name a SAVEPOINT or RELEASE [SAVEPOINT] statement gives, unquoted."""
    return words[-1].rstrip(";").strip('"')


def interleaved(statements: list[Statement]) -> list[Statement]:
    """Statements run by one thread while another held a savepoint open (a write of its own, half done)."""
    open_savepoints: list[tuple[str, str]] = []  # (name, thread) of the connection's open savepoints, innermost last
    found = []
    for thread, sql in statements:
        if any(owner != thread for _name, owner in open_savepoints):
            found.append((thread, sql))
        words = sql.split()
        verb = words[0].upper() if words else ""
        if verb == "SAVEPOINT":
            open_savepoints.append((savepoint_name(words), thread))
        elif verb == "RELEASE":
            names = [name for name, _owner in open_savepoints]
            del open_savepoints[names.index(savepoint_name(words)) :]
        elif verb in ("COMMIT", "END") or (verb == "ROLLBACK" and "TO" not in (word.upper() for word in words)):
            open_savepoints.clear()
    return found


def test_the_crawl_writes_pages_and_pictures_in_one_archive_thread_never_interleaved(
    small_replica: ReplicaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements = traced_archive(monkeypatch)
    db_path = tmp_path / "a.db"
    crawl(small_replica.start_url, db_path)

    threads = {thread for thread, _sql in statements}
    assert threads == {"MainThread", "archive_0"}
    assert interleaved(statements) == []
    blob_writers = {thread for thread, sql in statements if sql.startswith("INSERT INTO media_blobs ")}
    post_writers = {thread for thread, sql in statements if sql.startswith('INSERT INTO "posts" ')}
    assert blob_writers == post_writers == {"archive_0"}
    truth = small_replica.site.expected(small_replica.base_url)
    expected = {url for pictures in truth.pictures.values() for url in pictures}
    kept = {row["url"] for row in query(db_path, "select url from media where sha256 is not null")}
    assert expected and kept == expected
    assert len(query(db_path, "select url from posts")) == len(truth.posts)


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ([("a", "SAVEPOINT s1"), ("a", "INSERT 1"), ("a", "RELEASE SAVEPOINT s1"), ("b", "SELECT 1")], []),
        ([("a", "SAVEPOINT s1"), ("b", "SELECT 1"), ("a", "RELEASE s1")], [("b", "SELECT 1")]),
        (
            [("a", 'SAVEPOINT "q"'), ("a", "ROLLBACK TO q"), ("b", "SELECT 1"), ("a", 'RELEASE "q"')],
            [("b", "SELECT 1")],
        ),
        ([("a", "BEGIN"), ("a", "SAVEPOINT s1;"), ("a", "COMMIT"), ("b", "SELECT 1")], []),
    ],
)
def test_interleaved_finds_a_thread_inside_another_threads_savepoint(
    statements: list[Statement], expected: list[Statement]
) -> None:
    assert interleaved(statements) == expected
