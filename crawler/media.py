"""What a fetched picture is: its type sniffed from the bytes, its size read from the header, the limits it must keep,
and the record of one fetch (importable without an HTTP client or a database).

Width and height come from `imagesize`: pure Python without dependencies, it reads only the header of a JPEG, PNG,
GIF, WebP, AVIF, TIFF or SVG (seeking past a JPEG's EXIF and profile segments) and never decodes a pixel, so a
decompression bomb costs nothing to measure. The type is sniffed by the small table of signatures below instead of a
second library: `imagesize` tells formats apart only as far as it needs (AVIF and HEIC are both "iso" to it), and
neither it nor `filetype` recognises SVG or tells an HTML error page from an unknown binary, the two cases the
archive must name.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

import imagesize

from crawler.records import utc_now

DEFAULT_MAX_MEDIA_BYTES = 25 * 1024 * 1024  # `--max-media-bytes`
DEFAULT_MAX_PIXELS = 100_000_000  # a header claiming more is refused, never decoded
SNIFF_BYTES = 4096  # the head of the file the type is sniffed from
SVG = "image/svg+xml"
ISO_BRANDS = {b"avif": "image/avif", b"avis": "image/avif", b"heic": "image/heic", b"heix": "image/heic"}
BMP_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})  # BITMAPCOREHEADER ... BITMAPV5HEADER
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<title", b"<meta", b"<script", b"<p>", b"<h1")


PictureRole = Literal["featured", "featured_original", "body", "body_largest", "exercise", "related"]


@dataclass(frozen=True, slots=True)
class KeptPicture:
    """A picture URL a post page shows, and why the archive keeps it (a `post_version_media` row)."""

    url: str  # canonical
    role: PictureRole  # the first reason met, in page order


@dataclass(frozen=True, slots=True)
class MediaLimits:
    """What a picture may be: at most max_bytes long, its header claiming at most max_pixels."""

    max_bytes: int = DEFAULT_MAX_MEDIA_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS


@dataclass(frozen=True, slots=True)
class MediaResult:
    """One picture URL fetched: what came back and what the archive may keep (a `media` row's fields)."""

    url: str  # canonical URL requested
    status: int | None  # None when no response came; then error says why
    error: str | None  # why nothing was kept (too large, not an image, refused, HTTP 404 ...), else None
    declared_type: str | None = None  # the Content-Type header's claim
    content_type: str | None = None  # sniffed from the bytes
    size: int | None = None  # bytes
    width: int | None = None  # pixels, from the header
    height: int | None = None
    sha256: str | None = None  # of the bytes, when they are kept
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str = field(default_factory=utc_now)
    location: str | None = None  # where a redirect pointed
    headers: tuple[tuple[str, str], ...] = ()  # the response's, for the WARC export
    request_headers: tuple[tuple[str, str], ...] = ()  # as sent
    http_version: str | None = None
    reason: str | None = None  # the status line's reason phrase

    @property
    def is_kept(self) -> bool:
        """Whether bytes came that the archive stores."""
        return self.sha256 is not None and self.error is None

    @property
    def is_not_modified(self) -> bool:
        """Whether a conditional GET answered 304: the stored bytes stand."""
        return self.status == 304


def _iso_type(head: bytes) -> str | None:
    """AVIF or HEIC from an ISO-BMFF `ftyp` box's major and compatible brands."""
    if head[4:8] != b"ftyp":
        return None
    box_size = int.from_bytes(head[:4], "big")
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, min(box_size, len(head)), 4)]
    return next((ISO_BRANDS[brand] for brand in brands if brand in ISO_BRANDS), None)


def _markup_start(head: bytes) -> bytes:
    """The first tag of a text document, lower-case, past a BOM, whitespace, an XML declaration, comments and a
    doctype other than HTML's."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    while True:
        if text.startswith(b"<?xml"):
            end = text.find(b"?>")
            text = text[end + 2 :].lstrip() if end >= 0 else b""
        elif text.startswith(b"<!--"):
            end = text.find(b"-->")
            text = text[end + 3 :].lstrip() if end >= 0 else b""
        elif text.startswith(b"<!doctype svg"):
            end = text.find(b">")
            text = text[end + 1 :].lstrip() if end >= 0 else b""
        else:
            return text


def sniff_type(head: bytes) -> str | None:
    """The picture type the first bytes of a file show (a MIME type), or None when they are not a picture."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"\x00\x00\x01\x00") and len(head) >= 6 and int.from_bytes(head[4:6], "little") > 0:
        return "image/vnd.microsoft.icon"
    if head.startswith(b"BM") and len(head) >= 18 and int.from_bytes(head[14:18], "little") in BMP_HEADER_SIZES:
        return "image/bmp"
    iso = _iso_type(head)
    if iso is not None:
        return iso
    start = _markup_start(head)
    if start.startswith(b"<svg") and start[4:5] in (b" ", b">", b"\n", b"\t", b"\r", b"/"):
        return SVG
    return None


def is_html(head: bytes) -> bool:
    """Whether the first bytes are an HTML page (an error page served under a picture's name)."""
    return _markup_start(head).startswith(HTML_STARTS)


def _icon_size(file: BinaryIO) -> tuple[int, int] | None:
    """The largest entry of an ICO directory (a 0 byte means 256 pixels)."""
    file.seek(0)
    header = file.read(6)
    count = int.from_bytes(header[4:6], "little")
    entries = file.read(16 * min(count, 256))
    sizes = [(entries[i] or 256, entries[i + 1] or 256) for i in range(0, len(entries) - 15, 16)]
    return max(sizes, key=lambda size: size[0] * size[1]) if sizes else None


def read_dimensions(file: BinaryIO, content_type: str) -> tuple[int, int] | None:
    """(width, height) in pixels from the image header, or None when the header gives none; decodes nothing."""
    try:
        if content_type == "image/vnd.microsoft.icon":
            return _icon_size(file)
        file.seek(0)
        width, height = (int(number) for number in imagesize.get(file))
    except (ValueError, OSError, struct.error, IndexError, KeyError):  # a header imagesize cannot read
        return None
    return (width, height) if width > 0 and height > 0 else None


def refusal(
    content_type: str | None, head: bytes, dimensions: tuple[int, int] | None, limits: MediaLimits
) -> str | None:
    """Why bytes that came whole (within the cap) are not kept as a picture, or None to keep them."""
    if content_type is None:
        return "not an image: an HTML page" if is_html(head) else "not an image: no known picture format"
    if dimensions is None:
        return None if content_type == SVG else f"not an image: a {content_type} signature without a readable size"
    width, height = dimensions
    if width * height > limits.max_pixels:
        return f"too many pixels: the header claims {width}x{height}, over {limits.max_pixels:,} pixels"
    return None
