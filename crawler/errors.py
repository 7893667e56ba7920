"""The errors blog-archive raises; each message names the URL or file and what to do next."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class for every error blog-archive reports to its user."""


class SchemaError(ArchiveError):
    """The database file is not an archive this version can use."""


class RunLocked(ArchiveError):
    """Another crawl holds the archive."""

    def __init__(self, db_path: str, holder: str) -> None:
        super().__init__(f"another crawl holds {db_path} ({holder}); wait for it to finish, or stop that process")
        self.db_path = db_path
        self.holder = holder


class CorruptBody(ArchiveError):
    """A stored response body cannot be read back as the bytes it was stored as."""

    def __init__(self, body_hash: str, reason: str) -> None:
        super().__init__(f"stored body {body_hash} is unreadable ({reason}); refetch its page with a --full crawl")
        self.body_hash = body_hash
        self.reason = reason


class NoCompleteCrawl(ArchiveError):
    """The archive holds no crawl that finished, so there is nothing to report on yet."""

    def __init__(self, db_path: str, latest: str) -> None:
        super().__init__(
            f"no complete crawl exists in {db_path} yet ({latest}); run one first: blog-archive crawl --db {db_path}"
        )
        self.db_path = db_path


class UnknownRun(ArchiveError):
    """A run id the user gave (e.g. --since) that the archive does not have: a usage error."""

    def __init__(self, db_path: str, run_id: int, newest: int) -> None:
        newest_text = f"its newest is {newest}" if newest else "it has no runs yet"
        super().__init__(f"{db_path} has no run {run_id}; {newest_text} (crawl_runs lists the runs)")
        self.db_path = db_path
        self.run_id = run_id


class SiteMoved(ArchiveError):
    """The crawl starts on another origin than the archive's: refused unless told the site moved."""

    def __init__(self, db_path: object, archive_origin: str, start_origin: str) -> None:
        super().__init__(
            f"{db_path} archives {archive_origin}, but this crawl starts at {start_origin}; if the site moved there,"
            f" crawl again with --site-moved (its posts keep their histories at the new addresses), else choose"
            f" another --db"
        )
        self.archive_origin = archive_origin
        self.start_origin = start_origin
