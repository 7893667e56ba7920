"""Fetching one picture against the replica on 127.0.0.1: kept bytes, and a record with a reason for every failure."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from crawler.crawl.fetch_media import BUDGET_SPENT, MediaBudget, MediaDownload, fetch_media
from crawler.media import DEFAULT_MAX_MEDIA_BYTES, MediaLimits
from crawler.records import Validators
from crawler.replica import ReplicaServer
from crawler.replica.pictures import HOSTILE_DIR, jpeg

PICTURE = "/wp-content/uploads/2019/05/clamshell-level-1-300x200.jpg"
ORIGINAL = "/wp-content/uploads/2019/05/clamshell-level-1.jpg"


def fetch(url: str, spool: Path, timeout: float = 5.0, **options: object) -> MediaDownload:
    async def run() -> MediaDownload:
        async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:
            return await fetch_media(client, url, spool, **options)  # type: ignore[arg-type]

    return asyncio.run(run())


def spooled(directory: Path) -> list[Path]:
    return sorted(directory.iterdir())


def test_a_picture_is_spooled_hashed_and_measured(replica: ReplicaServer, tmp_path: Path) -> None:
    served = httpx.get(replica.url(PICTURE), timeout=5)
    download = fetch(replica.url(PICTURE), tmp_path)
    result = download.result
    assert (result.status, result.error, result.is_kept) == (200, None, True)
    assert download.path is not None and download.path.read_bytes() == served.content
    assert result.sha256 == hashlib.sha256(served.content).hexdigest()
    assert (result.content_type, result.declared_type) == ("image/jpeg", "image/jpeg")
    assert (result.size, result.width, result.height) == (len(served.content), 300, 200)
    assert result.etag == served.headers["etag"] and result.last_modified == served.headers["last-modified"]
    assert ("content-type", "image/jpeg") in result.headers and result.http_version == "HTTP/1.1"
    assert dict(result.request_headers)["accept"].startswith("image/avif")
    download.discard()
    assert spooled(tmp_path) == []


def test_validators_bring_a_304_and_no_file(replica: ReplicaServer, tmp_path: Path) -> None:
    first = fetch(replica.url(ORIGINAL), tmp_path).result
    again = fetch(replica.url(ORIGINAL), tmp_path, validators=Validators(etag=first.etag))
    assert (again.result.status, again.result.error, again.path) == (304, None, None)
    assert again.result.is_not_modified and not again.result.is_kept


@pytest.mark.parametrize(
    ("name", "status", "error", "declared", "sniffed", "size"),
    [
        ("missing.jpg", 404, "HTTP 404", "text/html; charset=UTF-8", None, None),
        ("error-page.jpg", 200, "not an image: an HTML page", "image/jpeg", None, (None, None)),
        ("bomb.png", 200, "too many pixels: the header claims 50000x50000, over 100,000,000 pixels", "image/png",
         "image/png", (50_000, 50_000)),
        ("over-the-cap.jpg", 200, "too large: 26.0 MB declared, over the cap of 25.0 MB", "image/jpeg", None, None),
    ],
)  # fmt: skip
def test_hostile_pictures_are_records_with_reasons(
    replica: ReplicaServer,
    tmp_path: Path,
    name: str,
    status: int,
    error: str,
    declared: str,
    sniffed: str | None,
    size: tuple[int | None, int | None] | None,
) -> None:
    result = fetch(replica.url(HOSTILE_DIR + name), tmp_path).result
    assert (result.status, result.error, result.declared_type, result.content_type) == (
        status,
        error,
        declared,
        sniffed,
    )
    if size is not None:
        assert (result.width, result.height) == size
    assert result.sha256 is None and not result.is_kept
    assert spooled(tmp_path) == []


def test_an_svg_with_a_script_is_kept_as_svg(replica: ReplicaServer, tmp_path: Path) -> None:
    download = fetch(replica.url(HOSTILE_DIR + "scripted.svg"), tmp_path)
    assert (download.result.content_type, download.result.width, download.result.height) == ("image/svg+xml", 120, 80)
    assert download.result.is_kept  # stored; whoever serves it must do so as an attachment or sandboxed
    download.discard()


def test_the_cap_holds_while_streaming_without_a_content_length(tmp_path: Path) -> None:
    """A chunked body gives no length to refuse up front: the download stops at the cap, holding one chunk."""
    body = jpeg(16, 16, [(9, 9, 9)] * 4, [bytes(60_000)] * 100)  # 6 MB

    class Chunked(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for start in range(0, len(body), 65_536):
                    part = body[start : start + 65_536]
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client stopped reading at its cap

        def log_message(self, *args: object) -> None:
            pass

    with serving(Chunked) as url:
        tracemalloc.start()
        try:
            capped = fetch(url, tmp_path, limits=MediaLimits(max_bytes=2_000_000)).result
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        whole = fetch(url, tmp_path, limits=MediaLimits(max_bytes=len(body)))
    assert capped.error == "too large: over the cap of 1.9 MB" and capped.sha256 is None
    assert peak < 1_500_000  # never the 2 MB it read, let alone the 6 MB offered
    assert whole.result.is_kept and whole.result.size == len(body)
    whole.discard()
    assert spooled(tmp_path) == []


def test_gzip_is_decoded_and_capped_after_decoding(tmp_path: Path) -> None:
    picture = jpeg(64, 64, [(100, 128, 128)] * 64, [bytes(50_000)] * 20)  # a megabyte of zeros packs small
    packed = gzip.compress(picture)

    class Gzipped(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(packed)))
            self.end_headers()
            self.wfile.write(packed)

        def log_message(self, *args: object) -> None:
            pass

    with serving(Gzipped) as url:
        kept = fetch(url, tmp_path)
        bomb = fetch(url, tmp_path, limits=MediaLimits(max_bytes=100_000)).result
    assert len(packed) < 100_000 < len(picture)
    assert kept.result.sha256 == hashlib.sha256(picture).hexdigest() and kept.result.size == len(picture)
    assert bomb.error == "too large: over the cap of 0.1 MB"
    kept.discard()


def test_a_stalled_server_is_a_timeout(replica: ReplicaServer, tmp_path: Path) -> None:
    path = "/wp-content/uploads/2020/01/stalled-read-300x200.jpg"  # its own path: the stall touches no other test
    replica.faults.stall(path, seconds=0.6)
    result = fetch(replica.url(path), tmp_path, timeout=0.2).result
    assert (result.status, result.error) == (None, "timeout: ReadTimeout")


def test_a_total_timeout_is_a_record(replica: ReplicaServer, tmp_path: Path) -> None:
    path = "/wp-content/uploads/2020/01/stalled-total-300x200.jpg"
    replica.faults.stall(path, seconds=0.6)
    result = fetch(replica.url(path), tmp_path, total_timeout=0.2).result
    assert (result.status, result.error) == (None, "timed out after 0.2 s")


def test_a_reset_connection_is_a_record_and_leaves_no_file(fresh_replica: ReplicaServer, tmp_path: Path) -> None:
    fresh_replica.faults.reset(ORIGINAL)
    result = fetch(fresh_replica.url(ORIGINAL), tmp_path).result
    assert result.status is None and result.error is not None
    assert result.error.partition(":")[0] in {"RemoteProtocolError", "ReadError"}
    assert spooled(tmp_path) == []


def test_a_refused_connection_is_a_record(tmp_path: Path) -> None:
    result = fetch("http://127.0.0.1:9/wp-content/uploads/a.jpg", tmp_path).result
    assert result.status is None and result.error is not None and result.error.startswith("ConnectError")


def test_a_redirect_is_recorded_with_its_target(fresh_replica: ReplicaServer, tmp_path: Path) -> None:
    shortlink = f"/?p={fresh_replica.site.posts[0].wp_id}"  # the replica's shortlink redirect stands for any 3xx
    result = fetch(fresh_replica.url(shortlink), tmp_path).result
    assert result.status == 301 and result.location and result.error == f"HTTP 301 to {result.location}"


def test_the_run_budget_refuses_what_does_not_fit(replica: ReplicaServer, tmp_path: Path) -> None:
    budget = MediaBudget(remaining=30_000)
    first = fetch(replica.url(PICTURE), tmp_path, budget=budget)
    assert first.result.is_kept and budget.remaining == 30_000 - (first.result.size or 0)
    second = fetch(replica.url(ORIGINAL), tmp_path, budget=budget).result  # 28 kB: more than what is left
    assert second.error == BUDGET_SPENT and second.status == 200
    budget.spend(budget.remaining)
    third = fetch(replica.url(PICTURE), tmp_path, budget=budget).result
    assert (third.status, third.error) == (None, BUDGET_SPENT)
    first.discard()


def test_the_default_cap_is_25_megabytes() -> None:
    assert MediaLimits().max_bytes == DEFAULT_MAX_MEDIA_BYTES == 25 * 1024 * 1024


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A one-handler HTTP server on 127.0.0.1 for responses the replica does not make (chunked, gzipped)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/picture.jpg"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
