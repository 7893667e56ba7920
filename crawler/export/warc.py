"""Export the archive's stored responses as a WARC 1.1 file with warcio: warcinfo, then request/response pairs."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.archive.complete import require_run
from crawler.archive.media import KeptVersion
from crawler.archive.store import Archive, SkippedBody, StoredResponse, decompress_body
from crawler.errors import ArchiveError, CorruptBody

WARC_VERSION = "WARC/1.1"
WARC_1_1_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
# The stored body is the payload as httpx delivered it: content-decoded and unchunked. Headers that
# describe another encoding are kept under this prefix (Common Crawl's convention), and
# Content-Length is set to the stored length, so that every reader sees a self-consistent response.
MASKED_HEADERS = frozenset({"content-encoding", "transfer-encoding"})
MASK_PREFIX = "X-Crawler-"
ProgressCallback = Callable[[int, int], None]  # (responses written, responses to write)


@dataclass(frozen=True, slots=True)
class WarcSummary:
    """What an export wrote, for the summary line and the exit code."""

    path: Path
    records: int
    responses: int  # request/response pairs of pages
    size: int
    skipped: tuple[SkippedBody, ...]
    pictures: int = 0  # request/response pairs of pictures (each kept version of each)

    def line(self) -> str:
        """The one-line summary an export prints."""
        return (
            f"wrote {self.path}: {self.records} records ({self.responses} request/response pairs of pages, "
            f"{self.pictures} of pictures), {self.size} bytes, {len(self.skipped)} bodies skipped"
        )


def payload_headers(headers: tuple[tuple[str, str], ...], length: int) -> list[tuple[str, str]]:
    """Response headers that describe the stored body: encodings masked, Content-Length its real length."""
    fixed, has_length = [], False
    for name, value in headers:
        lower = name.lower()
        if lower == "content-length" and value.strip() == str(length) and not has_length:
            has_length = True
            fixed.append((name, value))
        elif lower in MASKED_HEADERS or lower == "content-length":
            fixed.append((MASK_PREFIX + name, value))
        else:
            fixed.append((name, value))
    return fixed if has_length else [*fixed, ("Content-Length", str(length))]


def warc_date(fetched_at: str) -> str:
    """A stored ISO 8601 time as a WARC-Date (UTC, Z)."""
    return datetime.fromisoformat(fetched_at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reason_phrase(response: StoredResponse) -> str:
    """The status line's reason: as received, else the standard one for the status."""
    if response.reason is not None:
        return response.reason
    try:
        return HTTPStatus(response.status).phrase
    except ValueError:
        return ""


def request_record(writer: WARCWriter, response: StoredResponse) -> ArcWarcRecord:
    """The GET that asked for a response: the headers sent, or Host and User-Agent when none were recorded."""
    parts = urlsplit(response.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(response.request_headers) or [("host", parts.netloc), ("user-agent", response.user_agent or "")]
    http_headers = StatusAndHeaders(
        f"GET {target} {response.http_version or 'HTTP/1.1'}", headers, is_http_request=True
    )
    return writer.create_warc_record(response.url, "request", http_headers=http_headers)


def response_record(writer: WARCWriter, response: StoredResponse, body: bytes) -> ArcWarcRecord:
    """A response as received: status line, headers describing the stored body, and the body's bytes."""
    http_headers = StatusAndHeaders(
        f"{response.status} {reason_phrase(response)}".strip(),
        payload_headers(response.headers, len(body)),
        protocol=response.http_version or "HTTP/1.1",
    )
    return writer.create_warc_record(
        response.url,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": warc_date(response.fetched_at)},
    )


def picture_records(writer: WARCWriter, picture: KeptVersion, blob: Any) -> tuple[ArcWarcRecord, ArcWarcRecord]:
    """A kept version of a picture as the GET that asked for it and the response as received, its bytes streamed
    from the archive's blob (warcio reads them for the digests, then again to write them)."""
    response = StoredResponse(
        id=0,
        url=picture.url,
        status=picture.status,
        headers=picture.headers,
        body_hash=picture.sha256,
        fetched_at=picture.fetched_at,
        run_id=picture.first_seen_run,
        request_headers=picture.request_headers,
        http_version=picture.http_version,
        reason=picture.reason,
        user_agent=None,
    )
    http_headers = StatusAndHeaders(
        f"{response.status} {reason_phrase(response)}".strip(),
        payload_headers(response.headers, picture.size),
        protocol=response.http_version or "HTTP/1.1",
    )
    record = writer.create_warc_record(
        picture.url,
        "response",
        payload=blob,
        length=picture.size,
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": warc_date(picture.fetched_at)},
    )
    return request_record(writer, response), record


def write_pictures(archive: Archive, writer: WARCWriter, since_run: int | None) -> int:
    """A request/response pair per kept version of each picture (first fetched by `since_run` or later); how many."""
    pairs = 0
    for picture in archive.media.kept_versions(since_run):
        with archive.media.open_blob(picture.sha256) as blob:
            if blob is None:  # the row's foreign key forbids it; an archive edited by hand may still lack it
                continue
            writer.write_request_response_pair(*picture_records(writer, picture, blob))
        pairs += 1
    return pairs


def write_warc(
    archive: Archive,
    out: BinaryIO,
    filename: str,
    since_run: int | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[int, list[SkippedBody]]:
    """Write warcinfo and a request/response pair per stored response with a body; return pairs and skipped."""
    writer = WARCWriter(out, gzip=filename.endswith(".gz"), warc_version=WARC_VERSION)
    info = {
        "software": f"blog-archive/{version('blog-archive')} (warcio/{version('warcio')})",
        "format": "WARC File Format 1.1",
        "conformsTo": WARC_1_1_SPEC,
        "description": "Responses and pictures stored by blog-archive"
        + (f", fetched by run {since_run} and later" if since_run is not None else "")
        + "; bodies are content-decoded, original encoding headers are kept as X-Crawler-*",
        "robots": "obey",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    responses = archive.bodies.responses_with_bodies(since_run)
    pairs, skipped = 0, []
    for done, response in enumerate(responses, 1):
        if progress:
            progress(done, len(responses))
        stored = archive.bodies.compressed_body(response.body_hash)
        try:
            if stored is None:
                raise CorruptBody(response.body_hash, "missing from bodies")
            body = decompress_body(stored)
        except CorruptBody as exc:
            skipped.append(SkippedBody(response.url, response.body_hash, f"is unreadable: {exc.reason}"))
            continue
        writer.write_request_response_pair(request_record(writer, response), response_record(writer, response, body))
        pairs += 1
    return pairs, skipped


def write_archive_warc(
    archive: Archive, out: BinaryIO, filename: str, since_run: int | None, progress: ProgressCallback | None
) -> tuple[int, int, list[SkippedBody]]:
    """The pages' responses, then each kept version of each picture; (page pairs, picture pairs, skipped)."""
    pairs, skipped = write_warc(archive, out, filename, since_run, progress)
    writer = WARCWriter(
        out, gzip=filename.endswith(".gz"), warc_version=WARC_VERSION
    )  # holds no state: a second is fine
    return pairs, write_pictures(archive, writer, since_run), skipped


def export_warc(
    db_path: Path, out_path: Path, since_run: int | None = None, progress: ProgressCallback | None = None
) -> WarcSummary:
    """Write the archive's responses to a WARC file (gzipped per record when it ends in .gz), atomically."""
    archive = Archive(db_path, readonly=True)
    try:
        if since_run is not None:
            require_run(archive.db.conn, db_path, since_run)  # UnknownRun: a usage error, as in `changes`
        partial = out_path.with_name(out_path.name + ".partial")
        try:
            with open(partial, "wb") as out:
                pairs, pictures, skipped = write_archive_warc(archive, out, out_path.name, since_run, progress)
            os.replace(partial, out_path)
        except OSError as exc:
            raise ArchiveError(
                f"cannot write {out_path}: {exc.strerror or exc}; choose another place for the WARC file"
            ) from exc
        finally:
            partial.unlink(missing_ok=True)  # gone once renamed; else what a failed or interrupted export left
    finally:
        archive.close()
    return WarcSummary(out_path, 1 + 2 * (pairs + pictures), pairs, out_path.stat().st_size, tuple(skipped), pictures)
