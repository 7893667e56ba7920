"""One picture fetched: streamed to a spool file while hashed, capped, sniffed and measured; every failure a record.

The bytes never sit whole in memory: each chunk is hashed and written to a file in the spool directory as it
arrives, so a picture costs one chunk of memory whatever its size, and a download stops as soon as it passes the cap
(a Content-Length over the cap is refused before a byte is read; gzip and deflate are decoded chunk by chunk, never
past the cap). The caller stores the spooled file (MediaStore.save_media) and then discards it.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import httpx

from crawler.crawl.bounded import ENCODINGS_ACCEPTED
from crawler.media import SNIFF_BYTES, MediaLimits, MediaResult, read_dimensions, refusal, sniff_type
from crawler.records import Validators
from parsers.urls import canonical_url

BUDGET_SPENT = "refused: the run's media budget is spent"
ACCEPT_PICTURES = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"  # what a browser's img asks for


@dataclass(slots=True)
class MediaBudget:
    """The bytes of pictures a run may still download; shared by the run's fetches (one event loop)."""

    remaining: int

    def allows(self, size: int) -> bool:
        """Whether `size` more bytes fit."""
        return size <= self.remaining

    def spend(self, size: int) -> None:
        """Count bytes downloaded."""
        self.remaining -= size


@dataclass(frozen=True, slots=True)
class MediaDownload:
    """A fetch's record, and the spooled bytes when they are kept (the caller stores, then discards them)."""

    result: MediaResult
    path: Path | None = None

    def discard(self) -> None:
        """Remove the spooled file, if any."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)


class _TooLarge(Exception):
    """The decoded body passed the cap."""


class _BudgetSpent(Exception):
    """The run's media budget ran out during the download."""


class _Undecodable(Exception):
    """The body's Content-Encoding is unknown or its bytes do not decode."""


def _decoder(content_encoding: str) -> zlib._Decompress | None:
    """A decoder for the body's Content-Encoding (None for identity)."""
    coding = content_encoding.strip().lower()
    if coding in ("", "identity"):
        return None
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise _Undecodable(f"unsupported Content-Encoding {coding!r}")
    return zlib.decompressobj(16 + zlib.MAX_WBITS if "gzip" in coding else zlib.MAX_WBITS)


@dataclass(slots=True)
class _Spool:
    """Decodes, hashes and writes a body to a file as it arrives, keeping its first bytes for sniffing."""

    file: BinaryIO
    limit: int
    decoder: zlib._Decompress | None
    size: int = 0
    head: bytearray = field(default_factory=bytearray)
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)

    def feed(self, raw: bytes) -> None:
        """Take one raw chunk."""
        if self.decoder is None:
            self._write(raw)
            return
        try:
            self._write(self.decoder.decompress(raw, self.limit - self.size + 1))
        except zlib.error as exc:
            raise _Undecodable(f"corrupt compressed body: {exc}") from exc
        if self.decoder.unconsumed_tail:
            raise _TooLarge

    def finish(self) -> None:
        """Flush the decoder and the file."""
        if self.decoder is not None:
            try:
                self._write(self.decoder.flush())
            except zlib.error as exc:
                raise _Undecodable(f"corrupt compressed body: {exc}") from exc
        self.file.flush()

    def _write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        if len(self.head) < SNIFF_BYTES:
            self.head += data[: SNIFF_BYTES - len(self.head)]
        self.digest.update(data)
        self.file.write(data)


def _base_result(url: str, response: httpx.Response) -> MediaResult:
    """What the response's status line and headers say."""
    location = response.headers.get("location")
    return MediaResult(
        url=url,
        status=response.status_code,
        error=None,
        declared_type=response.headers.get("content-type"),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        location=canonical_url(location, base=url) if response.is_redirect and location else None,
        headers=tuple(response.headers.multi_items()),
        request_headers=tuple(response.request.headers.multi_items()),
        http_version=response.http_version,
        reason=response.reason_phrase,
    )


def _mebibytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


async def _download(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], spool: Path, limits: MediaLimits, budget: MediaBudget
) -> MediaDownload:
    """One GET, streamed into a spool file; the file is removed unless the bytes are kept."""
    async with client.stream("GET", url, headers=headers) as response:
        result = _base_result(url, response)
        if response.status_code == 304:
            return MediaDownload(result)
        if response.status_code != 200:
            where = f" to {result.location}" if result.location else ""
            return MediaDownload(replace(result, error=f"HTTP {response.status_code}{where}"))
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            size = int(declared)
            error = f"too large: {_mebibytes(size)} declared, over the cap of {_mebibytes(limits.max_bytes)}"
            return MediaDownload(replace(result, size=size, error=error))
        if declared.isdigit() and not budget.allows(int(declared)):
            return MediaDownload(replace(result, error=BUDGET_SPENT))
        try:
            decoder = _decoder(response.headers.get("content-encoding", ""))
        except _Undecodable as exc:
            return MediaDownload(replace(result, error=str(exc)))
        descriptor, name = tempfile.mkstemp(dir=spool, prefix="media-")
        path = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as file:
                body = _Spool(file, limits.max_bytes, decoder)
                async for chunk in response.aiter_raw():
                    before = body.size
                    body.feed(chunk)
                    budget.spend(body.size - before)
                    if budget.remaining < 0:
                        raise _BudgetSpent
                body.finish()
        except _TooLarge:
            path.unlink(missing_ok=True)
            return MediaDownload(replace(result, error=f"too large: over the cap of {_mebibytes(limits.max_bytes)}"))
        except _BudgetSpent:
            path.unlink(missing_ok=True)
            return MediaDownload(replace(result, error=BUDGET_SPENT))
        except _Undecodable as exc:
            path.unlink(missing_ok=True)
            return MediaDownload(replace(result, error=str(exc)))
        except BaseException:  # a network error or a cancellation: no spool file left behind, the caller records it
            path.unlink(missing_ok=True)
            raise
    return _measured(result, path, body, limits)


def _measured(result: MediaResult, path: Path, body: _Spool, limits: MediaLimits) -> MediaDownload:
    """The downloaded bytes sniffed and measured: kept, or refused with the reason."""
    content_type = sniff_type(bytes(body.head))
    dimensions = None
    if content_type is not None:
        with path.open("rb") as file:
            dimensions = read_dimensions(file, content_type)
    width, height = dimensions or (None, None)
    measured = replace(result, content_type=content_type, size=body.size, width=width, height=height)
    error = refusal(content_type, bytes(body.head), dimensions, limits)
    if error is not None:
        path.unlink(missing_ok=True)
        return MediaDownload(replace(measured, error=error))
    return MediaDownload(replace(measured, sha256=body.digest.hexdigest()), path)


async def fetch_media(
    client: httpx.AsyncClient,
    url: str,
    spool: Path,
    *,
    validators: Validators | None = None,
    limits: MediaLimits | None = None,
    budget: MediaBudget | None = None,
    total_timeout: float | None = None,
) -> MediaDownload:
    """GET one picture into `spool` (a directory); never raises for the network, the bytes or the limits.

    A 304 to the validators sent is a result with no file; any failure is a result with `error` set.
    """
    limits = limits or MediaLimits()
    budget = budget if budget is not None else MediaBudget(remaining=2**62)
    if not budget.allows(1):
        return MediaDownload(MediaResult(url, None, BUDGET_SPENT))
    headers = {
        "Accept": ACCEPT_PICTURES,
        "Accept-Encoding": ENCODINGS_ACCEPTED,
        **(validators.headers() if validators else {}),
    }
    try:
        async with asyncio.timeout(total_timeout):
            return await _download(client, url, headers, spool, limits, budget)
    except TimeoutError:
        return MediaDownload(MediaResult(url, None, f"timed out after {total_timeout:g} s"))
    except httpx.TimeoutException as exc:
        return MediaDownload(MediaResult(url, None, f"timeout: {type(exc).__name__}"))
    except httpx.InvalidURL as exc:
        return MediaDownload(MediaResult(url, None, f"invalid URL: {exc}"))
    except httpx.TransportError as exc:
        return MediaDownload(MediaResult(url, None, f"{type(exc).__name__}: {exc}"))
    except OSError as exc:  # the spool directory: full or gone
        return MediaDownload(MediaResult(url, None, f"spool: {os.strerror(exc.errno or 0) or exc}"))
