"""Which files are archives: each is recognised before anything is written, then opened read-only or migrated.

Every archive carries `PRAGMA application_id = APPLICATION_ID` in its SQLite header. Archives written
before the mark existed are recognised by the project's rows in `_sqlite_migrations` and marked the next
time a writer (crawl, reparse, migrate) opens them. Any other file is refused, untouched.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

from crawler.archive.lock import ArchiveLock
from crawler.archive.schema import migrations
from crawler.errors import SchemaError

APPLICATION_ID = 0x626C6172  # b"blar"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
MIGRATIONS_TABLE = "_sqlite_migrations"

FileKind = Literal["missing", "empty", "blank", "earlier", "archive"]
# missing: no file yet; empty: a 0-byte file; blank: an SQLite file with no tables;
# earlier: an archive from before the mark; archive: a marked archive.


def inspect_file(path: Path) -> FileKind:
    """What the file at `path` is, read without writing; raises SchemaError for anything but an archive or nothing."""
    if path.is_dir():
        raise SchemaError(f"{path} is a directory; give the archive's file, e.g. {path / 'archive.db'}")
    if not path.exists():
        return "missing"
    try:
        with open(path, "rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise SchemaError(f"cannot read {path}: {exc.strerror}") from exc
    if not magic:
        return "empty"
    if magic != SQLITE_MAGIC:
        raise SchemaError(f"{path} is not an SQLite database, so not an archive; choose another --db path")
    try:
        with closing(_readonly(path)) as conn:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if application_id == APPLICATION_ID:
                return "archive"
            tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            if application_id == 0 and not tables:
                return "blank"
            if application_id == 0 and MIGRATIONS_TABLE in tables and _applied(conn):
                return "earlier"
    except sqlite3.DatabaseError as exc:
        raise SchemaError(f"{path} is not a usable SQLite database ({exc}); choose another --db path") from exc
    raise SchemaError(
        f"{path} is an SQLite database but not a blog-archive archive ({describe_database(application_id, tables)}); "
        "it was left untouched; choose another --db path"
    )


def describe_database(application_id: int, tables: list[str]) -> str:
    """What a foreign database shows of itself: its tables, or the application id another program marked it with."""
    if application_id:
        return f"application_id {application_id:#x}"
    return "tables: " + ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")


def _applied(conn: sqlite3.Connection) -> bool:
    """Whether this database records any of the project's migrations."""
    sql = f"SELECT 1 FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? LIMIT 1"
    return conn.execute(sql, [migrations.name]).fetchone() is not None


def database(connection: sqlite3.Connection | Path) -> Database:
    """sqlite-utils' Database over a connection or a file, without sqlite-utils plugins: an archive's connections
    run no other package's `prepare_connection` hook, and opening one skips reading the entry points of every
    installed package (a twentieth of a second, and more on a busy machine)."""
    return Database(connection, execute_plugins=False)


def _readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection (`mode=ro`) to an existing file: it can neither create nor change it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def require_archive(path: Path) -> FileKind:
    """inspect_file, refusing also a file that holds no archive yet (for commands that need one)."""
    kind = inspect_file(path)
    if kind == "missing":
        raise SchemaError(f"{path} does not exist; crawl into it first: blog-archive crawl --db {path}")
    if kind in ("empty", "blank"):
        raise SchemaError(f"{path} is empty, not an archive; crawl into it first: blog-archive crawl --db {path}")
    return kind


def connect_readonly(path: Path) -> sqlite3.Connection:
    """An existing, up-to-date archive opened read-only (for audit, serve, export-warc, changes); never migrates.

    Raises SchemaError, naming the file and what to do, for a missing or empty file, any file that is not
    an archive, and an archive that lacks migrations this version needs.
    """
    require_archive(path)
    conn = _readonly(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        pending = migrations.pending(database(conn))
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise SchemaError(f"{path} cannot be read ({exc})") from exc
    if pending:
        conn.close()
        raise SchemaError(
            f"{path} was written by an earlier version and lacks {len(pending)} schema migration(s); "
            f"upgrade it first: blog-archive migrate --db {path}"
        )
    return conn


def open_for_writing(path: Path) -> Database:
    """The archive at `path`, created if new, marked and fully migrated; call it holding the archive's lock.

    Raises SchemaError, leaving the file untouched, when `path` is not an archive or cannot be created.
    """
    kind = inspect_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # a crawl hands the connection to its archive thread while workers run: one thread at a time uses it
        db = database(sqlite3.connect(str(path), check_same_thread=False))
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if kind != "archive":
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable, never corrupt
        # SQLite's own checkpoints (every 4 MB of WAL) run in the committing thread: a crawl's archive thread, off the
        # event loop, so the file closes with little left to copy
        db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
    except OSError as exc:
        raise SchemaError(f"cannot create {path}: {exc.strerror or exc}; choose another --db path") from exc
    except sqlite3.DatabaseError as exc:
        raise SchemaError(f"cannot write the archive {path} ({exc}); choose another --db path") from exc
    return db


def migrate(path: Path) -> int:
    """Apply the migrations an existing archive lacks (and mark it), holding its lock; return how many."""
    require_archive(path)
    with ArchiveLock(path):
        with closing(_readonly(path)) as conn:  # closed first: an open reader would keep the migration in the WAL
            pending = len(migrations.pending(database(conn)))
        db = open_for_writing(path)
        checkpoint(db)
        db.close()
    return pending


def checkpoint(db: Database) -> None:
    """Copy the WAL into the database file and empty it, so the .db file alone holds everything committed."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
