"""Bytes of an HTML page to text, decoded the way browsers decode them: the one decoder the project uses.

Order: a byte order mark, the HTTP charset, a <meta charset> in the first 1024 bytes, then UTF-8 when the
bytes are valid UTF-8, else windows-1252. Charset labels are read by w3lib.encoding (Scrapy's), which maps them
as the WHATWG Encoding Standard does (latin-1 and ascii are windows-1252). The crawler (with the response's
Content-Type) and parse_page (given bytes, without one) both decode through `decode_html`, so the same bytes
always give the same text.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
PRESCAN_BYTES = 1024  # how far browsers look for <meta charset>


def detected_encoding(body: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else windows-1252, the default browsers use for English pages.

    Statistical detectors (charset-normalizer, chardet) guess wrong on short Western pages, taking
    a few curly quotes for CJK; an English clinic's blog is either UTF-8 or windows-1252.
    """
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def html_encoding(body: bytes, content_type: str | None = None) -> str:
    """The codec a browser would decode these HTML bytes with."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return encoding
    return (
        http_content_type_encoding(content_type)
        or html_body_declared_encoding(body[:PRESCAN_BYTES])
        or detected_encoding(body)
    )


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of HTML bytes, undecodable bytes as U+FFFD."""
    return body.decode(html_encoding(body, content_type), "replace")
