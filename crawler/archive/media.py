"""The media room: a `media` row per picture URL, its bytes once per SHA-256 in `media_blobs`, every version kept.

Bytes go into SQLite by incremental blob I/O, a chunk at a time from the fetcher's spool file, so storing a picture
never holds it whole in memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.media import KeptPicture, MediaResult
from crawler.records import Validators
from parsers.urls import host_and_port

BLOB_CHUNK = 256 * 1024  # bytes copied into or out of a blob at a time


def host_with_port(url: str) -> str:
    """host[:port] of a URL, as MediaHosts names hosts."""
    host, port = host_and_port(url)
    return f"{host}:{port}" if port is not None else host


@dataclass(frozen=True, slots=True)
class KeptVersion:
    """One kept version of a picture, as it was received: for the WARC export."""

    url: str
    version: int
    sha256: str
    size: int
    status: int
    headers: tuple[tuple[str, str], ...]
    request_headers: tuple[tuple[str, str], ...]
    http_version: str | None
    reason: str | None
    fetched_at: str
    first_seen_run: int


def header_pairs(text: str | None) -> tuple[tuple[str, str], ...]:
    """Headers stored as a JSON list of [name, value] pairs."""
    return tuple((str(name), str(value)) for name, value in json.loads(text or "[]"))


class StoredBytesMismatch(ValueError):
    """The spooled file is not the bytes its fetch record describes."""


class MediaStore:
    """Pictures and their bytes, written with sqlite-utils on the archive's connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save_media(self, result: MediaResult, path: Path | None, run_id: int) -> None:
        """Record one fetch of a picture: its bytes (stored once per SHA-256) as the URL's newest version when they
        differ from its last one, a 304 as seen again, a failure as the reason (any bytes kept earlier stay)."""
        with self.db.atomic():
            row = self._row(result.url)
            if result.is_not_modified and row is not None:
                self._seen_again(result, run_id)
            elif result.is_not_modified:  # validators sent for bytes the archive does not have
                self._upsert(
                    replace(result, error="304 Not Modified, but no bytes are stored"), run_id, row, kept=False
                )
            elif result.is_kept:
                if path is None:
                    raise ValueError(f"{result.url}: a kept picture needs the path of its bytes")
                self._save_blob(result, path)
                self._upsert(result, run_id, row, kept=True)
                self._save_version(result, run_id)
            else:
                self._upsert(result, run_id, row, kept=False)

    def save_post_media(self, post_url: str, version: int, pictures: Sequence[KeptPicture]) -> None:
        """Which pictures a version of a post showed, in page order (replacing what was recorded for it)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM post_version_media WHERE post_url = ? AND version = ?", [post_url, version])
            self.db.conn.executemany(
                "INSERT INTO post_version_media (post_url, version, position, media_url, role) VALUES (?, ?, ?, ?, ?)",
                [
                    (post_url, version, position, picture.url, picture.role)
                    for position, picture in enumerate(pictures, 1)
                ],
            )

    def forget_post_media(self, post_url: str) -> None:
        """Forget which pictures each version of a post showed (before its versions are rebuilt)."""
        self.db.execute("DELETE FROM post_version_media WHERE post_url = ?", [post_url])

    def kept_versions(self, since_run: int | None = None) -> Iterator[KeptVersion]:
        """Every kept version of every picture (first fetched by `since_run` or later), in the order they came."""
        sql = (
            "SELECT v.url, v.version, v.sha256, b.size, v.status, v.headers, v.request_headers, v.http_version,"
            " v.reason, v.fetched_at, v.first_seen_run FROM media_versions v JOIN media_blobs b ON b.sha256 = v.sha256"
            " WHERE ? IS NULL OR v.first_seen_run >= ? ORDER BY v.first_seen_run, v.fetched_at, v.url, v.version"
        )
        for row in self.db.execute(sql, [since_run, since_run]):
            yield KeptVersion(
                url=row[0], version=row[1], sha256=row[2], size=row[3], status=row[4] or 200,
                headers=header_pairs(row[5]), request_headers=header_pairs(row[6]), http_version=row[7],
                reason=row[8], fetched_at=row[9], first_seen_run=row[10],
            )  # fmt: skip

    def known_media(self) -> set[str]:
        """The picture URLs whose bytes the archive keeps: an incremental crawl asks for none of them again (WordPress
        never rewrites an upload in place under the same name)."""
        return {row[0] for row in self.db.execute("SELECT url FROM media WHERE sha256 IS NOT NULL")}

    def pictures_lacking_bytes(self) -> list[str]:
        """Pictures the newest version of a live post shows whose bytes the archive lacks: never fetched (a run
        stopped first, or the versions were linked by a re-parse) or failed when last asked."""
        sql = """
            SELECT DISTINCT pm.media_url FROM posts p
            JOIN post_version_media pm ON pm.post_url = p.url
             AND pm.version = (SELECT max(v.version) FROM post_versions v WHERE v.post_url = p.url)
            LEFT JOIN media m ON m.url = pm.media_url
            WHERE p.removed_in_run IS NULL AND (m.url IS NULL OR m.sha256 IS NULL)
            ORDER BY pm.media_url
        """
        return [row[0] for row in self.db.execute(sql)]

    def hosts(self) -> set[str]:
        """The hosts (with their port) of the pictures whose bytes the archive keeps."""
        urls = (row[0] for row in self.db.execute("SELECT url FROM media WHERE sha256 IS NOT NULL"))
        return {host_with_port(url) for url in urls}

    def validators(self, url: str) -> Validators | None:
        """The stored ETag and Last-Modified of a kept picture, for a full crawl's conditional GET."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM media WHERE url = ? AND sha256 IS NOT NULL", [url]
        ).fetchone()
        if row is None or not (row[0] or row[1]):
            return None
        return Validators(etag=row[0], last_modified=row[1])

    @contextmanager
    def open_blob(self, sha256: str) -> Iterator[Any | None]:
        """The stored bytes of a SHA-256 as a read-only file-like blob (read, seek, len), or None when absent."""
        row = self.db.execute("SELECT rowid FROM media_blobs WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            yield None
            return
        with self.db.conn.blobopen("media_blobs", "data", row[0], readonly=True) as blob:
            yield blob

    def read_blob(self, sha256: str) -> bytes | None:
        """The stored bytes of a SHA-256, whole (for small pictures and tests; serve large ones with open_blob)."""
        with self.open_blob(sha256) as blob:
            return None if blob is None else bytes(blob.read())

    def _row(self, url: str) -> dict[str, Any] | None:
        """The media row of a URL."""
        cursor = self.db.execute("SELECT * FROM media WHERE url = ?", [url])
        found = cursor.fetchone()
        return None if found is None else dict(zip([column[0] for column in cursor.description], found, strict=True))

    def _seen_again(self, result: MediaResult, run_id: int) -> None:
        """A 304: the stored bytes stand; the picture and its newest version were seen by this run."""
        self.db.execute(
            "UPDATE media SET last_seen_run = ?, fetched_at = ?, error = NULL,"
            " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) WHERE url = ?",
            [run_id, result.fetched_at, result.etag, result.last_modified, result.url],
        )
        self.db.execute(
            "UPDATE media_versions SET last_seen_run = ? WHERE url = ?"
            " AND version = (SELECT max(version) FROM media_versions WHERE url = ?)",
            [run_id, result.url, result.url],
        )

    def _save_blob(self, result: MediaResult, path: Path) -> None:
        """Copy the spooled bytes into media_blobs unless that content is already there; check they are the bytes
        the result describes."""
        if self.db.execute("SELECT 1 FROM media_blobs WHERE sha256 = ?", [result.sha256]).fetchone():
            return
        size = path.stat().st_size
        if size != result.size:
            raise StoredBytesMismatch(f"{result.url}: {path} holds {size} bytes, the fetch counted {result.size}")
        cursor = self.db.execute(
            "INSERT INTO media_blobs (sha256, size, content_type, width, height, data) VALUES (?, ?, ?, ?, ?, zeroblob(?))",
            [result.sha256, size, result.content_type, result.width, result.height, size],
        )
        rowid = cursor.lastrowid
        if rowid is None:
            raise StoredBytesMismatch(f"{result.url}: SQLite gave no rowid for the new blob")
        digest = hashlib.sha256()
        with path.open("rb") as file, self.db.conn.blobopen("media_blobs", "data", rowid) as blob:
            while chunk := file.read(BLOB_CHUNK):
                digest.update(chunk)
                blob.write(chunk)
        if digest.hexdigest() != result.sha256:
            raise StoredBytesMismatch(f"{result.url}: {path} is not the bytes fetched (SHA-256 differs)")

    def _save_version(self, result: MediaResult, run_id: int) -> None:
        """The bytes as the URL's newest version, or its newest version seen again when they are the same."""
        newest = self.db.execute(
            "SELECT version, sha256 FROM media_versions WHERE url = ? ORDER BY version DESC LIMIT 1", [result.url]
        ).fetchone()
        if newest is not None and newest[1] == result.sha256:
            self.db.execute(
                "UPDATE media_versions SET last_seen_run = ? WHERE url = ? AND version = ?",
                [run_id, result.url, newest[0]],
            )
            return
        self.db.execute(
            "INSERT INTO media_versions (url, version, sha256, first_seen_run, last_seen_run, fetched_at, status,"
            " headers, request_headers, http_version, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                result.url, (newest[0] if newest else 0) + 1, result.sha256, run_id, run_id, result.fetched_at,
                result.status, json.dumps(list(result.headers)), json.dumps(list(result.request_headers)),
                result.http_version, result.reason,
            ],
        )  # fmt: skip

    def _upsert(self, result: MediaResult, run_id: int, row: dict[str, Any] | None, kept: bool) -> None:
        """Write the media row; a failed fetch keeps the bytes an earlier fetch kept, with their type, size and
        validators."""
        values: dict[str, Any] = {
            "url": result.url,
            "status": result.status,
            "declared_type": result.declared_type,
            "first_seen_run": row["first_seen_run"] if row else run_id,
            "last_seen_run": run_id,
            "fetched_at": result.fetched_at,
            "error": result.error,
        }
        if kept or row is None or row["sha256"] is None:
            values.update(
                etag=result.etag,
                last_modified=result.last_modified,
                content_type=result.content_type,
                size=result.size,
                width=result.width,
                height=result.height,
                sha256=result.sha256 if kept else None,
            )
        columns = ", ".join(values)
        updates = ", ".join(f"{column} = excluded.{column}" for column in values if column != "url")
        self.db.execute(
            f"INSERT INTO media ({columns}) VALUES ({', '.join('?' * len(values))})"
            f" ON CONFLICT (url) DO UPDATE SET {updates}",
            list(values.values()),
        )
