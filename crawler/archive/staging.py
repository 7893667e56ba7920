"""A re-parse's staging file: what each stored body reads as, written before the archive's write transaction
opens and read back inside it, so that nothing parses HTML while the archive is being written.

The file is a scratch SQLite database in a private directory beside the archive (the same disk; Datasette serves
only top-level database files). It is removed when the re-parse ends, however it ends, and a directory that a
killed re-parse left behind is removed by the next one, which holds the archive's lock.
"""

from __future__ import annotations

import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import zstandard

from crawler.archive import history
from crawler.archive.bodies import ZSTD_LEVEL, BodyStore, StoredResponse
from crawler.media import KeptPicture
from parsers.models import ParsedPage

Step = Literal["page", "other", "version"]  # a page's current body, a post's last 200, an older body of a post
STAGING_SUFFIX = ".reparse-"  # the directory: .<archive file name>.reparse-<random>
SCHEMA = """
    CREATE TABLE pages (seq INTEGER PRIMARY KEY, step TEXT NOT NULL, url TEXT NOT NULL, post_url TEXT, page BLOB NOT NULL);
    CREATE TABLE versions (
        url TEXT, body_hash TEXT, version BLOB NOT NULL, pictures BLOB NOT NULL, PRIMARY KEY (url, body_hash)
    ) WITHOUT ROWID;
"""


def pack(value: object) -> bytes:
    """A parsed page or version as staged: pickled, then compressed."""
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def unpack(data: bytes) -> Any:
    """What pack() was given."""
    return pickle.loads(zstandard.ZstdDecompressor().decompress(data))  # our own file, in a 0700 directory


@dataclass(frozen=True, slots=True)
class Reading:
    """What one stored body gave, packed where it was parsed: the page (unless only its version is wanted), its
    post's URL, and the post's version and the pictures it shows that the archive keeps when the page is that
    post's own; or the problem that stopped it."""

    source: StoredResponse
    page: bytes | None = None
    post_url: str | None = None
    version: bytes | None = None
    pictures: bytes | None = None
    problem: str | None = None


def read_page(
    source: StoredResponse, parsed: ParsedPage, keep_page: bool, pictures: tuple[KeptPicture, ...] = ()
) -> Reading:
    """A parsed stored body as staged: packed page (if kept), its post's URL, its own post's version and pictures."""
    post = parsed.post
    own = post is not None and post.url == source.url
    return Reading(
        source,
        page=pack(parsed) if keep_page else None,
        post_url=post.url if post is not None else None,
        version=pack(history.version_of(parsed)) if own else None,
        pictures=pack(pictures) if own else None,
    )


class Staging:
    """The staged readings of one re-parse, in a scratch SQLite file (no journal, no fsync: a crash discards it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        """Close the file (the directory holding it is removed by staging_area)."""
        self.conn.close()

    def stage(self, step: Step, reading: Reading) -> None:
        """Keep one reading: its page for the steps that store pages, its version and pictures for every step."""
        if step != "version" and reading.page is not None:
            self.conn.execute(
                "INSERT INTO pages (step, url, post_url, page) VALUES (?, ?, ?, ?)",
                [step, reading.source.url, reading.post_url, reading.page],
            )
        if reading.version is not None:
            self.conn.execute(
                "INSERT OR REPLACE INTO versions (url, body_hash, version, pictures) VALUES (?, ?, ?, ?)",
                [reading.source.url, reading.source.body_hash, reading.version, reading.pictures or pack(())],
            )

    def commit(self) -> None:
        """Write what is staged so far to the file, freeing its pages from memory."""
        self.conn.commit()

    def pages(self, step: Step) -> Iterator[tuple[str, ParsedPage]]:
        """The pages staged for a step, as (stored page URL, parsed page), in the order they were staged."""
        with closing(self.conn.execute("SELECT url, page FROM pages WHERE step = ? ORDER BY seq", [step])) as rows:
            for url, page in rows:
                yield url, unpack(page)

    def post_urls(self, step: Step) -> set[str]:
        """The URLs of the posts that a step's staged pages give."""
        sql = "SELECT DISTINCT post_url FROM pages WHERE step = ? AND post_url IS NOT NULL"
        return {row[0] for row in self.conn.execute(sql, [step])}

    def has_version(self, url: str, digest: str) -> bool:
        """Whether a version of this post is staged from these bytes."""
        sql = "SELECT 1 FROM versions WHERE url = ? AND body_hash = ?"
        return self.conn.execute(sql, [url, digest]).fetchone() is not None

    def versions(self, url: str) -> dict[str, history.Version]:
        """Every staged version of a post, by the hash of the body it was read from."""
        sql = "SELECT body_hash, version FROM versions WHERE url = ?"
        return {digest: unpack(version) for digest, version in self.conn.execute(sql, [url])}

    def pictures(self, url: str, digest: str) -> tuple[KeptPicture, ...] | None:
        """The kept pictures a staged version of a post shows, in page order; None when no version is staged."""
        sql = "SELECT pictures FROM versions WHERE url = ? AND body_hash = ?"
        row = self.conn.execute(sql, [url, digest]).fetchone()
        return unpack(row[0]) if row else None

    def reread(self, bodies: BodyStore, url: str, digest: str) -> history.Version | None:
        """history's re-read function, answered from the staged readings: never parses."""
        row = self.conn.execute(
            "SELECT version FROM versions WHERE url = ? AND body_hash = ?", [url, digest]
        ).fetchone()
        return unpack(row[0]) if row else None


def staging_dirs(archive_path: Path) -> list[Path]:
    """The staging directories beside an archive (a re-parse's own, or ones a killed re-parse left)."""
    return sorted(archive_path.parent.glob(f".{archive_path.name}{STAGING_SUFFIX}*"))


@contextmanager
def staging_area(archive_path: Path) -> Iterator[Staging]:
    """A fresh staging file beside the archive, removed on the way out; call it holding the archive's lock,
    so that any staging directory already there is a dead re-parse's and is removed first."""
    for stale in staging_dirs(archive_path):
        shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{archive_path.name}{STAGING_SUFFIX}", dir=archive_path.parent))
    try:
        staging = Staging(folder / "staged.sqlite3")
        try:
            yield staging
        finally:
            staging.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
