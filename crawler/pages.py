"""Response bytes to parsed pages: decoded the way browsers do it (BOM, HTTP charset, <meta charset>,
then a UTF-8 check), parsed in this process or in a pool of parse workers."""

from __future__ import annotations

import codecs
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor

from bs4.dammit import EncodingDetector

from parsers.models import ParsedPage
from parsers.page import parse_page

HTML_TYPES = ("text/html", "application/xhtml+xml")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
PRESCAN_BYTES = 1024  # how far browsers look for <meta charset>
PARENT_CHECK_SECONDS = 0.5
WINDOWS_1252_ALIASES = frozenset({"ascii", "iso8859-1"})  # browsers read these labels as windows-1252


class BinaryBody(ValueError):
    """A body declared as HTML that holds binary data."""


def is_html(content_type: str | None) -> bool:
    """Whether a Content-Type names an HTML document."""
    return content_type is not None and content_type.split(";")[0].strip().lower() in HTML_TYPES


def is_text(content_type: str | None) -> bool:
    """Whether a Content-Type names text the archive keeps (HTML, XML, feeds, plain text)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type.startswith("text/") or media_type.endswith(("/xml", "+xml"))


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label, as browsers map it; None when unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in WINDOWS_1252_ALIASES else name


def header_charset(content_type: str | None) -> str | None:
    """The codec named by a Content-Type's charset parameter."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return codec_name(value)
    return None


def decode_html(body: bytes, content_type: str | None) -> str:
    """Text of an HTML body; raises BinaryBody for data that is not text at all."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return body.decode(encoding, "replace")
    if b"\x00" in body[:PRESCAN_BYTES]:
        raise BinaryBody("binary content served as HTML")
    declared = EncodingDetector.find_declared_encoding(body[:PRESCAN_BYTES], is_html=True)
    encoding = header_charset(content_type) or codec_name(declared) or detected_encoding(body)
    return body.decode(encoding, "replace")


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


def parse_html_response(body: bytes, content_type: str | None, url: str) -> ParsedPage:
    """Decode an HTML response as a browser would, then parse it; runs in a parse worker."""
    return parse_page(decode_html(body, content_type), url)


def parse_pool(workers: int | None) -> Executor | None:
    """A process pool for parsing, or None to parse in the event loop's thread."""
    count = (os.cpu_count() or 1) if workers is None else workers
    if count <= 0:
        return None
    return ProcessPoolExecutor(
        max_workers=count, mp_context=multiprocessing.get_context("spawn"), initializer=exit_with_parent
    )


def warm_up() -> None:
    """A first task for a new parse pool: it makes the pool start its workers before the first page arrives."""


def exit_with_parent() -> None:
    """In a parse worker: exit as soon as the crawl that started it is gone, even after SIGKILL."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
