"""The archive's pictures served from the archive file, and the archive's copy of each picture URL a page shows.

`/<database>/-/media/<sha256>` streams a blob of `media_blobs` a chunk at a time with the type sniffed when it was
fetched, cached for a year (the address names the bytes, so they never change), and sandboxed: a picture opened on
its own runs no script, and an SVG is sent as an attachment, never drawn inline as a document.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response
from markupsafe import Markup

from crawler.web.archives import is_archive

MEDIA_ROUTE = r"^/(?P<database>[^/]+)/-/media/(?P<sha256>[0-9a-f]{64})$"
CHUNK = 256 * 1024
SVG = "image/svg+xml"
IMMUTABLE = "public, max-age=31536000, immutable"
SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
SRC_ATTRIBUTE = re.compile(r'\ssrc="([^"]*)"', re.IGNORECASE)
ALT_ATTRIBUTE = re.compile(r'\salt="([^"]*)"', re.IGNORECASE)
MISSING = "Picture not in the archive"


def media_path(datasette: Any, database: str, sha256: str) -> str:
    """Where this Datasette serves the archived bytes of a SHA-256."""
    return str(datasette.urls.database(database)) + f"/-/media/{sha256}"


async def archived_pictures(datasette: Any, database: str, urls: Iterable[str | None]) -> dict[str, str]:
    """For each picture URL the archive keeps bytes of, the path Datasette serves them at."""
    wanted = sorted({url for url in urls if url})
    if not wanted:
        return {}
    db = datasette.get_database(database)
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):  # SQLite's bound on parameters
        part = wanted[start : start + 500]
        results = await db.execute(
            f"select url, sha256 from media where sha256 is not null and url in ({', '.join('?' * len(part))})", part
        )
        found |= {row["url"]: media_path(datasette, database, row["sha256"]) for row in results.rows}
    return found


def missing_picture(url: str, alt: str | None = None) -> Markup:
    """The placeholder for a picture the archive lacks: it says so, with the picture's original address as text."""
    described = Markup(' <span class="missing-picture-alt">({})</span>').format(alt) if alt else Markup("")
    return Markup(
        '<span class="missing-picture" role="img" aria-label="{0}"><span class="missing-picture-label">{0}</span>{1}'
        ' <span class="missing-picture-url">{2}</span></span>'
    ).format(MISSING, described, url)


def picture(url: str | None, archived: dict[str, str], alt: str | None = None, lazy: bool = True) -> Markup:
    """An img of the archive's copy of a picture, or the placeholder saying the archive lacks it."""
    if not url:
        return Markup("")
    src = archived.get(url)
    if src is None:
        return missing_picture(url, alt)
    loading = ' loading="lazy"' if lazy else ""
    return Markup('<img src="{}" alt="{}"{}>').format(src, alt or "", Markup(loading))


def archived_body(sanitised: str, archived: dict[str, str]) -> str:
    """Sanitised post HTML (nh3's: attributes double-quoted, quotes escaped) with each img showing the archive's copy,
    or the placeholder when the archive lacks the picture."""

    def rewrite(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = SRC_ATTRIBUTE.search(tag)
        if src is None:
            return ""
        url = html.unescape(src.group(1))
        copy = archived.get(url)
        if copy is None:
            alt = ALT_ATTRIBUTE.search(tag)
            return str(missing_picture(url, html.unescape(alt.group(1)) if alt else None))
        return tag[: src.start(1)] + html.escape(copy) + tag[src.end(1) :]

    return IMG_TAG.sub(rewrite, sanitised)


def body_picture_urls(sanitised: str) -> list[str]:
    """The src of each img in sanitised post HTML."""
    urls = []
    for tag in IMG_TAG.findall(sanitised):
        src = SRC_ATTRIBUTE.search(tag)
        if src is not None:
            urls.append(html.unescape(src.group(1)))
    return urls


def blob_headers(content_type: str, size: int, sha256: str) -> dict[str, str]:
    """The response headers of an archived picture."""
    headers = {
        "Content-Length": str(size),
        "Cache-Control": IMMUTABLE,
        "ETag": f'"{sha256}"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": SANDBOX,
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if content_type == SVG:
        headers["Content-Disposition"] = f'attachment; filename="{sha256[:16]}.svg"'
    return headers


async def serve_media(datasette: Any, request: Any) -> Any:
    """An archived picture's bytes, streamed; 404 for another database or bytes the archive does not have."""
    database, sha256 = tilde_decode(request.url_vars["database"]), request.url_vars["sha256"]
    if not is_archive(datasette, database):
        return Response.text("Not found", status=404)
    db = datasette.get_database(database)
    found = (await db.execute("select rowid, size, content_type from media_blobs where sha256 = ?", [sha256])).first()
    if found is None:
        return Response.text(f"The archive keeps no picture {sha256}", status=404)
    rowid, size, content_type = found["rowid"], found["size"], found["content_type"]
    headers = blob_headers(content_type, size, sha256)
    if request.headers.get("if-none-match", "").strip() == headers["ETag"]:
        return Response("", status=304, headers={key: headers[key] for key in ("Cache-Control", "ETag")})

    return BlobResponse(db, rowid, size, {**headers, "Content-Type": content_type})


class BlobResponse:
    """A blob of media_blobs sent a chunk at a time, each read on Datasette's read connection."""

    def __init__(self, db: Any, rowid: int, size: int, headers: dict[str, str]) -> None:
        self.db = db
        self.rowid = rowid
        self.size = size
        self.headers = headers

    def reader(self, offset: int) -> Callable[[sqlite3.Connection], bytes]:
        """A function reading the chunk at `offset` on a connection."""

        def read(conn: sqlite3.Connection) -> bytes:
            with conn.blobopen("media_blobs", "data", self.rowid, readonly=True) as blob:
                blob.seek(offset)
                return bytes(blob.read(CHUNK))

        return read

    async def asgi_send(self, send: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        """Datasette's way of sending a response a route returns."""
        headers = [[name.lower().encode(), value.encode()] for name, value in self.headers.items()]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for offset in range(0, self.size, CHUNK):
            chunk = await self.db.execute_fn(self.reader(offset))
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
