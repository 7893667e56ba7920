"""WARC export: warcinfo, then a request/response pair per stored response, readable by warcio."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.store import Archive, RunTotals, decompress_body
from crawler.cli import cli
from crawler.export.warc import export_warc, payload_headers
from tests.support import Crawled, copy_archive, corrupt_two_bodies


def sha1_base32(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()


def stored_bodies(db_path: Path) -> dict[int, bytes]:
    """Each response with a body, by id: the bytes stored for it."""
    archive = Archive(db_path)
    bodies = {}
    for response in archive.bodies.responses_with_bodies():
        stored = archive.bodies.compressed_body(response.body_hash)
        assert stored is not None
        bodies[response.id] = decompress_body(stored)
    archive.close()
    return bodies


def read_warc(path: Path) -> list[tuple[str, str, dict[str, str], bytes, dict[str, str]]]:
    """Every record: type, target URI, WARC headers, payload (as a reader decodes it), HTTP headers."""
    records = []
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            http = dict(record.http_headers.headers) if record.http_headers else {}
            records.append(
                (
                    record.rec_type,
                    record.rec_headers.get_header("WARC-Target-URI"),
                    dict(record.rec_headers.headers),
                    record.content_stream().read(),
                    http,
                )
            )
    return records


@pytest.fixture
def archive_copy(crawled: Crawled, tmp_path: Path) -> Path:
    return copy_archive(crawled.db_path, tmp_path / "archive.db")


def test_every_stored_response_becomes_a_request_response_pair(archive_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "archive.warc.gz"
    summary = export_warc(archive_copy, out)
    bodies = stored_bodies(archive_copy)
    records = read_warc(out)

    assert records[0][0] == "warcinfo" and records[0][2]["WARC-Filename"] == "archive.warc.gz"
    assert all(headers["WARC-Type"] and record_type for record_type, _uri, headers, _payload, _http in records)
    pages = records[: 1 + 2 * len(bodies)]  # the pages' pairs come first, then the pictures'
    responses = [record for record in pages if record[0] == "response"]
    requests = [record for record in pages if record[0] == "request"]
    assert len(responses) == len(requests) == len(bodies) == summary.responses
    assert summary.pictures > 250
    assert len(records) == summary.records == 1 + 2 * (len(bodies) + summary.pictures)
    assert summary.size == out.stat().st_size and summary.skipped == ()
    for (_type, uri, headers, payload, http), body in zip(responses, bodies.values(), strict=True):
        assert headers["WARC-Payload-Digest"] == sha1_base32(body), uri
        assert payload == body, uri
        assert http["Content-Length" if "Content-Length" in http else "content-length"] == str(len(body))
    response_ids = {headers["WARC-Record-ID"]: uri for _type, uri, headers, _p, _h in responses}
    assert {response_ids[headers["WARC-Concurrent-To"]] for _type, _uri, headers, _p, _h in requests} == set(
        response_ids.values()
    )
    assert all(
        headers["WARC-Target-URI"] == response_ids[headers["WARC-Concurrent-To"]]
        for _t, _u, headers, _p, _h in requests
    )
    assert all(
        headers["Content-Length"] and headers.get("WARC-Date", "").endswith("Z") for _t, _u, headers, _p, _h in records
    )


def test_request_records_carry_the_headers_sent(archive_copy: Path, tmp_path: Path) -> None:
    with closing(sqlite3.connect(archive_copy)) as db, db:
        legacy_url = db.execute("SELECT url FROM responses WHERE body_hash IS NOT NULL ORDER BY id LIMIT 1").fetchone()[
            0
        ]
        db.execute(
            "UPDATE responses SET request_headers = NULL, http_version = NULL, reason = NULL WHERE url = ?",
            [legacy_url],
        )
    out = tmp_path / "archive.warc"
    export_warc(archive_copy, out)
    requests = {uri: http for record_type, uri, _headers, _payload, http in read_warc(out) if record_type == "request"}
    sent = requests[next(url for url in requests if url != legacy_url and url.endswith("/blog/"))]
    assert sent["user-agent"].startswith("blog-archive/") and sent["accept-encoding"] and sent["host"]
    assert set(requests[legacy_url]) == {"host", "user-agent"}
    assert requests[legacy_url]["user-agent"] == sent["user-agent"]


def test_warcio_check_and_index_accept_the_file(archive_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "archive.warc.gz"
    summary = export_warc(archive_copy, out)
    warcio = [sys.executable, "-m", "warcio.cli"]
    check = subprocess.run([*warcio, "check", "-v", str(out)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout
    assert check.stdout.count("digest pass") == summary.records and "fail" not in check.stdout
    index = subprocess.run([*warcio, "index", str(out)], capture_output=True, text=True, check=True)
    assert len(index.stdout.splitlines()) == summary.records


def test_since_exports_only_that_run_and_later(archive_copy: Path, tmp_path: Path) -> None:
    archive = Archive(archive_copy)
    later = archive.runs.start(archive.runs.latest_start_url() or "", "incremental", 0, "test")
    archive.runs.finish(later, "ok", RunTotals(), 0.1)
    archive.db.execute("UPDATE responses SET run_id = ? WHERE id % 3 = 0", [later])
    archive.db.conn.commit()
    moved = archive.count("responses", "run_id = ? AND body_hash IS NOT NULL", [later])
    archive.close()

    assert export_warc(archive_copy, tmp_path / "later.warc.gz", since_run=later).responses == moved
    assert export_warc(archive_copy, tmp_path / "all.warc.gz", since_run=1).responses == len(
        stored_bodies(archive_copy)
    )
    result = CliRunner().invoke(
        cli, ["export-warc", "--db", str(archive_copy), "--since", "99", str(tmp_path / "x.warc.gz")]
    )
    assert result.exit_code == 2 and "has no run 99" in result.stderr  # a usage error, as in `changes`
    assert not (tmp_path / "x.warc.gz").exists()


def test_unreadable_bodies_are_named_and_skipped_exit_3(archive_copy: Path, tmp_path: Path) -> None:
    total = len(stored_bodies(archive_copy))
    corrupted = corrupt_two_bodies(archive_copy)
    out = tmp_path / "archive.warc.gz"
    result = CliRunner().invoke(cli, ["export-warc", "--db", str(archive_copy), str(out)])
    assert result.exit_code == 3, result.output
    for url, digest in corrupted:
        assert f"skipped {url}: stored body {digest} is unreadable" in result.stderr
    with closing(sqlite3.connect(archive_copy)) as db:
        pictures = {url for (url,) in db.execute("SELECT url FROM media_versions")}
    uris = [uri for record_type, uri, *_rest in read_warc(out) if record_type == "response" and uri not in pictures]
    assert len(uris) == total - 2 and not {url for url, _digest in corrupted} & set(uris)


def test_headers_describe_the_stored_payload() -> None:
    received = (
        ("content-type", "text/html"),
        ("content-encoding", "gzip"),
        ("content-length", "812"),
        ("transfer-encoding", "chunked"),
    )
    assert payload_headers(received, 2048) == [
        ("content-type", "text/html"),
        ("X-Crawler-content-encoding", "gzip"),
        ("X-Crawler-content-length", "812"),
        ("X-Crawler-transfer-encoding", "chunked"),
        ("Content-Length", "2048"),
    ]
    assert payload_headers((("content-length", "5"),), 5) == [("content-length", "5")]


def test_each_kept_picture_is_a_response_with_its_original_headers_and_bytes(
    archive_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "archive.warc.gz"
    summary = export_warc(archive_copy, out)
    with closing(sqlite3.connect(archive_copy)) as db:
        kept = {
            url: (sha256, json.loads(headers))
            for url, sha256, headers in db.execute("SELECT url, sha256, headers FROM media_versions")
        }
    records = read_warc(out)
    pictures = {uri: (payload, http) for kind, uri, _h, payload, http in records if kind == "response" and uri in kept}
    asked = {uri: http for kind, uri, _h, _payload, http in records if kind == "request" and uri in kept}
    assert len(pictures) == len(asked) == len(kept) == summary.pictures
    for url, (payload, http) in pictures.items():
        sha256, headers = kept[url]
        assert hashlib.sha256(payload).hexdigest() == sha256, url
        sent = {name.lower(): value for name, value in headers}
        received = {name.lower(): value for name, value in http.items()}
        assert received["content-type"] == sent["content-type"] and received["etag"] == sent["etag"], url
        assert received["last-modified"] == sent["last-modified"], url
        assert {name.lower(): value for name, value in asked[url].items()}["accept"].startswith("image/"), url


def test_since_exports_only_the_pictures_first_fetched_by_that_run_and_later(
    archive_copy: Path, tmp_path: Path
) -> None:
    with closing(sqlite3.connect(archive_copy)) as db:
        latest = db.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
        pictures = db.execute("SELECT count(*) FROM media_versions WHERE first_seen_run >= ?", [latest]).fetchone()[0]
    assert export_warc(archive_copy, tmp_path / "later.warc.gz", since_run=latest).pictures == pictures
    with closing(sqlite3.connect(archive_copy)) as db, db:
        db.execute("UPDATE media_versions SET first_seen_run = NULL")
    assert export_warc(archive_copy, tmp_path / "none.warc.gz", since_run=latest).pictures == 0
