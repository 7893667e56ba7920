"""The media room on a real archive file: bytes once per SHA-256, older bytes kept, failures recorded, nothing lost."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from crawler.archive.files import open_for_writing
from crawler.archive.media import MediaStore, StoredBytesMismatch
from crawler.media import KeptPicture, MediaResult
from crawler.records import Validators

URL = "https://backinsteppt.com/wp-content/uploads/2019/05/clamshell-level-1.jpg"
OTHER = "https://backinsteppt.com/wp-content/uploads/2019/05/clamshell-level-1-copy.jpg"
START = "https://backinsteppt.com/blog/"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Database]:
    """A fresh archive file, migrated, opened for writing."""
    db = open_for_writing(tmp_path / "archive.db")
    yield db
    db.close()


@pytest.fixture
def media(archive: Database) -> MediaStore:
    return MediaStore(archive)


def new_run(archive: Database) -> int:
    cursor = archive.execute(
        "INSERT INTO crawl_runs (started_at, start_url, mode, status) VALUES ('2026-12-01T00:00:00+00:00', ?, 'incremental', 'running')",
        [START],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def spool(tmp_path: Path, data: bytes, url: str = URL, **fields: Any) -> tuple[MediaResult, Path]:
    """Bytes as the fetcher leaves them: a spool file and the record of the fetch."""
    path = tmp_path / f"spool-{hashlib.sha256(data).hexdigest()[:8]}-{len(list(tmp_path.iterdir()))}"
    path.write_bytes(data)
    result = MediaResult(
        url=url, status=200, error=None, declared_type="image/jpeg", content_type="image/jpeg", size=len(data),
        width=1200, height=800, sha256=hashlib.sha256(data).hexdigest(), etag='"v1"',
        last_modified="Wed, 01 May 2019 09:30:00 GMT", headers=(("content-type", "image/jpeg"),),
        request_headers=(("accept", "image/*"),), http_version="HTTP/1.1", reason="OK",
    )  # fmt: skip
    return replace(result, **fields), path


def rows(archive: Database, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in archive.execute(sql, list(params)).fetchall()]


def test_a_picture_is_stored_whole_and_described(archive: Database, media: MediaStore, tmp_path: Path) -> None:
    run = new_run(archive)
    data = b"\xff\xd8\xff" + bytes(range(256)) * 4000  # a megabyte, copied into the blob a chunk at a time
    result, path = spool(tmp_path, data)
    media.save_media(result, path, run)
    assert media.read_blob(result.sha256 or "") == data
    assert rows(archive, "SELECT status, content_type, size, width, height, sha256, first_seen_run, last_seen_run, error FROM media") == [
        (200, "image/jpeg", len(data), 1200, 800, result.sha256, run, run, None)
    ]  # fmt: skip
    assert rows(archive, "SELECT sha256, size, content_type, width, height FROM media_blobs") == [
        (result.sha256, len(data), "image/jpeg", 1200, 800)
    ]
    assert rows(archive, "SELECT url, version, first_seen_run, headers, http_version FROM media_versions") == [
        (URL, 1, run, '[["content-type", "image/jpeg"]]', "HTTP/1.1")
    ]
    with media.open_blob(result.sha256 or "") as blob:
        assert blob is not None and len(blob) == len(data)
        blob.seek(len(data) - 3)
        assert blob.read() == data[-3:]


def test_the_same_bytes_at_two_urls_are_stored_once(archive: Database, media: MediaStore, tmp_path: Path) -> None:
    run = new_run(archive)
    media.save_media(*spool(tmp_path, b"\xff\xd8\xffsame"), run)
    media.save_media(*spool(tmp_path, b"\xff\xd8\xffsame", url=OTHER), run)
    assert rows(archive, "SELECT count(*) FROM media_blobs") == [(1,)]
    assert rows(archive, "SELECT count(DISTINCT sha256), count(*) FROM media") == [(1, 2)]


def test_new_bytes_at_the_same_url_keep_the_older_ones(archive: Database, media: MediaStore, tmp_path: Path) -> None:
    first_run = new_run(archive)
    old, old_path = spool(tmp_path, b"\xff\xd8\xffold")
    media.save_media(old, old_path, first_run)
    second_run = new_run(archive)
    new, new_path = spool(tmp_path, b"\xff\xd8\xffnew", etag='"v2"')
    media.save_media(new, new_path, second_run)
    assert rows(
        archive, "SELECT version, sha256, first_seen_run, last_seen_run FROM media_versions ORDER BY version"
    ) == [
        (1, old.sha256, first_run, first_run),
        (2, new.sha256, second_run, second_run),
    ]
    assert rows(archive, "SELECT sha256, etag, first_seen_run, last_seen_run FROM media") == [
        (new.sha256, '"v2"', first_run, second_run)
    ]
    assert media.read_blob(old.sha256 or "") == b"\xff\xd8\xffold"


def test_the_same_bytes_again_extend_their_version(archive: Database, media: MediaStore, tmp_path: Path) -> None:
    first_run = new_run(archive)
    media.save_media(*spool(tmp_path, b"\xff\xd8\xffsame"), first_run)
    second_run = new_run(archive)
    media.save_media(*spool(tmp_path, b"\xff\xd8\xffsame"), second_run)
    assert rows(archive, "SELECT version, first_seen_run, last_seen_run FROM media_versions") == [
        (1, first_run, second_run)
    ]


def test_a_304_keeps_the_bytes_and_marks_them_seen(archive: Database, media: MediaStore, tmp_path: Path) -> None:
    first_run = new_run(archive)
    result, path = spool(tmp_path, b"\xff\xd8\xffkept")
    media.save_media(result, path, first_run)
    second_run = new_run(archive)
    media.save_media(MediaResult(URL, 304, None, etag='"v1"'), None, second_run)
    assert rows(archive, "SELECT status, sha256, last_seen_run, error FROM media") == [
        (200, result.sha256, second_run, None)
    ]
    assert rows(archive, "SELECT last_seen_run FROM media_versions") == [(second_run,)]


def test_a_304_for_bytes_never_stored_is_an_error_row(archive: Database, media: MediaStore) -> None:
    media.save_media(MediaResult(URL, 304, None), None, new_run(archive))
    assert rows(archive, "SELECT status, sha256, error FROM media") == [
        (304, None, "304 Not Modified, but no bytes are stored")
    ]


def test_failures_are_rows_with_reasons_and_keep_earlier_bytes(
    archive: Database, media: MediaStore, tmp_path: Path
) -> None:
    run = new_run(archive)
    kept, path = spool(tmp_path, b"\xff\xd8\xffkept")
    media.save_media(kept, path, run)
    later = new_run(archive)
    media.save_media(MediaResult(URL, 404, "HTTP 404", declared_type="text/html"), None, later)
    media.save_media(MediaResult(OTHER, None, "timeout: ReadTimeout"), None, later)
    bomb = MediaResult(
        OTHER + "?bomb", 200, "too many pixels", content_type="image/png", size=60, width=50_000, height=50_000
    )
    media.save_media(bomb, None, later)
    assert rows(archive, "SELECT url, status, error, sha256, size, width, etag FROM media ORDER BY rowid") == [
        (URL, 404, "HTTP 404", kept.sha256, kept.size, 1200, '"v1"'),  # the picture the archive has stays shown
        (OTHER, None, "timeout: ReadTimeout", None, None, None, None),
        (OTHER + "?bomb", 200, "too many pixels", None, 60, 50_000, None),
    ]
    assert rows(archive, "SELECT count(*) FROM media_blobs") == [(1,)]


def test_known_media_are_those_with_bytes_and_their_validators(
    archive: Database, media: MediaStore, tmp_path: Path
) -> None:
    run = new_run(archive)
    media.save_media(*spool(tmp_path, b"\xff\xd8\xffkept"), run)
    media.save_media(MediaResult(OTHER, 404, "HTTP 404"), None, run)
    assert media.known_media() == {URL}
    assert media.validators(URL) == Validators(etag='"v1"', last_modified="Wed, 01 May 2019 09:30:00 GMT")
    assert media.validators(OTHER) is None


def test_spooled_bytes_that_differ_from_their_record_are_refused(
    archive: Database, media: MediaStore, tmp_path: Path
) -> None:
    run = new_run(archive)
    result, path = spool(tmp_path, b"\xff\xd8\xffreal")
    path.write_bytes(b"\xff\xd8\xfffake")  # same length, other bytes
    with pytest.raises(StoredBytesMismatch, match="SHA-256 differs"):
        media.save_media(result, path, run)
    path.write_bytes(b"short")
    with pytest.raises(StoredBytesMismatch, match="holds 5 bytes"):
        media.save_media(result, path, run)
    assert rows(archive, "SELECT count(*) FROM media_blobs") == [(0,)]  # the transaction took nothing
    assert rows(archive, "SELECT count(*) FROM media") == [(0,)]


def test_a_post_version_records_the_pictures_it_showed(archive: Database, media: MediaStore) -> None:
    run = new_run(archive)
    archive.execute(
        "INSERT INTO posts (url, title, first_seen_run, last_seen_run) VALUES (?, 'P', ?, ?)", [START, run, run]
    )
    archive.execute("INSERT INTO post_versions (post_url, version) VALUES (?, 1)", [START])
    pictures = [KeptPicture(URL, "featured_original"), KeptPicture(OTHER, "body")]
    media.save_post_media(START, 1, pictures)
    media.save_post_media(START, 1, pictures[:1])  # saved again: replaced, not added
    assert rows(archive, "SELECT position, media_url, role FROM post_version_media") == [(1, URL, "featured_original")]
    with pytest.raises(sqlite3.IntegrityError):  # only versions that exist
        media.save_post_media(START, 2, pictures)


def test_a_crash_mid_save_keeps_earlier_pictures_whole(archive: Database, tmp_path: Path) -> None:
    media = MediaStore(archive)
    run = new_run(archive)
    kept, path = spool(tmp_path, b"\xff\xd8\xffearlier")
    media.save_media(kept, path, run)
    broken, broken_path = spool(tmp_path, b"\xff\xd8\xffbroken", url=OTHER)
    broken_path.unlink()  # the spool file vanished: the save fails part-way
    with pytest.raises(FileNotFoundError):
        media.save_media(broken, broken_path, run)
    archive.close()
    with sqlite3.connect(tmp_path / "archive.db") as reopened:
        assert reopened.execute("SELECT url FROM media").fetchall() == [(URL,)]
        assert reopened.execute("SELECT data FROM media_blobs").fetchall() == [(b"\xff\xd8\xffearlier",)]
