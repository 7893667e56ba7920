"""Which of a Datasette's databases are blog-archive archives: the plugin acts on those and leaves the rest alone.

An archive carries `PRAGMA application_id = APPLICATION_ID` in its SQLite header (crawler/archive/files.py).
The mark is read once per Datasette database object, through Datasette's own read-only connection.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from typing import Any
from weakref import WeakKeyDictionary

from datasette.utils import tilde_decode

from crawler.archive.files import APPLICATION_ID

FORMAT_SUFFIX = re.compile(r"\.\w+$")  # /archive.json: the database page in another format

_marks: WeakKeyDictionary[Any, bool] = WeakKeyDictionary()


def has_mark(db: Any) -> bool:
    """Whether a Datasette database's header carries the archive's application id (remembered per database)."""
    if db not in _marks:
        try:
            with closing(db.connect()) as conn:
                _marks[db] = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        except sqlite3.Error:  # a file Datasette cannot open is no archive
            _marks[db] = False
    return _marks[db]


def is_archive(datasette: Any, database: str | None) -> bool:
    """Whether `database` names an archive this Datasette serves."""
    if not database or database not in datasette.databases:
        return False
    return has_mark(datasette.databases[database])


def archive_names(datasette: Any) -> list[str]:
    """The names of the archives this Datasette serves, in its order."""
    return [name for name, db in datasette.databases.items() if has_mark(db)]


def database_of_path(datasette: Any, path: str) -> str | None:
    """The database a request path is about (/name, /name.json, /name/table...), or None for instance pages."""
    segment = tilde_decode(path.split("/")[1]) if path.startswith("/") and path.count("/") >= 1 else ""
    if not segment or segment == "-":
        return None
    if segment in datasette.databases:
        return segment
    stem = FORMAT_SUFFIX.sub("", segment)
    return stem if stem in datasette.databases else None
