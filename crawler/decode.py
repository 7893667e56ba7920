"""Turning response bytes into text the way browsers do: BOM, HTTP charset, then the markup."""

from __future__ import annotations

import codecs

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html(content_type: str | None) -> bool:
    """Whether a Content-Type names an HTML document."""
    return content_type is not None and content_type.split(";")[0].strip().lower() in HTML_TYPES


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type, if it names a codec Python knows."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
            try:
                return codecs.lookup(charset).name
            except LookupError:
                return None
    return None


def decode_body(body: bytes, content_type: str | None) -> str | bytes:
    """Text for a body whose charset is known (BOM, then header), else the bytes for the parser to sniff."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(encoding, "replace")
    charset = header_charset(content_type)
    if charset is not None:
        return body.decode(charset, "replace")
    return body
