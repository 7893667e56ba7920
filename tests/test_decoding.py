"""Bodies capped after decompression, and bytes decoded the way browsers decode them."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zlib

import pytest

from crawler.crawl.bounded import BodyTooLarge, BoundedBody, UnreadableBody
from crawler.pages import BinaryBody, decode_html, is_text, parse_html_response
from parsers.decode import PRESCAN_BYTES, html_encoding
from parsers.page import parse_page
from parsers.soup import decode_markup

LIMIT = 1_000_000


def gzip_bomb(inflated_size: int) -> bytes:
    """Gzip of that many zero bytes, compressed in one go (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(inflated_size // len(block))]
    return b"".join(parts) + compressor.flush()


def feed_in_chunks(body: BoundedBody, data: bytes, size: int = 65536) -> bytes:
    for start in range(0, len(data), size):
        body.feed(data[start : start + size])
    return body.finish()


def test_gzip_bomb_stops_at_the_limit_without_inflating() -> None:
    body = BoundedBody("gzip", LIMIT)
    with pytest.raises(BodyTooLarge):
        feed_in_chunks(body, gzip_bomb(200 * 1024 * 1024))
    assert len(body.data) <= LIMIT + 1


@pytest.mark.parametrize(
    ("coding", "encode"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), (None, bytes), ("identity", bytes)],
)
def test_ordinary_bodies_decode_whole(coding: str | None, encode) -> None:
    page = b"<html><body>" + b"Strong hips are crucial. " * 2000 + b"</body></html>"
    assert feed_in_chunks(BoundedBody(coding, LIMIT), encode(page), size=1000) == page


def test_a_plain_body_over_the_limit_is_refused() -> None:
    with pytest.raises(BodyTooLarge):
        feed_in_chunks(BoundedBody(None, LIMIT), b"x" * (LIMIT + 1))


@pytest.mark.parametrize(("coding", "data"), [("br", b"\x1b"), ("gzip", b"not gzip at all")])
def test_unknown_or_corrupt_codings_are_unreadable(coding: str, data: bytes) -> None:
    with pytest.raises(UnreadableBody):
        feed_in_chunks(BoundedBody(coding, LIMIT), data)


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        ("“café”".encode("cp1252"), "text/html", "“café”"),
        ('<meta charset="windows-1252"><p>“café”</p>'.encode("cp1252"), "text/html", "“café”"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>’</p>'.encode("cp1252"),
            "text/html",
            "’",
        ),
        ("<p>“café”</p>".encode(), "text/html; charset=utf-8", "“café”"),
        ("<p>“café”</p>".encode(), "text/html", "“café”"),
        ("\ufeff<p>é</p>".encode("utf-16-le"), "text/html; charset=iso-8859-1", "<p>é</p>"),
        (b"\xef\xbb\xbf<p>\xc3\xa9</p>", "text/html; charset=windows-1252", "<p>é</p>"),
    ],
    ids=[
        "no-label",
        "meta-charset",
        "meta-http-equiv-latin1",
        "header",
        "utf8-unlabelled",
        "utf16-bom",
        "utf8-bom-beats-header",
    ],
)
def test_html_is_decoded_like_a_browser(body: bytes, content_type: str, text: str) -> None:
    assert text in decode_html(body, content_type)


@pytest.mark.parametrize(
    "body",
    [
        "<p>“café”</p>".encode("cp1252"),
        '<meta charset="windows-1252"><p>“café”</p>'.encode("cp1252"),
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>’</p>'.encode("cp1252"),
        '<meta charset="utf-8"><p>“café”</p>'.encode(),
        "<p>“café”</p>".encode(),
        "\ufeff<p>é</p>".encode("utf-16-le"),
        b"\xef\xbb\xbf<p>\xc3\xa9</p>",
        '<meta charset="koi8-r"><p>привет</p>'.encode("koi8-r"),
        '<meta charset="no-such-charset"><p>“café”</p>'.encode("cp1252"),
        b"<p>caf\xc3</p>",
    ],
    ids=[
        "cp1252",
        "meta",
        "http-equiv",
        "meta-utf8",
        "utf8",
        "utf16-bom",
        "utf8-bom",
        "koi8-r",
        "unknown-label",
        "broken-utf8",
    ],
)
def test_parsers_decode_bytes_as_the_crawler_does(body: bytes) -> None:
    url = "https://backinsteppt.com/about/"
    assert decode_markup(body) == decode_markup(decode_html(body, "text/html"))
    assert parse_page(body, url) == parse_html_response(body, "text/html", url)


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        (b'<meta charset="latin1"><p>x</p>', None, "cp1252"),
        (b'<meta charset="us-ascii"><p>x</p>', None, "cp1252"),
        (b"<meta charset='KOI8-R'><p>x</p>", None, "koi8-r"),
        (b'<meta charset="windows-1252"><p>x</p>', "text/html; charset=no-such-charset", "cp1252"),
        (b'<meta charset="windows-1252"><p>x</p>', "text/html; charset=UTF-8", "utf-8"),
        (b'<?xml version="1.0" encoding="windows-1252"?><html><p>x</p></html>', None, "cp1252"),
        (b"<!-- " + b"x" * PRESCAN_BYTES + b' --><meta charset="koi8-r"><p>\xe9</p>', None, "cp1252"),
        (b"<!-- " + b"x" * PRESCAN_BYTES + b' --><meta charset="koi8-r"><p>x</p>', None, "utf-8"),
    ],
    ids=[
        "latin1-is-windows-1252",
        "ascii-is-windows-1252",
        "single-quoted-upper-case",
        "unknown-header-label-then-meta",
        "header-beats-meta",
        "xml-declaration",
        "meta-past-the-prescan-ignored-cp1252",
        "meta-past-the-prescan-ignored-utf8",
    ],
)
def test_charset_labels_are_read_as_browsers_read_them(body: bytes, content_type: str | None, encoding: str) -> None:
    assert html_encoding(body, content_type) == encoding


def test_decoding_bytes_imports_no_beautifulsoup() -> None:
    """The <meta charset> prescan is w3lib's: bs4 takes tens of milliseconds to import in every parse worker."""
    code = (
        "import sys; from parsers.decode import decode_html; "
        "text = decode_html(b'<meta charset=\"windows-1252\"><p>\\x93x\\x94</p>'); "
        "print(text.endswith('\u201cx\u201d</p>'), 'bs4' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["True", "False"]


def test_binary_served_as_html_is_refused() -> None:
    with pytest.raises(BinaryBody):
        decode_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/html")


@pytest.mark.parametrize(
    ("content_type", "kept"),
    [
        ("text/html; charset=utf-8", True),
        ("application/rss+xml", True),
        ("application/xml", True),
        ("image/png", False),
        ("application/pdf", False),
        (None, False),
    ],
)
def test_which_bodies_are_kept(content_type: str | None, kept: bool) -> None:
    assert is_text(content_type) is kept
